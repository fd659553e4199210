import type { Page } from 'playwright-core';
import { accessibilityViolations, BROWSER_TEST_MS, ConsoleBrowser, launchConsoleBrowser, pageErrors, screenshot, signIn } from '../support/console-browser';
import { startController, TestController } from '../support/controller';
import { api, keyWithRole } from '../support/http';

describe('console: signing in and finding the way around (headless Chromium)', () => {
  let controller: TestController;
  let browser: ConsoleBrowser;
  let operatorToken: string;

  beforeAll(async () => {
    controller = await startController();
    const admin = api(controller, controller.adminToken);
    operatorToken = await keyWithRole(admin, 'operator', 'ops-alice');
    await admin.post('/devices', { name: 'berlin-cam-1', hardwareProfile: 'cpu', labels: { site: 'berlin' } }).expect(201);
    browser = await launchConsoleBrowser();
  }, 60_000);
  afterEach(() => browser?.closePages());
  afterAll(async () => {
    await browser?.close();
    await controller?.close();
  });

  it('refuses a wrong key with the controller reason and keeps the form', async () => {
    const page = await browser.newPage();
    await page.goto(`${controller.url}/console/`);
    await page.getByLabel('API key').fill('epk_not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectAlert(page, /API key/i);
    expect(await page.getByLabel('API key').getAttribute('aria-invalid')).toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-refused');
  }, BROWSER_TEST_MS);

  it('signs in, names the key and its role, lists the fleet, and passes the accessibility checks', async () => {
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await signIn(page, controller.url, operatorToken);
    await expect(page.getByRole('banner').textContent()).resolves.toContain('ops-alice (operator)');
    await page.getByRole('link', { name: 'berlin-cam-1' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, BROWSER_TEST_MS);

  it('keeps a deep link through sign-in and shows a page for addresses it does not know', async () => {
    const page = await browser.newPage();
    await signIn(page, controller.url, operatorToken, '/console/no/such/page');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await page.title()).toBe('Page not found · Edgeplane');
    await screenshot(page, 'not-found');
  }, BROWSER_TEST_MS);

  it('works from the keyboard: the skip link goes to the content, Tab reaches the navigation', async () => {
    const page = await browser.newPage();
    await signIn(page, controller.url, operatorToken);
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('main');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedText(page)).toBe('Sign out');
  }, BROWSER_TEST_MS);

  it('signs out on request, and on its own with the reason when the key is revoked', async () => {
    const admin = api(controller, controller.adminToken);
    const token = await keyWithRole(admin, 'viewer', 'soon-revoked');
    const page = await browser.newPage();
    await signIn(page, controller.url, token);
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor(); // a reload keeps the session

    const { id } = (await api(controller, token).get('/me').expect(200)).body as { id: string };
    await admin.delete(`/api-keys/${id}`).expect(200);
    await page.reload();
    await expectAlert(page, /Signed out: .*(revoked|API key)/i);

    await signIn(page, controller.url, operatorToken);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    await page.reload();
    await page.getByLabel('API key').waitFor(); // the key is gone from the tab, not only from the screen
  }, BROWSER_TEST_MS);
});

async function expectAlert(page: Page, text: RegExp): Promise<void> {
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toMatch(text);
}

function focusedText(page: Page): Promise<string> {
  return page.evaluate<string>('document.activeElement ? document.activeElement.textContent.trim() : ""');
}
