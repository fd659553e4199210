import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { controllerStatusTopic, type DesiredState, DeviceChannel, deviceTopic, encodeControllerStatus, envelope, type ReportedStateMessage, type StatusMessage, type TelemetryMessage } from '@edgeplane/contracts';
import { ArtifactTestServer } from '../../libs/agent/src/testing/artifact-test-server';
import { CLS_DIMS, CLS_INPUT, CLS_MODEL_PATH, CLS_OUTPUT, clsInput, clsModelBytes, clsSamples } from '../../libs/agent/src/testing/cls-model';
import { signedAssignment, testSigningKey, writeTrustFile } from '../../libs/agent/src/testing/signing-keys';
import { AGENT_LAUNCHER } from '../support/agent-process';
import { DeviceChannels } from '../support/device-channels';
import { type RunningProcess, startProcess } from '../support/processes';

const BROKER = 'mqtt://127.0.0.1:1883';
const MODEL = 'text-direction';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const CONTROLLER_KEY = testSigningKey('controller-1');

describe('edge agent (built process, real broker, real ONNX Runtime)', () => {
  const deviceId = randomUUID();
  const replicaId = `test-controller-${randomUUID()}`;
  const secret = randomUUID();
  const variantId = randomUUID();
  const dataDir = mkdtempSync(join(tmpdir(), 'edge-agent-e2e-'));
  const trustFile = writeTrustFile(join(mkdtempSync(join(tmpdir(), 'edge-agent-trust-')), 'trusted-keys.json'), [CONTROLLER_KEY]);
  const input = clsInput(5);
  let server: ArtifactTestServer;
  let channels: DeviceChannels;
  let agent: RunningProcess | undefined;
  let controllerUrl: string;

  const startAgent = () =>
    startProcess(
      AGENT_LAUNCHER,
      {
        EDGEPLANE_AGENT_CONTROLLER_URL: controllerUrl,
        EDGEPLANE_AGENT_BROKER_URL: BROKER,
        EDGEPLANE_AGENT_DEVICE_ID: deviceId,
        EDGEPLANE_AGENT_DEVICE_SECRET: secret,
        EDGEPLANE_AGENT_DATA_DIR: dataDir,
        EDGEPLANE_AGENT_API_PORT: '0',
        EDGEPLANE_AGENT_TELEMETRY_INTERVAL_MS: '500',
        EDGEPLANE_AGENT_TRUSTED_KEYS_FILE: trustFile,
      },
      /inference API listening/,
    );
  const predict = async () => {
    const port = readFileSync(join(dataDir, 'api-port'), 'utf8');
    const response = await fetch(`http://127.0.0.1:${port}/v1/models/${MODEL}:predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: { [CLS_INPUT]: { type: 'float32', dims: CLS_DIMS, data: Array.from(input) } } }),
    });
    return { status: response.status, body: (await response.json()) as { model: string; variantId: string; outputs: Record<string, { data: number[] }> } };
  };
  const direct = async () => {
    const session = await InferenceSession.create(CLS_MODEL_PATH, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
    const output = (await session.run({ [CLS_INPUT]: new Tensor('float32', input, CLS_DIMS) }))[CLS_OUTPUT];
    await session.release();
    return Array.from(output.data as Float32Array);
  };

  beforeAll(async () => {
    server = await ArtifactTestServer.start({ user: deviceId, password: secret });
    controllerUrl = server.origin;
    channels = await DeviceChannels.watch(deviceId, BROKER);
    // This test plays the controller: agents deliver telemetry only while a controller says it listens.
    await channels.client.publishAsync(controllerStatusTopic(replicaId), encodeControllerStatus('online'), { qos: 1, retain: true });
  });

  afterAll(async () => {
    await agent?.stop();
    for (const channel of [DeviceChannel.Desired, DeviceChannel.Status]) {
      await channels.client.publishAsync(deviceTopic(deviceId, channel), '', { qos: 1, retain: true });
    }
    await channels.client.publishAsync(controllerStatusTopic(replicaId), '', { qos: 1, retain: true });
    await channels.client.endAsync();
    await server.close();
  });

  it('applies a retained desired state, serves predictions, reports and sends telemetry', async () => {
    const model = clsModelBytes();
    const samples = await clsSamples();
    server.serve(`/api/v1/artifacts/${sha256(model)}`, { body: model, cutAfterBytes: 100_000 }); // one cut: the agent resumes
    server.serve(`/api/v1/artifacts/${sha256(samples)}`, { body: samples });
    const desired: DesiredState = {
      revision: 1,
      assignments: [
        signedAssignment({
          deploymentId: null,
          model: MODEL,
          modelVersion: 1,
          variantId,
          hardwareProfile: 'cpu-x64',
          artifact: { url: `/api/v1/artifacts/${sha256(model)}`, sha256: sha256(model), sizeBytes: model.length },
          samples: { url: `/api/v1/artifacts/${sha256(samples)}`, sha256: sha256(samples), sizeBytes: samples.length },
          runtime: { executionProviders: ['cpu'], intraOpThreads: 1 },
        }, CONTROLLER_KEY),
      ],
    };
    await channels.client.publishAsync(deviceTopic(deviceId, DeviceChannel.Desired), JSON.stringify(envelope(deviceId, desired)), { qos: 1, retain: true });

    agent = await startAgent();
    const online = await channels.waitFor<StatusMessage['body']>(DeviceChannel.Status, (body) => body.state === 'online');
    expect(online).toMatchObject({ capabilities: { executionProviders: expect.arrayContaining(['cpu']) } });
    await channels.waitFor<ReportedStateMessage['body']>(
      DeviceChannel.Reported,
      (body) => body.appliedRevision === 1 && body.assignments[0]?.state === 'active' && body.assignments[0].activeVariantId === variantId,
    );
    // The cut connection was resumed, not restarted (where exactly depends on what was buffered).
    expect(server.requests).toContainEqual(expect.objectContaining({ status: 206, range: expect.stringMatching(/^bytes=[1-9]\d*-$/) }));

    const answer = await predict();
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ model: MODEL, variantId });
    expect(answer.body.outputs[CLS_OUTPUT].data).toEqual(await direct());

    const telemetry = await channels.waitFor<TelemetryMessage['body']>(DeviceChannel.Telemetry, (body) =>
      body.variants.some((variant) => variant.variantId === variantId && variant.inferences >= 1),
    );
    expect(telemetry.variants[0]).toMatchObject({ model: MODEL, errors: 0, latencyMs: { p50: expect.any(Number) }, sketch: expect.any(String) });

    await agent.stop();
    await channels.waitFor<StatusMessage['body']>(DeviceChannel.Status, (body) => body.state === 'offline' && body.cause === 'shutdown');
  }, 90_000);

  it('after a restart serves the model from disk with the controller unreachable', async () => {
    await server.close();
    agent = await startAgent();
    const answer = await predict();
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ model: MODEL, variantId });
    expect(answer.body.outputs[CLS_OUTPUT].data).toEqual(await direct());
    server = await ArtifactTestServer.start(); // for afterAll
  }, 60_000);
});
