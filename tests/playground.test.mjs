// End-to-end: the release build, served on 127.0.0.1 under a sub-path, in
// headless Chromium. Run by `./dev test` after `trunk build --release`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { launch } from './browser.mjs';
import { serveDist } from './serve.mjs';

let server;
let browser;
before(async () => {
  server = await serveDist({ publicUrl: process.env.DOCKOPT_PUBLIC_URL ?? '/' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function openPlayground() {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(server.url);
  await page.getByTestId('findings').waitFor();
  return { page, errors };
}

const codes = (page) => page.locator('.finding .code').allTextContents();

test('opens with the two example tabs and their findings', async () => {
  const { page, errors } = await openPlayground();
  assert.deepEqual(await page.getByRole('tab').allTextContents(), ['frontend', 'backend']);
  const frontend = await codes(page);
  assert.ok(frontend.includes('DL3009'), `frontend findings: ${frontend}`);
  await page.getByTestId('tab-backend').click();
  assert.match(await page.getByTestId('editor').inputValue(), /FROM python:3\.12/);
  const backend = await codes(page);
  assert.ok(backend.includes('DL3042'), `backend findings: ${backend}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('editing the backend Dockerfile re-analyses it', async () => {
  const { page, errors } = await openPlayground();
  await page.getByTestId('tab-backend').click();
  const before = await codes(page);
  assert.ok(before.includes('DL3042') && before.includes('DO1001'), `before: ${before}`);

  const editor = page.getByTestId('editor');
  const fixed = (await editor.inputValue())
    .replaceAll('pip install', 'pip install --no-cache-dir')
    .replace('EXPOSE 8000', 'USER 1001\nEXPOSE 8000');
  await editor.fill(fixed);
  // The analysis is debounced: wait for the list to change.
  await page.waitForFunction(
    () => ![...document.querySelectorAll('.finding .code')].some((e) => e.textContent === 'DL3042'),
  );
  const after = await codes(page);
  assert.ok(!after.includes('DL3042') && !after.includes('DO1001'), `after: ${after}`);
  assert.ok(after.includes('DL3015'), `untouched findings stay: ${after}`);
  // Positions are line:column of the exact offending word.
  const firstPos = await page.locator('.finding[data-code="DL3015"] .pos').first().textContent();
  assert.equal(firstPos, '6:31');

  await mkdir('dist/screenshots', { recursive: true });
  await page.screenshot({ path: 'dist/screenshots/playground.png' });
  assert.deepEqual(errors, []);
  await page.close();
});
