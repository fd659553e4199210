import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { Agent, fetch, type Response } from 'undici';
import { ArtifactDownloadError } from './artifact-download.error';
import { fileSha256 } from './file-sha256';

/** A file to fetch, as the desired state describes it, with its URL already resolved. */
export interface ArtifactSource {
  /** Where to GET it. */
  url: URL;
  /** Expected SHA-256 (lowercase hex); also the file's name on disk. */
  sha256: string;
  /** Exact length; more bytes than this are refused. */
  sizeBytes: number;
}

/** How often and how patiently transient failures are retried. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Wait before the second attempt; doubled before each further one. */
  firstDelayMs: number;
  /** Upper bound of the wait between attempts. */
  maxDelayMs: number;
}

/** Hooks and cancellation for one download. */
export interface DownloadOptions {
  /** Aborts the download (the partial file stays for a later resume). */
  signal?: AbortSignal;
  /** Called as bytes arrive with the bytes the file now holds. */
  onProgress?: (receivedBytes: number) => void;
  /** Called when every byte is there and hashing begins. */
  onVerifying?: () => void;
}

export interface ArtifactDownloaderSettings {
  /** Where finished (`<sha256><extension>`) and partial (`<sha256>.partial`) files live. */
  directory: string;
  /** The origin that gets the device's HTTP Basic credentials; any other host gets none. */
  credentialsOrigin: string;
  /** `Basic …` header value for the device. */
  authorization: string;
  /** PEM CA certificates an https:// server's certificate must chain to; undefined: the system's. */
  caCertificates?: string;
  retry: RetryPolicy;
  /**
   * A response that sends no byte for this long is cut and resumed like a broken connection; without
   * it a server that stalls mid-body holds the assignment for undici's 5-minute body timeout per attempt.
   */
  stallTimeoutMs: number;
  logger: Logger;
}

/**
 * Fetches sha256-addressed artifacts over HTTP(S): resumes partial files with a Range request,
 * refuses oversize bodies, verifies the hash of the whole file, and only then gives it its final
 * name, so a file named `<sha256>.onnx` is always complete and correct.
 */
export class ArtifactDownloader {
  /**
   * undici's own fetch and connection pool rather than Node's global fetch: it is what lets a download
   * trust a private CA (Node's fetch takes only the process-wide trust store).
   */
  private readonly dispatcher: Agent;

  constructor(private readonly settings: ArtifactDownloaderSettings) {
    this.dispatcher = new Agent(settings.caCertificates ? { connect: { ca: settings.caCertificates } } : {});
  }

  /** Path of the verified file, downloading it unless a correct copy is already on disk. */
  async obtain(source: ArtifactSource, extension: string, options: DownloadOptions = {}): Promise<string> {
    const final = join(this.settings.directory, `${source.sha256}${extension}`);
    if (await this.alreadyVerified(final, source.sha256)) return final;
    await mkdir(this.settings.directory, { recursive: true });
    const partial = join(this.settings.directory, `${source.sha256}.partial`);
    await this.downloadWithRetries(source, partial, options);
    options.onVerifying?.();
    const actual = await fileSha256(partial);
    if (actual !== source.sha256) {
      await rm(partial, { force: true });
      throw new ArtifactDownloadError('sha256_mismatch', `artifact sha256 mismatch: expected ${source.sha256}, got ${actual}`, false);
    }
    await rename(partial, final);
    return final;
  }

  private async alreadyVerified(path: string, sha256: string): Promise<boolean> {
    if ((await sizeOf(path)) === undefined) return false;
    if ((await fileSha256(path)) === sha256) return true;
    await rm(path, { force: true });
    return false;
  }

