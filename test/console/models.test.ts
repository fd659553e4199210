import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { CompileJobView, ModelSummaryView, ModelVersionView } from '@edgeplane/contracts';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { accessibilityViolations, ConsoleBrowser, launchConsoleBrowser, pageErrors, screenshot, signIn } from '../support/console-browser';
import { startController, TestController } from '../support/controller';
import { api, keyWithRole, sendRaw } from '../support/http';
import { RunningProcess, startCompilerFor } from '../support/processes';

const MODEL = 'text-direction';
/** CPU int8 and GPU fp16 of the text-direction classifier compile and verify in well under a minute here. */
const PROFILES = ['cpu', 'gpu'];

describe('console: models — upload, versions, compile and variants (headless Chromium, real controller and compiler)', () => {
  let controller: TestController;
  let compiler: RunningProcess;
  let browser: ConsoleBrowser;
  let operatorToken: string;
  let viewerToken: string;
  let modelBytes: Buffer;

  beforeAll(async () => {
    controller = await startController();
    compiler = await startCompilerFor(controller);
    const admin = api(controller, controller.adminToken);
    operatorToken = await keyWithRole(admin, 'operator', 'ops-alice');
    viewerToken = await keyWithRole(admin, 'viewer', 'view-victor');
    modelBytes = await readFile(REAL_MODEL_FILES.cls);
    browser = await launchConsoleBrowser();
  }, 90_000);
  afterEach(() => browser?.closePages());
  afterAll(async () => {
    await browser?.close();
    await compiler?.stop();
    await controller?.close();
  });

  it('an operator uploads the ONNX file through the form, sees the progress bar fill, and lands on the new version', async () => {
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await signIn(page, controller.url, operatorToken, '/console/models');
    await page.getByText('No model has been uploaded yet.').waitFor();
    await page.getByRole('link', { name: 'Upload model' }).click();
    await page.getByLabel('Model name').fill(MODEL);
    await page.getByLabel('ONNX file').setInputFiles(REAL_MODEL_FILES.cls);
    await recordProgressValues(page);
    // A slow site link, so that the bar is there long enough to be seen (≈ 4 s for the 0.6 MB model).
    await throttleUploads(page, 150_000);

    await page.getByRole('button', { name: 'Upload model' }).click();
    await page.getByRole('progressbar', { name: /Uploading the model ch_ppocr_mobile_v2\.0_cls_infer\.onnx/ }).waitFor();
    await someBytesSent(page);
    const total = `${(modelBytes.length / 1000).toFixed(1)} kB`; // 0.6 MB, as the console's formatBytes writes it
    expect(await page.locator('#upload-progress-text').textContent()).toMatch(new RegExp(`^\\d+ % — [\\d.]+ k?B of ${total} sent$`));
    await screenshot(page, 'model-upload');

    await page.waitForURL(`${controller.url}/console/models/${MODEL}/versions/1`, { timeout: 30_000 });
    await page.getByRole('heading', { level: 1, name: `Model ${MODEL}` }).waitFor();
    expect(await page.evaluate<number[]>('window.progressValues')).toContain(modelBytes.length); // the bar reached 100 %

    const stored = (await api(controller, operatorToken).get(`/models/${MODEL}/versions/1`).expect(200)).body as ModelVersionView;
    expect(stored.sizeBytes).toBe(modelBytes.length);
    expect(stored.sha256).toBe(createHash('sha256').update(modelBytes).digest('hex'));
    await page.getByText(stored.sha256).waitFor();
    expect(await page.getByRole('link', { name: 'version 1' }).getAttribute('aria-current')).toBe('page');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it(`compiles the version for ${PROFILES.join(' and ')} from the page, live, and shows the figures the API holds`, async () => {
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await signIn(page, controller.url, operatorToken, `/console/models/${MODEL}`);
    await page.getByText('Not compiled for any hardware profile yet.').waitFor();
    for (const profile of PROFILES) await page.getByRole('checkbox', { name: profile, exact: true }).check();
    // An option out of range: the API's reason is shown and nothing is queued.
    const tooSparse = { profiles: PROFILES, options: { pruneSparsity: 2 } };
    const refused = await api(controller, operatorToken).post(`/models/${MODEL}/versions/1/compile`, tooSparse).expect(400);
    await page.getByText('Options (pruning').click();
    await page.getByLabel('Prune to sparsity').fill('2');
    await page.getByRole('button', { name: 'Compile version 1' }).click();
    expect(await page.getByRole('alert').textContent()).toBe(refused.body.detail);
    await page.getByLabel('Prune to sparsity').fill('');
    await page.getByRole('button', { name: 'Compile version 1' }).click();
    await page.getByText(`Queued ${PROFILES.join(', ')}`).waitFor();
    await page.getByText(/^Compiling \d of 2: /).waitFor(); // per-profile progress while the compiler works

    const variants = page.getByRole('table', { name: `Variants of ${MODEL} version 1` });
    await variants.getByText('accepted').nth(PROFILES.length - 1).waitFor({ timeout: 90_000 });
    const jobs = (await api(controller, operatorToken).get(`/models/${MODEL}/versions/1/variants`).expect(200)).body as CompileJobView[];
    expect(jobs.map((job) => [job.hardwareProfile, job.status]).sort()).toEqual(PROFILES.map((profile) => [profile, 'accepted']));
    for (const job of jobs) {
      const cells = variants.getByRole('row', { name: new RegExp(`^${job.hardwareProfile} `) }).getByRole('cell');
      const figures = job.figures!;
      expect(await cells.nth(0).textContent()).toBe('accepted');
      expect(await cells.nth(2).textContent()).toBe(`${fixed(figures.sizeRatio, 2)}×`);
      expect(await cells.nth(3).textContent()).toMatch(new RegExp(`^${fixed(figures.cosine, 4)}min ${fixed(figures.minCosine, 4)};`));
    }
    expect(await page.getByRole('heading', { level: 2, name: /^Variants/ }).textContent()).toBe('Variants: 2 accepted, 0 rejected');
    expect(await page.getByRole('link', { name: 'Deploy this version' }).getAttribute('href')).toBe(
      `/console/deployments/new?model=${MODEL}&version=1`,
    );

    // Every variant is final: the page stops asking.
    const asked = countRequests(page, '/variants');
    await page.waitForTimeout(5_000);
    expect(asked()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'model-page');
    expect(errors.filter((error) => !/status of 400/.test(error))).toEqual([]); // the refused option only
  }, 120_000);

  it('lists the models with their version count and latest version, each linking to its page', async () => {
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await signIn(page, controller.url, operatorToken, '/console/models');
    const [summary] = (await api(controller, operatorToken).get('/models').expect(200)).body as ModelSummaryView[];
    const row = page.getByRole('row', { name: new RegExp(`^${MODEL} `) });
    expect(await row.getByRole('cell').nth(0).textContent()).toBe(String(summary.versions));
    expect(await row.getByRole('cell').nth(1).textContent()).toBe(`version ${summary.latestVersion}`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'models-list');
    await row.getByRole('link', { name: MODEL, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Model ${MODEL}` }).waitFor();
    expect(errors).toEqual([]);
  });

  it("shows the API's reason for a file that is not ONNX and for a bad name, and stores nothing", async () => {
    const notes = Buffer.from('Meeting notes, 3 March: ship the console.\n');
    const expected = (await sendRaw(controller, '/models/meeting-notes/versions', notes).expect(400)).body.detail as string;
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await signIn(page, controller.url, operatorToken, '/console/models/upload');
    await page.getByLabel('Model name').fill('meeting-notes');
    await page.getByLabel('ONNX file').setInputFiles({ name: 'notes.onnx', mimeType: 'application/octet-stream', buffer: notes });
    await page.getByRole('button', { name: 'Upload model' }).click();
    expect(await page.getByRole('alert').textContent()).toBe(expected);
    const models = (await api(controller, operatorToken).get('/models').expect(200)).body as ModelSummaryView[];
    expect(models.map((model) => model.name)).toEqual([MODEL]);
    await api(controller, operatorToken).get('/models/meeting-notes/versions').expect(404);
    expect(await accessibilityViolations(page)).toEqual([]);

    const badName = (await api(controller, operatorToken).get(`/models/${encodeURIComponent('Meeting Notes')}/versions`).expect(400)).body
      .detail as string;
    await page.getByLabel('Model name').fill('Meeting Notes');
    await page.getByLabel('ONNX file').setInputFiles(REAL_MODEL_FILES.cls);
    await page.getByRole('button', { name: 'Upload model' }).click();
    await page.getByRole('alert').filter({ hasText: badName }).waitFor();
    expect(await page.getByLabel('Model name').inputValue()).toBe('Meeting Notes'); // kept, to be corrected
    // The browser logs each refused request; nothing else may go wrong.
    expect(errors.filter((error) => !/status of 400/.test(error))).toEqual([]);
  });

  it('cancels an upload on request, and the model is not stored', async () => {
    const page = await browser.newPage();
    await signIn(page, controller.url, operatorToken, '/console/models/upload');
    await page.getByLabel('Model name').fill('cancelled-upload');
    await page.getByLabel('ONNX file').setInputFiles(REAL_MODEL_FILES.cls);
    await throttleUploads(page, 50_000);
    await page.getByRole('button', { name: 'Upload model' }).click();
    await someBytesSent(page);
    await page.getByRole('button', { name: 'Cancel upload' }).click();
    await page.getByRole('status').filter({ hasText: 'Upload cancelled; nothing new was stored.' }).waitFor();
    await page.getByRole('button', { name: 'Upload model' }).waitFor();
    await api(controller, operatorToken).get('/models/cancelled-upload/versions').expect(404);
  });

  it('a viewer sees the models, versions and variants but no upload or compile controls', async () => {
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await signIn(page, controller.url, viewerToken, '/console/models');
    await page.getByRole('link', { name: MODEL, exact: true }).waitFor();
    await page.getByText('Uploading and compiling models needs an operator key').waitFor();
    expect(await page.getByRole('link', { name: 'Upload model' }).count()).toBe(0);

    await page.getByRole('link', { name: MODEL, exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Variants: 2 accepted, 0 rejected' }).waitFor();
    await page.getByText('Uploading and compiling needs an operator key').waitFor();
    for (const control of ['Compile version 1', 'Upload a new version', 'Deploy this version']) {
      expect(await page.getByText(control).count()).toBe(0);
    }
    expect(await page.getByRole('checkbox').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

/** The same rounding as the console's formatNumber (format.ts), for comparing what the page shows. */
function fixed(value: number, digits: number): string {
  return value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Chromium's own network throttling (DevTools protocol) for this page's uploads. */
async function throttleUploads(page: Page, bytesPerSecond: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond });
}

/** Keeps every value the page's <progress> takes in window.progressValues (the page moves on when done). */
async function recordProgressValues(page: Page): Promise<void> {
  await page.evaluate(`
    window.progressValues = [];
    new MutationObserver(() => {
      const bar = document.querySelector('progress');
      if (bar) window.progressValues.push(Number(bar.value));
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
  `);
}

/** Waits until the upload's <progress> has moved (polled from here: the page's CSP forbids eval in it). */
async function someBytesSent(page: Page): Promise<void> {
  const bar = page.locator('progress');
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(50)) {
    if (Number(await bar.getAttribute('value').catch(() => null)) > 0) return;
  }
  throw new Error('the progress bar did not move in 10 s');
}

/** How many requests to a path the page makes from now on. */
function countRequests(page: Page, pathPart: string): () => number {
  let count = 0;
  page.on('request', (request) => {
    if (request.url().includes(pathPart)) count += 1;
  });
  return () => count;
}
