import { cliShell, CliShell } from '../support/cli';
import { startController, TestController } from '../support/controller';

describe('edgeplane CLI when the controller rate-limits its key', () => {
  let controller: TestController;
  let shell: CliShell;

  beforeAll(async () => {
    controller = await startController({ EDGEPLANE_RATE_LIMIT_PER_KEY: '2', EDGEPLANE_RATE_LIMIT_WINDOW_SECONDS: '600' });
    shell = await cliShell();
  });
  afterAll(async () => {
    await shell?.cleanup();
    await controller?.close();
  });

  it('exits 75 and says how long to wait', async () => {
    const env = { EDGEPLANE_URL: controller.url, EDGEPLANE_API_KEY: controller.adminToken };
    expect((await shell.run(['devices', 'ls'], env)).code).toBe(0);
    expect((await shell.run(['devices', 'ls'], env)).code).toBe(0);
    const limited = await shell.run(['devices', 'ls', '--json'], env);
    expect(limited.code).toBe(75);
    expect(limited.stderr).toMatch(/Rate limited by the controller: retry after \d+ s/);
    expect(JSON.parse(limited.stdout)).toMatchObject({ code: 'rate_limit.exceeded', status: 429 });
  });
});
