import { create } from '@bufbuild/protobuf';
import { type GraphProto, type TensorProto, TensorProto_DataType as DataType, TensorProtoSchema } from 'onnx-buf';
import { readFloat32Values } from '../fp16/float-tensor';
import { collectUses } from '../fp16/tensor-uses';

/** A float32 initializer this pass may quantize: its values and dims, read once. */
export interface FloatWeight {
  /** The initializer itself. */
  tensor: TensorProto;
  /** Its values in row-major order. */
  values: Float32Array;
  /** Its dims as numbers. */
  dims: number[];
}

/**
 * The float32 initializers of one graph that a caller cannot replace: an initializer that is also
 * a graph input (IR < 4 style) may be fed by the caller, so its value is not fixed. Weights whose
 * data lives in an external file are left out too: this pass does not read those files.
 */
export function quantizableWeights(graph: GraphProto): Map<string, FloatWeight> {
  const graphInputs = new Set(graph.input.map((input) => input.name));
  const weights = new Map<string, FloatWeight>();
  for (const tensor of graph.initializer) {
    if (tensor.dataType !== DataType.FLOAT || graphInputs.has(tensor.name)) continue;
    const values = readFloat32Values(tensor);
    if (values) weights.set(tensor.name, { tensor, values, dims: tensor.dims.map(Number) });
  }
  return weights;
}

/** An int8 or uint8 tensor; raw_data keeps it at one byte per element (int32_data would take 4+). */
export function byteTensor(name: string, dims: readonly number[], data: Int8Array | Uint8Array): TensorProto {
  const dataType = data instanceof Int8Array ? DataType.INT8 : DataType.UINT8;
  const rawData = new Uint8Array(data.byteLength);
  rawData.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return create(TensorProtoSchema, { name, dataType, dims: dims.map(BigInt), rawData });
}

/** A float32 tensor in raw_data (little-endian, as ONNX requires; every supported host is). */
export function float32Tensor(name: string, dims: readonly number[], values: Float32Array): TensorProto {
  const copy = Float32Array.from(values);
  return create(TensorProtoSchema, {
    name,
    dataType: DataType.FLOAT,
    dims: dims.map(BigInt),
    rawData: new Uint8Array(copy.buffer),
  });
}

/**
 * Removes the named initializers that nothing reads any more (no node of the graph or its
 * subgraphs, no graph output), after their readers were rewired to quantized copies.
 */
export function dropUnreadInitializers(graph: GraphProto, candidates: ReadonlySet<string>): void {
  if (candidates.size === 0) return;
  const uses = collectUses(graph);
  graph.initializer = graph.initializer.filter(
    (tensor) => !candidates.has(tensor.name) || (uses.get(tensor.name)?.length ?? 0) > 0,
  );
}
