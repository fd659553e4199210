import type { ModelProto, TensorProto, ValueInfoProto } from 'onnx-buf';
import { walkGraphs } from '../../graph-walk';
import { isDefaultDomain } from '../node-attributes';
import { inferNodeFacts, tensorFacts } from './value-facts-rules';

/** A dimension: its size, or null when it is only known at run time. */
export type Dim = number | null;

/** What is known about a value without running the model. */
export interface ValueFacts {
  /** TensorProto.DataType of its elements. */
  elemType?: number;
  /** Its dimensions; present exactly when its rank is known. */
  shape?: Dim[];
}

/** Constant tensors by value name, as `collectConstants` finds them. */
export type ConstantTable = ReadonlyMap<string, TensorProto>;

/**
 * Element types and shapes of the model's values, as far as the declared graph inputs, outputs
 * and value_info, the constants and a few shape rules per operator establish them. Deliberately
 * partial: converters use it to prove a property (a rank, an element type) and take a safe path
 * or refuse when it is not known. Value names are unique across the model (subgraphs included),
 * so one table serves every graph.
 */
export function inferValueFacts(model: ModelProto, constants: ConstantTable): Map<string, ValueFacts> {
  const facts = new Map<string, ValueFacts>();
  for (const { graph } of walkGraphs(model)) {
    for (const value of [...graph.input, ...graph.valueInfo, ...graph.output]) {
      if (!facts.has(value.name)) facts.set(value.name, declaredFacts(value));
    }
    for (const tensor of graph.initializer) facts.set(tensor.name, tensorFacts(tensor));
    for (const node of graph.node) {
      const inputs = node.input.map((name) => facts.get(name) ?? {});
      const inferred = isDefaultDomain(node.domain) ? inferNodeFacts(node, inputs, constants) : [];
      node.output.forEach((name, index) => {
        if (name) facts.set(name, preferInferred(inferred[index], facts.get(name)));
      });
    }
  }
  return facts;
}

function declaredFacts(value: ValueInfoProto): ValueFacts {
  const type = value.type?.value;
  if (type?.case !== 'tensorType') return {};
  const { elemType, shape } = type.value;
  return {
    ...(elemType ? { elemType } : {}),
    ...(shape
      ? { shape: shape.dim.map((dim) => (dim.value.case === 'dimValue' ? Number(dim.value.value) : null)) }
      : {}),
  };
}

function preferInferred(inferred: ValueFacts | undefined, declared: ValueFacts | undefined): ValueFacts {
  const elemType = inferred?.elemType ?? declared?.elemType;
  const shape = inferred?.shape ?? declared?.shape;
  return { ...(elemType ? { elemType } : {}), ...(shape ? { shape } : {}) };
}
