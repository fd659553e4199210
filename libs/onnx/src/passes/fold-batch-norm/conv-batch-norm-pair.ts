import { type GraphProto, type NodeProto, type TensorProto, TensorProto_DataType as DataType } from 'onnx-buf';
import { readFloat32Values } from '../fp16/float-tensor';
import { collectUses, type TensorUse } from '../fp16/tensor-uses';
import { findAttribute, isDefaultDomain } from '../node-attributes';
import type { BatchNormParameters } from './folded-conv-parameters';

/** BatchNormalization's epsilon when the attribute is absent (every opset). */
const DEFAULT_EPSILON = 1e-5;

/** Before opset 7 an absent is_test meant training mode (batch statistics, which cannot be folded). */
const IS_TEST_OPTIONAL_OPSET = 7;

/** A Conv whose only reader is a foldable BatchNormalization, with the values folding needs. */
export interface ConvBatchNormPair {
  conv: NodeProto;
  batchNorm: NodeProto;
  /** The Conv's weight initializer, read by this Conv only, so it can be rewritten in place. */
  weight: TensorProto;
  weightValues: Float32Array;
  /** The Conv's bias initializer (read by this Conv only), when it has one. */
  bias?: TensorProto;
  biasValues?: Float32Array;
  parameters: BatchNormParameters;
}

interface OwnConstant {
  tensor: TensorProto;
  values: Float32Array;
}

/** What one graph offers for folding: its nodes' readers, producers and constant initializers. */
export class FoldingCandidates {
  private readonly uses: Map<string, TensorUse[]>;
  private readonly producers = new Map<string, NodeProto>();
  private readonly constants = new Map<string, TensorProto>();

  constructor(
    graph: GraphProto,
    private readonly opset: number,
  ) {
    this.uses = collectUses(graph);
    for (const node of graph.node) node.output.forEach((output) => this.producers.set(output, node));
    // An initializer that is also a graph input (IR < 4 style) may be fed by the caller: not constant.
    const graphInputs = new Set(graph.input.map(({ name }) => name));
    for (const tensor of graph.initializer) {
      if (!graphInputs.has(tensor.name)) this.constants.set(tensor.name, tensor);
    }
  }

  /** The Conv feeding `batchNorm` and everything folding needs, or why the two cannot be folded. */
  pairFor(batchNorm: NodeProto): ConvBatchNormPair | { reason: string } {
    const modeProblem = this.trainingModeProblem(batchNorm);
    if (modeProblem) return { reason: modeProblem };
    const conv = this.producers.get(batchNorm.input[0]);
    if (!conv || conv.opType !== 'Conv' || !isDefaultDomain(conv.domain)) {
      return { reason: `its input comes from ${conv ? conv.opType : 'no node of this graph'}, not a Conv` };
    }
    if ((this.uses.get(batchNorm.input[0])?.length ?? 0) !== 1) {
      return { reason: 'the Conv output is read elsewhere too: folding would change what that reader sees' };
    }
    const weight = this.ownConstant(conv.input[1], 'weight');
    if ('reason' in weight) return weight;
    const channels = Number(weight.tensor.dims[0] ?? 0);
    const bias = conv.input[2] ? this.ownConstant(conv.input[2], 'bias') : undefined;
    if (bias && 'reason' in bias) return bias;
    const parameters = this.parameters(batchNorm, channels);
    if ('reason' in parameters) return parameters;
    return {
      conv,
      batchNorm,
      weight: weight.tensor,
      weightValues: weight.values,
      ...(bias ? { bias: bias.tensor, biasValues: bias.values } : {}),
      parameters,
    };
  }

  private trainingModeProblem(batchNorm: NodeProto): string | undefined {
    if (findAttribute(batchNorm, 'training_mode')?.i === 1n) return 'training_mode = 1 (batch statistics)';
    const isTest = findAttribute(batchNorm, 'is_test');
    if (isTest ? isTest.i !== 1n : this.opset < IS_TEST_OPTIONAL_OPSET) return 'is_test is not 1 (batch statistics)';
    const spatial = findAttribute(batchNorm, 'spatial');
    if (spatial && spatial.i !== 1n) return 'spatial = 0 (per-activation statistics)';
    if (batchNorm.output.slice(1).some(Boolean)) return 'it also outputs running or saved statistics';
    return undefined;
  }

  /** A float32 initializer of this graph that only one node reads, so rewriting it affects no other. */
  private ownConstant(name: string, role: string): OwnConstant | { reason: string } {
    const tensor = this.constants.get(name);
    const values = tensor?.dataType === DataType.FLOAT ? readFloat32Values(tensor) : null;
    if (!tensor || !values) return { reason: `the Conv ${role} is not a float32 initializer stored in this graph` };
    if ((this.uses.get(name)?.length ?? 0) !== 1) return { reason: `the Conv ${role} is shared with other readers` };
    return { tensor, values };
  }

  private parameters(batchNorm: NodeProto, channels: number): BatchNormParameters | { reason: string } {
    const roles = ['scale', 'offset', 'mean', 'variance'] as const;
    const values: Float32Array[] = [];
    for (const [index, role] of roles.entries()) {
      const tensor = this.constants.get(batchNorm.input[index + 1]);
      const read = tensor?.dataType === DataType.FLOAT ? readFloat32Values(tensor) : null;
      if (!read || read.length !== channels) {
        return { reason: `its ${role} is not a float32 initializer with one value per Conv output channel` };
      }
      values.push(read);
    }
    const [scale, offset, mean, variance] = values;
    const epsilon = findAttribute(batchNorm, 'epsilon')?.f ?? DEFAULT_EPSILON;
    return { scale, offset, mean, variance, epsilon };
  }
}
