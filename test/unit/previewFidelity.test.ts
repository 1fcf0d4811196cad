// The preview beside the deployed site, in real Chromium at 1200×900: the IPE corpus snapshot with the
// site's own theme is built by the real Jekyll (as GitHub Pages does), and each built page is shown
// next to `ipe-author preview` of the same source without a build. The built site asks Google Fonts
// for Lora and Open Sans; with no network here, the test serves those requests from the same packaged
// font files the preview uses, so both sides have the same fonts. Its other remote requests (Font
// Awesome, jQuery, Bootstrap's JS, analytics) are refused, as the preview never makes them.
// Held: the first screen within 1% of the pixels (the preview's own markers hidden), the full height
// within 2%, the same post list on the Events page and the home page, the same meta line on posts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { runPreview } from '../../src/previewCommand';
import { jekyllAvailable, JEKYLL_MISSING } from '../support/jekyll';
import { assembleCorpusSite, buildCorpusSite } from '../support/corpusSite';

const root = join(__dirname, '../../..');
const artifacts = join(root, '.test-artifacts/fidelity');
const fonts = join(root, 'media/fonts');
const haveChromium = existsSync('/usr/bin/chromium');
let context: BrowserContext;
let src = '';
let dest = '';
let ready = false;

const PAGES: { source: string; built: string }[] = [
  { source: 'index.md', built: 'index.html' },
  { source: 'posts/index.html', built: 'posts/index.html' },
  { source: 'about.md', built: 'about.html' },
  { source: 'wgs.md', built: 'wgs.html' },
  { source: '_posts/2022-07-26-1.md', built: '2022/07/27/1.html' },
  { source: '_posts/2023-05-17-1.md', built: '2023/05/17/1.html' },
];

