import type { Page } from 'playwright-core';
import { accessibilityViolations, ConsoleBrowser, pageErrors, screenshot, signIn, BROWSER_TEST_MS } from '../support/console-browser';
import type { TestController } from '../support/controller';
import type { Api } from '../support/http';
import { SimulatedDevice } from '../support/simulated-device';
import { BROKER, bringOnline, ConsoleRig, makeDevice, MadeDevice, startConsoleRig, stopConsoleRig, tableRows, waitForStatus } from './console-fleet-fixture';

/**
 * The fleet overview against a real controller: devices in every status, made through the API and
 * brought online and offline by simulated agents over the real broker.
 */
describe('console: fleet overview (headless Chromium)', () => {
  let rig: ConsoleRig;
  let controller: TestController;
  let browser: ConsoleBrowser;
  let operator: Api;
  let devices: Record<string, MadeDevice>;

  beforeAll(async () => {
    rig = await startConsoleRig();
    ({ controller, browser, operator } = rig);
    devices = {
      berlin1: await makeDevice(operator, 'berlin-cam-1', 'cpu', { site: 'berlin', tier: 'canary' }),
      berlin2: await makeDevice(operator, 'berlin-cam-2', 'cpu', { site: 'berlin' }),
      munich: await makeDevice(operator, 'munich-cam-1', 'cpu', { site: 'munich' }),
      munichGpu: await makeDevice(operator, 'munich-gpu-1', 'gpu', { site: 'munich' }),
      retired: await makeDevice(operator, 'retired-cam-1', 'cpu', { site: 'berlin' }),
    };
    rig.agents.push(await bringOnline(operator, devices.berlin1), await bringOnline(operator, devices.berlin2));
    (await bringOnline(operator, devices.munichGpu)).crash(); // its last will marks it offline
    await waitForStatus(operator, devices.munichGpu.id, 'offline');
    await operator.post(`/devices/${devices.retired.id}/decommission`).expect(200);
  }, 60_000);
  afterEach(() => browser?.closePages());
  afterAll(() => stopConsoleRig(rig), BROWSER_TEST_MS);

  it('counts the devices by status and profile, and charts how many are online', async () => {
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await signIn(page, controller.url, rig.operatorToken);

    const cards = page.getByRole('list', { name: 'Fleet summary' });
    await cards.getByText('Devices in service').waitFor();
    expect(await cardFigures(page)).toEqual({ 'Devices in service': '4', Online: '2', Offline: '1', Provisioned: '1', Decommissioned: '1' });

    const profiles = await tableRows(page, 'Devices by hardware profile and status');
    // Columns: profile, class, online, offline, provisioned, decommissioned, in service.
    expect(profiles).toEqual(
      expect.arrayContaining([
        ['cpu', 'cpu', '2', '0', '1', '1', '3'],
        ['gpu', 'gpu', '0', '1', '0', '0', '1'],
      ]),
    );

    await page.getByText('Devices online and offline: show the numbers as a table').click();
    const availability = await tableRows(page, 'Devices online and offline');
    // Columns: time, online, offline; the latest point is now.
    expect(availability.at(-1)?.slice(1)).toEqual(['2', '1']);
    await page.getByText('Devices online and offline: show the numbers as a table').click(); // closed again for the screenshot

    await page.getByRole('link', { name: 'munich-gpu-1' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await screenshot(page, 'fleet');
  }, BROWSER_TEST_MS);

  it('narrows the list by label selector and status, and shows the API reason for a bad selector under the field', async () => {
    const page = await browser.newPage();
    await signIn(page, controller.url, rig.operatorToken);
    await page.getByRole('link', { name: 'munich-cam-1' }).waitFor();

    await page.getByLabel('Label selector').fill('site=berlin');
    await page.getByLabel('Label selector').press('Enter');
    await expectNames(page, ['berlin-cam-1', 'berlin-cam-2', 'retired-cam-1']);

    await page.getByLabel('Status').selectOption('online');
    await expectNames(page, ['berlin-cam-1', 'berlin-cam-2']);
    expect(page.url()).toContain('selector=site%3Dberlin');

    await page.getByLabel('Label selector').fill('');
    await page.getByLabel('Status').selectOption('offline');
    await expectNames(page, ['munich-gpu-1']);

    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Hardware profile', { exact: true }).selectOption('gpu');
    await expectNames(page, ['munich-gpu-1']);

    const bad = 'site in (berlin';
    const refusal = (await operator.get(`/devices?selector=${encodeURIComponent(bad)}`).expect(400)).body as { detail: string };
    await page.getByLabel('Label selector').fill(bad);
    await page.getByLabel('Label selector').press('Enter');
    const alert = page.locator('#device-selector-error');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(refusal.detail);
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await page.getByLabel('Label selector').getAttribute('aria-invalid')).toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);
  }, BROWSER_TEST_MS);

  it('provisions a device through the form and shows its secret once', async () => {
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await signIn(page, controller.url, rig.operatorToken);
    await page.getByRole('link', { name: 'Provision device' }).click();
    await page.getByRole('heading', { level: 1, name: 'Provision a device' }).waitFor();

    await page.getByLabel('Name').fill('hamburg-cam-1');
    await page.getByLabel('Hardware profile', { exact: true }).selectOption('gpu');
    await page.getByLabel('Labels').fill('site hamburg');
    await page.getByRole('button', { name: 'Provision device' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('"site hamburg" is not key=value');
    await page.getByLabel('Labels').fill('site=ham burg');
    await page.getByRole('button', { name: 'Provision device' }).click();
    // The API checks the characters (Kubernetes label syntax); its reason shows under the field.
    const refusal = (await operator.post('/devices', { name: 'hamburg-cam-1', hardwareProfile: 'gpu', labels: { site: 'ham burg' } }).expect(400)).body as { detail: string };
    await page.locator('#device-labels-error', { hasText: refusal.detail }).waitFor();
    await page.getByLabel('Labels').fill('site=hamburg\ntier=canary');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'provision');
    await page.getByRole('button', { name: 'Provision device' }).click();

    const secret = (await page.getByTestId('device-secret').textContent())!.trim();
    expect(secret).toMatch(/^epd_/);
    expect(await page.getByText('Shown only now.').isVisible()).toBe(true);
    const listed = (await operator.get('/devices?selector=site%3Dhamburg').expect(200)).body.items;
    expect(listed).toEqual([expect.objectContaining({ name: 'hamburg-cam-1', hardwareProfile: 'gpu', labels: { site: 'hamburg', tier: 'canary' }, status: 'provisioned' })]);
    // The secret shown is the device's: an agent connects with it.
    const agent = await SimulatedDevice.connect(BROKER, listed[0].id, secret);
    rig.agents.push(agent);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([expect.stringContaining('status of 400 (Bad Request)')]); // the refused labels, nothing else
    await screenshot(page, 'provisioned-credentials');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Provision a device' }).waitFor();
    expect(await page.content()).not.toContain(secret);
    await page.goto(`${controller.url}/console/devices/${listed[0].id}`);
    await page.getByRole('heading', { level: 1, name: 'Device hamburg-cam-1' }).waitFor();
    expect(await page.content()).not.toContain(secret);
  }, BROWSER_TEST_MS);

  it('shows a viewer the fleet without the provisioning action', async () => {
    const page = await browser.newPage();
    await signIn(page, controller.url, rig.viewerToken);
    await page.getByRole('link', { name: 'berlin-cam-1' }).waitFor();
    expect(await page.getByRole('link', { name: 'Provision device' }).count()).toBe(0);
    await page.getByText('Provisioning and changing devices needs an operator key; this key can only look.').waitFor();
  }, BROWSER_TEST_MS);

  it('loads the next page of devices on request', async () => {
    await Promise.all(Array.from({ length: BULK_DEVICES }, (_, index) => makeDevice(operator, `bulk-cam-${String(index).padStart(2, '0')}`, 'cpu', { site: 'bulk' })));
    const everyDevice = (await operator.get('/devices?limit=500').expect(200)).body.items as { name: string }[];
    const page = await browser.newPage();
    await signIn(page, controller.url, rig.viewerToken);
    await page.getByRole('link', { name: 'berlin-cam-1' }).waitFor();
    expect(await page.locator('table:has(caption:text-is("Devices")) tbody tr').count()).toBe(50);

    await page.getByRole('button', { name: 'Load more devices' }).click();
    await page.getByRole('link', { name: everyDevice.at(-1)!.name }).waitFor();
    expect(await page.locator('table:has(caption:text-is("Devices")) tbody tr').count()).toBe(everyDevice.length);
    expect(await page.getByRole('button', { name: 'Load more devices' }).count()).toBe(0);
  }, BROWSER_TEST_MS);
});

/** Devices enough for a second page of the list (50 a page). */
const BULK_DEVICES = 50;

async function cardFigures(page: Page): Promise<Record<string, string>> {
  const cards = await page.locator('.card').evaluateAll((items) =>
    items.map((item) => [item.querySelector('.card-label')?.textContent ?? '', item.querySelector('.figure')?.textContent ?? '']),
  );
  return Object.fromEntries(cards);
}

/** Waits (up to 5 s) for the device list to show exactly `expected`, then asserts it. */
async function expectNames(page: Page, expected: string[]): Promise<void> {
  const names = async () => (await tableRows(page, 'Devices')).map((row) => row[0]);
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline && JSON.stringify(await names()) !== JSON.stringify(expected)) await page.waitForTimeout(100);
  expect(await names()).toEqual(expected);
}
