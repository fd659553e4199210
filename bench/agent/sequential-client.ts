import { Agent, request } from 'node:http';

/** One answered request. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** From writing the request to the last byte of the answer, in milliseconds. */
  ms: number;
}

/**
 * One keep-alive connection, one request at a time: the latency of a single caller, which is what a
 * p50 "overhead over session.run" means. Node's own HTTP client, so the figure holds no extra layer
 * (fetch's WHATWG streams cost tens of microseconds per request). A load tool such as autocannon
 * records whole milliseconds only, too coarse for a 1 ms target; it drives the switch run instead.
 */
export class SequentialClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly origin: URL) {}

  send(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const outgoing = request(
        new URL(path, this.origin),
        { method, agent: this.agent, headers: body ? { ...headers, 'content-length': String(body.length) } : headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), ms: performance.now() - started }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
