/**
 * Links and images that follow a move, against the real Jekyll: a site is built, files and a folder are
 * renamed and moved, the edits `editsAfterMove` makes are applied, and the site is built again. Every
 * link and image of the first build that reached a file reaches the same file, at its new place, in the
 * second; each in the form it was written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite, Site } from '../../src/core/site';
import { analyzeInSite, checkableDocuments } from '../../src/core/checkSite';
import { editsAfterMove, expandMoves, MoveEdit, referencesToKeep, templateReferencesToKeep } from '../../src/core/moves';
import { planMove } from '../../src/core/movePlan';
import { spawnSync } from 'node:child_process';
import type { DocumentAnalysis } from '../../src/core/analyzeDocument';
import { buildSite, hrefsInHtml, imageUrlsInHtml, jekyllAvailable, JEKYLL_MISSING, JekyllBuild, readOutput, removeTree, servedFile, tempDir, writeTree } from '../support/jekyll';

const skip = jekyllAvailable() ? false : JEKYLL_MISSING;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('latin1');

const FILES: Record<string, string> = {
  '_config.yml': 'baseurl: /ipe\nurl: https://example.org\n',
  '_layouts/default.html': '<html><body>{% include nav.html %}{{ content }}</body></html>',
  '_includes/nav.html': '<nav><a href="{{ "/about.html" | relative_url }}">About</a> <a href="{{ site.baseurl }}/">Home</a> <a href="{{ "/my page.html" | relative_url }}">Mine</a></nav>{% include note.html %}',
  'my page.md': '---\nlayout: default\ntitle: Mine\n---\nA page whose name has a space.\n',
  '_layouts/post.html': '<html><body><header style="background-image: url(\'{{ page.background | prepend: site.baseurl }}\')"></header>{{ content }}</body></html>',
  '_includes/note.html': '<aside>A note</aside>',
  'img/a.png': PNG,
  'img/b.png': PNG,
  'files/report.pdf': 'pdf',
  'about.md': '---\nlayout: default\ntitle: About\n---\n# About\n\n[contact](contact.html) [home](./) [home, by name](index.html) [the report]({{ site.baseurl }}/files/report.pdf) ![a](../ipe/img/b.png)\n',
  'contact.md': '---\nlayout: default\ntitle: Contact\n---\n{% include note.html %}\n[about]({% link about.md %}) [about, by URL]({{ "/about.html" | relative_url }}) [about, no extension]({{ site.baseurl }}/about#about) <a href="/ipe/about.html">about</a>\n',
  'index.md': '---\nlayout: default\n---\n[post A]({% post_url 2022-01-02-a %}) [post A, by URL](/ipe/2022/01/02/a.html) [Contact](contact.html) [report](files/report.pdf) [mine, encoded](/ipe/my%20page.html) <a href="/ipe/my page.html">mine, as named</a>\n',
  '_posts/2022-01-02-a.md': '---\nlayout: post\ntitle: A\nbackground: /img/a.png\n---\n![a]({{ site.baseurl }}/img/a.png) <img src="/ipe/img/a.png" alt=""> [b]({% post_url 2022-01-03-b %})\n',
  '_posts/2022-01-03-b.md': '---\nlayout: post\ntitle: B\nbackground: /img/b.png\n---\n[a, relative](../02/a.html) [a, by tag]({% post_url 2022-01-02-a %}#top) [self](#top)\n',
};

/** The moves: a post renamed, a page into a folder, an image into another folder, a folder of files renamed. */
const MOVES: [string, string][] = [
  ['_posts/2022-01-02-a.md', '_posts/2022-01-02-a-renamed.md'],
  ['about.md', 'team/about.md'],
  ['img/a.png', 'img/photos/a.png'],
  ['files', 'documents'],
  ['_includes/note.html', '_includes/notes/note.html'],
  ['my page.md', 'docs/my page (new).md'],
];

const origin = 'https://example.org';

