import type { ModelProto } from 'onnx-buf';
import { walkNodes } from '../../graph-walk';

/** A node a device without it would hand to the host CPU. */
export interface HostFallbackNode {
  /** The node's name, or its first output when it has none. */
  node: string;
  opType: string;
}

/** QuantizeLinear/DequantizeLinear only mark where integer kernels begin and end; ORT fuses them away. */
const QDQ_OPERATORS = new Set(['QuantizeLinear', 'DequantizeLinear']);

/** Every node (subgraphs included) whose operator type is not in `allowlist`; none without one. */
export function findHostFallback(model: ModelProto, allowlist: readonly string[] | null): HostFallbackNode[] {
  if (allowlist === null) return [];
  const allowed = new Set(allowlist);
  return [...walkNodes(model)]
    .filter(({ node }) => !allowed.has(node.opType) && !QDQ_OPERATORS.has(node.opType))
    .map(({ node }) => ({ node: node.name || node.output[0] || '', opType: node.opType }));
}
