import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import request from 'supertest';
import { CLS_DIMS, CLS_INPUT, CLS_OUTPUT, clsInput } from '../../libs/agent/src/testing/cls-model';
import { compiledClassifier, eventually, provisionDevice, ProvisionedDevice } from '../fleet/fleet-fixture';
import { AgentProcess } from '../support/agent-process';
import { startController, TestController } from '../support/controller';
import { Api, api, binaryBody } from '../support/http';
import { expectNothingLost } from '../support/lost';
import { startBroker, TestBroker } from '../support/mosquitto';
import { ThrottledProxy } from '../support/throttled-proxy';

const MODEL = 'text-direction';
const INPUT = { name: CLS_INPUT, dims: CLS_DIMS, data: clsInput(11) };

/**
 * A real agent SIGKILLed in the middle of downloading its model (downloads slowed by a proxy): the
 * restarted agent does not load the partial file, resumes it where it was cut (a Range request, not
 * from byte 0), verifies the whole file and serves exactly the compiled variant.
 */
describe('fault: an agent is killed mid-download', () => {
  let broker: TestBroker;
  let controller: TestController;
  let operator: Api;
  let proxy: ThrottledProxy;
  let variantId: string;
  let device: ProvisionedDevice;
  let agent: AgentProcess | undefined;

  beforeAll(async () => {
    broker = await startBroker();
    controller = await startController({ MQTT_URL: broker.url });
    operator = api(controller, controller.adminToken);
    const { variants, compiler } = await compiledClassifier(controller, operator, ['cpu']);
    await compiler.stop(); // compiled: nothing else to build
    variantId = variants.cpu;
    device = await provisionDevice(operator, 'killed-mid-download');
    proxy = await ThrottledProxy.start(controller.url, 2 * 1024); // ~40 KB/s
  }, 120_000);
  afterAll(async () => {
    await agent?.stop();
    await proxy?.close();
    await controller?.close();
    await broker?.close();
  });

  it('resumes the partial file after a restart and never serves it', async () => {
    const { sha256, sizeBytes } = (await operator.get(`/compile-jobs/${variantId}`).expect(200)).body.artifact as { sha256: string; sizeBytes: number };
    agent = await AgentProcess.start({ controllerUrl: proxy.url, brokerUrl: broker.url, deviceId: device.id, secret: device.secret });
    const partial = join(agent.settings.dataDir, 'artifacts', `${sha256}.partial`);
    const whole = join(agent.settings.dataDir, 'artifacts', `${sha256}.onnx`);
    await operator.put(`/devices/${device.id}/desired`, { assignments: [{ variantId }] }).expect(200);
    await eventually(async () => (existsSync(partial) && statSync(partial).size > 32 * 1024 ? true : undefined), 'a partial download', 60_000);

    await agent.kill();
    const keptBytes = statSync(partial).size;
    expect(keptBytes).toBeLessThan(sizeBytes);
    const requestsBefore = proxy.ranges.length;
    agent = await AgentProcess.start({ ...agent.settings });

    // Up and serving its API, with the partial file still on disk: the model is not served from it.
    const early = await agent.predict(MODEL, INPUT);
    expect({ status: early.status, code: (early.body as unknown as { code: string }).code, partial: existsSync(partial), whole: existsSync(whole) }).toEqual({
      status: 503,
      code: 'model.not_ready',
      partial: true,
      whole: false,
    });

    const settled = await eventually(async () => {
      const { body } = await operator.get(`/devices/${device.id}/state`).expect(200);
      const [assignment] = body.assignments;
      return body.converged && assignment?.variantId === variantId && assignment.state !== 'downloading' ? assignment : undefined;
    }, 'the device to settle on the variant', 90_000).catch(() => undefined);
    expectNothingLost({ devices: settled?.state === 'active' ? 0 : 1 }, `state: ${JSON.stringify(settled)}\nagent:\n${agent.process.output().slice(-3000)}`);

    // Resumed: the first request after the restart asked for the rest of the file, from where the kill left it.
    const resumedFrom = Number(/^bytes=(\d+)-$/.exec(proxy.ranges[requestsBefore] ?? '')?.[1] ?? 0);
    expect(resumedFrom).toBeGreaterThan(0);
    expect(resumedFrom).toBeLessThanOrEqual(keptBytes);
    // Whole and verified on disk, the partial gone, and nothing along the way was refused or failed.
    const file = await readFile(whole);
    expect({ sha256: createHash('sha256').update(file).digest('hex'), partial: existsSync(partial) }).toEqual({ sha256, partial: false });
    expect(agent.process.output()).not.toMatch(/sha256 mismatch|failed to load|self-test failed/);
    // It serves that variant, with the outputs of the compiled file run directly.
    const artifact = await request(controller.url).get(`/api/v1/variants/${variantId}/artifact`).set('Authorization', `Bearer ${controller.adminToken}`).buffer(true).parse(binaryBody).expect(200);
    const session = await InferenceSession.create(artifact.body, { executionProviders: ['cpu'] });
    const direct = (await session.run({ [CLS_INPUT]: new Tensor('float32', INPUT.data, INPUT.dims) }))[CLS_OUTPUT].data as Float32Array;
    await session.release();
    const served = await agent.predict(MODEL, INPUT);
    expect(served.body.variantId).toBe(variantId);
    served.body.outputs[CLS_OUTPUT].data.forEach((value, index) => expect(value).toBeCloseTo(direct[index], 5));
  }, 150_000);
});