/** For each built page: the source files its links and images reach, with how many times each. */
function reached(build: JekyllBuild, outputs: Map<string, string>): Map<string, string[]> {
  const sourceOf = new Map([...outputs].map(([src, out]) => [out, src]));
  const served = (url: URL): string | undefined => {
    const f = servedFile(build, url, origin, '/ipe', { extensionless: true });
    return f === undefined ? undefined : (sourceOf.get(f) ?? f);
  };
  const out = new Map<string, string[]>();
  for (const [source, file] of outputs) {
    const pageUrl = new URL('/ipe/' + file.replace(/(^|\/)index\.html$/, '$1'), origin);
    const html = readOutput(build, file);
    const urls = [...hrefsInHtml(html), ...imageUrlsInHtml(html).map((u) => u.value)];
    out.set(source, urls.map((u) => served(new URL(u, pageUrl)) ?? `404 ${u}`).sort());
  }
  return out;
}

async function analysed(src: string): Promise<{ site: Site; analyses: DocumentAnalysis[] }> {
  const site = await loadSite(new NodeFileSystem(src));
  const analyses = checkableDocuments(site).map((p) => analyzeInSite(site, p, readFileSync(join(src, p), 'latin1')));
  site.documentsIndexed = true;
  return { site, analyses };
}

test('links and images follow a move: after the edits, the second build reaches every file the first one did', { skip }, async () => {
  const src = tempDir('ipe-moves-');
  writeTree(src, FILES);
  try {
    const before = await buildSite(src);
    assert.ok(before.ok, before.log);
    const old = await analysed(src);
    const outputs = new Map(old.analyses.map((a) => [a.path, old.site.documentOf(a.path)?.destination?.slice(1) as string]));
    const first = reached(before, outputs);
    for (const [page, files] of first) assert.ok(!files.some((f) => f.startsWith('404')), `${page}: ${files}`);

    const moves = expandMoves(old.site.allFiles(), MOVES);
    assert.equal(moves.get('files/report.pdf'), 'documents/report.pdf');
    const kept = [...referencesToKeep(old.site, old.analyses, moves), ...templateReferencesToKeep(old.site, moves)];

    // Worked out before anything moves, on the site as it will be (what `ipe-author mv` does).
    const planned = await planMove(new NodeFileSystem(src), MOVES);
    assert.deepEqual(planned.moves, moves);

    // The move, on disk; the site read again, as the editor's watchers see it.
    for (const [from, to] of MOVES) {
      mkdirSync(dirname(join(src, to)), { recursive: true });
      renameSync(join(src, from), join(src, to));
    }
    removeTree(join(src, '_site'));
    const now = await analysed(src);
    const result = editsAfterMove(now.site, kept, (p) => readFileSync(join(src, p), 'latin1'));
    assert.deepEqual(result.unresolved.map((k) => `${k.path} ${k.ref.raw}`), []);
    // The plan made before the move has the same edits as the site read after it.
    const key = (e: MoveEdit) => `${e.path} ${e.range.start}-${e.range.end} ${e.oldText} → ${e.newText}`;
    assert.deepEqual(planned.edits.map(key).sort(), result.edits.map(key).sort());
    assert.deepEqual(planned.unresolved, []);
    const written = new Map<string, string>();
    for (const e of result.edits) written.set(`${e.path} ${e.oldText}`, e.newText);
    // Each in the form it was written.
    assert.deepEqual(Object.fromEntries(written), {
      '_posts/2022-01-02-a-renamed.md /img/a.png': '/img/photos/a.png',
      '_posts/2022-01-02-a-renamed.md {{ site.baseurl }}/img/a.png': '{{ site.baseurl }}/img/photos/a.png',
      '_posts/2022-01-02-a-renamed.md /ipe/img/a.png': '/ipe/img/photos/a.png',
      '_posts/2022-01-03-b.md ../02/a.html': '../02/a-renamed.html',
      '_posts/2022-01-03-b.md {% post_url 2022-01-02-a %}#top': '{% post_url 2022-01-02-a-renamed %}#top',
      '_includes/nav.html {{ "/about.html" | relative_url }}': '{{ "/team/about.html" | relative_url }}',
      '_includes/nav.html note.html': 'notes/note.html',
      'contact.md note.html': 'notes/note.html',
      'contact.md {% link about.md %}': '{% link team/about.md %}',
      'contact.md {{ "/about.html" | relative_url }}': '{{ "/team/about.html" | relative_url }}',
      'contact.md {{ site.baseurl }}/about#about': '{{ site.baseurl }}/team/about#about',
      'contact.md /ipe/about.html': '/ipe/team/about.html',
      'index.md {% post_url 2022-01-02-a %}': '{% post_url 2022-01-02-a-renamed %}',
      'index.md /ipe/2022/01/02/a.html': '/ipe/2022/01/02/a-renamed.html',
      'index.md files/report.pdf': 'documents/report.pdf',
      'index.md /ipe/my%20page.html': '/ipe/docs/my%20page%20(new).html',
      'index.md /ipe/my page.html': '/ipe/docs/my page (new).html',
      '_includes/nav.html {{ "/my page.html" | relative_url }}': '{{ "/docs/my page (new).html" | relative_url }}',
      'team/about.md contact.html': '../contact.html',
      'team/about.md ./': '../',
      // Written with the index file's name, it keeps it.
      'team/about.md index.html': '../index.html',
      'team/about.md {{ site.baseurl }}/files/report.pdf': '{{ site.baseurl }}/documents/report.pdf',
      'team/about.md ../ipe/img/b.png': '../img/b.png',
    });
    // Applied from the end of each file, as the editor applies a workspace edit.
    for (const path of new Set(result.edits.map((e) => e.path))) {
      let text = readFileSync(join(src, path), 'latin1');
      for (const e of result.edits.filter((x) => x.path === path).sort((a, b) => b.range.start - a.range.start)) {
        assert.equal(text.slice(e.range.start, e.range.end), e.oldText);
        text = text.slice(0, e.range.start) + e.newText + text.slice(e.range.end);
      }
      writeFileSync(join(src, path), text, 'latin1');
    }
    const after = await buildSite(src);
    assert.ok(after.ok, after.log);
    const moved = await analysed(src);
    const newOutputs = new Map(moved.analyses.map((a) => [a.path, moved.site.documentOf(a.path)?.destination?.slice(1) as string]));
    const second = reached(after, newOutputs);
    const followed = (f: string) => moves.get(f) ?? f;
    const expected = new Map([...first].map(([page, files]) => [followed(page), files.map(followed).sort()]));
    assert.deepEqual(Object.fromEntries([...second].sort()), Object.fromEntries([...expected].sort()));
  } finally {
    removeTree(src);
  }
});

