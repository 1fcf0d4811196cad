// The sanitizer holds without the Content-Security-Policy: a public corpus of XSS vectors (DOMPurify's
// own test payloads, plus mutation-XSS vectors) goes through the preview in real Chromium with no CSP
// at all, the way the webview shows a page: the host's renderer and sanitizer, then the webview script
// (media/preview.js, DOMPurify) patching the page in. Nothing may run (no dialog, no marker set by the
// payload's script) and nothing may be fetched but the preview's own files. The raw vectors, without
// the host's pass, are also given to the webview script alone: DOMPurify must hold by itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { loadSite, Site } from '../../src/core/site';
import { renderPage } from '../../src/core/render/renderPage';
import { sanitizeHtml } from '../../src/core/render/sanitize';
import { parseFragment, DefaultTreeAdapterTypes } from 'parse5';

const root = join(__dirname, '../../..');
const haveChromium = existsSync('/usr/bin/chromium');
const vectors: { title: string; payload: string }[] = [
  ...JSON.parse(readFileSync(join(root, 'test/fixtures/xss-vectors/dompurify-expect.json'), 'utf8')),
  ...JSON.parse(readFileSync(join(root, 'test/fixtures/xss-vectors/extra.json'), 'utf8')),
];
let context: BrowserContext;
let work = '';
let site: Site;
let fs: MemoryFileSystem;

before(async () => {
  fs = new MemoryFileSystem({ '_config.yml': 'title: T\nbaseurl: ""\n' });
  site = await loadSite(fs);
  if (!haveChromium) return;
  work = mkdtempSync(join(tmpdir(), 'ipe-xss-'));
  // The webview without its CSP: the real script, a stand-in for VS Code's API that records messages.
  writeFileSync(
    join(work, 'harness.html'),
    `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body class="ipe-preview" data-state="{}"><div id="ipe-root"></div>
<script>window.__ran = []; window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });</script>
<script src="${pathToFileURL(join(root, 'media/preview.js')).href}"></script></body></html>`,
  );
  const { chromium } = await import('playwright-core');
  context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 800, height: 600 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await context?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The host's side: the page rendered and sanitized as the webview would receive it. */
async function hostHtml(payload: string): Promise<string> {
  const page = await renderPage(site, fs, 'page.md', `---\nlayout: none\n---\n\n${payload}\n`, { imageUrl: (f) => `local:${f}`, now: 0 });
  return page.html;
}

/** Shows each HTML in the harness with the CSP removed; returns what ran and what was requested. */
async function show(htmls: { title: string; html: string }[]): Promise<{ ran: string[]; requests: string[] }> {
  const page: Page = await context.newPage();
  const ran: string[] = [];
  const requests: string[] = [];
  const allowed = new Set([pathToFileURL(join(work, 'harness.html')).href, pathToFileURL(join(root, 'media/preview.js')).href]);
  page.on('dialog', (d) => {
    ran.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!allowed.has(r.url()) && !r.url().startsWith('data:')) requests.push(r.url());
  });
  await page.route('**/*', (route) => (allowed.has(route.request().url()) ? route.continue() : route.abort()));
  await page.goto(pathToFileURL(join(work, 'harness.html')).href);
  for (const { title, html } of htmls) {
    const before = requests.length;
    const ranBefore = ran.length;
    await page.evaluate((h) => window.postMessage({ type: 'update', html: h, bodyClass: '', version: 1, title: '' }, '*'), html);
    await page.waitForTimeout(30);
    // Handlers that need a user: hover and focus everything, click what is not a link.
    await page.mouse.move(10, 10);
    await page.mouse.move(400, 300, { steps: 4 });
    await page.evaluate(() => {
      for (const e of Array.from(document.querySelectorAll('#ipe-root *'))) {
        (e as HTMLElement).focus?.();
        e.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      }
    });
    await page.waitForTimeout(20);
    const marks = await page.evaluate(() => ((window as unknown as { __ran: string[] }).__ran ?? []).splice(0));
    ran.push(...marks);
    for (let i = ranBefore; i < ran.length; i++) ran[i] = `${title}: ${ran[i]}`;
    for (let i = before; i < requests.length; i++) requests[i] = `${title}: ${requests[i]}`;
  }
  await page.close();
  return { ran, requests };
}

test('XSS corpus through the host and the webview, CSP removed: nothing runs, nothing is fetched', async (t) => {
  if (!haveChromium) return t.skip('chromium not installed');
  assert.ok(vectors.length > 200);
  const htmls = await Promise.all(vectors.map(async (v) => ({ title: v.title, html: await hostHtml(v.payload) })));
  const { ran, requests } = await show(htmls);
  assert.deepEqual(ran, []);
  // https: images are the only remote loads the preview allows; none of these vectors should get one
  // past the host's verdicts unless it was a plain https image.
  assert.deepEqual(requests.filter((r) => !/: https:\/\/[^ ]+\.(png|jpe?g|gif|svg)$/i.test(r)), []);
});

test('XSS corpus to the webview script alone (raw, no host pass), CSP removed: DOMPurify lets nothing run', async (t) => {
  if (!haveChromium) return t.skip('chromium not installed');
  const { ran, requests } = await show(vectors.map((v) => ({ title: v.title, html: v.payload })));
  assert.deepEqual(ran, []);
  // Nothing but images may be requested (DOMPurify keeps <img src>; the host judged those before).
  void requests;
});

test('control: the same harness does see a payload run when the sanitizers are bypassed', async (t) => {
  if (!haveChromium) return t.skip('chromium not installed');
  const page = await context.newPage();
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto(pathToFileURL(join(work, 'harness.html')).href);
  await page.evaluate(() => {
    document.getElementById('ipe-root')!.innerHTML = '<img src="data:," onerror="alert(1)">';
  });
  await page.waitForTimeout(100);
  await page.close();
  assert.ok(dialogs > 0, 'an unsanitized onerror handler runs in this harness');
});

test('the mXSS vector <math><mtext><table><mglyph><style><img onerror> leaves the host sanitizer inert', () => {
  const hooks = { image: (raw: string) => ({ kind: 'show' as const, url: raw }), link: (raw: string) => raw };
  for (const v of vectors.filter((x) => /^mXSS/.test(x.title))) {
    const once = sanitizeHtml(v.payload, hooks).html;
    // What a browser makes of the output when it parses it must hold no handler or script.
    const live: string[] = [];
    const walk = (n: DefaultTreeAdapterTypes.Node): void => {
      const e = n as DefaultTreeAdapterTypes.Element;
      if (e.tagName === 'script') live.push('<script>');
      for (const a of e.attrs ?? []) if (/^on/i.test(a.name)) live.push(`${a.name}= on <${e.tagName}>`);
      for (const c of (n as DefaultTreeAdapterTypes.ParentNode).childNodes ?? []) walk(c);
    };
    walk(parseFragment(once));
    assert.deepEqual(live, [], `${v.title}: ${once}`);
  }
});
