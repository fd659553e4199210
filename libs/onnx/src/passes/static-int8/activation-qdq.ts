import type { GraphProto, NodeProto, TensorProto } from 'onnx-buf';
import { computeQuantizationParams, type QuantizationParams } from '../../quantization';
import type { UniqueNames } from '../fp16/unique-names';
import { createNode } from '../node-attributes';
import type { ActivationRange } from './calibrate';
import { float32Tensor, integerTensor, parameterDims, zeroPointValues } from './qdq-initializers';

/**
 * Parameters for an activation from its calibrated range: uint8 asymmetric (the full 256 levels
 * for one-sided ReLU outputs), or for power-of-two profiles int8 symmetric with a power-of-two
 * scale, since shift-based requantization on FPGAs assumes zero point 0.
 */
export function activationParams(range: ActivationRange, powerOfTwo: boolean): QuantizationParams {
  return computeQuantizationParams(Float32Array.of(range.min, range.max), [2], {
    type: powerOfTwo ? 'int8' : 'uint8',
    symmetric: powerOfTwo,
    powerOfTwo,
  });
}

/**
 * Puts a QuantizeLinear → DequantizeLinear pair on each activation, in place: every node that read
 * the float tensor now reads its dequantized copy, which is the pattern ORT fuses into integer
 * kernels (DQ → Conv → Q becomes QLinearConv). A graph output keeps its name: its producer writes
 * a new float tensor and the DequantizeLinear writes the output. Pairs follow their producer, so
 * the node list stays topologically sorted. Returns how many pairs it inserted.
 */
export function insertActivationQdq(
  graph: GraphProto,
  activations: ReadonlyMap<string, QuantizationParams>,
  names: UniqueNames,
): number {
  const producers = new Map(
    graph.node.flatMap((node) => node.output.map((output) => [output, node] as const)),
  );
  const graphInputs = new Set(graph.input.map(({ name }) => name));
  const graphOutputs = new Set(graph.output.map(({ name }) => name));
  const atStart: NodeProto[] = [];
  const afterProducer = new Map<NodeProto, NodeProto[]>();
  const consumersOf = new Map<string, string>(); // float name → the name consumers read instead
  let pairs = 0;

  for (const [tensor, params] of activations) {
    const producer = producers.get(tensor);
    if (!producer && !graphInputs.has(tensor)) continue; // a constant: not an activation
    if (!producer && graphOutputs.has(tensor)) continue; // an input passed straight out: leave it
    let floatName = tensor;
    let dequantizedName = names.claimTensor(`${tensor}_dequantized`);
    if (producer && graphOutputs.has(tensor)) {
      floatName = names.claimTensor(`${tensor}_float`);
      producer.output = producer.output.map((output) => (output === tensor ? floatName : output));
      dequantizedName = tensor;
    } else {
      consumersOf.set(tensor, dequantizedName);
    }
    pairs += 1;
    const pair = qdqPair(floatName, dequantizedName, params, names, graph.initializer);
    if (producer) afterProducer.set(producer, [...(afterProducer.get(producer) ?? []), ...pair]);
    else atStart.push(...pair);
  }

  // The new pairs are not in graph.node yet, so each QuantizeLinear keeps reading the float tensor.
  for (const node of graph.node) {
    node.input = node.input.map((input) => consumersOf.get(input) ?? input);
  }
  graph.node = [...atStart, ...graph.node.flatMap((node) => [node, ...(afterProducer.get(node) ?? [])])];
  return pairs;
}

function qdqPair(
  floatName: string,
  dequantizedName: string,
  params: QuantizationParams,
  names: UniqueNames,
  initializers: TensorProto[],
): NodeProto[] {
  const dims = parameterDims(params);
  const scale = float32Tensor(names.claimTensor(`${floatName}_scale`), params.scale, dims);
  const zeroPointName = names.claimTensor(`${floatName}_zero_point`);
  const zeroPoint = integerTensor(zeroPointName, zeroPointValues(params), dims);
  initializers.push(scale, zeroPoint);
  const quantizedName = names.claimTensor(`${floatName}_quantized`);
  const parameters = [scale.name, zeroPoint.name];
  return [
    node('QuantizeLinear', [floatName, ...parameters], quantizedName, names),
    node('DequantizeLinear', [quantizedName, ...parameters], dequantizedName, names),
  ];
}

function node(opType: string, input: string[], output: string, names: UniqueNames): NodeProto {
  return createNode(opType, input, [output], names.claimNode(`${output}_${opType}`));
}