/** The outputs of a site's documents: source path → built file. */
async function outputsOf(src: string): Promise<Map<string, string>> {
  const now = await analysed(src);
  return new Map(now.analyses.map((a) => [a.path, now.site.documentOf(a.path)?.destination?.slice(1) as string]));
}

test('ipe-author mv moves each file and folder and rewrites what landed on it: the second build reaches every file the first one did', { skip }, async () => {
  const src = tempDir('ipe-mv-cli-');
  writeTree(src, FILES);
  const cli = join(__dirname, '../../../dist/cli.js');
  try {
    const before = await buildSite(src);
    assert.ok(before.ok, before.log);
    const first = reached(before, await outputsOf(src));
    removeTree(join(src, '_site'));
    // One command per move, as an author types them; the folder through its parent (moved into it).
    const moves = new Map<string, string>();
    for (const [from, to] of MOVES) {
      const r = spawnSync(process.execPath, [cli, 'mv', from, to], { cwd: src, encoding: 'utf8' });
      assert.equal(r.status, 0, `mv ${from} ${to}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^moved ${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} → `, 'm'));
      for (const [a, b] of expandMoves(Object.keys(FILES), [[from, to]])) {
        // A file moved twice (none here) would follow its latest place.
        moves.set(a, b);
      }
    }
    const after = await buildSite(src);
    assert.ok(after.ok, after.log);
    const second = reached(after, await outputsOf(src));
    const followed = (f: string) => moves.get(f) ?? f;
    const expected = new Map([...first].map(([page, files]) => [followed(page), files.map(followed).sort()]));
    assert.deepEqual(Object.fromEntries([...second].sort()), Object.fromEntries([...expected].sort()));
  } finally {
    removeTree(src);
  }
});

