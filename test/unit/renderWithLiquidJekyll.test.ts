/**
 * `render_with_liquid: false`: Jekyll 4 (Debian's 4.3.1 here) leaves a page's Liquid as written, so
 * its tags run nothing (a `{% link %}` that names nothing does not fail the build), `{{ … }}` in a path
 * reaches the browser as written, and `{% comment %}` hides nothing. GitHub Pages' Jekyll 3.10 has no
 * such key: the engine modelling it renders the Liquid as always. The checks and the preview follow
 * the build; the plain build is held to the real one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite } from '../../src/core/site';
import { checkSite } from '../../src/core/checkSite';
import { analyzeDocument } from '../../src/core/analyzeDocument';
import { renderPage } from '../../src/core/render/renderPage';
import { jekyllAvailable, JEKYLL_MISSING, tempDir, writeTree, buildSite, removeTree, readOutput, readOutputIds } from '../support/jekyll';

const PAGE = [
  '---',
  'title: Raw',
  'render_with_liquid: false',
  '---',
  '## Heading {{ page.title }}',
  '',
  '![img]({{ site.baseurl }}/img/a.png)',
  '',
  'See {% link nosuch.md %} and [about]({{ "/about/" | relative_url }}).',
  '',
  '{% comment %}[hidden](/nowhere/){% endcomment %}',
  '',
  '[heading](#heading--pagetitle-)',
  '',
].join('\n');

const FILES: Record<string, string> = {
  '_config.yml': 'title: Liquid\nbaseurl: ""\n',
  '_layouts/default.html': '<!DOCTYPE html><html><body><h1 class="t">{{ page.title }}</h1>{{ content }}</body></html>\n',
  'img/a.png': 'png',
  'about.md': '---\nlayout: default\npermalink: /about/\n---\nAbout.\n',
  'raw.md': PAGE.replace('title: Raw', 'title: Raw\nlayout: default'),
};

const codes = (findings: readonly { file: string; code: string; resolved?: string }[]) => findings.filter((f) => f.file === 'raw.md').map((f) => `${f.code} ${f.resolved ?? ''}`.trim());

test('plain Jekyll leaves a page with render_with_liquid: false as written, as the real build does', { skip: jekyllAvailable() ? false : JEKYLL_MISSING }, async () => {
  const dir = tempDir('render-with-liquid');
  try {
    writeTree(dir, FILES);
    const build = await buildSite(dir);
    // The {% link %} to nothing would stop the build if it ran.
    assert.ok(build.ok, build.log);
    const html = readOutput(build, 'raw.html');
    assert.ok(html.includes('src="{{ site.baseurl }}/img/a.png"'), html);
    assert.ok(html.includes('{% link nosuch.md %}'));
    assert.ok(html.includes('href="/nowhere/"'), 'the comment tag hides nothing');
    // The layout still renders its own Liquid.
    assert.ok(html.includes('<h1 class="t">Raw</h1>'));
    const fs = new NodeFileSystem(dir);
    const site = await loadSite(fs, { build: 'jekyll' });
    const check = await checkSite(fs, site, {});
    assert.deepEqual(codes(check.findings).sort(), ['link-missing /%7B%7B%20%22/about/%22%20|%20relative_url%20%7D%7D', 'link-missing /nowhere/', 'missing-file /%7B%7B%20site.baseurl%20%7D%7D/img/a.png'].sort());
    assert.match(check.findings.find((f) => f.code === 'missing-file')?.message ?? '', /render_with_liquid: false.*as written/);
    // The heading's id is made from the text as written, as kramdown made it.
    const a = analyzeDocument(site, 'raw.md', FILES['raw.md']);
    const ids = readOutputIds(html).filter((id) => id.startsWith('heading'));
    assert.deepEqual(ids, ['heading--pagetitle-']);
    assert.deepEqual(a.anchors().map((x) => x.id), ids);
    // The preview shows the Liquid as written.
    const page = await renderPage(site, fs, 'raw.md', FILES['raw.md'], { imageUrl: (f) => f, sourceLines: false });
    assert.ok(page.html.includes('{% link nosuch.md %}'), page.html);
  } finally {
    removeTree(dir);
  }
});

test('under GitHub Pages render_with_liquid: false has no effect: the Liquid is rendered and checked', async () => {
  const dir = tempDir('render-with-liquid-pages');
  try {
    writeTree(dir, FILES);
    const fs = new NodeFileSystem(dir);
    const site = await loadSite(fs, { build: 'github-pages' });
    const check = await checkSite(fs, site, {});
    // The tag runs and names nothing (the build fails); the image and the link are where they belong;
    // the comment hides its link; the heading's id is made from the rendered title.
    assert.deepEqual(codes(check.findings), ['link-tag-missing', 'anchor-missing /raw.html#heading--pagetitle-']);
    const page = await renderPage(site, fs, 'raw.md', FILES['raw.md'], { imageUrl: (f) => f, sourceLines: false });
    assert.ok(!page.html.includes('{{ site.baseurl }}'), page.html);
    assert.ok(!page.html.includes('/nowhere/'));
  } finally {
    removeTree(dir);
  }
});
