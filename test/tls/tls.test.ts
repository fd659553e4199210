import { get as httpsGet } from 'node:https';
import { get as httpGet } from 'node:http';
import { readFileSync } from 'node:fs';
import { AgentProcess } from '../support/agent-process';
import { startController, TestController } from '../support/controller';
import { Api, api } from '../support/http';
import { startBroker, TestBroker } from '../support/mosquitto';
import { RunningProcess } from '../support/processes';
import { throwawayCa, ThrowawayCa } from '../support/throwaway-ca';
import { compiledClassifier, eventually, provisionDevice } from '../fleet/fleet-fixture';

/** What `GET url` answers, or the error that kept it from answering. */
function fetchStatus(get: typeof httpsGet | typeof httpGet, url: string, options: object = {}): Promise<number | string> {
  return new Promise((resolve) => {
    const request = get(url, options, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    request.setTimeout(5_000, () => request.destroy(new Error('timeout')));
  });
}

/**
 * TLS configured by files end to end, with a CA made for the test: a broker that only speaks TLS, a
 * controller serving HTTPS and talking mqtts to it, and a real agent that trusts the CA receiving
 * its desired state over mqtts and downloading its variant over HTTPS. An agent without the CA gets
 * nowhere, and neither does plain HTTP.
 */
describe('TLS for MQTT and HTTPS, configured by files', () => {
  let pki: ThrowawayCa;
  let broker: TestBroker;
  let brokerUrl: string;
  let controller: TestController;
  let operator: Api;
  let compiler: RunningProcess | undefined;
  let cpuVariant: string;
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    pki = await throwawayCa();
    // The listener line startBroker writes comes first; these make it a TLS-only listener.
    broker = await startBroker(`cafile ${pki.caFile}\ncertfile ${pki.serverCertFile}\nkeyfile ${pki.serverKeyFile}\n`);
    brokerUrl = `mqtts://localhost:${broker.port}`;
    controller = await startController({
      MQTT_URL: brokerUrl,
      EDGEPLANE_MQTT_CA_FILE: pki.caFile,
      EDGEPLANE_HTTP_TLS_CERT_FILE: pki.serverCertFile,
      EDGEPLANE_HTTP_TLS_KEY_FILE: pki.serverKeyFile,
    });
    // This test process talks to the controller as an operator would: trusting the site's CA.
    controller.ca = readFileSync(pki.caFile);
    operator = api(controller, controller.adminToken);
    let variants: Record<string, string>;
    ({ variants, compiler } = await compiledClassifier(controller, operator, ['cpu']));
    cpuVariant = variants.cpu;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.stop()));
    await compiler?.stop();
    await controller?.close();
    await broker?.close();
    await pki?.remove();
  });

  it('serves the API over HTTPS with the configured certificate, and not over plain HTTP', async () => {
    expect(controller.url).toMatch(/^https:\/\//);
    const port = new URL(controller.url).port;
    expect(await fetchStatus(httpsGet, `https://localhost:${port}/api/v1/health`, { ca: readFileSync(pki.caFile), agent: false })).toBe(200);
    // A client that does not trust the CA refuses the certificate.
    expect(await fetchStatus(httpsGet, `https://localhost:${port}/api/v1/health`, { ca: [], agent: false })).toMatch(/UNABLE_TO_GET_ISSUER_CERT|SELF_SIGNED|UNABLE_TO_VERIFY/);
    expect(await fetchStatus(httpGet, `http://localhost:${port}/api/v1/health`)).not.toBe(200);
  });

  it('rolls a variant out to an agent that trusts the CA: desired state over mqtts, download over HTTPS', async () => {
    const device = await provisionDevice(operator, 'tls-edge');
    const agent = await AgentProcess.start({ controllerUrl: controller.url, brokerUrl, deviceId: device.id, secret: device.secret, caFile: pki.caFile });
    agents.push(agent);
    await eventually(async () => ((await operator.get(`/devices/${device.id}`)).body.status === 'online' ? true : undefined), 'agent online over mqtts', 20_000);

    await operator.put(`/devices/${device.id}/desired`, { assignments: [{ variantId: cpuVariant }] }).expect(200);

    const state = await eventually(
      async () => {
        const { body } = await operator.get(`/devices/${device.id}/state`).expect(200);
        return body.converged ? body : undefined;
      },
      'variant active on the agent',
      60_000,
    );
    expect(state.assignments).toEqual([expect.objectContaining({ state: 'active', activeVariantId: cpuVariant })]);
  }, 90_000);

  it('leaves an agent that does not trust the CA offline, saying why', async () => {
    const device = await provisionDevice(operator, 'tls-untrusting-edge');
    const agent = await AgentProcess.start({ controllerUrl: controller.url, brokerUrl, deviceId: device.id, secret: device.secret });
    agents.push(agent);

    await eventually(async () => (/certificate|UNABLE_TO|self[- ]signed/i.test(agent.process.output()) ? true : undefined), 'the agent logs the refused certificate', 20_000);
    expect((await operator.get(`/devices/${device.id}`).expect(200)).body.status).toBe('provisioned');
  }, 30_000);
});
