import type { DDSketch } from '@datadog/sketches-js';
import { encodeLatencySketch, latencyPercentiles, newLatencySketch, type VariantTelemetry } from '@edgeplane/contracts';

interface VariantWindow {
  model: string;
  inferences: number;
  errors: number;
  sketch: DDSketch;
  maxMs: number;
}

/**
 * Per-variant counts and latency sketches of the current telemetry interval. The inference API
 * records into it on every request; the telemetry reporter swaps it out once per interval.
 */
export class InferenceStats {
  private window = new Map<string, VariantWindow>();

  /** A successful prediction and its latency in milliseconds. */
  recordSuccess(model: string, variantId: string, latencyMs: number): void {
    const entry = this.entry(model, variantId);
    entry.inferences += 1;
    entry.sketch.accept(latencyMs);
    if (latencyMs > entry.maxMs) entry.maxMs = latencyMs;
  }

  /** A prediction that failed inside the runtime. */
  recordError(model: string, variantId: string): void {
    this.entry(model, variantId).errors += 1;
  }

  /**
   * The interval's figures, starting a new interval. `serving` variants appear even without
   * requests, so the controller sees "served, and nobody asked" rather than nothing.
   */
  takeWindow(serving: { model: string; variantId: string }[]): VariantTelemetry[] {
    serving.forEach(({ model, variantId }) => this.entry(model, variantId));
    const window = this.window;
    this.window = new Map();
    return [...window].map(([variantId, { model, inferences, errors, sketch, maxMs }]) => ({
      variantId,
      model,
      inferences,
      errors,
      latencyMs: inferences > 0 ? latencyPercentiles(sketch, maxMs) : null,
      sketch: inferences > 0 ? encodeLatencySketch(sketch) : null,
    }));
  }

  private entry(model: string, variantId: string): VariantWindow {
    let entry = this.window.get(variantId);
    if (!entry) {
      entry = { model, inferences: 0, errors: 0, sketch: newLatencySketch(), maxMs: 0 };
      this.window.set(variantId, entry);
    }
    return entry;
  }
}
