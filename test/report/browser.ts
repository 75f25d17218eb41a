/**
 * Opens a local HTML file in Debian's headless Chromium through playwright-core, recording
 * console errors, page errors and every request that would leave the machine. Shared by the
 * report's browser tests; they skip when /usr/bin/chromium is absent, except under CI (`CI` set),
 * where `.ci/run` installs it and a missing browser must fail, not pass unseen.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Whether to run the browser tests: always under CI, elsewhere when Chromium is installed. */
export const runBrowserTests = existsSync(CHROMIUM) || process.env.CI !== undefined;

export interface OpenedPage {
  page: Page;
  consoleErrors: string[];
  networkRequests: string[];
  close(): Promise<void>;
}

/** URLs a self-contained page may touch: its own file, inline data and blobs. */
function isLocal(url: string): boolean {
  return /^(file|data|blob|about):/.test(url);
}

export async function openLocalPage(file: string): Promise<OpenedPage> {
  const profile = mkdtempSync(join(tmpdir(), 'khop-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  const networkRequests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  context.on('request', (r) => { if (!isLocal(r.url())) networkRequests.push(r.url()); });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return {
    page,
    consoleErrors,
    networkRequests,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
