import type { GraphProto, NodeProto, TensorProto } from 'onnx-buf';
import { TensorProto_DataType as DataType } from 'onnx-buf';
import { findAttribute, intAttribute, isDefaultDomain } from '../node-attributes';

/** A node this pass turns into QDQ form, and where its parts sit. */
export interface QuantizableNode {
  node: NodeProto;
  /** The float32 weight initializer (Conv W, MatMul/Gemm B). */
  weight: TensorProto;
  /** Axis of the weight that indexes output channels: the axis of per-channel scales. */
  weightChannelAxis: number;
  /** The 1-D float32 bias initializer (Conv B, Gemm C), when the node has one. */
  bias: TensorProto | undefined;
  /** The activation inputs, quantized through calibration. */
  activations: string[];
}

/**
 * Conv, MatMul and Gemm nodes whose weight is a float32 initializer: the operators ORT fuses with
 * QuantizeLinear/DequantizeLinear around them into integer kernels (QLinearConv, QLinearMatMul,
 * QGemm). A MatMul of two activations (attention scores) has no weight to store as int8 and is
 * left in float. Main graph only: weights inside If/Loop bodies are rare and stay float.
 */
export function findQuantizableNodes(graph: GraphProto): QuantizableNode[] {
  const initializers = new Map(graph.initializer.map((tensor) => [tensor.name, tensor]));
  // An initializer that is also a graph input can be overridden by the caller: not a constant.
  graph.input.forEach((input) => initializers.delete(input.name));
  const floatInitializer = (name: string | undefined) => {
    const tensor = name ? initializers.get(name) : undefined;
    return tensor?.dataType === DataType.FLOAT ? tensor : undefined;
  };
  const found: QuantizableNode[] = [];
  for (const node of graph.node) {
    if (!isDefaultDomain(node.domain)) continue;
    const [activation, weightName, biasName] = node.input;
    const weight = floatInitializer(weightName);
    if (!weight || !activation || initializers.has(activation)) continue;
    const axis = weightChannelAxis(node, weight);
    if (axis === undefined) continue;
    const bias = floatInitializer(biasName);
    // A Gemm C that broadcasts over rows too ([M, N]) is not a per-output-channel bias.
    if (biasName && (!bias || bias.dims.length !== 1)) continue;
    found.push({ node, weight, weightChannelAxis: axis, bias, activations: [activation] });
  }
  return found;
}

function weightChannelAxis(node: NodeProto, weight: TensorProto): number | undefined {
  const rank = weight.dims.length;
  switch (node.opType) {
    case 'Conv':
      return rank >= 3 ? 0 : undefined; // W is [M, C/group, k...]
    case 'MatMul':
      return rank === 2 ? 1 : undefined; // B is [K, N]
    case 'Gemm':
      if (rank !== 2) return undefined;
      // The int32 bias scale (input scale × weight scale) assumes alpha = beta = 1; a transposed A
      // would need its own layout checks. Such Gemms are rare in exported CNNs: they stay float.
      if ((intAttribute(node, 'transA') ?? 0n) !== 0n) return undefined;
      if ((findAttribute(node, 'alpha')?.f ?? 1) !== 1 || (findAttribute(node, 'beta')?.f ?? 1) !== 1) {
        return undefined;
      }
      return (intAttribute(node, 'transB') ?? 0n) !== 0n ? 0 : 1;
    default:
      return undefined;
  }
}
