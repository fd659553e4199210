import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Assignment, DesiredStateView, SigningKeysView } from '@edgeplane/contracts';
import { CLS_DIMS, CLS_INPUT, clsInput } from '../../libs/agent/src/testing/cls-model';
import { testSigningKey } from '../../libs/agent/src/testing/signing-keys';
import { AgentProcess } from '../support/agent-process';
import { startController, TestController } from '../support/controller';
import { Api, api, keyWithRole } from '../support/http';
import { RunningProcess } from '../support/processes';
import { TEST_SIGNING_KEY } from '../support/signing';
import { compiledClassifier, compiledVariants, eventually, provisionDevice, ProvisionedDevice } from './fleet-fixture';

const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const INPUT = { name: CLS_INPUT, dims: CLS_DIMS, data: clsInput(4) };

/**
 * The controller's side of signed artifacts, end to end: it signs each variant when first assigned,
 * hands out its public keys for the agents' trust files, and rotates keys, with real agents verifying.
 */
describe('variant signatures (controller, compiler and real agents)', () => {
  const KEY_2 = testSigningKey('key-2');
  let controller: TestController;
  let admin: Api;
  let compiler: RunningProcess | undefined;
  let variantA: string;
  let device: ProvisionedDevice;
  let agent: AgentProcess;
  const others: AgentProcess[] = [];

  const assign = async (deviceId: string, variantId: string): Promise<Assignment> => {
    const { body } = await admin.put(`/devices/${deviceId}/desired`, { assignments: [{ variantId }] }).expect(200);
    return (body as DesiredStateView).assignments[0];
  };
  const served = (by: AgentProcess, variantId: string) =>
    eventually(async () => ((await by.predict('text-direction', INPUT)).body.variantId === variantId ? true : undefined), `variant ${variantId} served`, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\nagent log:\n${by.process.output().slice(-3000)}`);
    });
  /** Restarts the controller as an operator does to change its keys; the agent follows it to its new port. */
  const restartWithKeys = async (activeKeyId: string) => {
    controller.config.EDGEPLANE_SIGNING_KEY_ID = activeKeyId;
    await controller.restart();
    admin = api(controller, controller.adminToken);
    await agent.stop({ keepData: true });
    agent = await AgentProcess.start({ ...agent.settings, controllerUrl: controller.url });
  };
  const keyDirectory = () => join(controller.config.EDGEPLANE_DATA_DIR, 'signing-keys');

  beforeAll(async () => {
    controller = await startController();
    admin = api(controller, controller.adminToken);
    let variants: Record<string, string>;
    ({ variants, compiler } = await compiledClassifier(controller, admin, ['cpu']));
    variantA = variants.cpu;
    device = await provisionDevice(admin, 'signed-1');
    agent = await AgentProcess.start({ controllerUrl: controller.url, brokerUrl: BROKER, deviceId: device.id, secret: device.secret, trustedKeys: [TEST_SIGNING_KEY, KEY_2] });
  }, 180_000);

  afterAll(async () => {
    await Promise.all([agent, ...others].map((running) => running?.stop()));
    await compiler?.stop();
    await controller?.close();
  });

  it('lists its public keys and the trust file for agents, to operators', async () => {
    const viewer = api(controller, await keyWithRole(admin, 'viewer'));
    await viewer.get('/signing-keys').expect(403);
    const operator = api(controller, await keyWithRole(admin, 'operator'));
    const { body } = await operator.get('/signing-keys').expect(200);
    expect(body as SigningKeysView).toEqual({
      activeKeyId: TEST_SIGNING_KEY.keyId,
      keys: [{ keyId: TEST_SIGNING_KEY.keyId, algorithm: 'ed25519', active: true, publicKeyPem: TEST_SIGNING_KEY.publicKeyPem }],
      trustFile: { [TEST_SIGNING_KEY.keyId]: TEST_SIGNING_KEY.publicKeyPem },
    });
  });

  it('signs a variant when it is assigned, over exactly what the assignment names, and the agent serves it', async () => {
    const assignment = await assign(device.id, variantA);
    expect(assignment.signature).toEqual({
      keyId: TEST_SIGNING_KEY.keyId,
      claims: {
        variantId: variantA,
        model: 'text-direction',
        modelVersion: 1,
        hardwareProfile: 'cpu',
        artifactSha256: assignment.artifact.sha256,
        samplesSha256: assignment.samples!.sha256,
      },
      value: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/),
    });
    await served(agent, variantA);
  }, 90_000);

  it('rotation: the new active key signs new variants, variants signed with the old key keep their signature', async () => {
    await writeFile(join(keyDirectory(), `${KEY_2.keyId}.pem`), KEY_2.privateKeyPem, { mode: 0o600 });
    await restartWithKeys(KEY_2.keyId);
    const { body } = await admin.get('/signing-keys').expect(200);
    expect(body).toMatchObject({ activeKeyId: 'key-2', keys: [{ keyId: 'key-2', active: true }, { keyId: TEST_SIGNING_KEY.keyId, active: false }] });

    // A newer build of the model: a new variant, signed with key 2.
    const variantB = (await compiledVariants(admin, compiler!, { profiles: ['cpu'], options: { accuracyBudget: { minCosine: 0.5 } } })).cpu;
    expect((await assign(device.id, variantB)).signature?.keyId).toBe('key-2');
    await served(agent, variantB);
    // Back to A: still its key-1 signature, still valid on an agent trusting both keys.
    const again = await assign(device.id, variantA);
    expect(again.signature?.keyId).toBe(TEST_SIGNING_KEY.keyId);
    await served(agent, variantA);
  }, 180_000);

  it('retiring the old key: its variants are signed anew with the active key, which agents trusting only it accept', async () => {
    await rm(join(keyDirectory(), `${TEST_SIGNING_KEY.keyId}.pem`));
    await restartWithKeys(KEY_2.keyId);
    expect((await admin.get('/signing-keys').expect(200)).body.trustFile).toEqual({ 'key-2': KEY_2.publicKeyPem });

    const newcomer = await provisionDevice(admin, 'signed-2');
    others.push(await AgentProcess.start({ controllerUrl: controller.url, brokerUrl: BROKER, deviceId: newcomer.id, secret: newcomer.secret, trustedKeys: [KEY_2] }));
    const resigned = await assign(newcomer.id, variantA);
    expect(resigned.signature).toMatchObject({ keyId: 'key-2', claims: { variantId: variantA } });
    await served(others[0], variantA);
    // The device already serving A gets the re-signed assignment as a new revision and keeps serving.
    expect((await assign(device.id, variantA)).signature?.keyId).toBe('key-2');
    await served(agent, variantA);
  }, 120_000);
});