const MIME: Record<string, string> = { '.html': 'text/html', '.css': 'text/css', '.js': 'text/javascript', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.woff2': 'font/woff2', '.svg': 'image/svg+xml' };

/** The Google Fonts CSS for a request, made of the packaged font CSS files with their font URLs. */
function googleFontsCss(url: string): string {
  const family = new URL(url).searchParams.get('family') ?? '';
  const files = [/lora/i.test(family) ? 'lora.css' : '', /open\+?\s?sans/i.test(family) ? 'open-sans.css' : ''].filter(Boolean);
  return files.map((f) => readFileSync(join(fonts, f), 'utf8').replace(/url\(\.\//g, 'url(https://fonts.gstatic.com/ipe/')).join('\n');
}

before(async () => {
  if (!haveChromium || !jekyllAvailable()) return;
  src = assembleCorpusSite('ipe-2023-05-29-baseurl-empty');
  dest = join(dirname(src), 'site');
  const b = buildCorpusSite(src, dest);
  assert.ok(b.ok, b.log);
  mkdirSync(artifacts, { recursive: true });
  const { chromium } = await import('playwright-core');
  context = await chromium.launchPersistentContext(join(dirname(src), 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
  });
  // The built site is served as GitHub Pages would serve it, at https://ipe.test/.
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'file:' || url.protocol === 'data:') return route.continue();
    if (url.hostname === 'fonts.googleapis.com') return route.fulfill({ status: 200, contentType: 'text/css', body: googleFontsCss(url.href) });
    if (url.hostname === 'fonts.gstatic.com' && url.pathname.startsWith('/ipe/')) return route.fulfill({ status: 200, contentType: 'font/woff2', body: readFileSync(join(fonts, url.pathname.slice(5))) });
    if (url.hostname === 'ipe.test') {
      let file = join(dest, decodeURIComponent(url.pathname));
      if (existsSync(file) && !extname(file)) file = join(file, 'index.html');
      if (url.pathname.endsWith('/')) file = join(file, 'index.html');
      if (!existsSync(file) && existsSync(file + '.html')) file += '.html';
      if (existsSync(file)) return route.fulfill({ status: 200, contentType: MIME[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
      return route.fulfill({ status: 404, body: 'not found' });
    }
    return route.abort();
  });
  ready = true;
});

after(async () => {
  await context?.close();
  if (src) rmSync(dirname(src), { recursive: true, force: true });
});

async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await Promise.all(Array.from(document.images).map((i) => i.decode().catch(() => undefined)));
  });
}

/** Share of differing pixels between two same-size PNG screenshots (a channel off by more than 40). */
async function differingShare(a: Buffer, b: Buffer): Promise<number> {
  const probe = await context.newPage();
  try {
    return await probe.evaluate(
      async ({ a, b }) => {
        const load = async (data: string) => {
          const img = new Image();
          img.src = `data:image/png;base64,${data}`;
          await img.decode();
          const c = document.createElement('canvas');
          c.width = img.width;
          c.height = img.height;
          const g = c.getContext('2d')!;
          g.drawImage(img, 0, 0);
          return g.getImageData(0, 0, img.width, img.height);
        };
        const [x, y] = [await load(a), await load(b)];
        if (x.width !== y.width || x.height !== y.height) return 1;
        let differ = 0;
        for (let i = 0; i < x.data.length; i += 4) {
          if (Math.abs(x.data[i] - y.data[i]) > 40 || Math.abs(x.data[i + 1] - y.data[i + 1]) > 40 || Math.abs(x.data[i + 2] - y.data[i + 2]) > 40) differ++;
        }
        return differ / (x.width * x.height);
      },
      { a: a.toString('base64'), b: b.toString('base64') },
    );
  } finally {
    await probe.close();
  }
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

async function listsAndMeta(page: Page): Promise<{ posts: string[]; meta: string }> {
  return page.evaluate(() => ({
    posts: Array.from(document.querySelectorAll('.post-preview')).map((e) => (e as HTMLElement).innerText),
    meta: (document.querySelector('.post-heading .meta') as HTMLElement | null)?.innerText ?? '',
  }));
}

for (const p of PAGES) {
  test(`fidelity: ${p.source} beside Jekyll's ${p.built}`, async (t) => {
    if (!haveChromium) return t.skip('chromium not installed');
    if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
    assert.ok(ready);
    const name = p.source.replace(/[/.]/g, '_');
    const out = join(dirname(src), `${name}.html`);
    let err = '';
    const code = await runPreview([join(src, p.source), '-o', out], { out: () => {}, err: (s) => (err += s), cwd: root });
    assert.equal(code, 0, err);

    const site = await context.newPage();
    await site.goto(`https://ipe.test/${p.built}`);
    await settle(site);
    const preview = await context.newPage();
    await preview.goto(pathToFileURL(out).href);
    // The preview's own notes (where the site serves the page, image markers) are not the site's.
    await preview.addStyleTag({ content: '.ipe-served-at, .ipe-marker, .ipe-render-errors { display: none !important; } .ipe-link-broken { outline: none !important; text-decoration: inherit !important; } .ipe-link-broken::after { content: none !important; }' });
    await settle(preview);

    const shots = [await site.screenshot({ path: join(artifacts, `${name}-site.png`) }), await preview.screenshot({ path: join(artifacts, `${name}-preview.png`) })];
    await site.screenshot({ path: join(artifacts, `${name}-site-full.png`), fullPage: true });
    await preview.screenshot({ path: join(artifacts, `${name}-preview-full.png`), fullPage: true });
    const share = await differingShare(shots[0], shots[1]);
    const heights = await Promise.all([site, preview].map((pg) => pg.evaluate(() => document.documentElement.scrollHeight)));
    const [a, b] = await Promise.all([listsAndMeta(site), listsAndMeta(preview)]);
    await site.close();
    await preview.close();
    t.diagnostic(`first screen: ${(share * 100).toFixed(2)}% of pixels differ; height ${heights[1]} px vs ${heights[0]} px`);
    assert.ok(share <= 0.01, `${p.source}: ${(share * 100).toFixed(2)}% of the first screen differs from the built page`);
    assert.ok(Math.abs(heights[1] - heights[0]) / heights[0] <= 0.02, `${p.source}: full height ${heights[1]} px, the built page ${heights[0]} px`);
    assert.deepEqual(b.posts.map(squash), a.posts.map(squash), `${p.source}: the post list`);
    assert.equal(squash(b.meta), squash(a.meta), `${p.source}: the meta line`);
    if (p.source === 'posts/index.html') assert.equal(a.posts.length, 5);
    if (p.source === 'index.md') assert.equal(a.posts.length, 5);
  });
}
