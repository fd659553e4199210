import { OpsetUpgradeUnsupportedError, type OpsetUpgradeProblem } from './opset-upgrade.errors';

/** Collects every node the upgrade cannot convert, so one error can name them all. */
export class ProblemLog {
  private readonly problems = new Map<string, OpsetUpgradeProblem>();

  add(opType: string, reason: string, path: string, nodeName: string): void {
    const key = `${opType}\u0000${reason}`;
    const known = this.problems.get(key);
    if (known) {
      known.nodes += 1;
      return;
    }
    const firstNode = nodeName ? `${path} ${JSON.stringify(nodeName)}` : path;
    this.problems.set(key, { opType, reason, nodes: 1, firstNode });
  }

  throwIfAny(fromOpset: number, toOpset: number): void {
    if (this.problems.size === 0) return;
    const problems = [...this.problems.values()];
    const operators = [...new Set(problems.map((problem) => problem.opType))].join(', ');
    throw new OpsetUpgradeUnsupportedError(`no faithful conversion for ${operators}`, {
      fromOpset,
      toOpset,
      problems,
    });
  }
}