  private async downloadWithRetries(source: ArtifactSource, partial: string, options: DownloadOptions): Promise<void> {
    const { attempts, firstDelayMs, maxDelayMs } = this.settings.retry;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.transfer(source, partial, options);
      } catch (error) {
        if (options.signal?.aborted || !(error instanceof ArtifactDownloadError) || !error.transient || attempt >= attempts) {
          throw error;
        }
        const delay = Math.min(maxDelayMs, firstDelayMs * 2 ** (attempt - 1));
        this.settings.logger.warn({ url: source.url.href, attempt, delay, reason: error.message }, 'download attempt failed; retrying');
        await sleep(delay, undefined, { signal: options.signal });
      }
    }
  }

  /** One HTTP request, appending to the partial file where the server honours the Range. */
  private async transfer(source: ArtifactSource, partial: string, options: DownloadOptions): Promise<void> {
    let offset = (await sizeOf(partial)) ?? 0;
    if (offset > source.sizeBytes) {
      await rm(partial, { force: true });
      offset = 0;
    }
    if (offset === source.sizeBytes && offset > 0) return; // complete from an earlier run: verify it
    // The file is open before the request, so the body is read from its first byte on: when a
    // connection breaks, fetch's stream discards whatever it had buffered but not yet handed out.
    // Each chunk is written before the next is read, so the partial file then holds every byte
    // read, and the next attempt resumes exactly there.
    const file = await open(partial, 'a');
    const watchdog = new StallWatchdog(this.settings.stallTimeoutMs);
    let received = offset;
    try {
      const signal = options.signal ? AbortSignal.any([options.signal, watchdog.signal]) : watchdog.signal;
      const response = await this.request(source.url, offset, signal);
      const start = await this.startOfBody(response, offset, partial, source.sizeBytes);
      if (start === 0 && offset > 0) await file.truncate(0);
      received = start;
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        watchdog.progressed();
        received += chunk.length;
        if (received > source.sizeBytes) {
          throw new ArtifactDownloadError('oversize', `download oversize: more than the expected ${source.sizeBytes} bytes`, false);
        }
        await file.write(chunk);
        options.onProgress?.(received);
      }
    } catch (error) {
      if (error instanceof ArtifactDownloadError) {
        // A server that sends or announces another file's length: nothing it sent is worth resuming.
        if (error.code === 'artifact.oversize' || error.code === 'artifact.length_mismatch') await rm(partial, { force: true });
        throw error;
      }
      // Our own disk failing (full, read-only) is no network problem: let it surface as it is.
      if (options.signal?.aborted || (error as NodeJS.ErrnoException).syscall === 'write') throw error;
      const cause = watchdog.fired ? `no data for ${this.settings.stallTimeoutMs} ms` : describe(error);
      throw truncated(received, source.sizeBytes, cause);
    } finally {
      watchdog.stop();
      await file.close();
    }
    if (received < source.sizeBytes) throw truncated(received, source.sizeBytes);
  }

  private async request(url: URL, offset: number, signal: AbortSignal | undefined): Promise<Response> {
    const headers: Record<string, string> = {};
    if (url.origin === this.settings.credentialsOrigin) headers.authorization = this.settings.authorization;
    if (offset > 0) headers.range = `bytes=${offset}-`;
    try {
      return await fetch(url, { headers, signal, dispatcher: this.dispatcher });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ArtifactDownloadError('network', `download failed: ${describe(error)}`, true);
    }
  }

  /** Where in the file the response body starts, per its status; throws for statuses without a body to keep. */
  private async startOfBody(response: Response, offset: number, partial: string, sizeBytes: number): Promise<number> {
    if (response.status === 200) {
      await refuseAnnouncedLength(response, sizeBytes, sizeBytes);
      return 0; // a fresh download, or the server ignored our Range: start over
    }
    if (response.status === 206) {
      const start = Number(/^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '')?.[1]);
      if (start === offset) {
        await refuseAnnouncedLength(response, sizeBytes - offset, sizeBytes);
        return offset;
      }
      await response.body?.cancel();
      await rm(partial, { force: true });
      throw new ArtifactDownloadError('misplaced_range', `download resumed at byte ${start}, asked for ${offset}; starting over`, true);
    }
    await response.body?.cancel();
    const failure = `download failed: HTTP ${response.status} ${response.statusText}`.trimEnd();
    if (response.status === 416 && offset > 0) {
      // Our partial file no longer fits what the server holds: drop it and start over.
      await rm(partial, { force: true });
      throw new ArtifactDownloadError('http_status', failure, true);
    }
    throw new ArtifactDownloadError('http_status', failure, response.status >= 500 || response.status === 408 || response.status === 429);
  }
}

/**
 * A body announced at another length than the desired state's is another file (or a broken server):
 * refused before a byte of it is written. A missing Content-Length (chunked) is checked as it arrives.
 */
async function refuseAnnouncedLength(response: Response, expectedBytes: number, sizeBytes: number): Promise<void> {
  const announced = response.headers.get('content-length');
  // An encoded body's length is that of its encoding, not of the file.
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  if (announced === null || encoded || Number(announced) === expectedBytes) return;
  await response.body?.cancel();
  throw new ArtifactDownloadError(
    'length_mismatch',
    `download refused: the server announces ${announced} bytes, expected ${expectedBytes} of the artifact's ${sizeBytes}`,
    false,
  );
}

/** Aborts its signal when `progressed` has not been called for `timeoutMs`. */
class StallWatchdog {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;
  fired = false;

  constructor(private readonly timeoutMs: number) {
    this.timer = this.arm();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  progressed(): void {
    clearTimeout(this.timer);
    this.timer = this.arm();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private arm(): NodeJS.Timeout {
    return setTimeout(() => {
      this.fired = true;
      this.controller.abort(new Error(`no data for ${this.timeoutMs} ms`));
    }, this.timeoutMs);
  }
}

function truncated(received: number, total: number, cause?: string): ArtifactDownloadError {
  return new ArtifactDownloadError('truncated', `download truncated: ${received} of ${total} bytes${cause ? ` (${cause})` : ''}`, true);
}

/** undici hides the useful part (`ECONNREFUSED 127.0.0.1:9`) in `cause`. */
function describe(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause;
  return cause?.message ?? (error as Error).message;
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}
