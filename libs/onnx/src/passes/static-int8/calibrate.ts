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
import { UniqueNames } from '../fp16/unique-names';
import { createNode } from '../node-attributes';
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
 * quantizes; weights must be initializers, see liftConstants). Main-graph tensors only.
 *
 * ORT only returns graph outputs, so a copy of the model reduces each tensor with ReduceMin and
 * ReduceMax and returns those two scalars: on the recogniser (8 text lines, 93 tensors) 0.33 s,
 * against 0.93 s for returning the tensors whole and scanning them here. A reduction that meets an
 * Infinity or NaN gives a non-finite bound; only then is that input run again with the tensors
 * returned whole, so that the range comes from their finite values.
 */
export async function calibrateActivations(
  model: ModelProto,
  inputs: InputSet,
  tensors: readonly string[] = defaultCalibrationTensors(model),
): Promise<Map<string, ActivationRange>> {
  const graph = model.graph;
  if (!graph || inputs.length === 0) return new Map();
  const graphInputs = new Set(graph.input.map(({ name }) => name));
  const computed = tensors.filter((name) => !graphInputs.has(name));
  const { model: reducing, bounds } = withRangeOutputs(model, computed);
  const ranges = new Map<string, ActivationRange>();
  const session = await InferenceSession.create(writeModel(reducing), { logSeverityLevel: 3 });
  let wholeTensors: InferenceSession | undefined;
  try {
    for (const { feeds } of inputs) {
      for (const name of tensors) {
        const values = graphInputs.has(name) ? feeds[name]?.data : undefined;
        if (values) widen(ranges, name, values as ArrayLike<number>);
      }
      const outputs = await session.run(ortFeeds(feeds));
      const nonFinite: string[] = [];
      for (const [name, { min, max }] of bounds) {
        const range = { min: Number(outputs[min]!.data[0]), max: Number(outputs[max]!.data[0]) };
        if (Number.isFinite(range.min) && Number.isFinite(range.max)) widen(ranges, name, [range.min, range.max]);
        else nonFinite.push(name);
      }
      if (nonFinite.length === 0) continue;
      wholeTensors ??= await InferenceSession.create(writeModel(withTensorOutputs(model, computed)), { logSeverityLevel: 3 });
      const whole = await wholeTensors.run(ortFeeds(feeds));
      for (const name of nonFinite) widen(ranges, name, whole[name]!.data as ArrayLike<number>);
    }
  } finally {
    await session.release();
    await wholeTensors?.release();
  }
  return ranges;
}

/** A copy of `model` that also returns ReduceMin and ReduceMax of each tensor, and their output names. */
function withRangeOutputs(model: ModelProto, tensors: readonly string[]) {
  const copy = clone(ModelProtoSchema, model);
  const names = new UniqueNames(copy);
  const bounds = new Map<string, { min: string; max: string }>();
  for (const name of tensors) {
    const bound = (opType: 'ReduceMin' | 'ReduceMax') => {
      const output = names.claimTensor(`${name}_calibration_${opType === 'ReduceMin' ? 'min' : 'max'}`);
      // No axes: every axis is reduced, in every opset; keepdims 0 gives a scalar.
      copy.graph!.node.push(createNode(opType, [name], [output], names.claimNode(output), { keepdims: 0n }));
      copy.graph!.output.push(floatOutput(output));
      return output;
    };
    bounds.set(name, { min: bound('ReduceMin'), max: bound('ReduceMax') });
  }
  return { model: copy, bounds };
}

/** A copy of `model` that also returns each tensor whole. */
function withTensorOutputs(model: ModelProto, tensors: readonly string[]): ModelProto {
  const copy = clone(ModelProtoSchema, model);
  const outputs = new Set(copy.graph!.output.map(({ name }) => name));
  for (const name of tensors) if (!outputs.has(name)) copy.graph!.output.push(floatOutput(name));
  return copy;
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
