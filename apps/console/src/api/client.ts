import { ApiError, UnreachableError, type Problem } from './api-error';

/** Every call goes to the controller that served the page: the console has no server of its own. */
const API_BASE = '/api/v1';

export type QueryParams = Record<string, string | number | boolean | undefined>;

/** What an upload reports while its body is sent. */
export interface UploadProgress {
  sentBytes: number;
  totalBytes: number;
}

/**
 * The REST client of the console: the operator's API key as a bearer token, JSON in and out,
 * problem+json errors turned into ApiError. `onUnauthorized` runs on a 401 (key revoked or expired)
 * so that the session ends instead of every page failing.
 */
export class ApiClient {
  constructor(
    private readonly key: string,
    private readonly onUnauthorized: (error: ApiError) => void = () => {},
  ) {}

  get<T>(path: string, params?: QueryParams): Promise<T> {
    return this.request<T>('GET', withQuery(path, params));
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /**
   * Sends a file as the raw request body. fetch() cannot report upload progress, so this one call
   * uses XMLHttpRequest: a 100 MB model takes long enough on a site link that a bar matters.
   * POST adds (a model version), PUT replaces (a version's calibration set).
   */
  upload<T>(
    path: string,
    file: Blob,
    onProgress: (progress: UploadProgress) => void,
    signal?: AbortSignal,
    method: 'POST' | 'PUT' = 'POST',
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open(method, API_BASE + path);
      request.setRequestHeader('authorization', `Bearer ${this.key}`);
      request.setRequestHeader('accept', 'application/json');
      request.setRequestHeader('content-type', 'application/octet-stream');
      request.upload.onprogress = (event) => onProgress({ sentBytes: event.loaded, totalBytes: event.total || file.size });
      request.onerror = () => reject(new UnreachableError(new Error('upload failed')));
      request.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
      request.onload = () => {
        try {
          resolve(this.settle<T>(request.status, request.responseText));
        } catch (error) {
          reject(error);
        }
      };
      signal?.addEventListener('abort', () => request.abort());
      request.send(file);
    });
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.key}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(API_BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new UnreachableError(error);
    }
    return this.settle<T>(response.status, await response.text());
  }

  private settle<T>(status: number, text: string): T {
    const parsed: unknown = text ? safeJson(text) : undefined;
    if (status >= 200 && status < 300) return parsed as T;
    const error = new ApiError(status, (parsed && typeof parsed === 'object' ? parsed : {}) as Problem);
    if (status === 401) this.onUnauthorized(error);
    throw error;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 200) };
  }
}

function withQuery(path: string, params: QueryParams | undefined): string {
  if (!params) return path;
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}
