// The preview in real Chromium: screenshots of the seed post and page at 1200px, checked by pixels
// (masthead background under the theme's 50% #212529 overlay, or the grey #6c757d with a marker when
// broken) and by layout boxes; and hostile content that must do nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { runPreview } from '../../src/previewCommand';

const root = join(__dirname, '../../..');
const fixture = join(root, 'test/fixtures/preview-site');
const artifacts = join(root, '.test-artifacts/preview');
const haveChromium = existsSync('/usr/bin/chromium');
let context: BrowserContext;
let work: string;

async function previewFile(file: string, out: string, extra: string[] = []): Promise<void> {
  let err = '';
  const code = await runPreview([file, '-o', out, ...extra], { out: () => {}, err: (s) => (err += s), cwd: root });
  assert.equal(code, 0, err);
}

before(async () => {
  if (!haveChromium) return;
  const { chromium } = await import('playwright-core');
  work = mkdtempSync(join(tmpdir(), 'ipe-preview-'));
  mkdirSync(artifacts, { recursive: true });
  context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await context?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** RGB of screenshot pixels, read back through a canvas. */
async function pixels(page: Page, points: [number, number][]): Promise<number[][]> {
  const png = await page.screenshot();
  const probe = await context.newPage();
  try {
    return await probe.evaluate(
      async ({ data, points }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${data}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const g = canvas.getContext('2d')!;
        g.drawImage(img, 0, 0);
        return points.map(([x, y]) => Array.from(g.getImageData(x, y, 1, 1).data.slice(0, 3)));
      },
      { data: png.toString('base64'), points },
    );
  } finally {
    await probe.close();
  }
}

const overlay = (c: number[]) => [c[0] * 0.5 + 0x21 * 0.5, c[1] * 0.5 + 0x25 * 0.5, c[2] * 0.5 + 0x29 * 0.5];
function near(actual: number[], expected: number[], tolerance: number, what: string): void {
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `${what}: got rgb(${actual}), expected about rgb(${expected.map(Math.round)})`);
}

async function open(file: string, name: string): Promise<Page> {
  const out = join(work, `${name}.html`);
  await previewFile(file, out);
  const page = await context.newPage();
  await page.goto(pathToFileURL(out).href);
  await page.evaluate(() => Promise.all(Array.from(document.images).map((i) => i.decode().catch(() => undefined))));
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
  await page.screenshot({ path: join(artifacts, `${name}-full.png`), fullPage: true });
  return page;
}

test('the seed post: theme sizes at 1200px, meta line, inline images, grey masthead with a marker for its broken background', { skip: !haveChromium }, async () => {
  const page = await open('test/fixtures/preview-site/_posts/2022-11-21-ipe-meeting-london.md', 'seed-post');
  assert.equal(await page.locator('header.masthead h1').innerText(), 'IETF - IPE meeting in London');
  assert.match(await page.locator('header.masthead .meta').innerText(), /^Posted by IPv6 Forum on November 22, 2022 · \d+ mins? read$/);
  const h1 = await page.locator('header.masthead h1').evaluate((e) => ({ size: getComputedStyle(e).fontSize, weight: getComputedStyle(e).fontWeight }));
  assert.deepEqual(h1, { size: '55px', weight: '800' });
  assert.equal(await page.locator('body').evaluate((e) => getComputedStyle(e).fontSize), '20px');
  const column = await page.locator('header.masthead + .container .col-lg-8').boundingBox();
  assert.deepEqual(column && { x: Math.round(column.x), width: Math.round(column.width) }, { x: 220, width: 760 });
  // Both inline images are shown from the workspace, at the width the post asks for.
  const images = await page.locator('.container img').evaluateAll((list) => list.map((i) => ({ loaded: (i as HTMLImageElement).naturalWidth, width: i.getBoundingClientRect().width })));
  assert.deepEqual(images, [{ loaded: 600, width: 600 }, { loaded: 600, width: 600 }]);
  // The background would 404 on the site: grey under the overlay, plus the marker with the reason.
  assert.match(await page.locator('header.masthead .ipe-marker').innerText(), /Broken background: \/ipe\/ipe\/img\/posts\/posts\.jpg[\s\S]*baseurl is added twice/);
  const [bg] = await pixels(page, [[100, 150]]);
  near(bg, overlay([0x6c, 0x75, 0x7d]), 3, 'masthead without its image');
  await page.close();
});

test('the post with a working background shows the image under the overlay', { skip: !haveChromium }, async () => {
  const page = await open('test/fixtures/preview-site/_posts/2022-11-22-ipe-meeting-london-fixed.md', 'fixed-post');
  assert.equal(await page.locator('.ipe-marker').count(), 0);
  const [a, b] = await pixels(page, [[100, 150], [1100, 500]]);
  near(a, overlay([0xe6, 0x78, 0x1e]), 6, 'masthead with posts.jpg');
  near(b, overlay([0xe6, 0x78, 0x1e]), 6, 'masthead with posts.jpg');
  await page.close();
});

test('the seed page: centred h1 at 80px with its description, background image under the overlay', { skip: !haveChromium }, async () => {
  const page = await open('test/fixtures/preview-site/about.md', 'seed-page');
  assert.equal(await page.locator('.page-heading h1').innerText(), 'Our Mission');
  assert.equal(await page.locator('.page-heading .subheading').innerText(), 'This is what we do');
  const style = await page.locator('.page-heading h1').evaluate((e) => ({ size: getComputedStyle(e).fontSize, align: getComputedStyle(e).textAlign }));
  assert.deepEqual(style, { size: '80px', align: 'center' });
  const [bg] = await pixels(page, [[100, 150]]);
  near(bg, overlay([0x28, 0xa0, 0x5a]), 6, 'masthead with bg-about.jpg');
  await page.close();
});

test('scripts, handlers, javascript: links and paths out of the workspace do nothing', { skip: !haveChromium }, async () => {
  // A copy of the fixture site with a hostile post, and a secret file beside (outside) the site.
  const site = join(work, 'site');
  cpSync(fixture, site, { recursive: true });
  writeFileSync(join(work, 'secret.png'), 'not for the preview');
  const post = join(site, '_posts/2022-12-01-hostile.md');
  writeFileSync(
    post,
    `---
layout: post
title: Hostile
background: '/img/posts/posts.jpg'
---

<script>window.__pwned = 'script'</script>
<img id="err" src="missing.png" onerror="window.__pwned = 'onerror'">
<a id="js" href="javascript:window.__pwned='link'">click me</a>
<img id="climb" src="../../../../../../../secret.png">
<img id="file" src="file://${join(work, 'secret.png')}">
<img src="http://example.com/tracker.png">
<div style="background-image: url(http://example.com/bg.png)">http background</div>
<iframe src="javascript:parent.__pwned='iframe'"></iframe>
<svg><script>window.__pwned = 'svg'</script><a id="svgjs" xlink:href="javascript:window.__pwned='svg-link'"><text y="20">svg link</text></a></svg>
<meta http-equiv="refresh" content="0;url=javascript:window.__pwned='meta'">
<base href="file:///">
<img src="/ipe/img/posts/IPE-IETF-ETSI-meeting-blogpost-image-1.png">
`,
  );
  const out = join(work, 'hostile.html');
  let err = '';
  assert.equal(await runPreview([post, '-o', out, '--file-urls'], { out: () => {}, err: (s) => (err += s), cwd: root }), 0, err);
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => violations.push(m.text()));
  await page.goto(pathToFileURL(out).href);
  await page.locator('#js').click().catch(() => undefined);
  await page.locator('#svgjs').click().catch(() => undefined);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp ?? '', /default-src 'none'/);
  assert.match(csp ?? '', /script-src 'nonce-[A-Za-z0-9_-]{20,}'/);
  assert.doesNotMatch(csp ?? '', /unsafe-inline[^;]*;?\s*$|script-src[^;]*unsafe/);
  assert.equal(await page.locator('script').count(), 0);
  assert.equal(await page.locator('[onerror], iframe, base, body meta').count(), 0);
  assert.equal(await page.locator('#js').getAttribute('href'), null);
  // What climbs out of the site resolves on the site's URL space and is broken there; file: is not a web URL.
  assert.equal(await page.locator('#climb').count(), 0);
  assert.equal(await page.locator('#file').count(), 0);
  const markers = await page.locator('.ipe-marker').allInnerTexts();
  assert.ok(markers.some((m) => /secret\.png/.test(m) && /Broken image/.test(m)), markers.join('\n'));
  assert.ok(markers.some((m) => /Blocked image: http:\/\/example\.com\/tracker\.png/.test(m)), markers.join('\n'));
  assert.ok(markers.some((m) => /Blocked background: http:\/\/example\.com\/bg\.png/.test(m)), markers.join('\n'));
  await page.screenshot({ path: join(artifacts, 'hostile.png'), fullPage: true });
  await page.close();
  const fileRequests = requests.filter((u) => u.startsWith('file:'));
  assert.ok(fileRequests.some((u) => u.endsWith('IPE-IETF-ETSI-meeting-blogpost-image-1.png')), 'the good image loads from the site');
  for (const u of fileRequests) assert.ok(u === pathToFileURL(out).href || u.startsWith(pathToFileURL(site).href + '/'), `a request left the site: ${u}`);
  assert.deepEqual(requests.filter((u) => u.startsWith('http:')), []);
});

