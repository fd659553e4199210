import { createHash, randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { DeviceChannel, deviceTopic } from '@edgeplane/contracts';
import request from 'supertest';
import { readModel, writeModel } from '@edgeplane/onnx';
import { CLS_DIMS, CLS_INPUT, CLS_OUTPUT, clsInput } from '../../libs/agent/src/testing/cls-model';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { AgentProcess } from '../support/agent-process';
import { startController, TestController } from '../support/controller';
import { Api, api, binaryBody, sendRaw } from '../support/http';
import { startBroker, TestBroker } from '../support/mosquitto';
import { RunningProcess } from '../support/processes';
import { ThrottledProxy } from '../support/throttled-proxy';
import { compiledClassifier, eventually, provisionDevice, ProvisionedDevice } from './fleet-fixture';

const MODEL = 'text-direction';
const INPUT = { name: CLS_INPUT, dims: CLS_DIMS, data: clsInput(7) };

/**
 * The real controller, a broker of the test's own (it is stopped for 30 s), a real compiler and three
 * real agent processes: assignment → download → verify → serve → report, telemetry, failures that
 * keep the old model serving, a broker outage, and a download resumed after the agent was killed.
 */
describe('edge agents with the controller', () => {
  let broker: TestBroker;
  let controller: TestController;
  let operator: Api;
  let compiler: RunningProcess;
  let variantA: string;
  let variantB: string;
  const devices: ProvisionedDevice[] = [];
  const agents: AgentProcess[] = [];

  const state = async (device: ProvisionedDevice) => (await operator.get(`/devices/${device.id}/state`).expect(200)).body;
  const assign = (device: ProvisionedDevice, variantId: string, runtime?: object) =>
    operator.put(`/devices/${device.id}/desired`, { assignments: [{ variantId, ...(runtime ? { runtime } : {}) }] }).expect(200);
  const settled = async (device: ProvisionedDevice, variantId: string, expected: 'active' | 'failed', timeoutMs = 60_000) => {
    let last: unknown;
    return eventually(
      async () => {
        const body = (last = await state(device));
        const [assignment] = body.assignments;
        return body.converged && assignment?.variantId === variantId && assignment.state === expected ? assignment : undefined;
      },
      `${device.id} ${expected} on ${variantId}`,
      timeoutMs,
    ).catch((error: Error) => {
      const agent = agents[devices.indexOf(device)];
      throw new Error(`${error.message}\nlast state: ${JSON.stringify(last)}\nagent log:\n${agent?.process.output().slice(-4000)}`);
    });
  };
  const storedFile = async (variantId: string) => {
    const job = (await operator.get(`/compile-jobs/${variantId}`).expect(200)).body;
    const sha256: string = job.artifact.sha256;
    return { sha256, path: join(controller.config.EDGEPLANE_DATA_DIR, 'artifacts', 'sha256', sha256.slice(0, 2), sha256) };
  };

  beforeAll(async () => {
    broker = await startBroker();
    controller = await startController({ MQTT_URL: broker.url });
    operator = api(controller, controller.adminToken);
    let variants: Record<string, string>;
    ({ variants, compiler } = await compiledClassifier(controller, operator, ['cpu']));
    variantA = variants.cpu;
    // Version 2: the same network re-exported (another doc string), so its variant has other bytes.
    const model = readModel(await readFile(REAL_MODEL_FILES.cls));
    model.docString = 'text-direction, re-exported for version 2';
    await sendRaw(controller, `/models/${MODEL}/versions`, writeModel(model)).expect(201);
    const queued = (await operator.post(`/models/${MODEL}/versions/2/compile`, { profiles: ['cpu'] }).expect(202)).body[0];
    variantB = (await eventually(async () => {
      const job = (await operator.get(`/compile-jobs/${queued.id}`).expect(200)).body;
      return job.status === 'accepted' ? job : undefined;
    }, 'variant B accepted', 60_000)).id;
    for (const name of ['edge-1', 'edge-2', 'edge-3']) devices.push(await provisionDevice(operator, name));
    for (const device of devices) {
      agents.push(await AgentProcess.start({ controllerUrl: controller.url, brokerUrl: broker.url, deviceId: device.id, secret: device.secret }));
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.stop()));
    await compiler?.stop();
    await controller?.close();
    await broker?.close();
  });

  it('each agent downloads, verifies and serves its variant, reports it active, and answers as ONNX Runtime does', async () => {
    await Promise.all(devices.map((device) => assign(device, variantA)));
    await Promise.all(devices.map((device) => settled(device, variantA, 'active')));

    const artifact = await request(controller.url).get(`/api/v1/variants/${variantA}/artifact`).set('Authorization', `Bearer ${controller.adminToken}`).buffer(true).parse(binaryBody).expect(200);
    const session = await InferenceSession.create(artifact.body, { executionProviders: ['cpu'] });
    const direct = (await session.run({ [CLS_INPUT]: new Tensor('float32', INPUT.data, INPUT.dims) }))[CLS_OUTPUT].data as Float32Array;
    await session.release();
    for (const agent of agents) {
      const { status, body } = await agent.predict(MODEL, INPUT);
      expect(status).toBe(200);
      expect(body.variantId).toBe(variantA);
      body.outputs[CLS_OUTPUT].data.forEach((value, index) => expect(value).toBeCloseTo(direct[index], 5));
    }
  });

  it('reports telemetry: inference counts and latency percentiles that make sense', async () => {
    for (let i = 0; i < 40; i++) expect((await agents[0].predict(MODEL, INPUT)).status).toBe(200);

    const latency = await eventually(async () => {
      const { body } = await operator.get(`/variants/${variantA}/latency`).expect(200);
      return body.inferences >= 43 ? body : undefined; // 40 here, one per agent before
    }, 'telemetry of 43 predictions', 30_000);
    expect(latency).toMatchObject({ errors: 0, errorRate: 0, devices: 3 });
    const { p50, p95, p99, max } = latency.latencyMs;
    expect(p50).toBeGreaterThan(0);
    expect(p50).toBeLessThanOrEqual(p95);
    expect(p95).toBeLessThanOrEqual(p99);
    expect(p99).toBeLessThanOrEqual(max);
    expect(max).toBeLessThan(5_000);
    const health = (await state(devices[0])).health;
    expect(health.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(health.cpuPercent).toBeLessThanOrEqual(100);
    expect(health.agentRssBytes).toBeGreaterThan(10 * 2 ** 20);
  });

  describe('a variant that cannot be served leaves the old one serving', () => {
    const [device, agent] = [() => devices[0], () => agents[0]];
    let original: Buffer;
    let path: string;

    beforeAll(async () => {
      ({ path } = await storedFile(variantB));
      original = await readFile(path);
    });
    afterEach(async () => {
      await writeFile(path, original);
      await assign(device(), variantA); // back to A, so the next case is a new revision with B
      await settled(device(), variantA, 'active');
    });

    it.each([
      ['its bytes do not match the sha256', () => writeFile(path, Buffer.concat([original.subarray(0, 100), Buffer.from('tampered'), original.subarray(108)])), /sha256/i, undefined],
      ['the controller answers 404', () => unlink(path), /404/, undefined],
      ['the download is truncated', () => truncate(path, Math.floor(original.length / 2)), /truncat|incomplete|bytes/i, undefined],
      ['it fails to load on the device', async () => undefined, /failed to load/i, { executionProviders: ['cuda'] }],
    ])('%s', async (_, breakIt, reason, runtime) => {
      await breakIt();
      await assign(device(), variantB, runtime);

      const failed = await settled(device(), variantB, 'failed', 90_000);

      expect(failed.reason).toMatch(reason);
      expect(failed.activeVariantId).toBe(variantA);
      const { status, body } = await agent().predict(MODEL, INPUT);
      expect(status).toBe(200);
      expect(body.variantId).toBe(variantA);
    }, 120_000);
  });

  it('loses no telemetry while the broker is down for 30 s, and keeps serving meanwhile', async () => {
    const outageStart = new Date();
    await broker.stop();
    for (let second = 0; second < 30; second++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      if (second % 10 === 0) expect((await agents[1].predict(MODEL, INPUT)).status).toBe(200);
    }
    await broker.start();
    const outageEnd = new Date();

    for (const device of devices) {
      const messages = await eventually(
        async () => {
          const { body } = await operator.get(`/devices/${device.id}/telemetry/messages?from=${new Date(outageStart.getTime() - 5_000).toISOString()}`).expect(200);
          const last = body.at(-1);
          return last && Date.parse(last.windowEnd) > outageEnd.getTime() + 2_000 ? body : undefined;
        },
        `telemetry of ${device.id} after the outage`,
        120_000,
      );
      const gaps = messages.slice(1).filter((message: { windowStart: string }, index: number) => message.windowStart !== messages[index].windowEnd);
      console.log(`lost: ${gaps.length} (device ${device.id}, ${messages.length} messages around a 30 s outage)`);
      expect(gaps).toEqual([]);
      expect(messages.every((message: { droppedMessages: number }) => message.droppedMessages === 0)).toBe(true);
      const spooled = messages.filter((message: { windowEnd: string; receivedAt: string }) => Date.parse(message.receivedAt) - Date.parse(message.windowEnd) > 10_000);
      expect(spooled.length).toBeGreaterThan(20); // they really waited in the spool, and arrived
    }
    // The restarted broker forgot the retained desired states; the controller published them again.
    const observer = await mqtt.connectAsync(broker.url, { clientId: `observer-${randomUUID()}`, protocolVersion: 5 });
    try {
      const retained = new Promise<Buffer>((resolve) => observer.on('message', (_topic, payload) => payload.length > 0 && resolve(payload)));
      await observer.subscribeAsync(deviceTopic(devices[1].id, DeviceChannel.Desired), { qos: 1 });
      const desired = await eventually(() => Promise.race([retained, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1000))]), 'the retained desired state', 30_000);
      expect(JSON.parse(desired.toString()).body.assignments[0].variantId).toBe(variantA);
    } finally {
      await observer.endAsync();
    }
  }, 240_000);

  it('resumes a download after the agent is killed in the middle of it', async () => {
    const device = devices[2];
    await agents[2].stop({ keepData: true });
    const proxy = await ThrottledProxy.start(controller.url, 4 * 1024); // ~80 KB/s
    try {
      let agent = await AgentProcess.start({ controllerUrl: proxy.url, brokerUrl: broker.url, deviceId: device.id, secret: device.secret, dataDir: agents[2].settings.dataDir });
      agents[2] = agent;
      const { sha256 } = await storedFile(variantB);
      const partial = join(agent.settings.dataDir, 'artifacts', `${sha256}.partial`);
      await assign(device, variantB);

      await eventually(async () => (existsSync(partial) && statSync(partial).size > 32 * 1024 ? true : undefined), 'a partial download', 30_000).catch((error: Error) => {
        throw new Error(`${error.message}\n${agent.process.output().slice(-3000)}`);
      });
      await agent.kill();
      const keptBytes = statSync(partial).size;
      agent = await AgentProcess.start({ ...agent.settings });
      agents[2] = agent;

      await settled(device, variantB, 'active', 90_000);
      const resumedFrom = proxy.ranges.map((range) => Number(/^bytes=(\d+)-/.exec(range ?? '')?.[1] ?? 0)).filter((start) => start > 0);
      expect(resumedFrom.length).toBeGreaterThan(0);
      expect(resumedFrom[0]).toBeGreaterThan(0);
      expect(resumedFrom[0]).toBeLessThanOrEqual(keptBytes);
      const served = await agent.predict(MODEL, INPUT);
      expect(served.body.variantId).toBe(variantB);
      const file = await readFile(join(agent.settings.dataDir, 'artifacts', `${sha256}.onnx`));
      expect(createHash('sha256').update(file).digest('hex')).toBe(sha256);
    } finally {
      await proxy.close();
    }
  }, 180_000);
});