test('a reference that cannot follow a move is left as it is and said so: the target moved out of what the site publishes', async () => {
  const src = tempDir('ipe-moves-unpublished-');
  writeTree(src, FILES);
  try {
    const old = await analysed(src);
    const moves = expandMoves(old.site.allFiles(), [['img/b.png', '_unpublished/b.png']]);
    const kept = referencesToKeep(old.site, old.analyses, moves);
    assert.deepEqual(kept.map((k) => `${k.path} ${k.ref.raw} → ${k.target}`), ['_posts/2022-01-03-b.md /img/b.png → _unpublished/b.png', 'about.md ../ipe/img/b.png → _unpublished/b.png']);
    mkdirSync(join(src, '_unpublished'));
    renameSync(join(src, 'img/b.png'), join(src, '_unpublished/b.png'));
    const now = await analysed(src);
    const result = editsAfterMove(now.site, kept, (p) => readFileSync(join(src, p), 'latin1'));
    assert.deepEqual(result.edits, []);
    assert.equal(result.unresolved.length, 2);
    // A text that changed since the references were found is not edited either.
    const changed = editsAfterMove(now.site, referencesToKeep(old.site, old.analyses, expandMoves(old.site.allFiles(), [['about.md', 'team/about.md']])), (p) => (p === 'contact.md' ? 'new text' : readFileSync(join(src, p === 'team/about.md' ? 'about.md' : p), 'latin1')));
    assert.ok(!changed.edits.some((e) => e.path === 'contact.md'));
    assert.ok(changed.unresolved.some((k) => k.path === 'contact.md'));
  } finally {
    removeTree(src);
  }
});

/**
 * Builds the site, renames _layouts/post.html to _layouts/article.html with `ipe-author mv` and builds it
 * again (each step checked to succeed): the pages' HTML before and after, mv's output, the second log.
 */
