import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium package; EDGEPLANE_CHROMIUM names another build. */
const CHROMIUM = process.env.EDGEPLANE_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots of every console page, kept after the run for people to look at (CI keeps the folder). */
export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-artifacts', 'console');

/**
 * Time for one browser test: Chromium, the controller, PostgreSQL and the other test files share two
 * cores in a full run, where a step that takes 2 s alone can take 20.
 */
export const BROWSER_TEST_MS = 60_000;

/** A laptop screen: the console is laid out for it first. */
const LAPTOP = { width: 1280, height: 800 };

export interface ConsoleBrowser {
  browser: Browser;
  /** A fresh context (no cookies, no sessionStorage) per sign-in, like a new tab in a private window. */
  newPage(): Promise<Page>;
  /**
   * Closes every page opened so far. Test files call it after each test: an open console page keeps
   * polling the controller every 2 s, and a file's worth of them slows every other test on the machine.
   */
  closePages(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Real headless Chromium (no mocks: the console talks to a real controller). The flags keep it
 * from reaching for Google's services, which this machine's closed network refuses, and let it
 * run as root in a container; Playwright gives each launch an empty profile of its own.
 */
export async function launchConsoleBrowser(): Promise<ConsoleBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set EDGEPLANE_CHROMIUM`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  let contexts: BrowserContext[] = [];
  const closePages = async () => {
    const open = contexts;
    contexts = [];
    await Promise.all(open.map((context) => context.close().catch(() => undefined)));
  };
  return {
    browser,
    newPage: async () => {
      const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', timezoneId: 'UTC' });
      contexts.push(context);
      return context.newPage();
    },
    closePages,
    close: async () => {
      await closePages();
      await browser.close();
    },
  };
}

/** Opens the console at `path` and signs in with `token` through the sign-in form, as a person would. */
export async function signIn(page: Page, controllerUrl: string, token: string, path = '/console/'): Promise<void> {
  await page.goto(controllerUrl + path);
  await page.getByLabel('API key').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/**
 * Full-page screenshot under test-artifacts/console/<name>.png, and the laptop check that goes with
 * it: a page wider than the window (something a person would have to scroll sideways for) fails,
 * after the screenshot is saved so that one can see what sticks out.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  const overflow = await horizontalOverflow(page);
  if (overflow > 0) throw new Error(`${name}: the page is ${overflow} px wider than the ${LAPTOP.width} px window (see ${path})`);
  return path;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/**
 * Runs axe-core (Deque's accessibility engine) in the page against WCAG 2.1 A and AA: labels,
 * names, landmarks, contrast. Returns the violations as readable lines; a test expects none.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
  // govern: a script tag would be refused (script-src 'self'), and the tests keep that policy on.
  await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const tags = JSON.stringify(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ${tags} } }).then((result) => result.violations)`,
  );
  return violations.map(
    (violation) => `${violation.id} (${violation.impact}): ${violation.help} — at ${violation.nodes.map((node) => node.target.join(' ')).join('; ')}`,
  );
}

/**
 * Everything the page reports as an error: uncaught exceptions, console errors (a refused
 * Content-Security-Policy shows up here), failed requests to the controller. A test expects none
 * unless it provoked one.
 */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/**
 * How many CSS pixels the page is wider than its window (0 when it fits): on a laptop screen
 * nothing should need scrolling sideways except inside a wide table's own scroll area.
 */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('Math.max(0, document.documentElement.scrollWidth - window.innerWidth)');
}
