import { DDSketch } from '@datadog/sketches-js';
import type { LatencyPercentiles } from './telemetry';

/**
 * Latency distributions travel as DDSketches: mergeable (a fleet's percentiles are the merge of its
 * devices', not an average of their percentiles) with a relative-error guarantee. 1 % keeps a
 * sketch of ms latencies to a few hundred bytes.
 */
export const LATENCY_SKETCH_RELATIVE_ACCURACY = 0.01;

export function newLatencySketch(): DDSketch {
  return new DDSketch({ relativeAccuracy: LATENCY_SKETCH_RELATIVE_ACCURACY });
}

export function encodeLatencySketch(sketch: DDSketch): string {
  return Buffer.from(sketch.toProto()).toString('base64');
}

/** Only compared against (`mergeable` reads its mapping): one for the process, not one per decode. */
const PROTOCOL_SKETCH = newLatencySketch();

/**
 * A sketch from its protobuf, as base64 (on the wire) or bytes (stored). Throws on bytes that are not
 * a sketch, or one of another accuracy (merging those would be wrong).
 */
export function decodeLatencySketch(encoded: string | Uint8Array): DDSketch {
  const sketch = DDSketch.fromProto(typeof encoded === 'string' ? Buffer.from(encoded, 'base64') : encoded);
  if (!PROTOCOL_SKETCH.mergeable(sketch)) throw new Error('latency sketch of a different relative accuracy');
  return sketch;
}

/**
 * p50/p95/p99 from the sketch; `max` is passed in because a sketch read back from protobuf has
 * lost its exact extremes (and the exact max is what an operator asks about).
 */
export function latencyPercentiles(sketch: DDSketch, max: number): LatencyPercentiles {
  const at = (quantile: number) => Math.min(max, sketch.getValueAtQuantile(quantile));
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max };
}
