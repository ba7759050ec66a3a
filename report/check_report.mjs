// Opens an iblrnn report.html in headless Chromium (playwright-core driving the system's
// Chromium) and prints one JSON object: console errors, uncaught page errors, any request that
// is not file:/data:/blob: (the page must need no network), and for every figure container
// whether it holds an SVG and how many data marks it drew. Used by the test suite
// (tests/report/test_browser.cpp); also handy by hand:
//   node report/check_report.mjs path/to/report.html /usr/bin/chromium [screenshot.png]
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [, , htmlPath, executablePath, screenshot] = process.argv;
if (!htmlPath || !executablePath) {
  console.error('usage: node check_report.mjs REPORT.html CHROMIUM [SCREENSHOT.png]');
  process.exit(2);
}
const profile = mkdtempSync(join(tmpdir(), 'iblrnn-chromium-'));
const result = { console_errors: [], page_errors: [], external_requests: [], figures: {},
                 missing_boxes: 0, failed_boxes: 0, rendered: null };
let browser;
try {
  browser = await chromium.launchPersistentContext(profile, {
    executablePath, headless: true, viewport: { width: 1400, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = browser.pages()[0] ?? await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') result.console_errors.push(m.text()); });
  page.on('pageerror', (e) => result.page_errors.push(String(e)));
  page.on('request', (r) => {
    const u = r.url();
    if (!/^(file|data|blob|about):/.test(u)) result.external_requests.push(u);
  });
  await page.goto(pathToFileURL(resolve(htmlPath)).href, { waitUntil: 'load' });
  await page.waitForFunction(() => document.body.hasAttribute('data-rendered'), null, { timeout: 60000 })
    .catch(() => {});
  const dom = await page.evaluate(() => {
    const guides = '.role-axis, .role-legend, .role-title';
    const figures = {};
    for (const el of document.querySelectorAll('figure.fig .chart')) {
      const svg = el.querySelector('svg');
      let marks = 0;
      if (svg) {
        for (const g of svg.querySelectorAll('g.role-mark')) {
          if (g.closest(guides)) continue;
          marks += g.querySelectorAll(':scope > path, :scope > rect, :scope > line, :scope > circle, :scope > text, :scope > g').length;
        }
      }
      figures[el.id] = { svg: !!svg, marks };
    }
    return { figures, rendered: document.body.getAttribute('data-rendered'),
             missing: document.querySelectorAll('.missing').length,
             failed: document.querySelectorAll('.failed').length };
  });
  result.figures = dom.figures;
  result.rendered = dom.rendered;
  result.missing_boxes = dom.missing;
  result.failed_boxes = dom.failed;
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
} catch (e) {
  result.page_errors.push('check_report: ' + String(e));
} finally {
  if (browser) await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
