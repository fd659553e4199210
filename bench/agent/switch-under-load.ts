import autocannon from 'autocannon';
import { encodeNpy } from '@edgeplane/onnx/calibration/npy';
import type { AgentUnderBench, BenchVariant } from './agent-under-bench';
import type { BenchModel } from './bench-models';

/** What a paced load saw while the agent switched to another variant and back. */
export interface SwitchResult {
  rate: number;
  sent: number;
  answered2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Response counts by the variant that answered (x-edgeplane-variant), in order of first appearance. */
  byVariant: [string, number][];
  /** Order of variants as responses came back, consecutive repeats collapsed: A, B, A for a clean switch and back. */
  sequence: string[];
  /** When each switch was reported applied, seconds after the load began. */
  switchedAtS: number[];
  latencyMs: { p50: number; p99: number; max: number };
  durationS: number;
}

/**
 * Drives `rate` .npy predictions a second at the model (autocannon, paced over all connections)
 * while publishing a desired state that switches the model to `other` and, once that is served, one
 * that switches it back. The load is a fixed number of requests, so the run ends when every one of
 * them has been answered or failed: nothing is cut off by the tool's own stop.
 */
export async function switchUnderLoad(
  agent: AgentUnderBench,
  model: BenchModel,
  others: BenchVariant[],
  other: BenchVariant,
  rate: number,
  seconds: number,
): Promise<SwitchResult> {
  const npy = Buffer.from(encodeNpy({ type: 'float32', shape: model.input.dims, data: model.input.data }));
  const counts = new Map<string, number>();
  const sequence: string[] = [];
  const switchedAtS: number[] = [];
  let sent = 0;
  const started = performance.now();

  const load = autocannon({
    url: new URL(`/v1/models/${model.variant.model}:predict?output=${model.output}`, agent.origin).toString(),
    method: 'POST',
    headers: { 'content-type': 'application/x-npy' },
    body: npy,
    connections: 20,
    overallRate: rate,
    amount: rate * seconds,
    timeout: 10,
    // Headers only: the variant that answered. autocannon passes http-parser-js's header info, whose
    // `headers` is the raw [name, value, …] list (@types/autocannon declares it as parsed headers).
    // Requests are counted here too: autocannon's requests.sent adds a per-connection allowance
    // when a rate is set, so it over-counts.
    setupClient: (client) => {
      (client as unknown as NodeJS.EventEmitter).on('request', () => (sent += 1));
      client.on('headers', (info) => {
        const { headers } = info as unknown as { headers: string[] };
        const index = headers.findIndex((name, i) => i % 2 === 0 && name.toLowerCase() === 'x-edgeplane-variant');
        const variant = index >= 0 ? headers[index + 1] : 'none';
        counts.set(variant, (counts.get(variant) ?? 0) + 1);
        if (sequence.at(-1) !== variant) sequence.push(variant);
      });
    },
  });

  const switching = (async () => {
    await sleep(2000);
    for (const variant of [other, model.variant]) {
      const revision = await agent.assign([...others, variant]);
      await agent.applied(revision);
      switchedAtS.push((performance.now() - started) / 1000);
      await sleep(2000);
    }
  })();
  const [result] = await Promise.all([load, switching]);
  return {
    rate,
    sent,
    answered2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    byVariant: [...counts],
    sequence,
    switchedAtS,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    durationS: result.duration,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
