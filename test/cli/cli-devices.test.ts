import { stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeviceView } from '@edgeplane/contracts';
import { cliShell, CliShell, runCli } from '../support/cli';
import { startController, TestController } from '../support/controller';
import { api, keyWithRole } from '../support/http';

describe('edgeplane CLI: login and devices', () => {
  let controller: TestController;
  let shell: CliShell;
  let viewerToken: string;

  beforeAll(async () => {
    controller = await startController();
    viewerToken = await keyWithRole(api(controller, controller.adminToken), 'viewer');
    shell = await cliShell();
  });
  afterAll(async () => {
    await shell?.cleanup();
    await controller?.close();
  });

  it('logs in with a valid key and stores it readable by its owner only', async () => {
    const run = await shell.run(['login', '--url', `${controller.url}/`, '--key', controller.adminToken]);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining(`Logged in to ${controller.url}`) });
    const file = join(shell.configHome, 'edgeplane', 'config.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ url: controller.url, key: controller.adminToken });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('refuses a wrong key at login with exit code 3, saying what to do, and stores nothing', async () => {
    const other = await cliShell();
    try {
      const run = await other.run(['login', '--url', controller.url, '--key', 'epk_not-a-real-key']);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('edgeplane login');
      await expect(stat(join(other.configHome, 'edgeplane', 'config.json'))).rejects.toThrow('ENOENT');
    } finally {
      await other.cleanup();
    }
  });

  it('provisions a device, printing its secret once, then lists, shows, labels and decommissions it', async () => {
    const provisioned = await shell.run(['devices', 'provision', 'cam-1', '--profile', 'cpu', '--label', 'site=berlin', '--label', 'tier=canary']);
    expect(provisioned.code).toBe(0);
    expect(provisioned.stdout).toMatch(/cam-1\s+\S+\s+cpu\s+provisioned\s+never\s+-\s+site=berlin,tier=canary/);
    expect(provisioned.stdout).toMatch(/Secret: \S+/);
    expect(provisioned.stderr).toContain('shown only now');

    await shell.run(['devices', 'provision', 'gw-1', '--profile', 'gpu', '--label', 'site=munich']);
    const listed = await shell.run(['devices', 'ls', '--selector', 'site=berlin']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(/^NAME\s+ID\s+PROFILE\s+STATUS/);
    expect(listed.stdout).toContain('cam-1');
    expect(listed.stdout).not.toContain('gw-1');

    const json = await shell.run(['devices', 'ls', '--json']);
    const devices = JSON.parse(json.stdout) as DeviceView[];
    expect(devices.map((device) => device.name).sort()).toEqual(['cam-1', 'gw-1']);
    const cam = devices.find((device) => device.name === 'cam-1')!;

    const byName = await shell.run(['devices', 'get', 'cam-1', '--json']);
    expect(JSON.parse(byName.stdout)).toMatchObject({ id: cam.id, name: 'cam-1' });
    const byId = await shell.run(['--json', 'devices', 'get', cam.id]);
    expect(JSON.parse(byId.stdout)).toMatchObject({ id: cam.id, labels: { site: 'berlin', tier: 'canary' } });

    const labelled = await shell.run(['devices', 'label', 'cam-1', 'site=hamburg', 'tier-', '--json']);
    expect(labelled.code).toBe(0);
    expect(JSON.parse(labelled.stdout).labels).toEqual({ site: 'hamburg' });

    const retired = await shell.run(['devices', 'decommission', cam.id]);
    expect(retired.code).toBe(0);
    expect(retired.stdout).toMatch(/cam-1\s+\S+\s+cpu\s+decommissioned/);
    const { body } = await api(controller, controller.adminToken).get(`/devices/${cam.id}`).expect(200);
    expect(body.status).toBe('decommissioned');
  });

  it('re-issues credentials, printing the new secret once, and lists their history without secrets', async () => {
    const provisioned = await shell.run(['devices', 'provision', 'cam-keys', '--profile', 'cpu', '--json']);
    const first = JSON.parse(provisioned.stdout) as { credentials: { secret: string } };

    const reissued = await shell.run(['devices', 'credentials', 'reissue', 'cam-keys']);
    expect(reissued.code).toBe(0);
    const secret = /^Secret: (\S+)$/m.exec(reissued.stdout)?.[1];
    expect(secret).toBeDefined();
    expect(secret).not.toBe(first.credentials.secret);
    expect(reissued.stderr).toContain('previous secret no longer works');

    const history = await shell.run(['devices', 'credentials', 'ls', 'cam-keys']);
    expect(history.code).toBe(0);
    const rows = history.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^ID\s+ISSUED\s+REVOKED\s+WHY$/);
    expect(rows.slice(1).map((row) => row.split(/\s+/).slice(2).join(' ')).sort()).toEqual(['active -', expect.stringMatching(/^\S+ reissued$/)].sort());
    expect(history.stdout).not.toContain(secret);
    expect(history.stdout).not.toContain(first.credentials.secret);

    const refused = await shell.run(['devices', 'credentials', 'reissue', 'cam-keys'], { EDGEPLANE_API_KEY: viewerToken });
    expect(refused.code).toBe(3);
  });

  it('follows pagination in devices ls', async () => {
    const admin = api(controller, controller.adminToken);
    for (let i = 0; i < 3; i++) await admin.post('/devices', { name: `page-${i}`, hardwareProfile: 'cpu', labels: { batch: 'pages' } }).expect(201);
    const run = await shell.run(['devices', 'ls', '--selector', 'batch=pages', '--page-size', '2', '--json']);
    expect((JSON.parse(run.stdout) as DeviceView[]).map((device) => device.name).sort()).toEqual(['page-0', 'page-1', 'page-2']);
  });

  it('exits 4 for an unknown device, 2 for a usage error, 5 for a refused request', async () => {
    const missing = await shell.run(['devices', 'get', '0190a0a0-0000-7000-8000-000000000000']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/^edgeplane: .*device/m);
    expect((await shell.run(['devices', 'get', 'no-such-device'])).code).toBe(4);

    const noProfile = await shell.run(['devices', 'provision', 'x']);
    expect(noProfile.code).toBe(2);
    expect(noProfile.stderr).toContain('--profile');
    expect((await shell.run(['devices', 'label', 'gw-1', 'not a label'])).code).toBe(2);
    expect((await shell.run(['devices', 'frobnicate'])).code).toBe(2);
    expect((await shell.run(['devices'])).code).toBe(2);
    expect(await shell.run(['--version'])).toMatchObject({ code: 0, stdout: `${require('../../package.json').version}\n` });

    const taken = await shell.run(['devices', 'provision', 'gw-1', '--profile', 'cpu', '--json']);
    expect(taken.code).toBe(5);
    expect(JSON.parse(taken.stdout)).toMatchObject({ code: 'device.name_taken', status: 409 });
  });

  it('exits 3 with the role needed when the key may not do it, and the env key overrides the stored one', async () => {
    const run = await shell.run(['devices', 'provision', 'nope', '--profile', 'cpu'], { EDGEPLANE_API_KEY: viewerToken });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('operator role');
    expect((await shell.run(['devices', 'ls'], { EDGEPLANE_API_KEY: viewerToken })).code).toBe(0);
  });

  it('says which URL it tried when the controller is unreachable, exiting 69', async () => {
    const run = await runCli(['devices', 'ls'], { EDGEPLANE_URL: 'http://127.0.0.1:9', EDGEPLANE_API_KEY: controller.adminToken, XDG_CONFIG_HOME: shell.configHome });
    expect(run.code).toBe(69);
    expect(run.stderr).toContain('http://127.0.0.1:9');
  });
});
