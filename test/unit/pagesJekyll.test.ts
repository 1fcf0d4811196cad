/**
 * `ipe-author pages --format json` against the real build. Each fixture is built by Debian's Jekyll
 * (4.3.1) twice: as plain Jekyll, and as GitHub Pages builds it (its always-on plugins that Debian
 * packages — jekyll-default-layout, jekyll-optional-front-matter, jekyll-titles-from-headings,
 * jekyll-readme-index — allowed under `--safe`, and the pages gem's `future: true`); the command models
 * the same build. Then:
 * - every published file's output (and a README index's copy) is in `_site`, and every file of `_site`
 *   is one of them or one a plugin generates (feed, sitemap, pagination);
 * - no file of `_site` carries the marker of a source the command calls unpublished;
 * - the layout, title and date each built page shows (every layout writes its name, `page.title` and
 *   `page.date` into a comment) are the command's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jekyllAvailable, JEKYLL_MISSING, tempDir, writeTree, removeTree, listTree } from '../support/jekyll';

const root = join(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');
const fixtures = join(root, 'test', 'fixtures');
const PAGES_PLUGINS = ['jekyll-default-layout', 'jekyll-optional-front-matter', 'jekyll-titles-from-headings', 'jekyll-readme-index'];

interface Entry {
  path: string;
  published: boolean;
  as: string | null;
  url: string | null;
  href: string | null;
  output: string | null;
  copy: string | null;
  layout: string | null;
  layoutFrom: string | null;
  title: string | null;
  titleFrom: string | null;
  date: string | null;
  reason: string | null;
  note: string | null;
}

/**
 * Files the site's plugins write that no source file stands for: the feed, the sitemap, pagination, and
 * the source map Jekyll 4's Sass converter writes beside each stylesheet (Jekyll 3.10's does not).
 */
const GENERATED = /^(feed\.xml|sitemap\.xml|robots\.txt|(.*\/)?page\d+\/index\.html|.*\.css\.map)$/;

/** Puts `<!--layout:NAME|{{ page.title }}|{{ page.date }}-->` at the top of each layout's body. */
function markLayouts(dir: string): void {
  const layouts = join(dir, '_layouts');
  for (const name of readdirSync(layouts)) {
    const file = join(layouts, name);
    const text = readFileSync(file, 'utf8');
    const fm = /^---\r?\n[\s\S]*?\r?\n---[ \t]*\r?\n/.exec(text);
    const at = fm ? fm[0].length : 0;
    const marker = `<!--layout:${name.replace(/\.html?$/, '')}|{{ page.title | escape }}|{{ page.date }}-->`;
    writeFileSync(file, text.slice(0, at) + marker + text.slice(at));
  }
}

