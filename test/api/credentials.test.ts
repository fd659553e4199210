import { DeviceRepository } from '@edgeplane/persistence';
import { hashSecret } from '@edgeplane/platform';
import { startController, TestController } from '../support/controller';
import { Api, api } from '../support/http';

// The MQTT broker and the artifact server (later issues) authenticate devices through
// DeviceRepository.findByActiveCredential; these tests hold the registry to that contract.
describe('device credentials', () => {
  let controller: TestController;
  let operator: Api;
  let authenticate: (secret: string) => Promise<string | null>;

  beforeAll(async () => {
    controller = await startController();
    operator = api(controller, controller.adminToken);
    const devices = controller.app.get(DeviceRepository);
    authenticate = async (secret) => (await devices.findByActiveCredential(hashSecret(secret)))?.id ?? null;
  });
  afterAll(() => controller.close());

  it('authenticates a device with the secret issued at provisioning', async () => {
    const { body } = await operator.post('/devices', { name: 'edge-1', hardwareProfile: 'cpu' }).expect(201);

    expect(await authenticate(body.credentials.secret)).toBe(body.device.id);
    expect(await authenticate(`${body.credentials.secret}x`)).toBeNull();
  });

  it('re-issuing revokes the old secret at once and records the history', async () => {
    const { body } = await operator.post('/devices', { name: 'edge-2', hardwareProfile: 'cpu' }).expect(201);

    const reissued = await operator.post(`/devices/${body.device.id}/credentials`).expect(201);

    expect(reissued.body.username).toBe(body.device.id);
    expect(reissued.body.secret).not.toBe(body.credentials.secret);
    expect(await authenticate(body.credentials.secret)).toBeNull();
    expect(await authenticate(reissued.body.secret)).toBe(body.device.id);
    const history = await operator.get(`/devices/${body.device.id}/credentials`).expect(200);
    expect(history.body).toEqual([
      { id: reissued.body.credentialId, createdAt: expect.any(String), revokedAt: null, revokeReason: null },
      { id: body.credentials.credentialId, createdAt: expect.any(String), revokedAt: expect.any(String), revokeReason: 'reissued' },
    ]);
  });

  it('decommissioning revokes the credentials and refuses new ones, keeping the history', async () => {
    const { body } = await operator.post('/devices', { name: 'edge-3', hardwareProfile: 'cpu' }).expect(201);

    await operator.post(`/devices/${body.device.id}/decommission`).expect(200);

    expect(await authenticate(body.credentials.secret)).toBeNull();
    const refused = await operator.post(`/devices/${body.device.id}/credentials`).expect(409);
    expect(refused.body.code).toBe('device.decommissioned');
    const history = await operator.get(`/devices/${body.device.id}/credentials`).expect(200);
    expect(history.body).toEqual([
      expect.objectContaining({ id: body.credentials.credentialId, revokeReason: 'decommissioned' }),
    ]);
  });
});
