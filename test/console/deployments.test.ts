import type { Page, Route } from 'playwright-core';
import type { DeploymentView } from '@edgeplane/contracts';
import { gateLine } from '../../apps/console/src/pages/deployments/gate-format';
import { accessibilityViolations, ConsoleBrowser, launchConsoleBrowser, pageErrors, screenshot, signIn } from '../support/console-browser';
import { startController, TestController } from '../support/controller';
import { deploymentRequest, reportDuringBake, stopDeploymentRig } from '../support/deployments';
import { Api, api, keyWithRole } from '../support/http';
import { RunningProcess } from '../support/processes';
import { SimulatedDevice } from '../support/simulated-device';
import { compiledClassifier, eventually } from '../fleet/fleet-fixture';

const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
/** Healthy latencies (ms) each device reports during a bake: p95 well under the form's 50 ms gate. */
const HEALTHY_LATENCIES = [5, 6, 7, 7, 8, 9, 12];
/** Long enough for a wave's telemetry to be ingested before its bake ends, short enough for the file to stay quick. */
const BAKE_SECONDS = 4;

/**
 * The console's deployment pages in headless Chromium against the real controller, a real compiler's
 * variant, PostgreSQL, Redis and Mosquitto, with simulated devices speaking MQTT that activate the
 * variant and send telemetry, so that the gates are judged on real numbers.
 */
