/**
 * jekyll-readme-index under GitHub Pages: a README that is a static file becomes its folder's index
 * when the folder has none, and is copied as it is too. Held to the real build (Debian's Jekyll with the
 * plugin, `--safe` with it allowed), then to the links check: a link to the folder works.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite } from '../../src/core/site';
import { analyzeInSite, checkSite } from '../../src/core/checkSite';
import { servedAt } from '../../src/core/links';
import { jekyllAvailable, JEKYLL_MISSING, tempDir, writeTree, buildSite, removeTree, readOutput, imageUrlsInHtml, hrefsInHtml, servedFile } from '../support/jekyll';

const PLUGINS = ['jekyll-default-layout', 'jekyll-optional-front-matter', 'jekyll-titles-from-headings', 'jekyll-readme-index'];

const FILES: Record<string, string> = {
  '_config.yml': `title: Readmes\nplugins: [${PLUGINS.join(', ')}]\nwhitelist: [${PLUGINS.join(', ')}]\n`,
  '_layouts/default.html': '<!--layout:default--><h1 class="t">{{ page.title }}</h1>{{ content }}\n',
  '_layouts/page.html': '---\nlayout: default\n---\n<!--layout:page-->{{ content }}\n',
  // The root has no index: its README is the home page.
  'README.md': '# The site\n\nSee R:README.md [the notes](notes/) and [b](/b/).\n',
  // A folder without index.
  'notes/README.md': '# Notes\n\nText. R:notes/README.md\n',
  // A folder with its own index: the README stays a copied file.
  'b/README.md': '# B R:b/README.md\n',
  'b/index.md': '---\n---\nB index\n',
  // A README with front matter is a page of its own (README.html), not the index.
  'c/README.md': '---\ntitle: C\n---\nC R:c/README.md\n',
  // Two READMEs: the first by path is the index.
  'd/README.md': 'D upper R:d/README.md\n',
  'd/readme.markdown': 'D lower R:d/readme.markdown\n',
  // A static index.html (no front matter) is an index.
  'e/README.md': 'E R:e/README.md\n',
  'e/index.html': '<p>static</p>\n',
  // A page elsewhere whose permalink is the folder.
  'f/README.md': 'F R:f/README.md\n',
  'other.md': '---\npermalink: /f/\n---\nOther\n',
  // The extension must be written in lower case.
  'g/README.MD': 'G R:g/README.MD\n',
  // index.xhtml counts too.
  'h/README.md': 'H R:h/README.md\n',
  'h/index.xhtml': '<p/>',
  // A page that links to the folders and the README files.
  'links.md': '---\ntitle: Links\n---\n[n](/notes/) [n2](/notes) [r](/notes/README.md) [rel](notes/README.md) {% link notes/README.md %} [g](/g/)\n',
};

/** The engine's destination for each source file it serves, and the copies, as paths under _site. */
async function engineOutputs(dir: string) {
  const fs = new NodeFileSystem(dir);
  const site = await loadSite(fs, { build: 'github-pages' });
  const check = await checkSite(fs, site, {});
  return { site, check };
}

