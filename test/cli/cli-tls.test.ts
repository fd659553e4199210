import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cliShell, CliShell } from '../support/cli';
import { startController, TestController } from '../support/controller';
import { throwawayCa, ThrowawayCa } from '../support/throwaway-ca';

describe('edgeplane CLI against a controller serving HTTPS with a private CA', () => {
  let pki: ThrowawayCa;
  let controller: TestController;
  let shell: CliShell;
  let url: string;

  beforeAll(async () => {
    pki = await throwawayCa();
    controller = await startController({ EDGEPLANE_HTTP_TLS_CERT_FILE: pki.serverCertFile, EDGEPLANE_HTTP_TLS_KEY_FILE: pki.serverKeyFile });
    // The certificate names localhost, as an operator would reach it.
    url = `https://localhost:${new URL(controller.url).port}`;
    shell = await cliShell();
  }, 60_000);
  afterAll(async () => {
    await shell?.cleanup();
    await controller?.close();
    await pki?.remove();
  });

  it('says to pass the CA when the certificate is not trusted (exit 69), and stores it at login when passed', async () => {
    const untrusted = await shell.run(['login', '--url', url, '--key', controller.adminToken]);
    expect(untrusted.code).toBe(69);
    expect(untrusted.stderr).toContain(`Cannot reach the controller at ${url}`);
    expect(untrusted.stderr).toContain('--ca-file');

    const trusted = await shell.run(['login', '--url', url, '--key', controller.adminToken, '--ca-file', pki.caFile]);
    expect(trusted.code).toBe(0);
    expect(JSON.parse(await readFile(join(shell.configHome, 'edgeplane', 'config.json'), 'utf8'))).toEqual({ url, key: controller.adminToken, caFile: pki.caFile });
    // Later commands use the stored CA without any flag.
    expect(await shell.run(['devices', 'ls', '--json'])).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('takes the CA from EDGEPLANE_CA_FILE', async () => {
    // No stored login to fall back on: the environment alone.
    const env = { EDGEPLANE_URL: url, EDGEPLANE_API_KEY: controller.adminToken, EDGEPLANE_CA_FILE: pki.caFile, XDG_CONFIG_HOME: '/nonexistent' };
    expect((await shell.run(['devices', 'ls'], env)).code).toBe(0);
    const unreadable = await shell.run(['devices', 'ls'], { ...env, EDGEPLANE_CA_FILE: '/nonexistent/ca.pem' });
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('/nonexistent/ca.pem: cannot be read');
  });
});
