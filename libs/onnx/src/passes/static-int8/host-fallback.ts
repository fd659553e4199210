import type { ModelProto } from 'onnx-buf';
import { walkNodes } from '../../graph-walk';

/** Why a node runs on the host CPU instead of the device. */
export type HostFallbackReason =
  | 'operator not supported by the device'
  | 'kept in float for accuracy'
  | 'float identity branch of a split Conv';

/** A node the device hands to the host CPU. */
export interface HostFallbackNode {
  /** The node's name, or its first output when it has none. */
  node: string;
  opType: string;
  /** Why it is not on the device. */
  reason: HostFallbackReason;
}

/** QuantizeLinear/DequantizeLinear only mark where integer kernels begin and end; ORT fuses them away. */
const QDQ_OPERATORS = new Set(['QuantizeLinear', 'DequantizeLinear']);

/**
 * Every node (subgraphs included) whose operator type is not in `allowlist` (none without one), every
 * node named in `keptInFloat` (an integer accelerator cannot run a float Conv either), and the float
 * Mul/Add that `splitIdentityBranches` put beside a Conv (counted as host work until they are
 * quantized; the accuracy figures include them in float).
 */
export function findHostFallback(
  model: ModelProto,
  allowlist: readonly string[] | null,
  keptInFloat: ReadonlySet<string> = new Set(),
  identityBranchNodes: ReadonlySet<string> = new Set(),
): HostFallbackNode[] {
  const allowed = allowlist === null ? null : new Set(allowlist);
  const fallback: HostFallbackNode[] = [];
  for (const { node } of walkNodes(model)) {
    const name = node.name || node.output[0] || '';
    if (allowed && !allowed.has(node.opType) && !QDQ_OPERATORS.has(node.opType)) {
      fallback.push({ node: name, opType: node.opType, reason: 'operator not supported by the device' });
    } else if (node.name && keptInFloat.has(node.name)) {
      fallback.push({ node: name, opType: node.opType, reason: 'kept in float for accuracy' });
    } else if (node.name && identityBranchNodes.has(node.name)) {
      fallback.push({ node: name, opType: node.opType, reason: 'float identity branch of a split Conv' });
    }
  }
  return fallback;
}
