import { createServer, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transform } from 'node:stream';

/**
 * An HTTP proxy in front of the controller that slows response bodies down, so that a test can kill
 * an agent in the middle of a download. It records the Range header of every request it forwards.
 */
export class ThrottledProxy {
  readonly ranges: (string | null)[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(target: string, bytesPerTick: number, tickMs = 50): Promise<ThrottledProxy> {
    const upstream = new URL(target);
    let proxy: ThrottledProxy | undefined;
    const server = createServer((incoming, outgoing) => {
      proxy?.ranges.push(incoming.headers.range ?? null);
      const forwarded = request(
        { hostname: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(throttle(bytesPerTick, tickMs)).pipe(outgoing);
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      outgoing.on('close', () => forwarded.destroy());
      incoming.pipe(forwarded);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new ThrottledProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return proxy;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Passes at most `bytesPerTick` bytes every `tickMs`. */
function throttle(bytesPerTick: number, tickMs: number): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const pieces: Buffer[] = [];
      for (let offset = 0; offset < chunk.length; offset += bytesPerTick) pieces.push(chunk.subarray(offset, offset + bytesPerTick));
      const next = () => {
        const piece = pieces.shift();
        if (!piece) return done();
        this.push(piece);
        setTimeout(next, tickMs);
      };
      next();
    },
  });
}
