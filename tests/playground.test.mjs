// End-to-end: the release build, served on 127.0.0.1 under a sub-path, in
// headless Chromium. Run by `./dev test` after `trunk build --release`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { launch } from './browser.mjs';
import { serveDist } from './serve.mjs';

const run = promisify(execFile);
const SHOTS = 'dist/screenshots';

let server;
let browser;
before(async () => {
  server = await serveDist({ publicUrl: process.env.DOCKOPT_PUBLIC_URL ?? '/' });
  browser = await launch();
  await mkdir(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// A page in a fresh context (its own localStorage) unless one is given.
async function openPlayground({ url = server.url, context, viewport = { width: 1280, height: 800 } } = {}) {
  const ctx = context ?? (await browser.newContext({ viewport }));
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.getByTestId('editor').waitFor();
  return { page, errors, context: ctx };
}

const codes = (page) => page.locator('.finding .code').allTextContents();
const editorText = (page) => page.getByTestId('editor').inputValue();

async function documentsOf(page) {
  const names = await page.locator('.tab').allTextContents();
  const out = [];
  for (const name of names) {
    await page.getByTestId(`tab-${name}`).click();
    out.push({ name, text: await editorText(page) });
  }
  return out;
}

test('opens with the two example tabs and their findings', async () => {
  const { page, errors, context } = await openPlayground();
  assert.deepEqual(await page.locator('.tab').allTextContents(), ['frontend', 'backend']);
  const frontend = await codes(page);
  assert.ok(frontend.includes('DL3009'), `frontend findings: ${frontend}`);
  // The severity counts add up to the list.
  const total = Number((await page.getByTestId('findings-count').textContent()).match(/\d+/)[0]);
  assert.equal(total, frontend.length);
  await page.getByTestId('tab-backend').click();
  assert.match(await editorText(page), /FROM python:3\.12/);
  const backend = await codes(page);
  assert.ok(backend.includes('DL3015'), `backend findings: ${backend}`);
  await page.screenshot({ path: `${SHOTS}/findings-1280.png` });
  // The tabs follow the WAI-ARIA keyboard pattern.
  await page.getByTestId('tab-backend').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'tab-frontend');
  assert.equal(await page.getByTestId('tab-frontend').getAttribute('aria-selected'), 'true');
  assert.match(await editorText(page), /^# Frontend/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('editing the backend Dockerfile re-analyses it', async () => {
  const { page, errors, context } = await openPlayground();
  await page.getByTestId('tab-backend').click();
  const before = await codes(page);
  assert.ok(before.includes('DL3009') && before.includes('DL3015'), `before: ${before}`);

  const editor = page.getByTestId('editor');
  const fixed = (await editor.inputValue()).replace('apt-get install -y', 'apt-get install --no-install-recommends -y');
  await editor.fill(fixed);
  // The analysis is debounced: wait for the list to change.
  await page.waitForFunction(
    () => ![...document.querySelectorAll('.finding .code')].some((e) => e.textContent === 'DL3015'),
  );
  const after = await codes(page);
  assert.ok(!after.includes('DL3015'), `after: ${after}`);
  assert.ok(after.includes('DL3009'), `untouched findings stay: ${after}`);
  // Positions are line:column of the exact offending word.
  const pos = await page.locator('.finding[data-code="DL3009"] .pos').first().textContent();
  assert.equal(pos, '6:13');

  // A new problem shows up as a new finding.
  await editor.fill(`${fixed}RUN apt-get install -y git\n`);
  await page.waitForFunction(
    () => [...document.querySelectorAll('.finding .code')].some((e) => e.textContent === 'DL3015'),
  );
  assert.equal(await page.locator('.finding[data-code="DL3015"] .pos').first().textContent(), '20:13');

  // Clicking a finding selects its span in the editor.
  await page.locator('.finding[data-code="DL3009"] button').first().click();
  const selected = await editor.evaluate((t) => ({
    text: t.value.slice(t.selectionStart, t.selectionEnd),
    focused: document.activeElement === t,
    line: t.value.slice(0, t.selectionStart).split('\n').length,
  }));
  assert.deepEqual(selected, { text: 'update', focused: true, line: 6 });

  await page.screenshot({ path: `${SHOTS}/playground.png` });
  assert.deepEqual(errors, []);
  await context.close();
});

test('fix switches change the rewritten text and the diff; the patch downloads', async () => {
  const { page, errors, context } = await openPlayground();
  await page.getByTestId('tab-backend').click();
  await page.getByTestId('panel-rewritten').click();
  const fixes = page.getByTestId('fixes');
  await fixes.waitFor();
  const sideBySide = page.getByTestId('diff-side-by-side');
  const diffText = () => sideBySide.textContent();

  // DL3009's cleanup is safe: on by default, and in the diff.
  const dl3009 = page.getByTestId('fix-DL3009:1');
  assert.equal(await dl3009.isChecked(), true);
  assert.match(await diffText(), /rm -rf \/var\/lib\/apt\/lists/);
  // DL3015 is unsafe: off by default, with its reason.
  const dl3015 = page.getByTestId('fix-DL3015:1');
  assert.equal(await dl3015.isChecked(), false);
  assert.match(await page.locator('.fix[data-fix="DL3015:1"] .status').textContent(), /skipped: unsafe/);

  await dl3015.check();
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.sbs .ins .word')].some((m) => m.textContent.includes('--no-install-recommends')),
  );
  assert.match(await page.locator('.fix[data-fix="DL3015:1"] .status').textContent(), /applied/);

  await page.getByTestId('view-text').click();
  const rewritten = await page.getByTestId('rewritten-text').textContent();
  assert.match(rewritten, /apt-get install --no-install-recommends -y/);
  assert.match(rewritten, /rm -rf \/var\/lib\/apt\/lists/);

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('copy-rewritten').click();
  await page.getByTestId('notice').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), rewritten);

  await page.getByTestId('view-side-by-side').click();
  await dl3009.uncheck();
  await page.waitForFunction(() => !document.querySelector('.sbs')?.textContent.includes('/var/lib/apt/lists'));
  assert.match(await page.locator('.fix[data-fix="DL3009:1"] .status').textContent(), /switched off/);
  await page.screenshot({ path: `${SHOTS}/rewritten-1280.png` });

  await page.getByTestId('view-unified').click();
  const unified = await page.getByTestId('diff-unified').textContent();
  assert.match(unified, /^--- a\/backend\/Dockerfile\n\+\+\+ b\/backend\/Dockerfile\n@@ /);
  assert.ok(!unified.includes('/var/lib/apt/lists'));

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-patch').click()]);
  assert.equal(download.suggestedFilename(), 'backend.Dockerfile.patch');
  const patch = await readFile(await download.path(), 'utf8');
  assert.equal(patch, unified);
  await page.screenshot({ path: `${SHOTS}/unified-1280.png` });

  // "Use in editor" puts the rewrite into the editor; Undo brings the original back.
  const original = await editorText(page);
  await page.getByTestId('use-rewritten').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="editor"]').value.includes('--no-install-recommends'));
  assert.ok(!(await editorText(page)).includes('/var/lib/apt/lists'), 'the switched-off fix stays out');
  await page.getByTestId('undo-close').click();
  assert.equal(await editorText(page), original);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the Share link opens the same documents in a new page', async () => {
  const { page, errors, context } = await openPlayground();
  // Change something first so the link carries more than the examples.
  await page.getByTestId('tab-backend').click();
  await page.getByTestId('editor').fill('FROM python:3.12-slim\nRUN pip install flask\n');
  await page.getByTestId('add-tab').click();
  await page.getByTestId('editor').fill('FROM alpine:3.20\nRUN apk add curl\n');
  await page.getByTestId('rename-tab').click();
  await page.getByTestId('tab-rename').fill('tools');
  await page.getByTestId('tab-rename').press('Enter');
  const want = await documentsOf(page);
  assert.deepEqual(want.map((d) => d.name), ['frontend', 'backend', 'tools']);

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('share').click();
  await page.getByTestId('share-status').waitFor();
  assert.match(await page.getByTestId('share-status').textContent(), /copied|selected/i);
  const link = await page.getByTestId('share-link').inputValue();
  assert.ok(link.startsWith(`${server.url}#v1.`), link);
  await page.screenshot({ path: `${SHOTS}/share-1280.png` });

  const other = await openPlayground({ url: link });
  assert.deepEqual(await documentsOf(other.page), want);
  assert.deepEqual([...errors, ...other.errors], []);
  await other.context.close();
  await context.close();
});

