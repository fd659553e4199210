import { BUILT_IN_HARDWARE_PROFILES } from '@edgeplane/contracts';
import { startController, TestController } from '../support/controller';
import { Api, api } from '../support/http';

describe('hardware profiles', () => {
  let controller: TestController;
  let admin: Api;

  beforeAll(async () => {
    controller = await startController();
    admin = api(controller, controller.adminToken);
  });
  afterAll(() => controller.close());

  it('lists the four built-in profiles with what a model for each must be', async () => {
    const response = await admin.get('/hardware-profiles').expect(200);

    expect(response.body.map((p: { name: string }) => p.name)).toEqual(['asic', 'cpu', 'fpga', 'gpu']);
    const byName = Object.fromEntries(response.body.map((p: { name: string }) => [p.name, p]));
    expect(byName.cpu).toMatchObject({ builtIn: true, precision: 'int8', quantization: 'dynamic' });
    expect(byName.gpu).toMatchObject({ precision: 'fp16', quantization: 'none', executionProviders: ['tensorrt', 'cuda', 'cpu'] });
    expect(byName.fpga).toMatchObject({ precision: 'int8', quantization: 'static', scaleConstraint: 'power_of_two' });
    expect(byName.asic.operatorAllowlist).toEqual(BUILT_IN_HARDWARE_PROFILES.asic.operatorAllowlist);
    expect(byName.cpu.operatorAllowlist).toBeNull();
  });

  it('derives a custom profile from its class, overriding only what is given', async () => {
    const created = await admin
      .post('/hardware-profiles', { name: 'jetson-orin', class: 'gpu', maxModelBytes: 512 * 1024 * 1024 })
      .expect(201);

    expect(created.body).toMatchObject({
      name: 'jetson-orin',
      class: 'gpu',
      builtIn: false,
      precision: 'fp16',
      executionProviders: ['tensorrt', 'cuda', 'cpu'],
      maxModelBytes: 512 * 1024 * 1024,
      accuracyBudget: { minCosine: 0.9999, minTop1Agreement: 0.99 },
    });
    const patched = await admin
      .patch('/hardware-profiles/jetson-orin', {
        executionProviders: ['cuda', 'cpu'],
        description: 'Orin NX 16 GB',
        accuracyBudget: { minCosine: 0.999, minTop1Agreement: 0.98 },
      })
      .expect(200);
    expect(patched.body).toMatchObject({
      executionProviders: ['cuda', 'cpu'],
      description: 'Orin NX 16 GB',
      maxModelBytes: 512 * 1024 * 1024,
      accuracyBudget: { minCosine: 0.999, minTop1Agreement: 0.98 },
    });
    const outOfRange = await admin
      .patch('/hardware-profiles/jetson-orin', { accuracyBudget: { minCosine: 1.5, minTop1Agreement: 0.9 } })
      .expect(400);
    expect(outOfRange.body.errors).toEqual([
      { field: 'accuracyBudget.minCosine', problems: ['minCosine must not be greater than 1'] },
    ]);
  });

  it('refuses combinations the compiler could not honour', async () => {
    const response = await admin
      .post('/hardware-profiles', { name: 'edgetpu', class: 'asic', quantization: 'none' })
      .expect(400);

    expect(response.body.code).toBe('hardware_profile.inconsistent');
    await admin.get('/hardware-profiles/edgetpu').expect(404);
  });

  it('keeps built-in profiles read-only', async () => {
    const response = await admin.patch('/hardware-profiles/cpu', { maxModelBytes: 2048 }).expect(409);

    expect(response.body.code).toBe('hardware_profile.built_in');
    await admin.delete('/hardware-profiles/cpu').expect(409);
  });

  it('deletes a custom profile only once no device uses it', async () => {
    await admin.post('/hardware-profiles', { name: 'hailo8', class: 'asic' }).expect(201);
    const { body } = await admin.post('/devices', { name: 'hailo-cam', hardwareProfile: 'hailo8' }).expect(201);

    const inUse = await admin.delete('/hardware-profiles/hailo8').expect(409);
    expect(inUse.body).toMatchObject({ code: 'hardware_profile.in_use', devices: 1 });

    await admin.patch(`/devices/${body.device.id}`, { hardwareProfile: 'asic' }).expect(200);
    await admin.delete('/hardware-profiles/hailo8').expect(204);
    await admin.get('/hardware-profiles/hailo8').expect(404);
  });
});