/** The innermost layout's marker of a built page: the last one, as each layout writes its own before its content. */
function shown(html: string): { layout: string; title: string; date: string } | undefined {
  const all = [...html.matchAll(/<!--layout:([^|]*)\|([^|]*)\|([^>]*?)-->/g)];
  const m = all[all.length - 1];
  return m ? { layout: m[1], title: m[2], date: m[3] } : undefined;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function jekyllBuild(src: string, extraConfig: string): { dest: string; files: Set<string> } {
  const dest = tempDir('pages-site');
  const extra = dest + '-config.yml';
  writeFileSync(extra, extraConfig);
  try {
    const r = spawnSync('jekyll', ['build', '--safe', '--disable-disk-cache', '-s', src, '-d', dest, '--config', `${join(src, '_config.yml')},${extra}`], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', JEKYLL_ENV: 'production' } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  } finally {
    removeTree(extra);
  }
  return { dest, files: new Set(listTree(dest)) };
}

function pagesJson(src: string, build: 'jekyll' | 'github-pages'): { entries: Entry[]; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'pages', src, '--format', 'json', '--build', build, '--no-ipe-config'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { entries: JSON.parse(r.stdout) as Entry[], stderr: r.stderr };
}

/** Compares the command's site map with a real build; returns the rows compared, for the caller's own claims. */
function compare(src: string, build: 'jekyll' | 'github-pages', markers: ReadonlyMap<string, string> = new Map()) {
  const extra = build === 'github-pages' ? `plugins: [${PAGES_PLUGINS.join(', ')}]\nwhitelist: [${PAGES_PLUGINS.join(', ')}]\nfuture: true\n` : 'future: false\n';
  // The site's own plugins (feed, paginate, sitemap) stay on: the extra config names them too.
  const own = /^plugins:\s*\n((?:\s+-\s*\S+.*\n)+)/m.exec(readFileSync(join(src, '_config.yml'), 'utf8'));
  const ownPlugins = own ? [...own[1].matchAll(/-\s*([\w-]+)/g)].map((m) => m[1]) : [];
  const config = build === 'github-pages' ? extra.replace(/plugins: \[/, `plugins: [${ownPlugins.map((p) => p + ', ').join('')}`).replace(/whitelist: \[/, `whitelist: [${ownPlugins.map((p) => p + ', ').join('')}`) : `${extra}whitelist: [${ownPlugins.join(', ')}]\n`;
  const { dest, files } = jekyllBuild(src, config);
  try {
    const { entries, stderr } = pagesJson(src, build);
    assert.match(stderr, build === 'github-pages' ? /built as GitHub Pages: the setting chooses GitHub Pages/ : /built as plain Jekyll: the setting chooses plain Jekyll/);
    const expected = new Set<string>();
    const problems: string[] = [];
    const rows: { path: string; engine: unknown; jekyll: unknown }[] = [];
    for (const e of entries) {
      if (!e.published) {
        if (e.output !== null || e.url !== null) problems.push(`${e.path}: unpublished with an output`);
        const marker = markers.get(e.path);
        if (marker) for (const f of files) if (/\.(html|md|txt|json|css|xml)$/.test(f) && readFileSync(join(dest, f), 'utf8').includes(marker)) problems.push(`${e.path}: called unpublished, but _site/${f} carries it`);
        continue;
      }
      for (const out of [e.output, e.copy]) {
        if (out === null) continue;
        expected.add(out);
        if (!files.has(out)) problems.push(`${e.path}: ${out} is not in _site`);
      }
      if (e.output === null || !files.has(e.output) || !e.output.endsWith('.html')) continue;
      const html = readFileSync(join(dest, e.output), 'utf8');
      const s = shown(html);
      const layoutExists = e.layout !== null && readdirSync(join(src, '_layouts')).some((n) => n.replace(/\.html?$/, '') === e.layout);
      rows.push({
        path: e.path,
        engine: { layout: layoutExists ? e.layout : null, title: layoutExists ? escapeHtml(e.title ?? '') : null, date: layoutExists ? (e.date ?? '') : null },
        jekyll: { layout: s?.layout ?? null, title: s?.title ?? null, date: s?.date ?? null },
      });
    }
    for (const f of files) if (!expected.has(f) && !GENERATED.test(f)) problems.push(`_site/${f} stands for no published source`);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      rows.map((r) => `${r.path} ${JSON.stringify(r.engine)}`),
      rows.map((r) => `${r.path} ${JSON.stringify(r.jekyll)}`),
    );
    return { entries, rows, files };
  } finally {
    removeTree(dest);
  }
}

const skip = jekyllAvailable() ? false : JEKYLL_MISSING;

// ---- a site made for it ----------------------------------------------------------------------------

const FILES: Record<string, string> = {
  '_config.yml': 'title: Map\nbaseurl: /map\nexclude: [private/]\n',
  '_layouts/default.html': '<!DOCTYPE html><html><body>{{ content }}</body></html>\n',
  '_layouts/page.html': '---\nlayout: default\n---\n<main>{{ content }}</main>\n',
  '_layouts/post.html': '---\nlayout: default\n---\n<article>{{ content }}</article>\n',
  '_layouts/home.html': '---\nlayout: default\n---\n<div class="home">{{ content }}</div>\n',
  'index.md': '---\n---\nHome M:index.md\n',
  // A README in a folder without index: the folder's index under GitHub Pages.
  'notes/README.md': '# Notes\n\nM:notes/README.md\n',
  'notes/one.md': '---\nlayout: page\ntitle: One\n---\nM:notes/one.md\n',
  // render_with_liquid: false: Jekyll 4 leaves the Liquid as written; the page is there either way.
  'raw.md': '---\ntitle: Raw\nrender_with_liquid: false\n---\n{{ site.title }} M:raw.md\n',
  '_drafts/draft.md': '---\ntitle: Draft\n---\nM:_drafts/draft.md\n',
  '_posts/2099-01-01-future.md': '---\ntitle: Future\n---\nM:_posts/2099-01-01-future.md\n',
  '_posts/2023-02-01-hidden.md': '---\ntitle: Hidden\npublished: false\n---\nM:_posts/2023-02-01-hidden.md\n',
  '_posts/_2023-02-02-underscore.md': '---\ntitle: Underscore\n---\nM:_posts/_2023-02-02-underscore.md\n',
  '_posts/not-a-post.md': '---\ntitle: Not a post\n---\nM:_posts/not-a-post.md\n',
  // A post without layout or title: jekyll-default-layout gives 'post'; the title comes from the slug.
  '_posts/2023-03-04-a-plain-post.md': '---\n---\nM:_posts/2023-03-04-a-plain-post.md\n',
  '_posts/2023-03-05-dated.md': '---\ntitle: Dated\ndate: 2023-03-06 10:30:00 +0200\nlayout: post\n---\nM:_posts/2023-03-05-dated.md\n',
  'hidden-page.md': '---\npublished: false\n---\nM:hidden-page.md\n',
  // No front matter: rendered under GitHub Pages (Markdown), copied under plain Jekyll; an HTML page is copied in both.
  'no-front-matter.md': 'Plain text M:no-front-matter.md\n',
  'headed.md': '# From the heading\n\nM:headed.md\n',
  'static.html': '<p>M:static.html</p>\n',
  // Front matter without title or layout.
  'untitled.md': '---\npermalink: /untitled/\n---\nM:untitled.md\n',
  'private/secret.md': '---\n---\nM:private/secret.md\n',
  'data.json': '---\n---\n{"site": "{{ site.title }}"}\n',
  'assets/site.scss': '---\n---\nbody { color: red; }\n',
  'img/a.png': 'png',
  '.hidden.md': '---\n---\nM:.hidden.md\n',
};

const MARKERS = new Map(Object.keys(FILES).filter((p) => FILES[p].includes(`M:${p}`)).map((p) => [p, `M:${p}`]));

for (const build of ['github-pages', 'jekyll'] as const) {
  test(`ipe-author pages agrees with a real build of a made site (${build})`, { skip }, () => {
    const dir = tempDir(`pages-made-${build}`);
    try {
      writeTree(dir, FILES);
      markLayouts(dir);
      const { entries } = compare(dir, build, MARKERS);
      const by = new Map(entries.map((e) => [e.path, e]));
      // What the command says, stated: the rows the comparison rests on are there.
      const reasons = Object.fromEntries(entries.filter((e) => !e.published).map((e) => [e.path, e.reason]));
      assert.equal(reasons['_drafts/draft.md'], 'draft');
      assert.equal(reasons['_posts/2023-02-01-hidden.md'], 'published-false');
      assert.equal(reasons['hidden-page.md'], 'published-false');
      assert.equal(reasons['_posts/_2023-02-02-underscore.md'], 'ignored-post-name');
      assert.equal(reasons['_posts/not-a-post.md'], 'bad-post-name');
      assert.equal(reasons['private/secret.md'], 'excluded');
      assert.equal(reasons['.hidden.md'], 'dot');
      assert.equal(reasons['_layouts/page.html'], 'underscore');
      assert.equal(by.get('_posts/2023-03-04-a-plain-post.md')?.title, 'A Plain Post');
      assert.equal(by.get('_posts/2023-03-05-dated.md')?.output, '2023/03/06/dated.html');
      assert.equal(by.get('assets/site.scss')?.output, 'assets/site.css');
      assert.equal(by.get('data.json')?.as, 'page');
      assert.equal(by.get('static.html')?.as, 'static');
      if (build === 'github-pages') {
        assert.equal(by.get('_posts/2099-01-01-future.md')?.published, true);
        assert.deepEqual([by.get('notes/README.md')?.output, by.get('notes/README.md')?.copy, by.get('notes/README.md')?.title], ['notes/index.html', 'notes/README.md', 'Notes']);
        assert.deepEqual([by.get('headed.md')?.as, by.get('headed.md')?.title, by.get('headed.md')?.titleFrom, by.get('headed.md')?.layoutFrom, by.get('headed.md')?.copy], ['page', 'From the heading', 'jekyll-titles-from-headings', 'jekyll-default-layout', 'headed.md']);
        assert.equal(by.get('index.md')?.layout, 'home');
        assert.equal(by.get('untitled.md')?.title, null);
      } else {
        assert.equal(reasons['_posts/2099-01-01-future.md'], 'future-date');
        assert.deepEqual([by.get('notes/README.md')?.as, by.get('notes/README.md')?.output], ['static', 'notes/README.md']);
        assert.deepEqual([by.get('headed.md')?.as, by.get('no-front-matter.md')?.as], ['static', 'static']);
        assert.equal(by.get('index.md')?.layout, null);
      }
    } finally {
      removeTree(dir);
    }
  });
}

// ---- the IPE site as it was on 2022-12-15 ----------------------------------------------------------

for (const build of ['jekyll', 'github-pages'] as const) {
  test(`ipe-author pages agrees with a real build of the IPE site (${build})`, { skip }, () => {
    const src = tempDir(`pages-ipe-${build}`);
    cpSync(join(fixtures, 'ipe-2022-12-15-members'), src, { recursive: true });
    // The vendored Clean Blog Sass its styles import (left out of the fixture).
    cpSync(join(fixtures, 'corpus-theme', 'theme-510148c', 'assets', 'vendor'), join(src, 'assets', 'vendor'), { recursive: true });
    try {
      markLayouts(src);
      const { entries, rows } = compare(src, build);
      assert.ok(entries.filter((e) => e.as === 'post').length === 6);
      assert.ok(rows.filter((r) => (r.jekyll as { layout: string | null }).layout !== null).length >= 12, 'layouts were compared on most pages');
      if (build === 'github-pages') assert.equal(entries.find((e) => e.path === 'FIXTURE.md')?.titleFrom, 'jekyll-titles-from-headings');
    } finally {
      removeTree(src);
    }
  });
}

test('ipe-author pages prints a table by URL, the unpublished files with why, and the build', { skip }, () => {
  const dir = tempDir('pages-text');
  try {
    writeTree(dir, FILES);
    const r = spawnSync(process.execPath, [cli, 'pages', dir, '--build', 'github-pages', '--no-ipe-config'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0], /^URL +SOURCE +AS +LAYOUT +TITLE +DATE$/);
    const urls = lines.slice(1, lines.findIndex((l) => l === '' || l.startsWith('*'))).map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(urls, [...urls].sort());
    assert.ok(lines.some((l) => /^\/map\/notes\/ +notes\/README\.md +page +page \* +Notes \*/.test(l)));
    assert.ok(lines.some((l) => /^\/map\/notes\/README\.md +notes\/README\.md +static \(copy\)/.test(l)));
    assert.ok(lines.some((l) => /^_drafts\/draft\.md +a draft/.test(l)));
    assert.match(lines.filter((l) => l !== '').pop() ?? '', /^\d+ files in .* \(baseurl '\/map'; built as GitHub Pages: the setting chooses GitHub Pages\): \d+ posts, \d+ pages, \d+ static files, 1 stylesheet published; \d+ not published$/);
    const bad = spawnSync(process.execPath, [cli, 'pages', dir, '--format', 'sarif'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
  } finally {
    removeTree(dir);
  }
});
