/**
 * Collections in the engine: the config's `collections:` and `collections_dir:`, the URLs of their
 * documents, which documents are checked, and what is judged inside them. (collectionsJekyll.test.ts
 * compares the same with the real build.)
 *
 * A document of a collection without `output: true` is read and rendered by Jekyll (its Liquid can
 * stop the build: liquid-syntax is reported in it), but nothing of it is written: its images and links
 * are not on the site, so they are not judged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { loadSite } from '../../src/core/site';
import { checkSite } from '../../src/core/checkSite';
import { collectionsOf, parseSiteConfig } from '../../src/core/siteConfig';
import { analyzeDocument } from '../../src/core/analyzeDocument';
import { documentKind } from '../../src/core/permalink';
import { renderPage } from '../../src/core/render/renderPage';

async function siteOf(files: Record<string, string>) {
  const fs = new MemoryFileSystem(files);
  const site = await loadSite(fs);
  return { fs, site };
}

test('collections: a list of names or a map; posts left out, labels sanitised, output read as Ruby truth', () => {
  assert.deepEqual(collectionsOf(['events', 'posts', 'a b']), [
    { name: 'events', output: false },
    { name: 'ab', output: false },
  ]);
  assert.deepEqual(collectionsOf({ events: { output: true, permalink: '/e/:name/' }, notes: null, talks: { output: 'yes' } }), [
    { name: 'events', output: true, permalink: '/e/:name/' },
    { name: 'notes', output: false },
    { name: 'talks', output: true },
  ]);
  assert.deepEqual(collectionsOf('events'), []);
  assert.deepEqual(collectionsOf(null), []);
  const config = parseSiteConfig('_config.yml', 'collections_dir: /my/\ncollections:\n  guides:\n    output: true\n');
  assert.equal(config.collectionsDir, 'my');
  assert.equal(documentKind('my/_guides/a.md', config), 'collection');
  assert.equal(documentKind('_guides/a.md', config), 'other');
  assert.equal(documentKind('my/_guides/_draft.md', config), 'other');
  assert.equal(documentKind('my/_guides/a.md'), 'other', 'without the config, the old answer');
});

test('a collection document URL: the default template follows the site style; placeholders; own permalink; static files', async () => {
  const url = async (config: string, path: string, text: string) => {
    const { site } = await siteOf({ '_config.yml': config, [path]: text });
    return analyzeDocument(site, path, text).url.url;
  };
  const events = 'collections:\n  events:\n    output: true\n';
  assert.equal(await url(events, '_events/a/b.md', '---\n---\n'), '/events/a/b.html');
  assert.equal(await url(events + 'permalink: pretty\n', '_events/a/b.md', '---\n---\n'), '/events/a/b/');
  assert.equal(await url(events + 'permalink: /:year/:title/\n', '_events/b.md', '---\n---\n'), '/events/b/');
  assert.equal(await url(events + 'permalink: /:year/:title\n', '_events/b.md', '---\n---\n'), '/events/b');
  assert.equal(await url(events, '_events/b.md', '---\npermalink: /own/:name/\n---\n'), '/own/b/');
  assert.equal(await url(events, '_events/flyer.html', 'no front matter'), '/events/flyer.html');
  const custom = 'collections:\n  talks:\n    output: true\n    permalink: /t/:year/:month/:title/:slug:output_ext\n';
  assert.equal(await url(custom, '_talks/2022-03-04-Big Talk.md', '---\n---\n'), '/t/2022/03/Big-Talk/big-talk.html');
  assert.equal(await url(custom, '_talks/x.md', '---\ndate: 2021-06-07\nslug: Given\n---\n'), '/t/2021/06/Given/given.html');
});

test("a broken image in a written collection's document is reported; in one of an output: false collection it is not", async () => {
  const { fs, site } = await siteOf({
    '_config.yml': 'collections:\n  events:\n    output: true\n  notes:\n    output: false\n',
    'img/ok.png': 'png',
    '_events/launch.md': '---\ntitle: Launch\n---\n![ok](/img/ok.png) ![gone](/img/gone.png)\n',
    '_notes/n.md': '---\n---\n![gone](/img/gone.png) [nowhere](/nowhere/)\n{% if x %}\n',
  });
  const { findings } = await checkSite(fs, site);
  const at = (file: string) => findings.filter((f) => f.file === file).map((f) => f.code);
  assert.deepEqual(at('_events/launch.md'), ['missing-file']);
  // Not on the site, so not broken there; the Liquid still stops the build.
  assert.deepEqual(at('_notes/n.md'), ['liquid-syntax']);
});

test('a link to a collection document is found, one to its source path is not; defaults by type apply', async () => {
  const { fs, site } = await siteOf({
    '_config.yml': 'collections:\n  events:\n    output: true\ndefaults:\n  - scope: {type: events}\n    values: {permalink: /e/:name/}\n',
    'index.md': '---\n---\n[ok](/e/launch/) [old](/events/launch.html) [source](/_events/launch.md)\n',
    '_events/launch.md': '---\ntitle: Launch\n---\nText\n',
  });
  const { findings } = await checkSite(fs, site);
  const links = findings.filter((f) => f.file === 'index.md' && f.code.startsWith('link-')).map((f) => f.resolved);
  assert.deepEqual(links.sort(), ['/_events/launch.md', '/events/launch.html']);
  assert.equal(site.documentAt('/e/launch/')?.path, '_events/launch.md');
  assert.equal(site.documentAt('/e/launch/')?.collection, 'events');
});

test('the preview fills site.NAME, site.collections and site.documents with the collection documents', async () => {
  const files: Record<string, string> = {
    '_config.yml': 'collections:\n  events:\n    output: true\n  notes: {}\n',
    '_layouts/default.html': '<html><body>{{ content }}</body></html>\n',
    'index.html':
      '---\nlayout: default\n---\n<ul>{% for e in site.events %}<li>{{ e.title }} {{ e.url }} {{ e.collection }}</li>{% endfor %}</ul>' +
      '<p id="c">{% for c in site.collections %}{{ c.label }}:{{ c.docs.size }} {% endfor %}</p><p id="n">{{ site.notes.size }} {{ site.documents.size }}</p>\n',
    '_events/2022-01-02-launch.md': '---\n---\nLaunch\n',
    '_events/b.md': '---\ntitle: Bee\ndate: 2021-01-01\n---\nB\n',
    '_events/hidden.md': '---\npublished: false\n---\n',
    '_events/plain.md': 'no front matter\n',
    '_notes/n.md': '---\n---\nN\n',
  };
  const fs = new MemoryFileSystem(files);
  const site = await loadSite(fs);
  const page = await renderPage(site, fs, 'index.html', files['index.html'], { imageUrl: (f) => f });
  assert.match(page.html, /<li>Bee \/events\/b\.html events<\/li><li>Launch \/events\/2022-01-02-launch\.html events<\/li>/);
  // As Jekyll 4.3.1 builds it: the config's collections, then posts; site.documents counts the static plain.md too.
  assert.match(page.html, /events:2 notes:1 posts:0/);
  assert.match(page.html, /<p id="n">1 4<\/p>/);
});

test("site.static_files has the collections' files, written or not, with their collection", async () => {
  const files: Record<string, string> = {
    '_config.yml': 'collections:\n  events:\n    output: true\n  notes: {}\n',
    'index.html': '---\n---\n{% for f in site.static_files %}[{{ f.path }}|{{ f.collection }}|{{ f.name }}]{% endfor %}\n',
    '_events/pic.png': 'x',
    '_notes/n.pdf': 'x',
    'img/a.png': 'x',
  };
  const fs = new MemoryFileSystem(files);
  const site = await loadSite(fs);
  const page = await renderPage(site, fs, 'index.html', files['index.html'], { imageUrl: (f) => f });
  // As Jekyll 4.3.1 writes it.
  assert.match(page.html, /\[\/img\/a\.png\|\|a\.png\]\[_events\/pic\.png\|events\|pic\.png\]\[_notes\/n\.pdf\|notes\|n\.pdf\]/);
});

test('{% link %} to a file of a collection without output is link-tag-missing (the build stops); to a written one it is not', async () => {
  const { fs, site } = await siteOf({
    '_config.yml': 'collections:\n  events:\n    output: true\n  notes: {}\n',
    '_events/a.md': '---\n---\nA\n',
    '_notes/n.md': '---\n---\nN\n',
    'index.md': '---\n---\n[a]({% link _events/a.md %}) [n]({% link _notes/n.md %})\n',
  });
  const { findings } = await checkSite(fs, site);
  const tags = findings.filter((f) => f.code === 'link-tag-missing');
  assert.equal(tags.length, 1);
  assert.match(tags[0].message, /collection 'notes', which has no output: true/);
});