describe('console: deployments (headless Chromium)', () => {
  let controller: TestController;
  let browser: ConsoleBrowser;
  let admin: Api;
  let operatorToken: string;
  let viewerToken: string;
  let compiler: RunningProcess | undefined;
  const simulated = new Map<string, SimulatedDevice>();

  const device = async (name: string, site: string) => {
    const { body } = await admin.post('/devices', { name, hardwareProfile: 'cpu', labels: { site } }).expect(201);
    const sim = await SimulatedDevice.connect(BROKER, body.device.id, body.credentials.secret);
    simulated.set(body.device.id, sim);
    await sim.online();
    sim.applyDesiredStates();
  };
  const view = async (id: string): Promise<DeploymentView> => (await admin.get(`/deployments/${id}`).expect(200)).body;
  const waitFor = (id: string, what: string, done: (deployment: DeploymentView) => boolean, timeoutMs = 20_000) =>
    eventually(async () => {
      const body = await view(id);
      return done(body) ? body : undefined;
    }, `deployment ${id}: ${what}`, timeoutMs);
  const stateBadge = (page: Page) => page.locator('dl.deployment-facts .badge').first();

  beforeAll(async () => {
    controller = await startController();
    admin = api(controller, controller.adminToken);
    operatorToken = await keyWithRole(admin, 'operator', 'ops-alice');
    viewerToken = await keyWithRole(admin, 'viewer', 'watcher');
    ({ compiler } = await compiledClassifier(controller, admin, ['cpu']));
    for (const index of [1, 2, 3]) await device(`berlin-cam-${index}`, 'berlin');
    for (const index of [1, 2]) await device(`hamburg-cam-${index}`, 'hamburg');
    browser = await launchConsoleBrowser();
  }, 90_000);
  afterEach(() => browser?.closePages());
  afterAll(async () => {
    await browser?.close();
    await stopDeploymentRig(simulated.values(), compiler, controller);
  });

  it('starts a canary-then-rest rollout from the form and shows it to completion, with the gates\' numbers', async () => {
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await signIn(page, controller.url, operatorToken, '/console/deployments');
    await page.getByRole('link', { name: 'New deployment' }).click();
    await page.getByRole('heading', { level: 1, name: 'New deployment' }).waitFor();

    await page.getByLabel('Model', { exact: true }).selectOption('text-direction');
    // The model's newest version is chosen once its versions arrive.
    await eventually(async () => ((await page.getByLabel('Version').inputValue()) === '1' ? true : undefined), 'version 1 chosen');
    await page.getByLabel('Target: label selector').fill('site=berlin');
    await page.getByText('Matches 3 devices now.').waitFor();
    // The CLI's defaults, shown before anyone types.
    await expect(page.getByLabel('Canary wave size').inputValue()).resolves.toBe('1');
    await expect(page.getByLabel('Highest error rate (0–1)').inputValue()).resolves.toBe('0.01');
    await expect(page.getByLabel('Least reporting devices (%)').inputValue()).resolves.toBe('100');
    await page.getByLabel('Bake time of each wave (seconds)').fill(String(BAKE_SECONDS));
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'deployment-new');

    await page.getByRole('button', { name: 'Start deployment' }).click();
    await page.waitForURL(/\/console\/deployments\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const created = await view(id);
    expect(created).toMatchObject({
      model: { name: 'text-direction', version: 1 },
      target: { selector: 'site=berlin' },
      strategy: { kind: 'waves', waves: [{ count: 1, bakeSeconds: BAKE_SECONDS }, { bakeSeconds: BAKE_SECONDS }] },
      gates: { maxFailedPercent: 0, maxErrorRate: 0.01, maxP95LatencyMs: 50, minReportedPercent: 100 },
      autoRollback: true,
      deadlineSeconds: 3600,
    });

    // Mid-rollout: the canary bakes, with a countdown, while the rest waits.
    await reportDuringBake(simulated, await waitFor(id, 'wave 1 baking', (body) => body.waves[0].state === 'baking'), 0, HEALTHY_LATENCIES);
    const canary = page.getByRole('region', { name: /Wave 1 of 2/ });
    await canary.getByText(/\d+ s left|judging the gates/).waitFor();
    await screenshot(page, 'deployment-running');
    await reportDuringBake(simulated, await waitFor(id, 'wave 2 baking', (body) => body.waves[1].state === 'baking'), 1, HEALTHY_LATENCIES);

    await stateBadge(page).filter({ hasText: 'completed' }).waitFor({ timeout: 20_000 });
    const done = await view(id);
    expect(done.state).toBe('completed');
    for (const wave of done.waves) {
      const region = page.getByRole('region', { name: new RegExp(`Wave ${wave.index + 1} of 2`) });
      await expect(region.getByRole('heading', { level: 3 }).textContent()).resolves.toContain('passed');
      // Every gate as the API judged it: the measured value against the threshold, formatted.
      expect(wave.gateEvaluation!.gates.length).toBe(4);
      for (const result of wave.gateEvaluation!.gates) {
        const row = region.locator(`tr[data-gate="${result.gate}"]`);
        const line = gateLine(result);
        expect(await row.locator('td').allTextContents()).toEqual([line.measured, line.threshold, 'passed', expect.any(String)]);
      }
      const p95 = wave.gateEvaluation!.gates.find((result) => result.gate === 'maxP95LatencyMs')!;
      expect(p95.measured).toBeGreaterThan(5);
      expect(gateLine(p95).sentence).toMatch(/^p95 latency \d+\.\d+ ms ≤ 50\.0 ms ✓$/);
      // Per-device states: every device active, linked by name.
      const statuses = await region.locator('tr[data-device] td .badge').allTextContents();
      expect(statuses).toEqual(wave.devices.map(() => 'active'));
      for (const entry of wave.devices) {
        await expect(region.locator(`tr[data-device="${entry.deviceId}"] a`).getAttribute('href')).resolves.toBe(`/console/devices/${entry.deviceId}`);
      }
    }
    expect(await page.getByRole('region', { name: /Wave \d of 2/ }).getByRole('link', { name: /^berlin-cam-\d$/ }).count()).toBe(3);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(timeline.locator('tr[data-event="created"]').textContent()).resolves.toContain('ops-alice');
    await expect(timeline.locator('tbody tr').first().getAttribute('data-event')).resolves.toBe('completed');
    // Final: the page has stopped polling, and offers no action.
    expect(await page.getByRole('button', { name: /deployment/ }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'deployment-completed');
    expect(errors).toEqual([]);
  }, 60_000);

  it('pauses, resumes and aborts from the page, shows a refusal, and hides the actions from a viewer', async () => {
    const operator = api(controller, operatorToken);
    const strategy = { kind: 'waves', waves: [{ count: 1, bakeSeconds: 600 }, { bakeSeconds: 0 }] };
    const lenient = { maxFailedPercent: 100, maxErrorRate: 1, maxP95LatencyMs: 100_000, minReportedPercent: 0 };
    const created: DeploymentView = (await operator.post('/deployments', deploymentRequest({ target: { selector: 'site=hamburg' }, strategy, gates: lenient })).expect(201)).body;
    await waitFor(created.id, 'wave 1 baking', (body) => body.waves[0].state === 'baking');

    const page = await browser.newPage();
    const errors = pageErrors(page);
    await signIn(page, controller.url, operatorToken, `/console/deployments/${created.id}`);
    await page.getByRole('button', { name: 'Promote: end this bake now' }).waitFor();

    await page.getByRole('button', { name: 'Pause deployment' }).click();
    await page.getByRole('button', { name: 'Resume deployment' }).waitFor();
    expect((await view(created.id)).state).toBe('paused');
    await stateBadge(page).filter({ hasText: 'paused' }).waitFor();
    // Promote and pause are not offered while paused, as the API would refuse them.
    expect(await page.getByRole('button', { name: /Pause deployment|Promote/ }).count()).toBe(0);

    // Someone resumes it elsewhere while this page, its refresh held back, still shows it paused: the API's refusal is shown.
    const path = `**/api/v1/deployments/${created.id}`;
    const held: Route[] = [];
    await page.route(path, (route) => (route.request().method() === 'GET' ? void held.push(route) : route.continue()));
    await operator.post(`/deployments/${created.id}/resume`).expect(200);
    await page.getByRole('button', { name: 'Resume deployment' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^Cannot resume deployment \S+: it is running; resume applies to a deployment that is paused/);
    await page.unroute(path);
    await Promise.all(held.map((route) => route.continue()));
    await operator.post(`/deployments/${created.id}/pause`).expect(200);
    await page.getByRole('button', { name: 'Resume deployment' }).click();
    await page.getByRole('button', { name: 'Pause deployment' }).waitFor();
    expect((await view(created.id)).state).toBe('running');

    await page.getByRole('button', { name: 'Abort deployment' }).click();
    // Focus goes to the question, so a screen reader says what is at stake; the next Tab is the "yes".
    await expect(page.evaluate<string>('document.activeElement && document.activeElement.textContent')).resolves.toMatch(/^Abort and roll every device/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Tab');
    await expect(page.evaluate<string>('document.activeElement && document.activeElement.textContent')).resolves.toBe('Yes, abort deployment');
    await page.keyboard.press('Enter');
    await stateBadge(page).filter({ hasText: /rolling back|rolled back/ }).waitFor();
    const aborted = await waitFor(created.id, 'rolled back', (body) => body.state === 'rolled_back');
    expect(aborted.timeline.find((event) => event.type === 'aborted')).toMatchObject({ actor: { name: 'ops-alice' } });
    await stateBadge(page).filter({ hasText: 'rolled back' }).waitFor();
    await page.getByRole('region', { name: 'Timeline' }).getByText(/Aborted while running/).waitFor();
    expect(await page.getByRole('button', { name: /deployment/ }).count()).toBe(0);
    // The one error is the refusal the test provoked (the browser logs the 409 response).
    expect(errors.filter((error) => !/status of 409/.test(error))).toEqual([]);

    const viewer = await browser.newPage();
    await signIn(viewer, controller.url, viewerToken, `/console/deployments/${created.id}`);
    await viewer.getByText('Pausing, resuming, promoting and aborting need an operator key; this key can only look.').waitFor();
    expect(await viewer.getByRole('button', { name: /deployment|Promote/ }).count()).toBe(0);
    await viewer.getByRole('link', { name: 'Deployments', exact: true }).click();
    await viewer.getByRole('table', { name: /Deployments/ }).waitFor();
    expect(await viewer.getByRole('link', { name: 'New deployment' }).count()).toBe(0);
    await viewer.getByText('Starting a deployment needs an operator key; this key can only look.').waitFor();
  }, 60_000);

  it('lists the deployments newest first, linking to each', async () => {
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await signIn(page, controller.url, operatorToken, '/console/deployments');
    const { items } = (await admin.get('/deployments').expect(200)).body as { items: DeploymentView[] };
    const rows = page.locator('tr[data-deployment]');
    await rows.first().waitFor();
    expect(await rows.evaluateAll((elements) => elements.map((row) => row.getAttribute('data-deployment')))).toEqual(items.map((item) => item.id));
    for (const item of items) {
      const cells = await page.locator(`tr[data-deployment="${item.id}"] td`).allTextContents();
      expect(cells.slice(0, 5)).toEqual([`${item.model.name}@${item.model.version}`, item.state.replace('_', ' '), ...[item.devices.targeted, item.devices.deployable, item.devices.skipped].map(String)]);
    }
    await page.locator(`tr[data-deployment="${items[0].id}"] a`).click();
    await page.waitForURL(`**/console/deployments/${items[0].id}`);
    await page.goBack();
    await rows.first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'deployments-list');
    expect(errors).toEqual([]);
  });

  it("shows the API's message under the selector when it cannot be parsed, and the API's refusal of the request", async () => {
    const page = await browser.newPage();
    await signIn(page, controller.url, operatorToken, '/console/deployments/new?model=text-direction&version=1');
    const badSelector = 'site in (berlin';
    const expected = (await admin.get(`/devices?selector=${encodeURIComponent(badSelector)}`).expect(400)).body.detail as string;
    await page.getByLabel('Target: label selector').fill(badSelector);
    const alert = page.locator('#selector-preview').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(expected);
    await expect(page.getByLabel('Target: label selector').getAttribute('aria-invalid')).resolves.toBe('true');

    // Hamburg is held by no active deployment now, Berlin's is completed: a rollout there with a 0 s canary is refused by the API.
    await page.getByLabel('Target: label selector').fill('site=hamburg');
    await page.getByText('Matches 2 devices now.').waitFor();
    await page.getByLabel('Canary wave size').fill('0');
    await page.getByRole('button', { name: 'Start deployment' }).click();
    const refusal = page.locator('form > [role="alert"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/strategy\.waves\.0\.count: count must not be less than 1/);
    expect(page.url()).toContain('/console/deployments/new');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