async function renamePostLayout(src: string, pages: readonly string[]): Promise<{ first: string[]; stdout: string; after: string[]; log: string }> {
  const html = (b: JekyllBuild) => pages.map((p) => readOutput(b, p));
  const before = await buildSite(src);
  assert.ok(before.ok, before.log);
  const first = html(before);
  removeTree(join(src, '_site'));
  const r = spawnSync(process.execPath, [join(__dirname, '../../../dist/cli.js'), 'mv', '_layouts/post.html', '_layouts/article.html'], { cwd: src, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const built = await buildSite(src);
  assert.ok(built.ok, built.log);
  return { first, stdout: r.stdout, after: html(built), log: built.log };
}

test('a renamed layout is renamed where pages, layouts and the config name it: every page is built as before', { skip }, async () => {
  const src = tempDir('ipe-mv-layout-');
  writeTree(src, {
    '_config.yml': 'baseurl: /ipe\ndefaults:\n  - scope:\n      path: "notes"\n    values:\n      layout: "post"\n  - scope:\n      path: ""\n    values:\n      author: someone\n',
    '_layouts/default.html': '<html><body>{{ content }}</body></html>',
    '_layouts/post.html': '---\nlayout: default\n---\n<article class="post">{{ content }}</article>',
    '_layouts/wide.html': "---\nlayout: 'post'\n---\n<div class=\"wide\">{{ content }}</div>",
    '_posts/2022-01-02-a.md': '---\nlayout: post\ntitle: A\n---\nA post.\n',
    '_posts/2022-01-03-b.md': '---\ntitle: B\nlayout: "post"   # the usual one\n---\nB post.\n',
    'wide.md': '---\nlayout: wide\n---\nWide.\n',
    'notes/n.md': '---\ntitle: N\n---\nBy defaults.\n',
    'other.md': '---\nlayout: default\ntitle: Post layout is not this\n---\nThe word post, not the layout.\n',
  });
  try {
    const { first, stdout, after, log } = await renamePostLayout(src, ['2022/01/02/a.html', '2022/01/03/b.html', 'wide.html', 'notes/n.html', 'other.html']);
    assert.match(first[0], /<article class="post">/);
    assert.match(first[3], /<article class="post">/);
    // Counted as what they are: layout values, not links.
    assert.match(stdout, /^1 move in \.; 4 'layout:' values rewritten in 4 files\.$/m, stdout);
    assert.match(readFileSync(join(src, '_posts/2022-01-03-b.md'), 'utf8'), /^layout: "article" {3}# the usual one$/m);
    assert.match(readFileSync(join(src, '_layouts/wide.html'), 'utf8'), /^layout: 'article'$/m);
    assert.match(readFileSync(join(src, '_config.yml'), 'utf8'), /^ {6}layout: "article"$/m);
    assert.equal(readFileSync(join(src, 'other.md'), 'utf8'), '---\nlayout: default\ntitle: Post layout is not this\n---\nThe word post, not the layout.\n');
    assert.deepEqual(after, first);
    assert.doesNotMatch(log, /does not exist/);
  } finally {
    removeTree(src);
  }
});

test('on GitHub Pages, the documents that get a renamed layout from jekyll-default-layout get it written in: every page is built as before', { skip }, async () => {
  const src = tempDir('ipe-mv-default-layout-');
  writeTree(src, {
    Gemfile: 'source "https://rubygems.org"\ngem "github-pages", group: :jekyll_plugins\n',
    '_config.yml': 'baseurl: /ipe\nplugins: [jekyll-default-layout]\nwhitelist: [jekyll-default-layout]\n',
    '_layouts/default.html': '<html><body><main class="default">{{ content }}</main></body></html>',
    '_layouts/post.html': '---\nlayout: default\n---\n<article class="post">{{ content }}</article>',
    '_layouts/page.html': '---\nlayout: default\n---\n<div class="page">{{ content }}</div>',
    '_posts/2022-01-02-a.md': '---\nlayout: post\ntitle: A\n---\nA post that names its layout.\n',
    '_posts/2022-01-03-b.md': '---\ntitle: B\n---\nA post that gets post from the plugin.\n',
    '_posts/2022-01-04-c.md': '---\r\ntitle: C\r\n---\r\nThe same, with CRLF.\r\n',
    '_posts/2022-01-05-d.md': '---\n---\nEmpty front matter.\n',
    'about.md': '---\ntitle: About\n---\nA page: it gets page, which does not move.\n',
  });
  try {
    const { first, stdout, after } = await renamePostLayout(src, ['2022/01/02/a.html', '2022/01/03/b.html', '2022/01/04/c.html', '2022/01/05/d.html', 'about.html']);
    // The plugin is at work: the posts without a layout are built with post.
    for (const i of [1, 2, 3]) assert.match(first[i], /<article class="post">/);
    assert.match(first[4], /<div class="page">/);
    assert.match(stdout, /^1 move in \.; 4 'layout:' values rewritten in 4 files\.$/m, stdout);
    assert.match(stdout, /^ {2}_posts\/2022-01-04-c\.md:3:1: inserted layout: article$/m, stdout);
    assert.equal(readFileSync(join(src, '_posts/2022-01-03-b.md'), 'utf8'), '---\ntitle: B\nlayout: article\n---\nA post that gets post from the plugin.\n');
    assert.equal(readFileSync(join(src, '_posts/2022-01-04-c.md'), 'utf8'), '---\r\ntitle: C\r\nlayout: article\r\n---\r\nThe same, with CRLF.\r\n');
    assert.equal(readFileSync(join(src, '_posts/2022-01-05-d.md'), 'utf8'), '---\nlayout: article\n---\nEmpty front matter.\n');
    assert.equal(readFileSync(join(src, 'about.md'), 'utf8'), '---\ntitle: About\n---\nA page: it gets page, which does not move.\n');
    assert.deepEqual(after, first);
  } finally {
    removeTree(src);
  }
});
