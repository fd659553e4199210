import type { GraphProto, ModelProto, NodeProto, TensorProto } from 'onnx-buf';
import { walkGraphs } from '../../graph-walk';
import { collectConstants } from '../constant-node';
import { inferValueFacts, type ValueFacts } from './value-facts';
import { tensorFacts } from './value-facts-rules';

/** Nodes a converter adds around the node it converted, in execution order. */
export interface StepResult {
  before?: NodeProto[];
  after?: NodeProto[];
}

/**
 * Rewrites one node, in place, from the schema version before a step to the version the step
 * introduces (it may change the node's op type). `origin` is the op type the node had in the
 * uploaded model. Throws UnsupportedNodeError when the meaning cannot be kept. Nodes it adds must
 * mean the same at every opset up to MAX_TARGET_OPSET.
 */
export type StepConverter = (node: NodeProto, context: UpgradeContext, origin: string) => StepResult | void;

/** What the whole model offers every converter: names in use, constants, value facts. */
export class ModelTables {
  readonly constants: Map<string, TensorProto>;
  readonly facts: Map<string, ValueFacts>;
  readonly valueNames = new Set<string>();
  readonly nodeNames = new Set<string>();
  /** Values read by some node or returned by some graph. */
  readonly consumed = new Set<string>();

  constructor(model: ModelProto) {
    this.constants = collectConstants(model);
    this.facts = inferValueFacts(model, this.constants);
    for (const { graph } of walkGraphs(model)) {
      for (const value of [...graph.input, ...graph.output, ...graph.valueInfo, ...graph.initializer]) {
        this.valueNames.add(value.name);
      }
      for (const output of graph.output) this.consumed.add(output.name);
      for (const node of graph.node) {
        this.nodeNames.add(node.name);
        for (const name of [...node.input, ...node.output]) this.valueNames.add(name);
        for (const name of node.input) this.consumed.add(name);
      }
    }
  }
}

/** The services a converter gets for one node of one graph. */
export class UpgradeContext {
  constructor(
    private readonly tables: ModelTables,
    /** The graph holding the node; new initializers go into it (subgraphs may hold initializers). */
    readonly graph: GraphProto,
  ) {}

  /** Adds `tensor` as an initializer under a new name derived from `baseName`, and returns the name. */
  addInitializer(baseName: string, tensor: TensorProto): string {
    tensor.name = this.newValueName(baseName);
    this.graph.initializer.push(tensor);
    this.tables.constants.set(tensor.name, tensor);
    this.tables.facts.set(tensor.name, tensorFacts(tensor));
    return tensor.name;
  }

  /** A value name used nowhere in the model: `baseName`, else `baseName_1`, `baseName_2`, … */
  newValueName(baseName: string): string {
    return unused(this.tables.valueNames, baseName);
  }

  newNodeName(baseName: string): string {
    return unused(this.tables.nodeNames, baseName);
  }

  /** The tensor behind a value when the file fixes it (initializer or Constant output). */
  constant(name: string): TensorProto | undefined {
    return this.tables.constants.get(name);
  }

  facts(name: string): ValueFacts {
    return this.tables.facts.get(name) ?? {};
  }

  isConsumed(name: string): boolean {
    return this.tables.consumed.has(name);
  }
}

function unused(names: Set<string>, baseName: string): string {
  let name = baseName;
  for (let suffix = 1; names.has(name); suffix += 1) name = `${baseName}_${suffix}`;
  names.add(name);
  return name;
}
