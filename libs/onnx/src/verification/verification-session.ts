import { performance } from 'node:perf_hooks';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { float16BitsToFloat32, float32ToFloat16Bits } from '../float16/float16-arrays';
import type { FeedTensor } from './input-sets';
import { VerificationError } from './verification.errors';

/** Which of the two models a session runs; named in every error. */
export type ModelRole = 'original' | 'variant';

/** One output as numbers (float16 decoded, int64 as float64), ready for `output-comparison`. */
export interface ComparableOutput {
  values: ArrayLike<number>;
  dims: readonly number[];
}

const SESSION_OPTIONS: InferenceSession.SessionOptions = {
  executionProviders: ['cpu'],
  // One thread, because latency is compared between two models: a pool sized to the host's cores
  // competes with other compile jobs and test workers, and its medians scatter by tens of percent.
  // A single thread gives stable, comparable figures, and is nearer to small edge CPUs.
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  // Errors only: at level 'all' ORT warns on every optimised-graph write that the file is
  // hardware-specific, which is expected here (we read its op types and delete it).
  logSeverityLevel: 3,
};

/**
 * 'all': what ORT does in production; integer kernels only appear after these fusions.
 * 'disabled': QuantizeLinear/DequantizeLinear stay separate nodes and compute exactly, with every
 * other operator in float — int8 arithmetic as a device that accumulates in int32 does it.
 */
export type GraphOptimisation = 'all' | 'disabled';

/** How to open a session. */
export interface SessionSetup {
  graphOptimisation: GraphOptimisation;
  /** Makes ORT write the graph it runs there. */
  optimisedGraphPath?: string;
}

/** An ORT CPU session set up for verification: fixed threads, chosen graph optimisation. */
export class VerificationSession {
  private constructor(
    private readonly role: ModelRole,
    private readonly session: InferenceSession,
  ) {}

  /** Loads the model. */
  static async open(role: ModelRole, bytes: Uint8Array, setup: SessionSetup): Promise<VerificationSession> {
    const options: InferenceSession.SessionOptions = {
      ...SESSION_OPTIONS,
      graphOptimizationLevel: setup.graphOptimisation,
      ...(setup.optimisedGraphPath ? { optimizedModelFilePath: setup.optimisedGraphPath } : {}),
    };
    try {
      return new VerificationSession(role, await InferenceSession.create(bytes, options));
    } catch (error) {
      throw failure(role, 'ONNX Runtime could not load it', error);
    }
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Runs one inference and returns every output by name. */
  async run(
    feeds: Record<string, FeedTensor>,
    inputIndex: number,
  ): Promise<Map<string, ComparableOutput>> {
    const outputs = await this.runRaw(feeds, `ONNX Runtime failed on input ${inputIndex}`);
    return new Map(Object.entries(outputs).map(([name, tensor]) => [name, this.comparable(name, tensor)]));
  }

  /** Runs one inference and returns every output by name with its element type kept, for files a device reads. */
  async outputs(feeds: Record<string, FeedTensor>, inputIndex: number): Promise<Record<string, FeedTensor>> {
    const outputs = await this.runRaw(feeds, `ONNX Runtime failed on input ${inputIndex}`);
    const typed = typedOutputs(outputs);
    if (typed) return typed;
    const name = Object.keys(outputs).find((key) => outputs[key]!.type === 'string');
    throw new VerificationError('unsupported_output', `${this.role}: output ${name} holds strings, which cannot be stored as samples`, {
      role: this.role,
      output: name,
    });
  }

  /** `run` and `outputs` from one inference; the typed outputs are null when one holds strings. */
  async runKeepingOutputs(
    feeds: Record<string, FeedTensor>,
    inputIndex: number,
  ): Promise<{ comparable: Map<string, ComparableOutput>; outputs: Record<string, FeedTensor> | null }> {
    const outputs = await this.runRaw(feeds, `ONNX Runtime failed on input ${inputIndex}`);
    const comparable = new Map(Object.entries(outputs).map(([name, tensor]) => [name, this.comparable(name, tensor)]));
    return { comparable, outputs: typedOutputs(outputs) };
  }

  /** Milliseconds one inference takes. */
  async time(feeds: Record<string, FeedTensor>): Promise<number> {
    const start = performance.now();
    await this.runRaw(feeds, 'ONNX Runtime failed while timing');
    return performance.now() - start;
  }

  async release(): Promise<void> {
    await this.session.release();
  }

  private async runRaw(
    feeds: Record<string, FeedTensor>,
    problem: string,
  ): Promise<InferenceSession.ReturnType> {
    const tensors = this.tensorsFor(feeds);
    try {
      return await this.session.run(tensors);
    } catch (error) {
      throw failure(this.role, problem, error);
    }
  }

  /**
   * Tensors for the inputs this model declares. Inputs are built for the fp32 original; an fp16
   * variant that also takes float16 inputs gets them converted (and the other way round).
   */
  private tensorsFor(feeds: Record<string, FeedTensor>): Record<string, Tensor> {
    const tensors: Record<string, Tensor> = {};
    for (const input of this.session.inputMetadata) {
      const feed = feeds[input.name];
      if (!feed) continue; // ORT names the missing input
      const wanted = input.isTensor ? input.type : feed.type;
      if (wanted === 'float16' && feed.type === 'float32') {
        tensors[input.name] = new Tensor('float16', float32ToFloat16Bits(feed.data), feed.dims);
      } else if (wanted === 'float32' && feed.type === 'float16') {
        tensors[input.name] = new Tensor('float32', float16BitsToFloat32(feed.data), feed.dims);
      } else {
        tensors[input.name] = new Tensor(feed.type, feed.data, feed.dims);
      }
    }
    return tensors;
  }

  private comparable(name: string, tensor: Tensor): ComparableOutput {
    const { data, dims } = tensor;
    // Bits in a Uint16Array on Node 20; a runtime with Float16Array would hand over values.
    if (tensor.type === 'float16' && data instanceof Uint16Array) {
      return { values: float16BitsToFloat32(data), dims };
    }
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
      return { values: Float64Array.from(data, Number), dims };
    }
    if (Array.isArray(data)) {
      throw new VerificationError(
        'unsupported_output',
        `${this.role}: output ${name} holds ${tensor.type} values, which cannot be compared numerically`,
        { role: this.role, output: name },
      );
    }
    return { values: data as ArrayLike<number>, dims };
  }
}

function failure(role: ModelRole, problem: string, error: unknown): VerificationError {
  const cause = error instanceof Error ? error.message : String(error);
  return new VerificationError('model_failed', `${role}: ${problem}: ${cause}`, { role });
}

/** The outputs with their element types, or null when one holds strings (no typed array to keep). */
function typedOutputs(outputs: InferenceSession.ReturnType): Record<string, FeedTensor> | null {
  const typed: Record<string, FeedTensor> = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    if (tensor.type === 'string') return null;
    typed[name] = { type: tensor.type, data: tensor.data, dims: [...tensor.dims] } as FeedTensor;
  }
  return typed;
}