async function cliLink(dir, baseUrl) {
  const args = ['share', join(dir, 'api', 'Dockerfile'), join(dir, 'worker', 'Dockerfile'), '--base-url', baseUrl];
  const bin = process.env.DOCKOPT_CLI ?? 'target/debug/dockopt';
  const { stdout } = existsSync(bin)
    ? await run(bin, args)
    : await run('cargo', ['run', '-q', '-p', 'dockopt-cli', '--', ...args], { maxBuffer: 1 << 24 });
  return stdout.trim();
}

test('a link made by the CLI opens its documents', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dockopt-link-'));
  const api = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n# é and 😀 survive\n';
  const worker = 'FROM node:20\nCOPY . .\nRUN npm install\n';
  await mkdir(join(dir, 'api'));
  await mkdir(join(dir, 'worker'));
  await writeFile(join(dir, 'api', 'Dockerfile'), api);
  await writeFile(join(dir, 'worker', 'Dockerfile'), worker);
  const link = await cliLink(dir, server.url);
  await rm(dir, { recursive: true });
  assert.ok(link.startsWith(`${server.url}#v1.`), link);

  const { page, errors, context } = await openPlayground({ url: link });
  assert.deepEqual(await documentsOf(page), [
    { name: 'api', text: api },
    { name: 'worker', text: worker },
  ]);
  await page.getByTestId('tab-api').click();
  assert.ok((await codes(page)).includes('DL3009'));
  assert.deepEqual(errors, []);
  await context.close();

  // Pasted into an open page (only the fragment changes), it opens too.
  const open = await openPlayground();
  assert.deepEqual(await open.page.locator('.tab').allTextContents(), ['frontend', 'backend']);
  await open.page.evaluate((hash) => {
    location.hash = hash;
  }, link.slice(link.indexOf('#')));
  await open.page.getByTestId('tab-worker').waitFor();
  assert.deepEqual(await documentsOf(open.page), [
    { name: 'api', text: api },
    { name: 'worker', text: worker },
  ]);
  assert.deepEqual(open.errors, []);
  await open.context.close();
});

