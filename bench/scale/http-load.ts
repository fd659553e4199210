import autocannon from 'autocannon';

/** What autocannon saw at a fixed request rate. */
export interface HttpLoadResult {
  sent: number;
  /** Responses per second over the run: below the asked rate when the server fell behind. */
  achievedRate: number;
  p50: number;
  p99: number;
  max: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
}

export interface HttpLoad {
  /** Origin of the server, `http://127.0.0.1:<port>`. */
  origin: string;
  /** Paths with query strings, sent in turn on every connection. */
  paths: string[];
  headers: Record<string, string>;
  rate: number;
  seconds: number;
}

/**
 * At 200 requests/s and a p99 around the 50 ms target, about 10 requests are in flight; 32
 * connections leave room for the server to be several times slower before autocannon itself
 * would have to hold requests back and lower the rate.
 */
const CONNECTIONS = 32;

/** GETs `paths` at `rate` requests/s for `seconds` with autocannon (overallRate: an open loop spread over the connections). */
export function httpLoad(load: HttpLoad, signal: AbortSignal): Promise<HttpLoadResult> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: load.origin,
        connections: CONNECTIONS,
        overallRate: load.rate,
        duration: load.seconds,
        headers: load.headers,
        requests: load.paths.map((path) => ({ method: 'GET', path })),
      },
      (error: unknown, result) => {
        signal.removeEventListener('abort', stop);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else if (signal.aborted) reject(signal.reason);
        else {
          resolve({
            sent: result.requests.sent,
            achievedRate: result.requests.total / result.duration,
            p50: result.latency.p50,
            p99: result.latency.p99,
            max: result.latency.max,
            errors: result.errors,
            non2xx: result.non2xx,
          });
        }
      },
    );
    const stop = () => instance.stop();
    signal.addEventListener('abort', stop);
  });
}
