import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A real HTTP server for specs and end-to-end tests, playing the controller's artifact endpoint:
// HTTP Basic auth, Range requests answered with 206, and faults a real network produces.

/** A file the server hands out, with the faults to inject. */
export interface ServedFile {
  body: Uint8Array;
  /** Destroy the connection after this many body bytes, for the first `cuts` responses. */
  cutAfterBytes?: number;
  cuts?: number;
  /** Answer 200 with the whole body even to a Range request (a server without Range support). */
  ignoreRange?: boolean;
  /** Statuses answered (without a body) to the first requests, one each, before serving normally. */
  failures?: number[];
}

/** One request as the server saw it. */
export interface SeenRequest {
  path: string;
  range: string | undefined;
  authorization: string | undefined;
  status: number;
}

export class ArtifactTestServer {
  readonly requests: SeenRequest[] = [];
  private readonly files = new Map<string, ServedFile>();

  private constructor(
    private readonly server: Server,
    private readonly authorization: string | undefined,
  ) {
    server.on('request', (request, response) => this.answer(request, response));
  }

  /** Starts on a free port of 127.0.0.1; with credentials, requests without them get 401. */
  static async start(credentials?: { user: string; password: string }): Promise<ArtifactTestServer> {
    const authorization = credentials && `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
    const sut = new ArtifactTestServer(createServer(), authorization);
    await new Promise<void>((resolve) => sut.server.listen(0, '127.0.0.1', resolve));
    return sut;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  serve(path: string, file: ServedFile): void {
    this.files.set(path, { ...file });
  }

  url(path: string): URL {
    return new URL(path, this.origin);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const path = new URL(request.url ?? '/', this.origin).pathname;
    const status = this.respond(path, request, response);
    this.requests.push({ path, range: request.headers.range, authorization: request.headers.authorization, status });
  }

  private respond(path: string, request: IncomingMessage, response: ServerResponse): number {
    if (this.authorization && request.headers.authorization !== this.authorization) return end(response, 401);
    const file = this.files.get(path);
    if (!file) return end(response, 404);
    const failure = file.failures?.shift();
    if (failure) return end(response, failure);
    const size = file.body.length;
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const start = range && !file.ignoreRange ? Number(range[1]) : 0;
    if (start >= size && range && !file.ignoreRange) {
      response.setHeader('content-range', `bytes */${size}`);
      return end(response, 416);
    }
    const status = start > 0 ? 206 : 200;
    response.writeHead(status, {
      'content-length': size - start,
      'accept-ranges': 'bytes',
      etag: '"artifact"',
      ...(status === 206 ? { 'content-range': `bytes ${start}-${size - 1}/${size}` } : {}),
    });
    const body = file.body.subarray(start);
    if (file.cutAfterBytes !== undefined && (file.cuts ?? 1) > 0) {
      file.cuts = (file.cuts ?? 1) - 1;
      response.write(body.subarray(0, file.cutAfterBytes), () => response.destroy());
    } else {
      response.end(body);
    }
    return status;
  }
}

function end(response: ServerResponse, status: number): number {
  response.writeHead(status).end();
  return status;
}
