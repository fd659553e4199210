import { create } from '@bufbuild/protobuf';
import {
  type AttributeProto,
  AttributeProtoSchema,
  AttributeProto_AttributeType as AttributeType,
  type NodeProto,
  NodeProtoSchema,
} from 'onnx-buf';

// Reading and editing node attributes by name: the ONNX schemas address attributes by name,
// while the proto keeps them in a list.

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** The default ONNX domain is spelled both '' and 'ai.onnx'. */
export function isDefaultDomain(domain: string): boolean {
  return domain === '' || domain === 'ai.onnx';
}

export function findAttribute(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute.find((attribute) => attribute.name === name);
}

export function intAttribute(node: NodeProto, name: string): bigint | undefined {
  return findAttribute(node, name)?.i;
}

export function intsAttribute(node: NodeProto, name: string): bigint[] | undefined {
  return findAttribute(node, name)?.ints;
}

export function stringAttribute(node: NodeProto, name: string): string | undefined {
  const attribute = findAttribute(node, name);
  return attribute ? utf8Decoder.decode(attribute.s) : undefined;
}

/** Removes the attribute and returns it, or undefined when the node did not have it. */
export function removeAttribute(node: NodeProto, name: string): AttributeProto | undefined {
  const index = node.attribute.findIndex((attribute) => attribute.name === name);
  if (index < 0) return undefined;
  return node.attribute.splice(index, 1)[0];
}

export function setIntAttribute(node: NodeProto, name: string, value: bigint | number): void {
  removeAttribute(node, name);
  node.attribute.push(create(AttributeProtoSchema, { name, type: AttributeType.INT, i: BigInt(value) }));
}

export function setStringAttribute(node: NodeProto, name: string, value: string): void {
  removeAttribute(node, name);
  const s = utf8Encoder.encode(value);
  node.attribute.push(create(AttributeProtoSchema, { name, type: AttributeType.STRING, s }));
}

/** A default-domain node; a number or bigint attribute becomes an INT, a string a STRING. */
export function createNode(
  opType: string,
  input: string[],
  output: string[],
  name: string,
  attributes: Record<string, bigint | number | string> = {},
): NodeProto {
  const node = create(NodeProtoSchema, { opType, input, output, name });
  for (const [attributeName, value] of Object.entries(attributes)) {
    if (typeof value === 'string') setStringAttribute(node, attributeName, value);
    else setIntAttribute(node, attributeName, value);
  }
  return node;
}

