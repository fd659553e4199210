import { EdgeplaneError } from '@edgeplane/contracts';

/** One operator the upgrade cannot carry to the target opset with its meaning intact. */
export interface OpsetUpgradeProblem {
  /** The node's operator in the uploaded model, e.g. `Scan`. */
  opType: string;
  /** Why it cannot be converted, for a person to read. */
  reason: string;
  /** How many nodes have this operator and reason. */
  nodes: number;
  /** Where the first of them is, e.g. `graph.node[12]`, with its name when it has one. */
  firstNode: string;
}

/** Facts about a refused upgrade. */
export interface OpsetUpgradeUnsupportedDetails {
  /** Default-domain opset the model declares (0 when it declares none). */
  fromOpset: number;
  /** Opset that was asked for. */
  toOpset: number;
  /** The operators at fault; empty when the opsets themselves are the problem. */
  problems: OpsetUpgradeProblem[];
}

/**
 * The model cannot be raised to the requested opset without changing what it computes. Nothing
 * is converted half-way: the caller gets this error instead of a model with wrong semantics.
 */
export class OpsetUpgradeUnsupportedError extends EdgeplaneError {
  constructor(
    summary: string,
    override readonly details: Readonly<OpsetUpgradeUnsupportedDetails>,
  ) {
    super('invalid', 'onnx.opset_upgrade_unsupported', describe(summary, details), details);
  }
}

function describe(summary: string, details: OpsetUpgradeUnsupportedDetails): string {
  const { fromOpset, toOpset, problems } = details;
  const prefix = `cannot upgrade the model from opset ${fromOpset} to ${toOpset}: ${summary}`;
  if (problems.length === 0) return prefix;
  const lines = problems.map(({ opType, reason, nodes, firstNode }) => {
    const where = nodes === 1 ? firstNode : `${nodes} nodes, first ${firstNode}`;
    return `${opType} (${where}): ${reason}`;
  });
  return `${prefix}\n- ${lines.join('\n- ')}\n` +
    `Re-export the model at opset ${toOpset} or newer, or replace these operators.`;
}

/** Thrown by a converter for one node; the upgrade collects them into OpsetUpgradeUnsupportedError. */
export class UnsupportedNodeError extends Error {}
