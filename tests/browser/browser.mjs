// Shared set-up of the browser tests: the repository served on a free loopback port and
// Debian's Chromium driven by playwright-core (no browser download; see DESIGN.md).
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Starts the static server and Chromium; returns {browser, base, close}. */
export async function start() {
  const server = await serve(0);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return {
    browser, base,
    async close() { await browser.close(); await new Promise((ok) => server.close(ok)); },
  };
}

/** Opens a page and fails the test on any uncaught page error; `init`, if given, runs in the
 * page before its own scripts (`context.addInitScript`). */
export async function openPage(browser, url, options = {}, init = undefined) {
  const context = await browser.newContext(options);
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(url);
  return { page, context, errors };
}