test('clicking a finding far down scrolls the editor to it', async () => {
  const { page, errors, context } = await openPlayground();
  const filler = Array.from({ length: 150 }, (_, i) => `# line ${i + 2}`).join('\n');
  const text = `FROM debian:12\n${filler}\nRUN apt-get update && apt-get install -y curl\n`;
  await page.getByTestId('editor').fill(text);
  await page.waitForFunction(
    () => document.querySelector('.finding[data-code="DL3009"] .pos')?.textContent === '152:13',
  );
  await page.locator('.finding[data-code="DL3009"] button').click();
  const view = await page.getByTestId('editor').evaluate((t) => {
    const lineHeight = t.scrollHeight / t.value.split('\n').length;
    const line = t.value.slice(0, t.selectionStart).split('\n').length;
    return {
      selected: t.value.slice(t.selectionStart, t.selectionEnd),
      top: t.scrollTop,
      lineTop: (line - 1) * lineHeight,
      height: t.clientHeight,
    };
  });
  assert.equal(view.selected, 'update');
  assert.ok(view.top > 0, 'scrolled');
  assert.ok(view.lineTop >= view.top && view.lineTop <= view.top + view.height, JSON.stringify(view));
  // The underlay that underlines findings scrolls with the text.
  const mirror = await page.locator('.editor-mirror').evaluate((m) => m.scrollTop);
  assert.equal(mirror, view.top);
  const mark = await page.locator('.editor-mirror mark', { hasText: 'update' }).boundingBox();
  const box = await page.getByTestId('editor').boundingBox();
  assert.ok(mark.y > box.y && mark.y < box.y + box.height, `mark at ${mark.y}, editor ${box.y}..${box.y + box.height}`);
  await page.screenshot({ path: `${SHOTS}/scrolled-to-finding-1280.png` });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a broken link shows the codec error and the examples, and the drafts survive', async () => {
  // Make drafts: edit the examples and wait for them to be saved.
  const { page, context } = await openPlayground();
  await page.getByTestId('tab-backend').click();
  const draft = 'FROM python:3.12-slim\n# my draft\n';
  await page.getByTestId('editor').fill(draft);
  await page.waitForFunction(() => localStorage.getItem('dockopt.drafts')?.startsWith('v1.'));
  await page.waitForTimeout(900); // the trailing, throttled save
  const saved = await page.evaluate(() => localStorage.getItem('dockopt.drafts'));
  await page.close();

  // Reopening without a link restores the drafts.
  const again = await openPlayground({ context });
  await again.page.getByTestId('tab-backend').click();
  assert.equal(await editorText(again.page), draft);
  await again.page.close();

  const broken = await openPlayground({ url: `${server.url}#v1.AB%C3%A9cd`, context });
  const notice = broken.page.getByTestId('notice');
  await notice.waitFor();
  const message = await notice.textContent();
  assert.match(message, /The link could not be opened: this link is damaged: character 6 after the `#` is 'é'/);
  assert.match(message, /drafts/);
  assert.deepEqual(await broken.page.locator('.tab').allTextContents(), ['frontend', 'backend']);
  await broken.page.getByTestId('tab-backend').click();
  assert.match(await editorText(broken.page), /FROM python:3\.12\n/);
  // Editing under a broken link does not overwrite the drafts.
  await broken.page.getByTestId('editor').fill('FROM scratch\n');
  await broken.page.waitForTimeout(1000);
  assert.equal(await broken.page.evaluate(() => localStorage.getItem('dockopt.drafts')), saved);
  await broken.page.screenshot({ path: `${SHOTS}/broken-link-1280.png` });
  // And they can be opened from the message, or once it is dismissed, from the top bar.
  assert.equal(await broken.page.getByTestId('restore-drafts').count(), 1);
  await broken.page.getByRole('button', { name: 'Dismiss' }).click();
  await broken.page.getByTestId('restore-drafts-top').click();
  await broken.page.getByTestId('tab-backend').click();
  assert.equal(await editorText(broken.page), draft);
  assert.deepEqual(broken.errors, []);
  await context.close();
});

