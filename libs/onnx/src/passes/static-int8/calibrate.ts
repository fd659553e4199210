import { clone, create } from '@bufbuild/protobuf';
import {
  type ModelProto,
  ModelProtoSchema,
  type NodeProto,
  TensorProto_DataType as DataType,
  ValueInfoProtoSchema,
} from 'onnx-buf';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { writeModel } from '../../model-io';
import type { FeedTensor, InputSet } from '../../verification';
import { findQuantizableNodes } from './quantizable-nodes';

/** The range a float tensor took over a calibration set. */
export interface ActivationRange {
  /** Smallest finite value seen. */
  min: number;
  /** Largest finite value seen. */
  max: number;
}

/**
 * Runs the float32 model in ONNX Runtime on every calibration input and records the [min, max] of
 * each tensor in `tensors` (default: the inputs and outputs of the Conv/MatMul/Gemm nodes this pass
 * quantizes; weights must be initializers, see liftConstants). ORT only returns graph outputs, so a
 * copy of the model lists the tensors as extra float outputs. Main-graph tensors only.
 */
export async function calibrateActivations(
  model: ModelProto,
  inputs: InputSet,
  tensors: readonly string[] = defaultCalibrationTensors(model),
): Promise<Map<string, ActivationRange>> {
  const graph = model.graph;
  if (!graph || inputs.length === 0) return new Map();
  const graphInputs = new Set(graph.input.map(({ name }) => name));
  const exposed = clone(ModelProtoSchema, model);
  const outputNames = new Set(graph.output.map(({ name }) => name));
  for (const name of tensors) {
    if (graphInputs.has(name) || outputNames.has(name)) continue;
    outputNames.add(name);
    exposed.graph!.output.push(floatOutput(name));
  }

  const ranges = new Map<string, ActivationRange>();
  const session = await InferenceSession.create(writeModel(exposed), { logSeverityLevel: 3 });
  try {
    for (const { feeds } of inputs) {
      const outputs = await session.run(ortFeeds(feeds));
      for (const name of tensors) {
        const values = graphInputs.has(name) ? feeds[name]?.data : outputs[name]?.data;
        if (values) widen(ranges, name, values as ArrayLike<number>);
      }
    }
  } finally {
    await session.release();
  }
  return ranges;
}

/**
 * Activation inputs and outputs of every node `quantizeStaticInt8` rewrites (those `quantized`
 * accepts: all by default), each once.
 */
export function defaultCalibrationTensors(
  model: ModelProto,
  quantized: (node: NodeProto) => boolean = () => true,
): string[] {
  if (!model.graph) return [];
  const nodes = findQuantizableNodes(model.graph).filter(({ node }) => quantized(node));
  const names = nodes.flatMap(({ node, activations }) => [
    ...activations,
    node.output[0],
  ]);
  return [...new Set(names)];
}

function floatOutput(name: string) {
  // No shape: ORT infers it; a wrong guess here would make the session refuse the model.
  return create(ValueInfoProtoSchema, {
    name,
    type: { value: { case: 'tensorType', value: { elemType: DataType.FLOAT } } },
  });
}

function ortFeeds(feeds: Record<string, FeedTensor>): Record<string, Tensor> {
  return Object.fromEntries(
    Object.entries(feeds).map(([name, feed]) => [name, new Tensor(feed.type, feed.data, feed.dims)]),
  );
}

function widen(ranges: Map<string, ActivationRange>, name: string, values: ArrayLike<number>): void {
  const range = ranges.get(name) ?? { min: Infinity, max: -Infinity };
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    // An Infinity would make every scale infinite; NaN compares false and is skipped anyway.
    if (!Number.isFinite(value)) continue;
    if (value < range.min) range.min = value;
    if (value > range.max) range.max = value;
  }
  if (range.min <= range.max) ranges.set(name, range);
}
