import { Injectable } from '@nestjs/common';
import { type InputSet, measureOriginal, type OriginalReference, DEFAULT_LATENCY_RUNS } from '@edgeplane/onnx';

/**
 * How many (model, inputs) references a compiler process keeps. A compile request queues one job
 * per profile for the same version, and they arrive together: two entries let two versions compile
 * side by side (concurrency 2) without evicting each other. The recogniser's reference is ≈ 13 MB
 * of outputs (8 text lines × 61 steps × 6625 classes).
 */
const KEPT_REFERENCES = 2;

/**
 * The original model's outputs and latency on a version's verification inputs, measured once per
 * compiler process and shared by every variant of that version (`measureOriginal`). Concurrent
 * jobs for the same pair wait for the same measurement; a failed one is forgotten, so a retry
 * measures again.
 */
@Injectable()
export class OriginalReferences {
  private readonly entries = new Map<string, Promise<OriginalReference>>();

  /** The reference of `key` (one model's bytes on one input set), measured by the first caller. */
  get(key: string, original: Uint8Array, inputs: InputSet): Promise<OriginalReference> {
    const kept = this.entries.get(key);
    if (kept) {
      // Most recently used last, so eviction takes the oldest.
      this.entries.delete(key);
      this.entries.set(key, kept);
      return kept;
    }
    const measured = measureOriginal(original, inputs, DEFAULT_LATENCY_RUNS);
    this.entries.set(key, measured);
    measured.catch(() => this.entries.get(key) === measured && this.entries.delete(key));
    while (this.entries.size > KEPT_REFERENCES) this.entries.delete(this.entries.keys().next().value!);
    return measured;
  }
}
