import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parseFragment } from 'parse5';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { loadSite } from '../../src/core/site';
import { renderPage } from '../../src/core/render/renderPage';
import { linkTarget } from '../../src/core/linkTarget';
import { checkSite } from '../../src/core/checkSite';

const fixtures = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const imageUrl = (f: string) => `local:${f}`;

interface Anchor {
  readonly href: string;
  readonly cls: string;
  readonly title?: string;
  readonly text: string;
}

/** Every <a> of rendered HTML, with its class, title and text. */
function anchors(html: string): Anchor[] {
  const out: Anchor[] = [];
  type N = { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: N[]; value?: string };
  const text = (n: N): string => (n.nodeName === '#text' ? n.value ?? '' : (n.childNodes ?? []).map(text).join(''));
  const walk = (n: N) => {
    if (n.nodeName === 'a') {
      const a = (name: string) => n.attrs?.find((x) => x.name === name)?.value;
      out.push({ href: a('href') ?? '', cls: a('class') ?? '', title: a('title'), text: text(n).trim() });
    }
    for (const c of n.childNodes ?? []) walk(c);
  };
  walk(parseFragment(html) as unknown as N);
  return out;
}

test('the preview marks the real navbar link to /members where it stands, with the reason on hover; the working items are not marked', async () => {
  const root = join(fixtures, 'ipe-2022-12-15-members');
  const fs = new NodeFileSystem(root);
  const site = await loadSite(fs);
  await checkSite(fs, site);
  const page = await renderPage(site, fs, 'about.md', readFileSync(join(root, 'about.md'), 'utf8'), { imageUrl });
  const all = anchors(page.html);
  const broken = all.filter((a) => a.cls.split(/\s+/).includes('ipe-link-broken'));
  assert.deepEqual(broken.map((a) => a.text), ['Members Login']);
  assert.match(broken[0].title ?? '', /^Broken link: .*\/ipe\/members/);
  // The other navbar items are pages of the site, and stay plain links.
  const nav = all.filter((a) => a.cls.includes('nav-link'));
  assert.ok(nav.length >= 5, `navbar items: ${nav.map((a) => a.text).join(', ')}`);
  for (const a of nav.filter((x) => x.text !== 'Members Login')) assert.ok(!a.cls.includes('ipe-link-broken'), `${a.text} (${a.href}) is not marked`);
});

test('the preview marks the real post link ](Neuland@Homeland), which resolves against the post URL', async () => {
  const root = join(fixtures, 'corpus', 'ipe-2023-02-10-baseurl-ipe');
  const fs = new NodeFileSystem(root);
  const site = await loadSite(fs);
  await checkSite(fs, site);
  const path = '_posts/2021-11-03-1.md';
  const page = await renderPage(site, fs, path, readFileSync(join(root, path), 'utf8'), { imageUrl });
  const broken = anchors(page.html).filter((a) => a.cls.includes('ipe-link-broken'));
  assert.deepEqual(broken.map((a) => a.text), ['Neuland@Homeland']);
  assert.match(broken[0].title ?? '', /\/ipe\/2021\/12\/01\/Neuland@Homeland/);
});

const SITE = {
  '_config.yml': 'baseurl: /ipe\nurl: https://example.org\n',
  '_layouts/default.html': '<nav><a href="{{ site.baseurl }}/about.html">About</a></nav>{{ content }}',
  'about.md': '---\nlayout: default\ntitle: About\n---\n# About us\n\n## Team\n',
  'files/report.pdf': '%PDF-1.4',
  'index.md': '---\nlayout: default\n---\n[a](about.html#team) [b]({{ site.baseurl }}/nothing) [c](https://ietf.org/) [d](files/report.pdf) [e](#top) [f](/about.html)\n',
};

