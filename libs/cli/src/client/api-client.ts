import { readFile } from 'node:fs/promises';
import { Agent, fetch, type Dispatcher, type RequestInit } from 'undici';
import { CliError } from '../cli-error';
import { ExitCode } from '../exit-codes';
import type { Connection } from '../settings/cli-settings';
import { problemError } from './problem-error';

/** A request body: JSON, or raw bytes streamed as `application/octet-stream` (model files). */
export type RequestBody = { json: unknown } | { bytes: AsyncIterable<Uint8Array> };

/**
 * A small typed client of the operator API (docs/api.md): bearer key, JSON in and out, and every
 * failure turned into a CliError that says what to do.
 */
export class ApiClient {
  private constructor(
    readonly url: string,
    private readonly key: string | null,
    private readonly dispatcher: Dispatcher | undefined,
  ) {}

  static async connect(connection: Connection): Promise<ApiClient> {
    let dispatcher: Dispatcher | undefined;
    if (connection.caFile) {
      let ca: Buffer;
      try {
        ca = await readFile(connection.caFile);
      } catch (error) {
        throw new CliError(`--ca-file ${connection.caFile}: cannot be read (${(error as Error).message})`, ExitCode.usage);
      }
      dispatcher = new Agent({ connect: { ca } });
    }
    return new ApiClient(connection.url, connection.key, dispatcher);
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: RequestBody): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  patch<T>(path: string, json: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { json });
  }

  async request<T>(method: string, path: string, body?: RequestBody): Promise<T> {
    if (!this.key) {
      throw new CliError(`No API key for ${this.url}: run \`edgeplane login --url ${this.url} --key <epk_…>\` or set EDGEPLANE_API_KEY`, ExitCode.auth);
    }
    const init: RequestInit = { method, headers: { authorization: `Bearer ${this.key}`, accept: 'application/json' } };
    if (this.dispatcher) init.dispatcher = this.dispatcher;
    if (body && 'json' in body) {
      init.body = JSON.stringify(body.json);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    } else if (body) {
      init.body = body.bytes;
      init.duplex = 'half';
      (init.headers as Record<string, string>)['content-type'] = 'application/octet-stream';
    }
    const target = `${this.url}/api/v1${path}`;
    let response: Awaited<ReturnType<typeof fetch>>;
    try {
      response = await fetch(target, init);
    } catch (error) {
      throw unreachable(this.url, error);
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) throw problemError(response.status, response.headers.get('retry-after'), parsed, this.url, method, path);
    return parsed as T;
  }
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 500) };
  }
}

/** Connection refused, DNS failure, TLS failure: name the URL tried and the likely fix. */
function unreachable(url: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  const tls = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(`${cause?.code ?? ''} ${cause?.message ?? ''}`);
  const hint = tls
    ? 'the controller uses a certificate this machine does not trust: pass its CA with --ca-file or EDGEPLANE_CA_FILE'
    : 'check that the controller is running and the URL is right (--url, EDGEPLANE_URL or `edgeplane login`)';
  return new CliError(`Cannot reach the controller at ${url} (${reason}): ${hint}`, ExitCode.unreachable);
}
