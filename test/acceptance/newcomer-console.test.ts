import type { DeploymentView } from '@edgeplane/contracts';
import type { Page } from 'playwright-core';
import { CLS_DIMS, CLS_INPUT, clsInput } from '../../libs/agent/src/testing/cls-model';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { AgentProcess } from '../support/agent-process';
import { accessibilityViolations, ConsoleBrowser, launchConsoleBrowser, pageErrors, screenshot, signIn } from '../support/console-browser';
import { startController, TestController } from '../support/controller';
import { api } from '../support/http';
import { RunningProcess, startCompilerFor } from '../support/processes';

/**
 * Issue 8's acceptance for the console: the path of docs/console.md in real headless Chromium, with
 * real edge agents — a newcomer signs in with the bootstrap admin key, provisions two devices and
 * starts each agent with the settings the page shows, uploads the real model, compiles it, deploys
 * it to the devices in gated waves and watches the deployment complete. No step uses the API directly;
 * the test reads the API only to check what the page said.
 */
describe('acceptance: a newcomer with the console alone', () => {
  let controller: TestController;
  let compiler: RunningProcess;
  let browser: ConsoleBrowser;
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    controller = await startController();
    compiler = await startCompilerFor(controller);
    browser = await launchConsoleBrowser();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.stop()));
    await browser?.close();
    await compiler?.stop();
    await controller?.close();
  });

  it('provisions devices, uploads a real model, compiles it, deploys it to running agents and watches it complete', async () => {
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await signIn(page, controller.url, controller.adminToken);

    for (const name of ['cam-1', 'cam-2']) {
      await page.getByRole('link', { name: 'Fleet', exact: true }).click();
      await page.getByRole('link', { name: 'Provision device' }).click();
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Hardware profile', { exact: true }).selectOption('cpu');
      await page.getByLabel('Labels').fill('site=berlin');
      await page.getByRole('button', { name: 'Provision device' }).click();
      // What a person copies from the page into the device's agent settings.
      const settings = parseSettings(await page.getByLabel('Edge agent settings').inputValue());
      agents.push(
        await AgentProcess.start({
          controllerUrl: settings.EDGEPLANE_AGENT_CONTROLLER_URL,
          brokerUrl: settings.EDGEPLANE_AGENT_BROKER_URL,
          deviceId: settings.EDGEPLANE_AGENT_DEVICE_ID,
          secret: settings.EDGEPLANE_AGENT_DEVICE_SECRET,
        }),
      );
    }
    await page.getByRole('link', { name: 'Fleet', exact: true }).click();
    await page.getByRole('list', { name: 'Fleet summary' }).getByText('Online').waitFor();
    await eventuallyOnPage(page, async () => (await page.getByRole('link', { name: /^cam-\d$/ }).count()) === 2 && (await page.getByText('online', { exact: true }).count()) >= 2);

    await page.getByRole('link', { name: 'Models', exact: true }).click();
    await page.getByRole('link', { name: 'Upload model' }).click();
    await page.getByLabel('Model name').fill('text-direction');
    await page.getByLabel('ONNX file').setInputFiles(REAL_MODEL_FILES.cls);
    await page.getByRole('button', { name: 'Upload model' }).click();
    await page.waitForURL(`${controller.url}/console/models/text-direction/versions/1`, { timeout: 60_000 });

    await page.getByRole('checkbox', { name: 'cpu', exact: true }).check();
    await page.getByRole('button', { name: 'Compile version 1' }).click();
    const variants = page.getByRole('table', { name: 'Variants of text-direction version 1' });
    await variants.getByText('accepted').waitFor({ timeout: 120_000 });

    await page.getByRole('link', { name: 'Deploy this version' }).click();
    await page.getByRole('heading', { level: 1, name: 'New deployment' }).waitFor();
    await page.getByLabel('Target: label selector').fill('site=berlin');
    await page.getByText('Matches 2 devices now.').waitFor();
    await page.getByLabel('Bake time of each wave (seconds)').fill('3');
    await page.getByRole('button', { name: 'Start deployment' }).click();
    await page.waitForURL(/\/console\/deployments\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;

    // Watching it: the page follows the waves on its own until the deployment has ended.
    await page.locator('dl.deployment-facts .badge').first().filter({ hasText: 'completed' }).waitFor({ timeout: 180_000 });
    for (const wave of [1, 2]) {
      await expect(page.getByRole('region', { name: new RegExp(`Wave ${wave} of 2`) }).getByRole('heading', { level: 3 }).textContent()).resolves.toContain('passed');
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'newcomer-deployment-completed');

    const deployment = (await api(controller, controller.adminToken).get(`/deployments/${id}`).expect(200)).body as DeploymentView;
    expect(deployment).toMatchObject({ state: 'completed', model: { name: 'text-direction', version: 1 }, target: { selector: 'site=berlin' } });
    expect(deployment.waves.flatMap((wave) => wave.devices.map((device) => `${device.deviceName}:${device.status}`)).sort()).toEqual(['cam-1:active', 'cam-2:active']);
    // The agents serve the variant the page deployed.
    const answer = await agents[0].predict('text-direction', { name: CLS_INPUT, dims: CLS_DIMS, data: clsInput(5) });
    expect(answer).toMatchObject({ status: 200, body: { variantId: deployment.waves[0].devices[0].variantId } });
    expect(errors).toEqual([]);
  }, 420_000);
});

function parseSettings(text: string): Record<string, string> {
  return Object.fromEntries(text.split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

async function eventuallyOnPage(page: Page, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not seen on ${page.url()} within ${timeoutMs} ms`);
    await page.waitForTimeout(250);
  }
}
