import { type GraphProto, type NodeProto, TensorProto_DataType as DataType } from 'onnx-buf';
import { readFloat32Values } from './float-tensor';
import { float16Overflow } from '../../float16/float16-arrays';

/** A float32 initializer or Constant value: the data this pass can store as float16. */
export interface FloatWeight {
  /** Its values; null when they live in a file beside the model. */
  values: Float32Array | null;
  /** Its largest finite magnitude when that overflows float16, else null. */
  overflow: number | null;
  /** Why it stays float32 whatever reads it, or null when its readers decide. */
  fixedReason: string | null;
}

/** The float32 weights of one graph (not its subgraphs), by tensor name. */
export function collectFloatWeights(graph: GraphProto): Map<string, FloatWeight> {
  const graphInputs = new Set(graph.input.map((input) => input.name));
  const weights = new Map<string, FloatWeight>();
  for (const tensor of graph.initializer) {
    if (tensor.dataType !== DataType.FLOAT) continue;
    // IR < 4 lists initializers as inputs too: a caller may feed its own value, typed float32.
    const interfaceReason = graphInputs.has(tensor.name)
      ? 'it is also a graph input, whose float32 type callers rely on'
      : null;
    weights.set(tensor.name, weight(readFloat32Values(tensor), interfaceReason));
  }
  for (const node of graph.node) {
    const values = node.opType === 'Constant' ? constantFloats(node) : undefined;
    if (values !== undefined && node.output[0]) weights.set(node.output[0], weight(values, null));
  }
  return weights;
}

/** The float32 values a Constant outputs; undefined when it outputs another type. */
export function constantFloats(node: NodeProto): Float32Array | null | undefined {
  const [value] = node.attribute;
  if (value?.name === 'value' && value.t?.dataType === DataType.FLOAT) return readFloat32Values(value.t);
  if (value?.name === 'value_float') return Float32Array.of(value.f);
  if (value?.name === 'value_floats') return Float32Array.from(value.floats);
  return undefined;
}

function weight(values: Float32Array | null, interfaceReason: string | null): FloatWeight {
  const overflow = values ? float16Overflow(values) : null;
  const fixedReason = !values
    ? 'its data is stored outside the model file, which this pass does not read'
    : overflow !== null
      ? `its values reach ${overflow}, beyond float16's largest finite value 65504`
      : interfaceReason;
  return { values, overflow, fixedReason };
}
