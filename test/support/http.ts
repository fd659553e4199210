import request from 'supertest';
import type { TestController } from './controller';

/** Supertest bound to a controller, authenticated with `token`. */
export function api(controller: Pick<TestController, 'url' | 'ca'>, token: string) {
  const agent = request(controller.url);
  const auth = (test: request.Test) => trusting(controller, test).set('Authorization', `Bearer ${token}`);
  return {
    get: (path: string) => auth(agent.get(`/api/v1${path}`)),
    post: (path: string, body?: object) => auth(agent.post(`/api/v1${path}`)).send(body),
    patch: (path: string, body: object) => auth(agent.patch(`/api/v1${path}`)).send(body),
    put: (path: string, body: object) => auth(agent.put(`/api/v1${path}`)).send(body),
    delete: (path: string) => auth(agent.delete(`/api/v1${path}`)),
  };
}

export type Api = ReturnType<typeof api>;

/** The request trusting the controller's CA when it serves HTTPS with one of a test's own. */
function trusting(controller: Pick<TestController, 'ca'>, test: request.Test): request.Test {
  return controller.ca ? test.ca(controller.ca) : test;
}

/** Creates an API key with `role` through the API and returns its token. */
export async function keyWithRole(admin: Api, role: 'admin' | 'operator' | 'viewer', name = `${role}-key`) {
  const response = await admin.post('/api-keys', { name, role }).expect(201);
  return response.body.token as string;
}

/** Sends `bytes` as a raw binary body (model files, calibration sets), authenticated with `token`. */
export function sendRaw(
  controller: Pick<TestController, 'url' | 'adminToken' | 'ca'>,
  path: string,
  bytes: Uint8Array,
  { method = 'post', token = controller.adminToken }: { method?: 'post' | 'put'; token?: string } = {},
) {
  return trusting(controller, request(controller.url)[method](`/api/v1${path}`))
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'application/octet-stream')
    .send(Buffer.from(bytes));
}

/** Supertest parser that keeps any response body (problem+json included) as bytes: `.parse(binaryBody)`. */
export function binaryBody(response: request.Response, callback: (error: Error | null, body: Buffer) => void) {
  const stream = response as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}
