import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ArtifactTestServer } from '../testing/artifact-test-server';
import { ArtifactDownloader, type ArtifactSource } from './artifact-downloader';

const CREDENTIALS = { user: 'device-1', password: 'secret-1' };
const BODY = Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 31) % 251));
const SHA256 = createHash('sha256').update(BODY).digest('hex');

describe('ArtifactDownloader', () => {
  let server: ArtifactTestServer;
  let directory: string;
  let sut: ArtifactDownloader;

  beforeEach(async () => {
    server = await ArtifactTestServer.start(CREDENTIALS);
    directory = mkdtempSync(join(tmpdir(), 'agent-artifacts-'));
    sut = new ArtifactDownloader({
      directory,
      credentialsOrigin: server.origin,
      authorization: `Basic ${Buffer.from(`${CREDENTIALS.user}:${CREDENTIALS.password}`).toString('base64')}`,
      retry: { attempts: 3, firstDelayMs: 5, maxDelayMs: 20 },
      stallTimeoutMs: 5_000,
      logger: pino({ level: 'silent' }),
    });
  });

  afterEach(() => server.close());

  const source = (path = '/a.onnx', sha256 = SHA256, sizeBytes = BODY.length): ArtifactSource => ({ url: server.url(path), sha256, sizeBytes });

  it('downloads with the device credentials and names the verified file by its hash', async () => {
    server.serve('/a.onnx', { body: BODY });
    const progress: number[] = [];
    const path = await sut.obtain(source(), '.onnx', { onProgress: (received) => progress.push(received) });
    expect(path).toBe(join(directory, `${SHA256}.onnx`));
    expect(readFileSync(path)).toEqual(BODY);
    expect(progress.at(-1)).toBe(BODY.length);
    expect(server.requests).toEqual([expect.objectContaining({ status: 200, range: undefined })]);
  });

  it('resumes a cut connection with a Range request and verifies the whole file', async () => {
    server.serve('/a.onnx', { body: BODY, cutAfterBytes: 1000 });
    const path = await sut.obtain(source(), '.onnx');
    expect(readFileSync(path)).toEqual(BODY);
    expect(server.requests.map(({ status, range }) => [status, range])).toEqual([
      [200, undefined],
      [206, 'bytes=1000-'],
    ]);
  });

  it('starts over when the server ignores the Range and answers 200', async () => {
    writeFileSync(join(directory, `${SHA256}.partial`), Buffer.alloc(700, 0xee)); // a stale partial of wrong bytes
    server.serve('/a.onnx', { body: BODY, ignoreRange: true });
    const path = await sut.obtain(source(), '.onnx');
    expect(readFileSync(path)).toEqual(BODY);
    expect(server.requests).toEqual([expect.objectContaining({ range: 'bytes=700-', status: 200 })]);
  });

  it('refuses a file whose hash differs and keeps nothing of it', async () => {
    const other = 'ab'.repeat(32);
    server.serve('/a.onnx', { body: BODY });
    await expect(sut.obtain(source('/a.onnx', other), '.onnx')).rejects.toThrow(
      `artifact sha256 mismatch: expected ${other}, got ${SHA256}`,
    );
    expect(existsSync(join(directory, `${other}.onnx`))).toBe(false);
    expect(existsSync(join(directory, `${other}.partial`))).toBe(false);
  });

  it('fails at once on 404', async () => {
    await expect(sut.obtain(source('/missing.onnx'), '.onnx')).rejects.toThrow('download failed: HTTP 404 Not Found');
    expect(server.requests).toHaveLength(1);
  });

  it('retries server errors and then succeeds', async () => {
    server.serve('/a.onnx', { body: BODY, failures: [503, 500] });
    expect(readFileSync(await sut.obtain(source(), '.onnx'))).toEqual(BODY);
    expect(server.requests.map(({ status }) => status)).toEqual([503, 500, 200]);
  });

  it('refuses a body announced longer than the expected size', async () => {
    server.serve('/a.onnx', { body: Buffer.concat([BODY, Buffer.alloc(10)]) });
    await expect(sut.obtain(source(), '.onnx')).rejects.toThrow('download refused: the server announces 4106 bytes, expected 4096');
    expect(existsSync(join(directory, `${SHA256}.partial`))).toBe(false);
  });

  it('reports a download that keeps breaking off as truncated, with the bytes it got', async () => {
    server.serve('/a.onnx', { body: BODY, cutAfterBytes: 1000, cuts: 99 });
    await expect(sut.obtain(source(), '.onnx')).rejects.toThrow('download truncated: 3000 of 4096 bytes');
  });

  it('does not download a file that is already there with the right hash', async () => {
    writeFileSync(join(directory, `${SHA256}.onnx`), BODY);
    await sut.obtain(source(), '.onnx');
    expect(server.requests).toEqual([]);
  });

  it('keeps the device secret from other hosts', async () => {
    const elsewhere = await ArtifactTestServer.start();
    try {
      elsewhere.serve('/a.onnx', { body: BODY });
      await sut.obtain({ url: elsewhere.url('/a.onnx'), sha256: SHA256, sizeBytes: BODY.length }, '.onnx');
      expect(elsewhere.requests[0].authorization).toBeUndefined();
    } finally {
      await elsewhere.close();
    }
  });
});
