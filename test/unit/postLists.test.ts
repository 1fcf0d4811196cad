// Pages that list posts and post navigation, held to the real Jekyll: the IPE corpus with its own theme
// built by jekyll (jekyll-paginate whitelisted as on GitHub Pages) and rendered by the preview without a
// build. The Events page (`posts/index.html`, whose paginator loop is in the page itself) and its
// paginated pages, the home page's list, every post's Previous/Next buttons and meta line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite, Site } from '../../src/core/site';
import { renderPage, RenderCache } from '../../src/core/render/renderPage';
import { paginationOf, paginatedPages } from '../../src/core/render/pagination';
import { jekyllAvailable, JEKYLL_MISSING } from '../support/jekyll';
import { assembleCorpusSite, buildCorpusSite, CORPUS_SNAPSHOTS, CorpusSnapshot } from '../support/corpusSite';

interface Built {
  src: string;
  dest: string;
  site: Site;
  fs: NodeFileSystem;
  cache: RenderCache;
}
const built = new Map<CorpusSnapshot, Built>();

before(async () => {
  if (!jekyllAvailable()) return;
  for (const snapshot of Object.keys(CORPUS_SNAPSHOTS) as CorpusSnapshot[]) {
    const src = assembleCorpusSite(snapshot);
    const dest = join(dirname(src), 'site');
    const b = buildCorpusSite(src, dest);
    assert.ok(b.ok, b.log);
    const fs = new NodeFileSystem(src);
    built.set(snapshot, { src, dest, site: await loadSite(fs), fs, cache: {} });
  }
});

after(() => {
  for (const b of built.values()) rmSync(dirname(b.src), { recursive: true, force: true });
});

async function preview(b: Built, path: string, paginatorPage?: number): Promise<string> {
  return (await previewPage(b, path, paginatorPage)).html;
}

async function previewPage(b: Built, path: string, paginatorPage?: number) {
  const page = await renderPage(b.site, b.fs, path, readFileSync(join(b.src, path), 'utf8'), { imageUrl: (f) => `/${f}`, cache: b.cache, sourceLines: true, paginatorPage, now: Date.UTC(2026, 0, 1) });
  assert.deepEqual(page.errors, []);
  return page;
}

const squash = (s: string) => s.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&middot;|·/g, '·').replace(/&rarr;|→/g, '→').replace(/&larr;|←/g, '←').replace(/\s+/g, ' ').trim();

/** The post previews of a list: title, subtitle and meta line, and where each links. */
function postList(html: string): { href: string; title: string; subtitle: string; meta: string }[] {
  const out = [];
  for (const m of html.matchAll(/<article class="post-preview">([\s\S]*?)<\/article>/g)) {
    const a = m[1];
    out.push({
      href: /<a href="([^"]*)"/.exec(a)![1].replace(/^https?:\/\/[^/]+/, ''),
      title: squash(/<h2 class="post-title">([\s\S]*?)<\/h2>/.exec(a)![1]),
      subtitle: squash(/<h3 class="post-subtitle">([\s\S]*?)<\/h3>/.exec(a)?.[1] ?? ''),
      meta: squash(/<p class="post-meta">([\s\S]*?)<\/p>/.exec(a)![1]),
    });
  }
  return out;
}

/** The pager's and the post navigation's buttons: label and target path. */
function buttons(html: string): { label: string; href: string }[] {
  return [...html.matchAll(/<a class="btn btn-primary[^"]*" href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({ href: m[1].replace(/^https?:\/\/[^/]+/, ''), label: squash(m[2]) }));
}

for (const snapshot of Object.keys(CORPUS_SNAPSHOTS) as CorpusSnapshot[]) {
  test(`${snapshot}: the Events page and its paginated pages list the posts Jekyll lists, with the same pager`, async (t) => {
    if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
    const b = built.get(snapshot)!;
    const pagination = paginationOf(b.site, 'posts/index.html');
    assert.ok(pagination, 'posts/index.html is the page jekyll-paginate paginates');
    const total = [...b.site.allFiles()].filter((f) => f.startsWith('_posts/')).length;
    const pages = paginatedPages(pagination, total);
    assert.deepEqual(pages, ['/posts/', '/posts/page2/', '/posts/page3/']);
    for (const [i, url] of pages.entries()) {
      const jekyll = readFileSync(join(b.dest, url, 'index.html'), 'utf8');
      const ours = await preview(b, 'posts/index.html', i + 1);
      const expected = postList(jekyll);
      assert.equal(expected.length, Math.min(5, total - 5 * i), `Jekyll's ${url}`);
      assert.deepEqual(postList(ours), expected, `${url}: the post list`);
      assert.deepEqual(buttons(ours), buttons(jekyll), `${url}: the pager`);
    }
  });

  test(`${snapshot}: the home page lists the five newest posts as Jekyll does`, async (t) => {
    if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
    const b = built.get(snapshot)!;
    const jekyll = postList(readFileSync(join(b.dest, 'index.html'), 'utf8'));
    assert.equal(jekyll.length, 5);
    assert.deepEqual(postList(await preview(b, 'index.md')), jekyll);
  });

  test(`${snapshot}: every post has Jekyll's meta line (read time included) and Previous/Next buttons`, async (t) => {
    if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
    const b = built.get(snapshot)!;
    const posts = [...b.site.allFiles()].filter((f) => f.startsWith('_posts/')).sort();
    assert.ok(posts.length >= 11);
    for (const path of posts) {
      const page = await previewPage(b, path);
      const ours = page.html;
      // Jekyll wrote the post where the preview says the site serves it.
      const file = join(b.dest, page.analysis.page.url);
      assert.ok(existsSync(file), `${path}: Jekyll's output at ${page.analysis.page.url}`);
      const jekyll = readFileSync(file, 'utf8');
      const meta = (html: string) => squash(/<span class="meta">([\s\S]*?)<\/span>\s*<\/div>/.exec(html)![1]);
      assert.equal(meta(ours), meta(jekyll), `${path}: the meta line`);
      assert.deepEqual(buttons(ours), buttons(jekyll), `${path}: Previous/Next`);
    }
  });
}