test('under GitHub Pages a README in a folder without index is the folder\'s index, as the real build makes it', { skip: jekyllAvailable() ? false : JEKYLL_MISSING }, async () => {
  const dir = tempDir('readme-index');
  try {
    writeTree(dir, FILES);
    const build = await buildSite(dir);
    assert.ok(build.ok, build.log);
    const { site, check } = await engineOutputs(dir);
    // Each README's URL as the engine has it, against the file Jekyll wrote.
    const readmes = Object.keys(FILES).filter((p) => /(^|\/)readme\.[a-z]+$/i.test(p));
    const engine = readmes.map((p) => `${p} ${site.documentOf(p)?.destination ?? '-'}`);
    const jekyll = readmes.map((p) => {
      const folder = p.includes('/') ? p.slice(0, p.lastIndexOf('/') + 1) : '';
      const rendered = [folder + 'index.html', p.replace(/\.[a-z]+$/i, '.html')].find((f) => build.files.has(f) && readOutput(build, f).includes(`R:${p}`));
      return `${p} ${rendered ? '/' + rendered : build.files.has(p) ? '/' + p : '-'}`;
    });
    assert.deepEqual(engine, jekyll);
    // What Jekyll did, stated.
    assert.match(readOutput(build, 'index.html'), /<h1 class="t">The site<\/h1>/);
    assert.match(readOutput(build, 'notes/index.html'), /<h1 class="t">Notes<\/h1><!--layout:page-->/);
    assert.match(readOutput(build, 'd/index.html'), /D upper/);
    assert.ok(build.files.has('notes/README.md'), 'the README is copied too');
    assert.ok(!build.files.has('g/index.html') && !build.files.has('h/index.html') && !build.files.has('f/README.html'));
    // The site serves the folders from their READMEs, and the copies.
    assert.equal(site.documentAt('/notes/')?.path, 'notes/README.md');
    assert.equal(site.documentAt('/')?.path, 'README.md');
    assert.equal(site.documentAt('/b/')?.path, 'b/index.md');
    assert.deepEqual(servedAt(site, '/notes/README.md'), { file: 'notes/README.md' });
    assert.equal(servedAt(site, '/g/'), undefined);
    // No link of the site is broken but the one to /g/, which Jekyll does not write either.
    assert.deepEqual(
      check.findings.filter((f) => f.code.startsWith('link')).map((f) => `${f.file} ${f.code} ${f.resolved ?? ''}`),
      ['links.md link-missing /g/'],
    );
  } finally {
    removeTree(dir);
  }
});

test('plain Jekyll copies a README as it is: a link to its folder is a 404', async () => {
  const fs = new MemoryFileSystem({ '_config.yml': 'title: x\n', 'notes/README.md': '# Notes\n', 'links.md': '---\n---\n[n](/notes/)\n' });
  const site = await loadSite(fs, { build: 'jekyll' });
  const check = await checkSite(fs, site, {});
  assert.equal(site.documentAt('/notes/'), undefined);
  assert.deepEqual(check.findings.map((f) => `${f.file} ${f.code}`), ['links.md link-missing']);
});

test('readme_index options: enabled: false, remove_originals, with_frontmatter', async () => {
  const files = { 'notes/README.md': '# Notes\n', 'fm/README.md': '---\ntitle: FM\n---\nx\n', 'links.md': '---\n---\n[n](/notes/)\n' };
  const load = async (config: string) => {
    const fs = new MemoryFileSystem({ '_config.yml': config, ...files });
    const site = await loadSite(fs, { build: 'github-pages' });
    await checkSite(fs, site, {});
    return site;
  };
  const off = await load('readme_index:\n  enabled: false\n');
  assert.equal(off.documentAt('/notes/'), undefined);
  const removed = await load('readme_index:\n  remove_originals: true\n');
  assert.equal(removed.documentAt('/notes/')?.path, 'notes/README.md');
  assert.equal(servedAt(removed, '/notes/README.md'), undefined);
  const fm = await load('readme_index:\n  with_frontmatter: true\n');
  assert.equal(fm.documentAt('/fm/')?.path, 'fm/README.md');
  assert.equal(fm.documentAt('/fm/README.html'), undefined);
  const plain = await load('title: x\n');
  assert.equal(plain.documentAt('/fm/'), undefined);
  assert.equal(plain.documentAt('/fm/README.html')?.path, 'fm/README.md');
});