test('the fragment follows the text, at most one replaceState per 750 ms', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    window.__replaced = [];
    const original = history.replaceState.bind(history);
    history.replaceState = (state, title, url) => {
      window.__replaced.push({ at: performance.now(), url: String(url) });
      return original(state, title, url);
    };
  });
  const { page, errors } = await openPlayground({ context });
  const editor = page.getByTestId('editor');
  await editor.click();
  await page.keyboard.press('Control+End');
  const start = await page.evaluate(() => performance.now());
  for (const ch of '\nRUN echo typed-quickly') {
    await page.keyboard.type(ch);
    await page.waitForTimeout(60);
  }
  const typed = (await page.evaluate(() => performance.now())) - start;
  await page.waitForTimeout(1000);
  const calls = await page.evaluate(() => window.__replaced);
  // One call at the first keystroke, then at most one per 750 ms, plus the trailing one.
  const most = Math.ceil(typed / 750) + 1;
  assert.ok(calls.length >= 2 && calls.length <= most, `${calls.length} calls over ${typed} ms of typing (at most ${most})`);
  for (let i = 1; i < calls.length; i++) {
    assert.ok(calls[i].at - calls[i - 1].at >= 740, `calls ${i - 1} and ${i} are ${calls[i].at - calls[i - 1].at} ms apart`);
  }
  // The last write carries the final text: a new page opens it.
  const url = await page.evaluate(() => location.href);
  const text = await editorText(page);
  assert.ok(text.endsWith('RUN echo typed-quickly'), text);
  const other = await openPlayground({ url });
  assert.equal(await editorText(other.page), text);
  assert.deepEqual([...errors, ...other.errors], []);
  await other.context.close();
  await context.close();
});

