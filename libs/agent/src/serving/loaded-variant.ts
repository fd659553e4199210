import type { InferenceSession } from 'onnxruntime-node';

/** A model input or output as the loaded session declares it. */
export interface TensorSignature {
  /** Name in the graph. */
  name: string;
  /** Element type in ONNX Runtime's vocabulary (`float32`, `int64`, …). */
  type: string;
  /** Dimensions; a string or negative number is a symbolic dimension that any size fills. */
  shape: readonly (number | string)[];
}

/**
 * One variant's ONNX Runtime session, shared by the requests that run on it. A request holds a lease
 * for as long as it uses the session; once the variant is retired (replaced or unassigned) the
 * session is released when its last lease ends, so a switch never cuts off a request in flight.
 */
export class LoadedVariant {
  readonly inputs: TensorSignature[];
  readonly outputs: TensorSignature[];
  private leases = 0;
  private retired = false;
  private released: Promise<void> | undefined;

  constructor(
    /** Model name it serves. */
    readonly model: string,
    /** The compiled variant. */
    readonly variantId: string,
    /** The loaded session; use only while holding a lease. */
    readonly session: InferenceSession,
  ) {
    this.inputs = session.inputMetadata.map(signature);
    this.outputs = session.outputMetadata.map(signature);
  }

  acquire(): void {
    this.leases += 1;
  }

  release(): void {
    this.leases -= 1;
    this.releaseWhenIdle();
  }

  /** No new leases will come; frees the session now or when the last lease ends. */
  retire(): void {
    this.retired = true;
    this.releaseWhenIdle();
  }

  /** Resolves once the session has been released (for tests and shutdown). */
  async closed(): Promise<void> {
    await this.released;
  }

  get isReleased(): boolean {
    return this.released !== undefined;
  }

  private releaseWhenIdle(): void {
    if (this.retired && this.leases === 0 && !this.released) this.released = this.session.release();
  }
}

function signature(metadata: InferenceSession.ValueMetadata): TensorSignature {
  if (!metadata.isTensor) return { name: metadata.name, type: 'non-tensor', shape: [] };
  return { name: metadata.name, type: metadata.type, shape: metadata.shape };
}