test('a README that is its folder\'s index is a page: its images, links and Liquid are judged as the real build renders them; a README beside an index is a copied file', { skip: jekyllAvailable() ? false : JEKYLL_MISSING }, async () => {
  const files: Record<string, string> = {
    '_config.yml': `title: Readmes\nbaseurl: /ipe\nurl: https://example.org\nplugins: [${PLUGINS.join(', ')}]\nwhitelist: [${PLUGINS.join(', ')}]\n`,
    '_layouts/default.html': '<html><body><a href="{{ site.baseurl }}/">home</a>{{ content }}</body></html>\n',
    '_layouts/page.html': '---\nlayout: default\n---\n<main>{{ content }}</main>\n',
    'img/ok.png': 'png',
    'about.md': '---\ntitle: About\n---\n# About\n',
    // The root has no index: the README is the home page, rendered at /ipe/ in the layout 'page'.
    'README.md': '# Home of {{ site.title }}\n\n![ok](img/ok.png) ![gone](img/missing.png)\n\n[about](about.html) [away](nowhere.html) [doubled](/ipe/ipe/about.html) [fine]({{ "/about.html" | relative_url }})\n',
    // A folder with an index: its README is only copied; nothing in it reaches a page.
    'b/index.md': '---\ntitle: B\n---\nB\n',
    'b/README.md': '# B\n\n![gone](img/missing.png) [away](nowhere.html) {{ site.title }}\n',
  };
  const dir = tempDir('readme-page');
  try {
    writeTree(dir, files);
    const build = await buildSite(dir);
    assert.ok(build.ok, build.log);
    // The real build: the README rendered at /ipe/, its Liquid run, in its layout.
    const home = readOutput(build, 'index.html');
    assert.match(home, /<main><h1 id="home-of-readmes">Home of Readmes<\/h1>/);
    assert.ok(build.files.has('b/README.md') && !readOutput(build, 'b/index.html').includes('missing'));
    // What the browser gets for each image and link of the home page, resolved against /ipe/.
    const origin = 'https://example.org';
    const pageUrl = new URL('/ipe/', origin);
    const broken = new Set<string>();
    for (const { value } of imageUrlsInHtml(home)) if (!servedFile(build, new URL(value, pageUrl), origin, '/ipe')) broken.add(new URL(value, pageUrl).pathname);
    for (const href of hrefsInHtml(home)) {
      const url = new URL(href, pageUrl);
      if (url.origin === origin && !servedFile(build, url, origin, '/ipe') && !servedFile(build, new URL(url.pathname.replace(/\/?$/, '.html'), origin), origin, '/ipe')) broken.add(url.pathname);
    }
    assert.deepEqual([...broken].sort(), ['/ipe/img/missing.png', '/ipe/ipe/about.html', '/ipe/nowhere.html']);
    // The engine: the same three, in README.md, and nothing in b/README.md.
    const { check } = await engineOutputs(dir);
    const found = check.findings.filter((f) => f.file === 'README.md' || f.file === 'b/README.md');
    assert.deepEqual(found.map((f) => `${f.file} ${f.code} ${f.resolved ?? ''}`).sort(), [
      'README.md link-baseurl-doubled /ipe/ipe/about.html',
      'README.md link-missing /ipe/nowhere.html',
      'README.md missing-file /ipe/img/missing.png',
    ]);
    const text = files['README.md'];
    const at = text.indexOf('img/missing.png');
    assert.deepEqual(found.find((f) => f.code === 'missing-file')?.range, { start: at, end: at + 'img/missing.png'.length });

    // A Liquid error in the README index stops the real build, and the engine says so; one in the copied README does not.
    writeTree(dir, { 'README.md': '# Home\n\n{% fancy %}\n' });
    const failing = await buildSite(dir);
    assert.equal(failing.ok, false);
    writeTree(dir, { 'README.md': '# Home\n', 'b/README.md': '# B\n\n{% fancy %}\n' });
    const passing = await buildSite(dir);
    assert.ok(passing.ok, passing.log);
    writeTree(dir, { 'README.md': '# Home\n\n{% fancy %}\n' });
    const again = await engineOutputs(dir);
    assert.deepEqual(again.check.findings.filter((f) => f.code === 'liquid-syntax').map((f) => f.file), ['README.md']);
  } finally {
    removeTree(dir);
  }
});

