import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Assignment, DeviceChannel, deviceTopic, envelope, type ReportedAssignment, type ReportedStateMessage } from '@edgeplane/contracts';
import { readModel, writeModel } from '@edgeplane/onnx';
import { ArtifactTestServer } from '../../libs/agent/src/testing/artifact-test-server';
import { CLS_DIMS, CLS_INPUT, clsInput, clsModelBytes, clsSamples } from '../../libs/agent/src/testing/cls-model';
import { signedAssignment, testSigningKey, type TestSigningKey, writeTrustFile } from '../../libs/agent/src/testing/signing-keys';
import { AGENT_LAUNCHER } from '../support/agent-process';
import { DeviceChannels } from '../support/device-channels';
import { type RunningProcess, startProcess } from '../support/processes';

const BROKER = 'mqtt://127.0.0.1:1883';
const MODEL = 'text-direction';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The acceptance of signed artifacts against the built agent process: this test plays the controller
 * (its artifact endpoint and its retained desired states on the real broker) and signs like it, so it
 * can also play the attacker who controls the path in between. Every refused variant must leave the
 * one that served before serving, be reported with its reason, and never be downloaded or loaded.
 */
describe('signed artifacts (built agent process, real broker, real ONNX Runtime)', () => {
  const KEY_1 = testSigningKey('edgeplane-1');
  const KEY_2 = testSigningKey('edgeplane-2');
  const deviceId = randomUUID();
  const secret = randomUUID();
  const dataDir = mkdtempSync(join(tmpdir(), 'signed-artifacts-'));
  const trustDir = mkdtempSync(join(tmpdir(), 'signed-artifacts-trust-'));
  const trustFile = join(trustDir, 'trusted-keys.json');
  const genuine = clsModelBytes();
  // Other bytes that load and pass the genuine samples' self-test: only the signature can tell.
  const tampered = (() => {
    const model = readModel(genuine);
    model.docString = 'not what the controller compiled';
    return Buffer.from(writeModel(model));
  })();
  let samples: Uint8Array;
  let server: ArtifactTestServer;
  let channels: DeviceChannels;
  let agent: RunningProcess | undefined;
  let revision = 0;

  const startAgent = (trusted: TestSigningKey[]) =>
    startProcess(
      AGENT_LAUNCHER,
      {
        EDGEPLANE_AGENT_CONTROLLER_URL: server.origin,
        EDGEPLANE_AGENT_BROKER_URL: BROKER,
        EDGEPLANE_AGENT_DEVICE_ID: deviceId,
        EDGEPLANE_AGENT_DEVICE_SECRET: secret,
        EDGEPLANE_AGENT_DATA_DIR: dataDir,
        EDGEPLANE_AGENT_API_PORT: '0',
        EDGEPLANE_AGENT_TRUSTED_KEYS_FILE: writeTrustFile(trustFile, trusted),
      },
      /inference API listening/,
    );
  /** An unsigned assignment of `variantId` serving `bytes` (and the genuine samples). */
  const assignment = (variantId: string, bytes: Buffer, overrides: Partial<Assignment> = {}): Assignment => ({
    deploymentId: null,
    model: MODEL,
    modelVersion: 1,
    variantId,
    hardwareProfile: 'cpu',
    artifact: { url: bytes === genuine ? '/files/genuine.onnx' : '/files/tampered.onnx', sha256: sha256(bytes), sizeBytes: bytes.length },
    samples: { url: '/files/samples.npz', sha256: sha256(samples), sizeBytes: samples.length },
    runtime: { executionProviders: ['cpu'], intraOpThreads: 1 },
    ...overrides,
  });
  /** Publishes a desired state serving `subject` as the controller would, and resolves with the agent's report of it. */
  const apply = async (subject: Assignment): Promise<ReportedAssignment> => {
    revision += 1;
    const body = { revision, assignments: [subject] };
    await channels.client.publishAsync(deviceTopic(deviceId, DeviceChannel.Desired), JSON.stringify(envelope(deviceId, body)), { qos: 1, retain: true });
    const report = await channels.waitFor<ReportedStateMessage['body']>(DeviceChannel.Reported, (reported) => reported.appliedRevision === revision);
    return report.assignments[0];
  };
  /** The variant the local inference API answers with. */
  const serving = async (): Promise<string> => {
    const port = readFileSync(join(dataDir, 'api-port'), 'utf8');
    const response = await fetch(`http://127.0.0.1:${port}/v1/models/${MODEL}:predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: { [CLS_INPUT]: { type: 'float32', dims: CLS_DIMS, data: Array.from(clsInput(2)) } } }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { variantId: string }).variantId;
  };
  const tamperedRequests = () => server.requests.filter((request) => request.path === '/files/tampered.onnx');

  const V1 = randomUUID();
  let v1SignedWithKey1: Assignment;

  beforeAll(async () => {
    samples = await clsSamples();
    server = await ArtifactTestServer.start({ user: deviceId, password: secret });
    server.serve('/files/genuine.onnx', { body: genuine });
    server.serve('/files/tampered.onnx', { body: tampered });
    server.serve('/files/samples.npz', { body: samples });
    channels = await DeviceChannels.watch(deviceId, BROKER);
    agent = await startAgent([KEY_1, KEY_2]);
  });

  afterAll(async () => {
    await agent?.stop();
    await channels.client.publishAsync(deviceTopic(deviceId, DeviceChannel.Desired), '', { qos: 1, retain: true });
    await channels.client.publishAsync(deviceTopic(deviceId, DeviceChannel.Status), '', { qos: 1, retain: true });
    await channels.client.endAsync();
    await server.close();
    for (const directory of [dataDir, trustDir]) rmSync(directory, { recursive: true, force: true });
  });

  it('serves a variant signed for itself by a trusted key', async () => {
    v1SignedWithKey1 = signedAssignment(assignment(V1, genuine), KEY_1);
    expect(await apply(v1SignedWithKey1)).toMatchObject({ variantId: V1, state: 'active', reason: null, activeVariantId: V1 });
    expect(await serving()).toBe(V1);
  }, 60_000);

  describe('refuses, reports why, and keeps the previous variant serving', () => {
    it('tampered bytes behind an assignment that names their digest', async () => {
      const variantId = randomUUID();
      // The attacker swaps the file and fixes up the assignment's digest; the genuine signature covers the genuine digest.
      const swapped = signedAssignment(assignment(variantId, tampered), KEY_1, assignment(variantId, genuine));
      expect(await apply(swapped)).toMatchObject({
        variantId,
        state: 'failed',
        activeVariantId: V1,
        reason: expect.stringMatching(new RegExp(`^signature refused \\(other bytes\\): .* covers model file ${sha256(genuine)} .* but the assignment names ${sha256(tampered)}`)),
      });
      // …and fixes up the signed claims too: then the signature no longer verifies.
      const forged = { ...swapped, signature: { ...swapped.signature!, claims: { ...swapped.signature!.claims, artifactSha256: sha256(tampered) } } };
      expect(await apply(forged)).toMatchObject({ variantId, state: 'failed', activeVariantId: V1, reason: expect.stringMatching(/^signature refused \(bad signature\): .* does not verify with key "edgeplane-1"/) });
      expect(await serving()).toBe(V1);
      expect(tamperedRequests()).toEqual([]);
    }, 60_000);

    it('a signature by a key the agent does not trust, also under a trusted key\'s id', async () => {
      const variantId = randomUUID();
      expect(await apply(signedAssignment(assignment(variantId, tampered), testSigningKey('attacker')))).toMatchObject({
        state: 'failed',
        activeVariantId: V1,
        reason: expect.stringMatching(/^signature refused \(untrusted key\): .* key "attacker", which is not among this agent's trusted keys \(edgeplane-1, edgeplane-2\)/),
      });
      expect(await apply(signedAssignment(assignment(variantId, tampered), testSigningKey('edgeplane-1')))).toMatchObject({
        state: 'failed',
        reason: expect.stringMatching(/^signature refused \(bad signature\)/),
      });
      expect(await serving()).toBe(V1);
      expect(tamperedRequests()).toEqual([]);
    }, 60_000);

    it('a genuine signature made for another variant, replayed onto this one', async () => {
      // The controller really signed these bytes, but for another variant (say the gpu build, or an old version).
      const other = assignment(randomUUID(), tampered, { hardwareProfile: 'gpu' });
      const variantId = randomUUID();
      expect(await apply(signedAssignment(assignment(variantId, tampered), KEY_1, other))).toMatchObject({
        variantId,
        state: 'failed',
        activeVariantId: V1,
        reason: `signature refused (other variant): the signature was made for variant ${other.variantId} (${MODEL} v1, gpu), not for the assigned ${variantId} (${MODEL} v1, cpu) (replayed)`,
      });
      expect(await serving()).toBe(V1);
      expect(tamperedRequests()).toEqual([]);
    }, 60_000);

    it('an unsigned assignment, even of the genuine bytes', async () => {
      const variantId = randomUUID();
      expect(await apply(assignment(variantId, genuine))).toMatchObject({
        variantId,
        state: 'failed',
        activeVariantId: V1,
        reason: `signature refused (unsigned): variant ${variantId} carries no signature; this agent loads only signed variants`,
      });
      expect(await serving()).toBe(V1);
    }, 60_000);
  });

  it('key rotation: key 2 signs new variants while key 1\'s stay valid, until the agent no longer trusts key 1', async () => {
    const V2 = randomUUID();
    expect(await apply(signedAssignment(assignment(V2, genuine, { modelVersion: 2 }), KEY_2))).toMatchObject({ variantId: V2, state: 'active' });
    expect(await serving()).toBe(V2);
    expect(await apply(v1SignedWithKey1)).toMatchObject({ variantId: V1, state: 'active' });
    expect(await serving()).toBe(V1);

    // Key 1 retired: the device's trust file lists key 2 only.
    await agent!.stop();
    agent = await startAgent([KEY_2]);
    const V3 = randomUUID();
    expect(await apply(signedAssignment(assignment(V3, genuine, { modelVersion: 3 }), KEY_1))).toMatchObject({
      variantId: V3,
      state: 'failed',
      reason: expect.stringMatching(/^signature refused \(untrusted key\): .* key "edgeplane-1", which is not among this agent's trusted keys \(edgeplane-2\)/),
    });
    expect(await apply(signedAssignment(assignment(V2, genuine, { modelVersion: 2 }), KEY_2))).toMatchObject({ variantId: V2, state: 'active' });
    expect(await serving()).toBe(V2);
  }, 90_000);
});
