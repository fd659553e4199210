import { readFile } from 'node:fs/promises';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { TestController } from '../support/controller';
import { Api, sendRaw } from '../support/http';
import { RunningProcess, startCompilerFor } from '../support/processes';

/** A provisioned device and its credentials. */
export interface ProvisionedDevice {
  id: string;
  secret: string;
}

export async function provisionDevice(operator: Api, name: string, hardwareProfile = 'cpu'): Promise<ProvisionedDevice> {
  const response = await operator.post('/devices', { name, hardwareProfile, labels: { site: 'test' } }).expect(201);
  return { id: response.body.device.id, secret: response.body.credentials.secret };
}

/**
 * Uploads the real PaddleOCR direction classifier and compiles it for `profiles` with a real
 * compiler process; returns the accepted variants' ids by profile.
 */
export async function compiledClassifier(
  controller: Pick<TestController, 'url' | 'adminToken' | 'config'>,
  operator: Api,
  profiles: string[],
): Promise<{ variants: Record<string, string>; compiler: RunningProcess }> {
  await sendRaw(controller, '/models/text-direction/versions', await readFile(REAL_MODEL_FILES.cls)).expect(201);
  const compiler = await startCompilerFor(controller);
  return { variants: await compiledVariants(operator, compiler, { profiles }), compiler };
}

/**
 * Compiles version 1 of `text-direction` again (`request` as POST …/compile takes it, e.g. other options:
 * another variant per profile, the newest) with a running compiler; the accepted variants' ids by profile.
 */
export async function compiledVariants(operator: Api, compiler: RunningProcess, request: { profiles: string[]; options?: object }): Promise<Record<string, string>> {
  const queued = (await operator.post('/models/text-direction/versions/1/compile', request).expect(202)).body as { id: string; hardwareProfile: string }[];
  const variants: Record<string, string> = {};
  for (const job of queued) {
    for (let attempt = 0; ; attempt++) {
      const { body } = await operator.get(`/compile-jobs/${job.id}`).expect(200);
      if (body.status === 'accepted') break;
      if (!['queued', 'compiling'].includes(body.status) || attempt > 240) {
        throw new Error(`variant ${job.hardwareProfile} ended ${body.status}: ${body.reason}\n${compiler.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    variants[job.hardwareProfile] = job.id;
  }
  return variants;
}

/** Polls `probe` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
