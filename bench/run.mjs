// Runs a browser benchmark page in headless Chromium and prints its results; with --record,
// writes them into bench/RESULTS.md between the markers of that benchmark.
// Usage: node bench/run.mjs assign [--record] [--query runs=9&turf=5000]
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { start } from '../tests/browser/browser.mjs';

const name = process.argv[2] ?? 'assign';
const record = process.argv.includes('--record');
const qi = process.argv.indexOf('--query');
const query = qi > 0 ? `?${process.argv[qi + 1]}` : '';

const env = await start();
try {
  const page = await env.browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error(m.text()); });
  const loadBefore = loadavg()[0];
  await page.goto(`${env.base}/bench/${name}.html${query}`);
  await page.waitForFunction(() => window.__results, null, { timeout: 30 * 60_000, polling: 500 });
  const res = await page.evaluate(() => window.__results);
  if (res.error) throw new Error(res.error);
  // the machine is shared: the 1-minute load average before and after, with the figures
  res.load = [loadBefore, loadavg()[0]];
  const version = await env.browser.version();
  const md = (await import(`./${name}.report.mjs`)).report(res, version);
  console.log(md);
  if (record) {
    const file = new URL('./RESULTS.md', import.meta.url);
    const begin = `<!-- ${name}:begin -->`, end = `<!-- ${name}:end -->`;
    let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
    const block = `${begin}\n${md}\n${end}`;
    text = text.includes(begin)
      ? text.replace(new RegExp(`${begin}[\\s\\S]*${end}`), block)
      : `${text.trimEnd()}\n\n${block}\n`;
    writeFileSync(file, text);
    console.log('recorded in bench/RESULTS.md');
  }
} finally {
  await env.close();
}
