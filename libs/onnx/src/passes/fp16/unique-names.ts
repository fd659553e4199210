import type { ModelProto } from 'onnx-buf';
import { walkGraphs } from '../../graph-walk';

/**
 * Hands out tensor and node names not used anywhere in the model. Tensor names are global across a
 * graph and its subgraphs (a subgraph may read any outer name); ORT also refuses a model with two
 * nodes of the same name, so node names get the same treatment.
 */
export class UniqueNames {
  private readonly taken = new Set<string>();
  private readonly takenNodes = new Set<string>();

  constructor(model: ModelProto) {
    for (const { graph } of walkGraphs(model)) {
      for (const value of [...graph.input, ...graph.output, ...graph.valueInfo, ...graph.initializer]) {
        this.taken.add(value.name);
      }
      for (const node of graph.node) {
        [...node.input, ...node.output].forEach((name) => this.taken.add(name));
        this.takenNodes.add(node.name);
      }
    }
  }

  /** A free tensor name: `base` when free, else `base_2`, `base_3`, …; it is then taken. */
  claimTensor(base: string): string {
    return claim(this.taken, base);
  }

  /** A free node name, chosen as `claimTensor` does. */
  claimNode(base: string): string {
    return claim(this.takenNodes, base);
  }
}

function claim(taken: Set<string>, base: string): string {
  let name = base;
  for (let suffix = 2; taken.has(name); suffix += 1) name = `${base}_${suffix}`;
  taken.add(name);
  return name;
}