test('narrow screens stack the editor above the results', async () => {
  const { page, errors, context } = await openPlayground({ viewport: { width: 390, height: 844 } });
  const editor = await page.getByTestId('editor').boundingBox();
  const results = await page.locator('.results-pane').boundingBox();
  assert.ok(results.y >= editor.y + editor.height - 1, 'results below the editor');
  assert.ok(editor.width <= 390 && results.width <= 390);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= 390, `no sideways scrolling (${scrollWidth}px)`);
  await page.screenshot({ path: `${SHOTS}/narrow-390.png`, fullPage: true });
  await page.getByTestId('panel-rewritten').click();
  await page.screenshot({ path: `${SHOTS}/narrow-rewritten-390.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('bad input gets findings, never a blank page', async () => {
  const { page, errors, context } = await openPlayground();
  const junk = [
    'FROM',
    'RUN <<EOF',
    '\\',
    'COPY --from= . .',
    '\u0000\u{1F600}\r\n\tONBUILD ONBUILD',
    'ARG ${',
    'RUN apt-get install -y "unterminated',
  ].join('\n');
  await page.getByTestId('editor').fill(junk.repeat(50));
  await page.waitForFunction(() => document.querySelectorAll('.finding').length > 0);
  await page.getByTestId('panel-rewritten').click();
  await page.getByTestId('rewrite-summary').waitFor();
  await page.getByTestId('editor').fill('');
  await page.getByTestId('panel-findings').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="findings-count"]')?.textContent === 'No findings');
  assert.equal(await page.locator('.fatal').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the size panel prices the image before and after the selected fixes', async () => {
  const { page, errors, context } = await openPlayground();
  await page.getByTestId('tab-backend').click();
  await page.getByTestId('panel-size').click();
  const before = page.getByTestId('size-before');
  await before.waitFor();
  const figure = async (id) => page.getByTestId(id).locator('.figure-value').textContent();
  assert.match(await figure('size-before'), /\d+(\.\d)? (MB|GB)/);
  // The headline and the scores, as `dockopt estimate` prints them.
  assert.match(await page.getByTestId('size-headline').textContent(), /^Current Size: .*(MB|GB), Optimization Potential: /);
  assert.match(await page.getByTestId('score-security').locator('summary').textContent(), /^Security \d+\.\d\/10$/);
  await page.getByTestId('score-size').locator('summary').click();
  assert.match(await page.getByTestId('score-size').textContent(), /−\d\.\d .*DL3009/s);
  assert.match(await before.textContent(), /compressed/);
  // Every layer of the shipped image is listed with its size and source.
  const layers = page.getByTestId('layers-before').locator('tbody tr');
  assert.ok((await layers.count()) >= 3, 'base, apt, pip… layers');
  assert.match(await layers.first().textContent(), /FROM|python/);
  const afterBefore = await figure('size-after');

  // Switching off a fix that is on and saves (on this example: pip's cache,
  // DL3042) changes the estimate after fixes.
  await page.getByTestId('panel-rewritten').click();
  const id = await page.locator('.fix').evaluateAll((rows) =>
    rows
      .filter((r) => r.querySelector('input').checked)
      .filter((r) => /^saves [^0]/.test(r.querySelector('[data-testid="fix-saving"]')?.textContent ?? ''))
      .map((r) => r.dataset.fix)[0],
  );
  assert.ok(id, 'a fix that is on and saves something');
  await page.getByTestId(`fix-${id}`).uncheck();
  await page.getByTestId('panel-size').click();
  await page.waitForFunction(
    (old) => document.querySelector('[data-testid="size-after"] .figure-value')?.textContent !== old,
    afterBefore,
  );
  await page.getByTestId('panel-rewritten').click();
  await page.getByTestId(`fix-${id}`).check();
  await page.getByTestId('panel-size').click();
  // The worker answers asynchronously: wait for the figure to come back.
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="size-after"] .figure-value')?.textContent === want,
    afterBefore,
  );
  assert.notEqual(await figure('size-saving'), '0 B');
  await page.getByTestId('size-sources').locator('summary').click();
  assert.match(await page.getByTestId('size-sources').textContent(), /measured: python:3\.12/);
  await page.screenshot({ path: `${SHOTS}/size-1280.png` });
  await page.getByTestId('layers-before').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/size-layers-1280.png` });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the size estimator loads in a worker of its own after the findings', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  const loaded = [];
  const urls = [];
  page.on('requestfinished', (r) => {
    loaded.push(new URL(r.url()).pathname);
    urls.push(r.url());
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(server.url);
  await page.getByTestId('findings-count').waitFor();
  await page.getByTestId('panel-size').click();
  await page.getByTestId('size-before').waitFor();
  const wasm = loaded.filter((p) => p.endsWith('.wasm')).map((p) => p.split('/').pop());
  assert.equal(wasm.length, 2, `two wasm files: ${wasm}`);
  assert.match(wasm[0], /^dockopt-web-.*_bg\.wasm$/, 'the page first');
  assert.equal(wasm[1], 'size_worker_bg.wasm', 'then the worker');
  // The unhashed worker is asked for with the page's build id, so a cached
  // worker of an earlier deploy is never paired with this page.
  const id = wasm[0].match(/^dockopt-web-([0-9a-f]+)_bg\.wasm$/)[1];
  assert.ok(urls.some((u) => u.endsWith(`/size_worker.js?v=${id}`)), `worker js with ?v=${id}: ${urls}`);
  assert.ok(urls.some((u) => u.endsWith(`/size_worker_bg.wasm?v=${id}`)), `worker wasm with ?v=${id}`);
  assert.ok(loaded.includes(new URL('size_worker_bg.wasm', server.url).pathname), 'served under the sub-path');
  assert.match(await page.getByTestId('panel-size').textContent(), /Size \(~?\d/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a package outside the embedded subset is sized from the full Debian table, fetched once', async () => {
  const { page, errors, context } = await openPlayground();
  const table = () => server.served.filter((p) => p === '/dockopt/debian_full.tsv.zz' || p === '/debian_full.tsv.zz');
  const before = table().length;
  await page.getByTestId('tab-backend').click();
  await page.getByTestId('panel-size').click();
  await page.getByTestId('size-before').waitFor();
  assert.equal(table().length, before, 'not fetched for the examples');
  await page.getByTestId('editor').fill(
    'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends figlet && rm -rf /var/lib/apt/lists/*\n',
  );
  // First the subset's answer would say "apt: not resolved: figlet"; the
  // worker holds it back, fetches the full table and answers with it.
  await page.waitForFunction(() => {
    const text = document.querySelector('[data-testid="layers-before"]')?.textContent ?? '';
    return /debian:12-slim/.test(text) && /apt-get install: 1 package/.test(text);
  });
  assert.doesNotMatch(await page.getByTestId('layers-before').textContent(), /not resolved/);
  assert.equal(table().length, before + 1, 'fetched once');
  assert.equal(await page.getByTestId('apt-table-error').count(), 0);
  await page.screenshot({ path: `${SHOTS}/size-full-table-1280.png` });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a size worker that cannot load is reported, and findings still work', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await ctx.route('**/size_worker*', (route) => route.fulfill({ status: 404, body: 'not found' }));
  const page = await ctx.newPage();
  await page.goto(server.url);
  await page.getByTestId('findings-count').waitFor();
  assert.ok((await codes(page)).includes('DL3009'));
  await page.getByTestId('panel-size').click();
  await page.getByTestId('size-loading').waitFor();
  // The watchdog gives the worker 15 s for its first answer.
  await page.getByTestId('size-unavailable').waitFor({ timeout: 25_000 });
  assert.match(await page.getByTestId('size-unavailable').textContent(), /could not be loaded/);
  await page.screenshot({ path: `${SHOTS}/size-unavailable-1280.png` });
  await page.getByTestId('panel-findings').click();
  assert.ok((await codes(page)).includes('DL3009'), 'the findings are still there');
  await ctx.close();
});

test('text too large for a link says so and keeps the last drafts', async () => {
  const { page, errors, context } = await openPlayground();
  // Built in the page: Playwright's fill is slow with a megabyte of text.
  const length = await page.getByTestId('editor').evaluate((t) => {
    t.value = `FROM scratch\n${'# padding padding padding padding\n'.repeat(34000)}`;
    t.dispatchEvent(new Event('input', { bubbles: true }));
    return t.value.length;
  });
  assert.ok(length > 1024 * 1024);
  await page.getByTestId('notice').waitFor({ timeout: 20000 });
  assert.match(await page.getByTestId('notice').textContent(), /Too much text to keep in the link or the drafts \(the shared Dockerfiles are larger than 1024 KiB/);
  assert.equal(await page.evaluate(() => localStorage.getItem('dockopt.drafts')), null);
  assert.deepEqual(errors, []);
  await context.close();
});
