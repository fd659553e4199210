import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import pino from 'pino';
import { ArtifactDownloader, type ArtifactSource } from '@edgeplane/agent';
import { hostileRuns } from './hostile-runs';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const ARTIFACT = Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 131 + 7) % 251));
const STALL_TIMEOUT_MS = 500;

/** What the server does with one request: it writes the raw HTTP response itself, faults included. */
type Answer = (socket: Socket, request: { range: string | undefined }) => void;

/**
 * An HTTP/1.1 server on a raw socket, so it can lie in every way a broken or hostile server does:
 * wrong Content-Length, endless bodies, silence mid-body. Each request is answered by `answer`.
 */
class HostileServer {
  answer: Answer = (socket) => socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
  readonly requests: { range: string | undefined }[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined); // the client hanging up on a lie is the point
      let head = '';
      socket.on('data', (data) => {
        if (head.includes('\r\n\r\n')) return;
        head += data.toString('latin1');
        if (!head.includes('\r\n\r\n')) return;
        const request = { range: /^range: (.*)$/im.exec(head)?.[1]?.trim() };
        this.requests.push(request);
        this.answer(socket, request);
      });
    });
  }

  static async start(): Promise<HostileServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new HostileServer(server);
  }

  url(): URL {
    const address = this.server.address() as { port: number };
    return new URL(`http://127.0.0.1:${address.port}/variant.onnx`);
  }

  async close(): Promise<void> {
    this.sockets.forEach((socket) => socket.destroy());
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** An honest answer: `body` (from the requested offset on) with its true length. */
const honest = (body: Uint8Array): Answer => (socket, { range }) => {
  const start = Number(/bytes=(\d+)-/.exec(range ?? '')?.[1] ?? 0);
  const status = start > 0 ? `206 Partial Content\r\nContent-Range: bytes ${start}-${body.length - 1}/${body.length}` : '200 OK';
  socket.write(`HTTP/1.1 ${status}\r\nContent-Length: ${body.length - start}\r\nConnection: close\r\n\r\n`);
  socket.end(body.subarray(start));
};

/** Headers saying `contentLength` (none: chunked is not used, the body simply runs until close), then `body`. */
const lying = (contentLength: number | null, body: Uint8Array): Answer => (socket) => {
  socket.write(`HTTP/1.1 200 OK\r\n${contentLength === null ? '' : `Content-Length: ${contentLength}\r\n`}Connection: close\r\n\r\n`);
  socket.end(body);
};

/**
 * The agent's downloader against servers that send wrong, too many, endless or no bytes: each
 * refused with a reason, no file under its final name, disk use bounded by the declared size, and
 * nothing left that keeps the next (honest) download from producing the right file.
 */
describe('artifact downloads from a hostile server', () => {
  let server: HostileServer;
  let directory: string;
  let sut: ArtifactDownloader;

  beforeEach(async () => {
    server = await HostileServer.start();
    directory = mkdtempSync(join(tmpdir(), 'hostile-artifacts-'));
    sut = downloaderIn(directory, server);
  });
  afterEach(async () => {
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const source = (body: Uint8Array = ARTIFACT): ArtifactSource => ({ url: server.url(), sha256: sha256(body), sizeBytes: body.length });
  const finalPath = (body: Uint8Array = ARTIFACT) => join(directory, `${sha256(body)}.onnx`);
  /** The next download, from an honest server, must give exactly the right bytes. */
  const expectHonestDownloadAfterwards = async (body: Uint8Array = ARTIFACT) => {
    server.answer = honest(body);
    const path = await sut.obtain(source(body), '.onnx');
    expect(readFileSync(path).equals(Buffer.from(body))).toBe(true);
  };

  it('refuses any bytes but the declared ones, and a later honest download still gets the right file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 2048 }),
        fc.uint8Array({ minLength: 0, maxLength: 4096 }),
        async (expected, served) => {
          fc.pre(!Buffer.from(expected).equals(Buffer.from(served)));
          server.answer = lying(served.length, served);

          const refusal = sut.obtain(source(expected), '.onnx');

          await expect(refusal).rejects.toThrow(/^(artifact sha256 mismatch: expected [0-9a-f]{64}, got [0-9a-f]{64}|download refused: the server announces \d+ bytes, expected \d+)/);
          expect(readdirSync(directory)).toEqual([]);
          await expectHonestDownloadAfterwards(expected);
          rmSync(finalPath(expected));
        },
      ),
      hostileRuns(25),
    );
  });

  it('refuses a 200 whose Content-Length is not the declared size before writing a byte', async () => {
    server.answer = lying(ARTIFACT.length + 1, Buffer.concat([ARTIFACT, Buffer.from([0])]));
    await expect(sut.obtain(source(), '.onnx')).rejects.toThrow(`download refused: the server announces 4097 bytes, expected 4096 of the artifact's 4096`);

    server.answer = lying(100, ARTIFACT); // says less than it then sends
    await expect(sut.obtain(source(), '.onnx')).rejects.toThrow('download refused: the server announces 100 bytes, expected 4096');

    expect(server.requests).toHaveLength(2); // refused for good, not retried
    expect(readdirSync(directory)).toEqual([]);
    await expectHonestDownloadAfterwards();
  });

  it('cuts a body longer than declared at the declared size, and keeps nothing of it', async () => {
    server.answer = lying(null, Buffer.concat([ARTIFACT, Buffer.alloc(1)]));

    await expect(sut.obtain(source(), '.onnx')).rejects.toThrow('download oversize: more than the expected 4096 bytes');

    expect(readdirSync(directory)).toEqual([]);
    await expectHonestDownloadAfterwards();
  });

  it('cuts an endless stream at the declared size: disk use stays bounded and nothing is kept', async () => {
    let sentBytes = 0;
    let hungUp!: () => void;
    const serverSawHangUp = new Promise<void>((resolve) => (hungUp = resolve));
    server.answer = (socket) => {
      socket.write('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n');
      const chunk = Buffer.alloc(64 * 1024, 0x5a);
      const pump = () => {
        while (!socket.destroyed && socket.write(chunk)) sentBytes += chunk.length;
        if (!socket.destroyed) socket.once('drain', pump);
      };
      socket.on('close', hungUp);
      pump();
    };
    const onDisk: number[] = [];

    await expect(sut.obtain(source(), '.onnx', { onProgress: (received) => onDisk.push(received) })).rejects.toThrow(
      'download oversize: more than the expected 4096 bytes',
    );

    await serverSawHangUp; // the downloader closed the stream instead of draining it
    expect(Math.max(0, ...onDisk)).toBeLessThanOrEqual(ARTIFACT.length);
    expect(readdirSync(directory)).toEqual([]);
    expect(sentBytes).toBeLessThan(64 * 1024 * 1024);
    await expectHonestDownloadAfterwards();
  });

  it('gives up on a server that goes silent mid-body, with how far it got, and resumes from there later', async () => {
    const half = ARTIFACT.length / 2;
    server.answer = (socket, { range }) => {
      const start = Number(/bytes=(\d+)-/.exec(range ?? '')?.[1] ?? 0);
      const status = start > 0 ? `206 Partial Content\r\nContent-Range: bytes ${start}-${ARTIFACT.length - 1}/${ARTIFACT.length}` : '200 OK';
      socket.write(`HTTP/1.1 ${status}\r\nContent-Length: ${ARTIFACT.length - start}\r\n\r\n`);
      if (start < half) socket.write(ARTIFACT.subarray(start, half)); // …and then nothing, connection held open
    };

    await expect(sut.obtain(source(), '.onnx')).rejects.toThrow(`download truncated: ${half} of ${ARTIFACT.length} bytes (no data for ${STALL_TIMEOUT_MS} ms)`);

    expect(server.requests.map(({ range }) => range)).toEqual([undefined, `bytes=${half}-`]); // retried, resuming
    expect(readdirSync(directory)).toEqual([`${sha256(ARTIFACT)}.partial`]); // never promoted
    await expectHonestDownloadAfterwards();
    expect(server.requests.at(-1)?.range).toBe(`bytes=${half}-`);
  });
});

function downloaderIn(directory: string, server: HostileServer): ArtifactDownloader {
  return new ArtifactDownloader({
    directory,
    credentialsOrigin: server.url().origin,
    authorization: 'Basic ZGV2aWNlOnNlY3JldA==',
    retry: { attempts: 2, firstDelayMs: 5, maxDelayMs: 5 },
    stallTimeoutMs: STALL_TIMEOUT_MS,
    logger: pino({ level: 'silent' }),
  });
}