test('the webview script patches updates in place (same nodes, same scroll) and scrolls to source lines', { skip: !haveChromium }, async () => {
  const { NodeFileSystem } = await import('../../src/core/nodeFileSystem');
  const { loadSite } = await import('../../src/core/site');
  const { renderPage } = await import('../../src/core/render/renderPage');
  const { previewDocument, previewBody, makeNonce } = await import('../../src/core/render/shell');
  const { readFileSync } = await import('node:fs');
  const fs = new NodeFileSystem(fixture);
  const site = await loadSite(fs);
  const path = '_posts/2022-11-22-ipe-meeting-london-fixed.md';
  const text = readFileSync(join(fixture, path), 'utf8');
  const imageUrl = (f: string) => pathToFileURL(join(fixture, f)).href;
  const first = await renderPage(site, fs, path, text, { imageUrl });
  const media = join(root, 'media');
  const out = join(work, 'webview.html');
  writeFileSync(
    out,
    previewDocument(first, {
      nonce: makeNonce(),
      resourceSource: 'file:',
      styles: [{ href: pathToFileURL(join(media, 'preview-base.css')).href }, { href: pathToFileURL(join(media, 'clean-blog.css')).href }],
      scriptUrl: pathToFileURL(join(media, 'preview.js')).href,
      state: { source: 'post', version: 1 },
    }),
  );
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __posted: unknown[]; acquireVsCodeApi: () => unknown };
    w.__posted = [];
    let state: unknown;
    w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.__posted.push(m), getState: () => state, setState: (s: unknown) => (state = s) });
  });
  await page.goto(pathToFileURL(out).href);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'updated'));
  await page.evaluate(() => {
    (document.querySelector('header.masthead') as unknown as { __mark: number }).__mark = 1;
    (document.querySelector('.container img') as unknown as { __mark: number }).__mark = 2;
    window.scrollTo(0, 1500);
  });
  await page.waitForTimeout(100);
  const second = await renderPage(site, fs, path, text + '\nA paragraph typed at the end.\n', { imageUrl });
  await page.evaluate((html) => window.postMessage({ type: 'update', html, bodyClass: '', version: 2, title: 't' }, '*'), previewBody(second));
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string; version?: number }[] }).__posted.some((m) => m.type === 'updated' && m.version === 2));
  const after = await page.evaluate(() => ({
    masthead: (document.querySelector('header.masthead') as unknown as { __mark?: number }).__mark,
    image: (document.querySelector('.container img') as unknown as { __mark?: number }).__mark,
    scrollY: window.scrollY,
    typed: document.body.innerText.includes('A paragraph typed at the end.'),
  }));
  assert.deepEqual(after, { masthead: 1, image: 2, scrollY: 1500, typed: true });
  // Editor → preview: the block of source line 19 comes to the top.
  await page.evaluate(() => window.postMessage({ type: 'scrollTo', line: 19 }, '*'));
  await page.waitForTimeout(100);
  const top = await page.evaluate(() => document.querySelector('[data-line="19"]')!.getBoundingClientRect().top);
  assert.ok(Math.abs(top) <= 2, `line 19 is at ${top}px from the top`);
  // Preview → editor: scrolling by the user reports the line at the top. Only what is posted after this
  // scroll counts (a report of the earlier position may still be on its way on a loaded machine).
  await page.waitForTimeout(300);
  const reportsBefore = await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.length);
  await page.evaluate(() => window.scrollTo(0, document.querySelector<HTMLElement>('[data-line="27"]')!.getBoundingClientRect().top + window.scrollY));
  const reveal = await page.waitForFunction(
    (from) => {
      const posted = (window as unknown as { __posted: { type: string; line?: number }[] }).__posted.slice(from).filter((m) => m.type === 'revealLine');
      // The report of the new position: scrolling may pass through lines on its way there.
      return posted.find((m) => Math.abs(Number(m.line) - 27) < 0.5)?.line;
    },
    reportsBefore,
    { timeout: 10_000 },
  );
  assert.ok(Math.abs(Number(await reveal.jsonValue()) - 27) < 0.5);
  await page.close();
});