test('linkTarget: where a click on a rendered link goes on the deployed site', async () => {
  const fs = new MemoryFileSystem(SITE);
  const site = await loadSite(fs);
  await checkSite(fs, site);
  const index = site.documentOf('index.md')!;
  const page = { path: 'index.md', url: index.url ?? '/', data: {}, layout: 'default' };
  assert.deepEqual(linkTarget(site, page, 'about.html#team'), { kind: 'page', url: '/ipe/about.html', path: 'about.md', title: 'About', fragment: 'team' });
  assert.deepEqual(linkTarget(site, page, 'https://example.org/ipe/about.html'), { kind: 'page', url: '/ipe/about.html', path: 'about.md', title: 'About', fragment: undefined });
  assert.deepEqual(linkTarget(site, page, '/ipe/files/report.pdf'), { kind: 'file', url: '/ipe/files/report.pdf', path: 'files/report.pdf' });
  assert.deepEqual(linkTarget(site, page, 'https://ietf.org/'), { kind: 'external', url: 'https://ietf.org/' });
  assert.deepEqual(linkTarget(site, page, '/ipe/#x'), { kind: 'same-page', url: '/ipe/', fragment: 'x' });
  const broken = linkTarget(site, page, '/ipe/nothing');
  assert.equal(broken.kind, 'broken');
  assert.match((broken as { reason: string }).reason, /\/ipe\/nothing/);
  assert.equal(linkTarget(site, page, '/about.html').kind, 'broken', 'outside the baseurl');
  for (const odd of ['http://[', '%zz', ' ', '/ipe/%E0%A4%A', 'javascript:alert(1)', '//evil.example/x']) linkTarget(site, page, odd);
});

test('before the pages of the site are all known, no link is marked', async () => {
  const fs = new MemoryFileSystem(SITE);
  const site = await loadSite(fs);
  const page = await renderPage(site, fs, 'index.md', SITE['index.md'], { imageUrl });
  assert.deepEqual(anchors(page.html).filter((a) => a.cls.includes('ipe-link-broken')), []);
});

test('the preview marks only the broken links of a page, and keeps them links', async () => {
  const fs = new MemoryFileSystem(SITE);
  const site = await loadSite(fs);
  await checkSite(fs, site);
  const page = await renderPage(site, fs, 'index.md', SITE['index.md'], { imageUrl });
  const marked = anchors(page.html).filter((a) => a.cls.includes('ipe-link-broken')).map((a) => a.text);
  assert.deepEqual(marked, ['b', 'f']);
  assert.ok(anchors(page.html).every((a) => a.href !== ''), 'every link keeps its href');
});

test('a site without layouts: its pages include _includes/ files, and the built-in layout’s own links are not judged', async () => {
  const files = {
    '_config.yml': 'baseurl: /ipe\n',
    '_includes/nav-links.html': '<nav><a class="nav-link" href="{{ "/about" | relative_url }}">About</a> <a class="nav-link" href="{{ "/members" | relative_url }}">Members</a></nav>',
    'about.md': '---\ntitle: About\n---\nAbout us.\n',
    '_posts/2023-06-02-links.md': '---\nlayout: post\ntitle: Links\n---\n{% include nav-links.html %}\n\nRead [the mission]({{ site.baseurl }}/about.html).\n',
  };
  const fs = new MemoryFileSystem(files);
  const site = await loadSite(fs);
  await checkSite(fs, site);
  const page = await renderPage(site, fs, '_posts/2023-06-02-links.md', files['_posts/2023-06-02-links.md'], { imageUrl });
  assert.equal(page.layoutSource, 'built-in');
  assert.deepEqual(page.errors, []);
  const all = anchors(page.html);
  // The built-in navbar's Home and Posts would be 404s on this site, but they are not the site's links.
  assert.ok(all.some((a) => a.text === 'Home' && !a.cls.includes('ipe-link-broken')));
  assert.deepEqual(all.filter((a) => a.cls.includes('ipe-link-broken')).map((a) => a.text), ['Members']);
  assert.ok(all.some((a) => a.text === 'the mission' && a.href.endsWith('/ipe/about.html')), 'Liquid in the content ran');
});
