import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { eventually } from '../fleet/fleet-fixture';
import { accessibilityViolations, ConsoleBrowser, pageErrors, screenshot, signIn, BROWSER_TEST_MS } from '../support/console-browser';
import type { TestController } from '../support/controller';
import type { Api } from '../support/http';
import { SimulatedDevice } from '../support/simulated-device';
import { variantTelemetry } from '../support/telemetry-bodies';
import { bringOnline, ConsoleRig, makeDevice, MadeDevice, startConsoleRig, stopConsoleRig, tableRows, waitForStatus } from './console-fleet-fixture';

/** One latency per inference: 1 … 100 ms, so the p95 is 95 ms (the sketch answers within 1 %). */
const LATENCIES = Array.from({ length: 100 }, (_, index) => index + 1);
const SENT_P95 = 95;

/**
 * The device page against a real controller: a simulated agent connects, drops, reconnects, reports
 * an active variant and a download, and sends latency telemetry over the real broker.
 */
describe('console: device page (headless Chromium)', () => {
  let rig: ConsoleRig;
  let controller: TestController;
  let browser: ConsoleBrowser;
  let operator: Api;
  let camera: MadeDevice;
  let spare: MadeDevice;
  let agent: SimulatedDevice;
  const activeVariant = randomUUID();
  const downloadingVariant = randomUUID();

  beforeAll(async () => {
    rig = await startConsoleRig();
    ({ controller, browser, operator } = rig);
    camera = await makeDevice(operator, 'berlin-cam-1', 'cpu', { site: 'berlin', tier: 'canary' });
    spare = await makeDevice(operator, 'spare-cam-9', 'cpu', { site: 'berlin' });

    (await bringOnline(operator, camera)).crash(); // connect, then a lost connection (last will)
    await waitForStatus(operator, camera.id, 'offline');
    agent = await bringOnline(operator, camera);
    rig.agents.push(agent);
    await agent.report({
      appliedRevision: 0,
      revision: 0,
      assignments: [
        { model: 'text-direction', variantId: activeVariant, state: 'active', reason: null, activeVariantId: activeVariant, lastKnownGoodVariantId: activeVariant, download: null },
        { model: 'text-detection', variantId: downloadingVariant, state: 'downloading', reason: null, activeVariantId: null, lastKnownGoodVariantId: null, download: { receivedBytes: 250_000, totalBytes: 1_000_000 } },
      ],
    });
    const end = new Date();
    await agent.telemetry(variantTelemetry(activeVariant, LATENCIES, 3, { start: new Date(end.getTime() - 10_000), end }));
    await eventually(async () => {
      const { body } = await operator.get(`/devices/${camera.id}/state`).expect(200);
      return body.assignments.length === 2 && body.health ? true : undefined;
    }, 'report and telemetry stored');
  }, 60_000);
  afterEach(() => browser?.closePages());
  afterAll(() => stopConsoleRig(rig), BROWSER_TEST_MS);

  it('shows the state, the models, a latency chart with the p95 sent, and the events', async () => {
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await signIn(page, controller.url, rig.operatorToken);
    await page.getByRole('link', { name: 'berlin-cam-1' }).click();
    await page.getByRole('heading', { level: 1, name: 'Device berlin-cam-1' }).waitFor();
    await page.getByText('Desired revision').waitFor();

    expect(await facts(page)).toMatchObject({
      Status: 'online',
      'Hardware profile': 'cpu',
      Labels: 'site=berlin, tier=canary',
      'Agent version': 'simulated-1',
      'Desired revision': '0',
      Converged: expect.any(String),
    });
    expect((await facts(page)).Capabilities).toContain('x64, 4 cores');
    expect((await facts(page)).Health).toContain('CPU 40 %');

    const models = await tableRows(page, 'Models on this device');
    expect(models).toEqual([
      ['text-detection', 'downloading', '—', '—', '250.0 kB of 1.00 MB (25 %)', expect.any(String)],
      ['text-direction', 'active', activeVariant, activeVariant, '—', expect.any(String)],
    ]);
    expect(await page.getByRole('progressbar', { name: 'Download of text-detection' }).getAttribute('value')).toBe('250000');

    await page.getByText('Latency percentiles: show the numbers as a table').click();
    const latency = (await tableRows(page, 'Latency percentiles')).filter((row) => row[2] !== '—');
    expect(latency).toHaveLength(1);
    const p95 = Number.parseFloat(latency[0][2]);
    expect(Math.abs(p95 - SENT_P95) / SENT_P95).toBeLessThanOrEqual(0.01);
    await page.getByText('Inferences and errors: show the numbers as a table').click();
    const counts = (await tableRows(page, 'Inferences and errors')).filter((row) => row[1] !== '—');
    expect(counts.map((row) => row.slice(1))).toEqual([[String(LATENCIES.length), '3']]);

    const events = await page.locator('.event-list li').allTextContents();
    expect(events.map((text) => text.split(' · ')[0])).toEqual(['online connected', 'offline connection lost (last will)', 'online connected']);
    await page.getByText('No deployment has included this device.').waitFor();

    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await screenshot(page, 'device');
  }, BROWSER_TEST_MS);

  it("lets an operator relabel, re-issue credentials and decommission, each visible through the API", async () => {
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await signIn(page, controller.url, rig.operatorToken, `/console/devices/${spare.id}`);
    await page.getByRole('heading', { level: 1, name: 'Device spare-cam-9' }).waitFor();

    await page.getByRole('button', { name: 'Edit labels' }).click();
    await page.getByLabel('Labels of spare-cam-9').fill('site=munich\nzone=a');
    await page.getByRole('button', { name: 'Save labels' }).click();
    await page.getByRole('button', { name: 'Edit labels' }).waitFor();
    expect((await operator.get(`/devices/${spare.id}`).expect(200)).body.labels).toEqual({ site: 'munich', zone: 'a' });
    expect((await facts(page)).Labels).toBe('site=munich, zone=a');

    await page.getByRole('button', { name: 'Re-issue credentials' }).click();
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toContain('stops working at once');
    await page.getByRole('button', { name: 'Yes, re-issue credentials' }).click();
    const secret = (await page.getByTestId('device-secret').textContent())!.trim();
    expect(secret).toMatch(/^epd_/);
    expect(secret).not.toBe(spare.secret);
    const history = (await operator.get(`/devices/${spare.id}/credentials`).expect(200)).body as { revokeReason: string | null }[];
    expect(history.map((credential) => credential.revokeReason).sort()).toEqual([null, 'reissued'].sort());
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Decommission device' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click(); // a change of mind leaves the device alone
    expect((await operator.get(`/devices/${spare.id}`).expect(200)).body.status).toBe('provisioned');
    await page.getByRole('button', { name: 'Decommission device' }).click();
    await page.getByRole('button', { name: 'Yes, decommission spare-cam-9' }).click();
    await page.getByText('This device is decommissioned').waitFor();
    expect((await operator.get(`/devices/${spare.id}`).expect(200)).body.status).toBe('decommissioned');
    expect(errors).toEqual([]);
  }, BROWSER_TEST_MS);

  it('shows a viewer the device without any change buttons', async () => {
    const page = await browser.newPage();
    await signIn(page, controller.url, rig.viewerToken, `/console/devices/${camera.id}`);
    await page.getByRole('heading', { level: 1, name: 'Device berlin-cam-1' }).waitFor();
    await page.getByText('needs an operator key').waitFor();
    for (const name of ['Edit labels', 'Re-issue credentials', 'Decommission device']) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
  }, BROWSER_TEST_MS);

  it("shows the API's message for a device that does not exist", async () => {
    const page = await browser.newPage();
    const missing = '019a0000-0000-7000-8000-000000000000';
    const refusal = (await operator.get(`/devices/${missing}`).expect(404)).body as { detail: string };
    await signIn(page, controller.url, rig.viewerToken, `/console/devices/${missing}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(refusal.detail);
    await page.getByRole('heading', { level: 1, name: 'Device' }).waitFor();
  }, BROWSER_TEST_MS);
});

/** The device's facts (both lists) as term → text. */
async function facts(page: Page): Promise<Record<string, string>> {
  const pairs = await page.locator('dl.facts').evaluateAll((lists) =>
    lists.flatMap((list) => [...list.querySelectorAll('dt')].map((term) => [term.textContent ?? '', (term.nextElementSibling?.textContent ?? '').trim()])),
  );
  return Object.fromEntries(pairs);
}