test('a README first read after the whole site is known (a new file in the editor) is analysed as the index it becomes', async () => {
  const readme = '# Notes\n\n![gone](missing.png)\n';
  const files = { '_config.yml': 'title: x\n', 'notes/README.md': readme, 'b/README.md': readme, 'b/index.md': '---\n---\nB\n' };
  const fs = new MemoryFileSystem(files);
  const site = await loadSite(fs, { build: 'github-pages' });
  // Every other document known, as after the editor's scan; the READMEs are new to the index.
  analyzeInSite(site, 'b/index.md', files['b/index.md']);
  site.documentsIndexed = true;
  const notes = analyzeInSite(site, 'notes/README.md', readme);
  assert.equal(notes.page.url, '/notes/');
  assert.deepEqual(notes.findings.map((f) => `${f.code} ${f.resolved}`), ['missing-file /notes/missing.png']);
  const b = analyzeInSite(site, 'b/README.md', readme);
  assert.notEqual(b.page.url, '/b/');
  assert.deepEqual(b.findings, []);
});

test('a README index and a post on the same URL: the real build reports the conflict, and so does the engine, on both', { skip: jekyllAvailable() ? false : JEKYLL_MISSING }, async () => {
  const dir = tempDir('readme-conflict');
  try {
    writeTree(dir, {
      '_config.yml': `title: R\nplugins: [${PLUGINS.join(', ')}]\nwhitelist: [${PLUGINS.join(', ')}]\n`,
      'notes/README.md': '# Notes\n',
      // Posts do not count as a folder's index for jekyll-readme-index: both are written to notes/index.html.
      '_posts/2022-01-01-x.md': '---\npermalink: /notes/\n---\nPost\n',
      'other/README.md': '# Other\n',
    });
    const build = await buildSite(dir);
    assert.ok(build.ok, build.log);
    const block = build.log.split('Conflict:').slice(1).map((b) => ({ dest: /_site\/(\S+)/.exec(b)?.[1], files: [...b.matchAll(/^\s*- (\S+)$/gm)].map((m) => m[1]) }));
    assert.deepEqual(block.map((b) => b.dest), ['notes/index.html']);
    const { check } = await engineOutputs(dir);
    const conflicts = check.findings.filter((f) => f.code === 'post-url-conflict');
    assert.deepEqual(conflicts.map((f) => `${f.file} ${f.resolved}`).sort(), ['_posts/2022-01-01-x.md /notes/', 'notes/README.md /notes/']);
    assert.match(conflicts.find((f) => f.file === '_posts/2022-01-01-x.md')!.message, /notes\/README\.md lands on the same URL/);
    for (const file of block[0].files) assert.ok(conflicts.some((f) => file.endsWith(f.file)), `${file} reported`);
  } finally {
    removeTree(dir);
  }
});

test('bad input in README index pages: BOM and CRLF, unterminated Liquid, binary bytes, a huge README: a clear finding or none, never a crash', async () => {
  const big = '# Big\r\n\r\n' + 'Text with a [link](x.html) and `code`.\r\n'.repeat(20_000);
  const files: Record<string, string | Uint8Array> = {
    '_config.yml': 'title: x\n',
    'README.md': '\ufeff# Home\r\n\r\n![gone](missing.png)\r\n\r\n{% if page.title %}never closed\r\n',
    'bin/README.md': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe, 0x00]),
    'big/README.md': big,
    'loop/README.md': '# Loop\n\n{% include loop.html %}\n',
    '_includes/loop.html': '{% include loop.html %}\n',
  };
  const fs = new MemoryFileSystem(files);
  const site = await loadSite(fs, { build: 'github-pages' });
  const { findings } = await checkSite(fs, site, {});
  const home = findings.filter((f) => f.file === 'README.md');
  assert.deepEqual(home.map((f) => f.code).sort(), ['liquid-syntax', 'missing-file']);
  const text = (files['README.md'] as string).slice(1);
  const at = text.indexOf('missing.png');
  assert.deepEqual(home.find((f) => f.code === 'missing-file')?.range, { start: at, end: at + 'missing.png'.length });
  assert.match(home.find((f) => f.code === 'liquid-syntax')!.message, /never closed/);
  assert.deepEqual(findings.filter((f) => f.file === 'bin/README.md').map((f) => f.code), ['binary-file']);
  assert.equal(findings.filter((f) => f.file === 'big/README.md' && f.code === 'link-missing').length, 20_000);
  assert.ok(findings.some((f) => f.code === 'include-loop' && f.file === '_includes/loop.html'));
});
