import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { loadSite } from '../../src/core/site';
import { renderPage } from '../../src/core/render/renderPage';

const POST = '---\nlayout: post\ntitle: Loops\n---\nhello\n';

async function render(files: Record<string, string>) {
  const fs = new MemoryFileSystem({ '_config.yml': 'baseurl: ""\n', '_posts/2022-01-01-a.md': POST, ...files });
  const site = await loadSite(fs);
  return renderPage(site, fs, '_posts/2022-01-01-a.md', POST, { imageUrl: (f) => `local:${f}` });
}

test('an include that includes itself ends with an error and the built-in layout, not a hang', { timeout: 30_000 }, async () => {
  const page = await render({ '_layouts/post.html': '<html>{% include a.html %}{{ content }}</html>', '_includes/a.html': 'x{% include a.html %}' });
  assert.equal(page.layoutSource, 'built-in');
  assert.match(page.errors.join('\n'), /Liquid error in the layout 'post': template render limit exceeded/);
  assert.match(page.html, /hello/);
});

test('a layout looping a hundred million times is stopped', { timeout: 30_000 }, async () => {
  const page = await render({ '_layouts/post.html': '<html>{% for i in (1..100000000) %}{{ i }}{% endfor %}{{ content }}</html>' });
  assert.equal(page.layoutSource, 'built-in');
  assert.match(page.errors.join('\n'), /limit exceeded/);
});

test('includes can only come from _includes/ of the site', async () => {
  const page = await render({ '_layouts/post.html': '<html>{% include ../_config.yml %}{{ content }}</html>' });
  assert.doesNotMatch(page.html, /baseurl: ""/);
});

test("without trust the site's own layouts are not run: the built-in layout is shown with a notice", async () => {
  const fs = new MemoryFileSystem({ '_config.yml': 'baseurl: ""\n', '_layouts/post.html': '<html><b id="own">OWN</b>{{ content }}</html>' });
  const site = await loadSite(fs);
  const trusted = await renderPage(site, fs, '_posts/2022-01-01-a.md', POST, { imageUrl: (f) => f });
  assert.equal(trusted.layoutSource, 'site');
  assert.match(trusted.html, /OWN/);
  const restricted = await renderPage(site, fs, '_posts/2022-01-01-a.md', POST, { imageUrl: (f) => f, siteTemplates: false });
  assert.equal(restricted.layoutSource, 'built-in');
  assert.doesNotMatch(restricted.html, /OWN/);
  assert.match(restricted.errors.join('\n'), /Restricted Mode/);
});

test('the preview says where the site serves the page and the date it shows (the moved day of a late -0400 post)', async () => {
  const text = "---\nlayout: post\ntitle: London\ndate: 2022-11-21 23:45:13 -0400\n---\nhi\n";
  const fs = new MemoryFileSystem({ '_config.yml': 'baseurl: "/ipe"\nurl: "https://uhcc0002.github.io"\n', '_posts/2022-11-21-1.md': text });
  const site = await loadSite(fs);
  const page = await renderPage(site, fs, '_posts/2022-11-21-1.md', text, { imageUrl: (f) => f });
  assert.equal(page.servedAt, 'https://uhcc0002.github.io/ipe/2022/11/22/1.html');
  const { previewBody } = await import('../../src/core/render/shell');
  assert.match(previewBody(page), /serves this page at <code>https:\/\/uhcc0002\.github\.io\/ipe\/2022\/11\/22\/1\.html<\/code> · dated November 22, 2022/);
});

test('Markdown images with spaces in the URL are images, as kramdown renders them', async () => {
  const { renderMarkdown } = await import('../../src/core/render/markdown');
  const html = renderMarkdown('![a](/img/a b.png "title one")\n\n![b][ref]\n\n![c](/img/(paren).png)\n\n[x](https://example.org "t")\n\n[ref]: /img/ref space.png "T"\n');
  assert.match(html, /<img src="\/img\/a%20b\.png" alt="a" title="title one"/);
  assert.match(html, /<img src="\/img\/ref%20space\.png" alt="b" title="T"/);
  assert.match(html, /<img src="\/img\/\(paren\)\.png" alt="c"/);
  assert.match(html, /<a href="https:\/\/example\.org" title="t">x<\/a>/);
});
