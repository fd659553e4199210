import type { ModelMetadata, TensorInfo } from '@edgeplane/contracts';
import type { ModelProto, TypeProto, ValueInfoProto } from 'onnx-buf';
import { externalDataRef } from './external-data';
import { hasSubgraphs, walkAllTensors, walkNodes } from './graph-walk';
import { elementTypeName, isExternal } from './tensor-size';
import { countWeights } from './weight-count';

/** The facts the API reports about a model. Expects a model that passed `validateModel`. */
export function inspectModel(model: ModelProto): ModelMetadata {
  const graph = model.graph;
  // Before IR 4 every initializer was also listed as a graph input; those are weights, not inputs.
  const initializerNames = new Set(graph?.initializer.map((tensor) => tensor.name));
  const operators: Record<string, number> = {};
  let nodeCount = 0;
  for (const { node } of walkNodes(model)) {
    const inDefaultDomain = node.domain === '' || node.domain === 'ai.onnx';
    const key = inDefaultDomain ? node.opType : `${node.domain}:${node.opType}`;
    operators[key] = (operators[key] ?? 0) + 1;
    nodeCount += 1;
  }
  const weights = countWeights(model);
  return {
    irVersion: Number(model.irVersion),
    producer: { name: model.producerName, version: model.producerVersion },
    opsets: model.opsetImport.map((opset) => ({ domain: opset.domain, version: Number(opset.version) })),
    inputs: (graph?.input ?? []).filter((value) => !initializerNames.has(value.name)).map(tensorInfo),
    outputs: (graph?.output ?? []).map(tensorInfo),
    operators,
    nodeCount,
    parameterCount: weights.elements,
    weightBytes: weights.bytes,
    externalData: [...walkAllTensors(model)].filter(({ tensor }) => isExternal(tensor)).map(externalDataRef),
    hasSubgraphs: hasSubgraphs(model),
  };
}

function tensorInfo(value: ValueInfoProto): TensorInfo {
  return { name: value.name, ...typeInfo(value.type) };
}

function typeInfo(type: TypeProto | undefined): Omit<TensorInfo, 'name'> {
  const value = type?.value;
  switch (value?.case) {
    case 'tensorType':
      return { elementType: elementTypeName(value.value.elemType), shape: shapeOf(value.value.shape) };
    case 'sparseTensorType':
      return {
        elementType: `sparse_tensor:${elementTypeName(value.value.elemType)}`,
        shape: shapeOf(value.value.shape),
      };
    case 'sequenceType':
      return { elementType: 'sequence', shape: null };
    case 'mapType':
      return { elementType: 'map', shape: null };
    case 'optionalType':
      return { elementType: 'optional', shape: null };
    default:
      return { elementType: 'unknown', shape: null };
  }
}

type ShapeProto = NonNullable<Extract<TypeProto['value'], { case: 'tensorType' }>['value']['shape']>;

/** A missing shape means unknown rank; -1 is what some exporters write for an unknown dimension. */
function shapeOf(shape: ShapeProto | undefined): TensorInfo['shape'] {
  if (!shape) return null;
  return shape.dim.map((dim) => {
    if (dim.value.case === 'dimParam') return dim.value.value;
    if (dim.value.case === 'dimValue' && dim.value.value >= 0n) return Number(dim.value.value);
    return null;
  });
}
