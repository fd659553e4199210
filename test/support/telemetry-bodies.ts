import { encodeLatencySketch, newLatencySketch, type Telemetry } from '@edgeplane/contracts';

/** A telemetry body for one variant over [windowStart, windowEnd]: these latencies (one inference each) and `errors` failed inferences. */
export function variantTelemetry(variantId: string, latencies: number[], errors: number, window: { start: Date; end: Date }): Telemetry {
  const sketch = newLatencySketch();
  latencies.forEach((value) => sketch.accept(value));
  return {
    windowStart: window.start.toISOString(),
    windowEnd: window.end.toISOString(),
    health: { uptimeSeconds: 60, cpuPercent: 40, memoryUsedBytes: 2_000_000, memoryTotalBytes: 8_000_000, diskFreeBytes: 1_000_000_000, load1: 0.5, agentRssBytes: 50_000_000 },
    variants: [
      {
        variantId,
        model: 'text-direction',
        inferences: latencies.length,
        errors,
        latencyMs: { p50: 0, p95: 0, p99: 0, max: Math.max(0, ...latencies) },
        sketch: encodeLatencySketch(sketch),
      },
    ],
    droppedMessages: 0,
  };
}
