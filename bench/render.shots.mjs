// Saves the render benchmark's screenshot pair (same data, same canvas size): jinlin into
// bench/render-jinlin.png and ECharts into bench/render-echarts.png.
// Usage: node bench/render.shots.mjs
import { writeFileSync } from 'node:fs';
import { start } from '../tests/browser/browser.mjs';

const env = await start();
try {
  const page = await env.browser.newPage();
  await page.goto(`${env.base}/bench/render.html?runs=3&first=1&picks=10`);
  await page.waitForFunction(() => window.__results, null, { timeout: 600_000, polling: 500 });
  const shots = await page.evaluate(() => window.__shots);
  for (const [name, url] of Object.entries(shots)) {
    const file = new URL(`./render-${name}.png`, import.meta.url);
    writeFileSync(file, Buffer.from(url.split(',')[1], 'base64'));
    console.log('wrote', file.pathname);
  }
} finally {
  await env.close();
}
