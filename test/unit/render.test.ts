import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite } from '../../src/core/site';
import { renderPage } from '../../src/core/render/renderPage';
import { readTime, numberOfWords, strftime } from '../../src/core/render/jekyllTime';
import { sanitizeHtml } from '../../src/core/render/sanitize';
import { renderMarkdown } from '../../src/core/render/markdown';
import { wallClock } from '../../src/core/permalink';

const root = join(__dirname, '../../..');
const fixture = join(root, 'test/fixtures/preview-site');
const seedPost = '_posts/2022-11-21-ipe-meeting-london.md';
const read = (p: string) => readFileSync(join(fixture, p), 'utf8');
const imageUrl = (f: string) => `local:${f}`;

test('read time follows the theme: 1 min under 270 words, else words/135 mins', () => {
  assert.equal(readTime(0), '1 min read');
  assert.equal(readTime(269), '1 min read');
  assert.equal(readTime(270), '2 mins read');
  assert.equal(readTime(404), '2 mins read');
  assert.equal(readTime(405), '3 mins read');
  assert.equal(numberOfWords('  a b\n c  '), 3);
});

test('strftime prints the theme date format on the site clock', () => {
  const c = wallClock(Date.UTC(2022, 10, 22, 3, 45, 13), 'UTC');
  assert.equal(strftime(c, '%B %d, %Y'), 'November 22, 2022');
  assert.equal(strftime(c, '%Y-%m-%dT%H:%M:%S%:z'), '2022-11-22T03:45:13+00:00');
  assert.equal(strftime(c, '%b %-d, %Y %I:%M %p'), 'Nov 22, 2022 03:45 AM');
  assert.equal(strftime(c, '%A %a %u %w %j'), 'Tuesday Tue 2 2 326');
  const sunday = wallClock(Date.UTC(2023, 0, 1, 12), 'UTC');
  assert.equal(strftime(sunday, '%A %u %w %j %c'), 'Sunday 7 0 001 Sun Jan  1 12:00:00 2023');
});

test('the seed post renders with the built-in post layout: title, subtitle, meta line in UTC, broken background marker', async () => {
  const fs = new NodeFileSystem(fixture);
  const site = await loadSite(fs);
  const page = await renderPage(site, fs, seedPost, read(seedPost), { imageUrl });
  assert.equal(page.layoutSource, 'built-in');
  assert.match(page.html, /<h1>IETF - IPE meeting in London<\/h1>/);
  assert.match(page.html, /<h2 class="subheading">Working together to accelerate IPv6 deployment and innovation<\/h2>/);
  const words = numberOfWords(renderMarkdown(read(seedPost).split('---\n').slice(2).join('---\n')));
  const meta = /<span class="meta">([\s\S]*?)<\/span>/.exec(page.html)![1].replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
  assert.equal(meta, `Posted by IPv6 Forum on November 22, 2022 · ${readTime(words)}`);
  // The background is requested as /ipe/ipe/… on the site: grey masthead with a marker, not "fixed".
  assert.doesNotMatch(page.html, /url\("local:/);
  assert.match(page.html, /class="masthead ipe-has-broken-background"/);
  assert.equal(page.report.markers.length, 1);
  assert.equal(page.report.markers[0].requested, '/ipe/ipe/img/posts/posts.jpg');
  assert.match(page.report.markers[0].reason, /baseurl is added twice/);
  // Inline images resolve to workspace files.
  assert.match(page.html, /src="local:img\/posts\/IPE-IETF-ETSI-meeting-blogpost-image-1\.png"/);
  // Blocks carry their source lines for scroll sync.
  assert.match(page.html, /<p data-line="8">The Internet standardization body/);
});

test('the seed page renders h1 + span.subheading with its background from the workspace', async () => {
  const fs = new NodeFileSystem(fixture);
  const site = await loadSite(fs);
  const page = await renderPage(site, fs, 'about.md', read('about.md'), { imageUrl });
  assert.match(page.html, /<div class="page-heading">\s*<h1>Our Mission<\/h1>\s*<span class="subheading">This is what we do<\/span>/);
  assert.match(page.html, /<header class="masthead" data-line="0" style="background-image: url\(&quot;local:img\/bg-about\.jpg&quot;\)">/);
  assert.equal(page.report.markers.length, 0);
});

test('the sanitizer removes scripts, handlers, script URLs, frames, base and meta, and judges every image', () => {
  const verdicts: Record<string, string> = {};
  const out = sanitizeHtml(
    `<p>a<script>alert(1)</script><img src="ok.png" onerror="x()" srcset="ok.png 1x, bad.png 2x"><img src="ok.png" onload="y()">
<a href="javascript:alert(1)">j</a><a href=" JaVaScRiPt:alert(1)">k</a><a href="data:text/html,<script>">d</a><a href="/x">x</a>
<iframe src="https://evil"></iframe><object data="x"></object><embed src="y"><base href="file:///"><meta http-equiv="refresh" content="0">
<svg><script>1</script><a xlink:href="javascript:1"><text>t</text></a><set attributeName="href" to="javascript:1"/></svg>
<div style="background: url('bad.png') center; color: red">b</div><style>@import url(evil.css); .x{background:url(ok.png)}</style></p>`,
    {
      image: (raw) => {
        verdicts[raw] = 'asked';
        return raw === 'ok.png' ? { kind: 'show', url: 'vscode-resource:ok.png' } : { kind: 'broken', requested: raw, reason: 'No file serves it.' };
      },
      link: (raw) => `https://site.example${raw}`,
    },
  );
  const html = out.html;
  assert.doesNotMatch(html, /<script|onerror|onload|javascript:|<iframe|<object|<embed|<base|<meta|<set|@import|data:text/i);
  assert.match(html, /Embedded iframe not shown in the preview/);
  assert.match(html, /<a href="https:\/\/site.example\/x">x<\/a>/);
  assert.match(html, /<div style="background: none center; color: red" class="ipe-has-broken-background"><span class="ipe-marker ipe-marker-broken"/);
  assert.match(html, /\.x\{background:url\("vscode-resource:ok\.png"\)\}/);
  // An img with one broken srcset candidate is a marker: the browser might pick it.
  assert.equal((html.match(/ipe-marker-broken"/g) ?? []).length, 2);
  assert.match(html, /<img src="vscode-resource:ok\.png">/);
});

test('the site\u2019s own layouts render with a real Liquid engine: includes with parameters, relative_url, date, read time', async () => {
  const fs = new MemoryFileSystem({
    '_config.yml': 'title: IPv6 Enhanced Council\nauthor: IPv6 Forum\nbaseurl: "/ipe"\nurl: "https://example.github.io"\n',
    '_layouts/default.html': '<!DOCTYPE html>\n<html>\n{% include head.html %}\n<body>\n{% include navbar.html %}\n{{ content }}\n</body>\n</html>\n',
    '_includes/head.html': '<head><title>{% if page.title %}{{ page.title }} - {{ site.title }}{% else %}{{ site.title }}{% endif %}</title><link rel="stylesheet" href="{{ "/css/site.css" | relative_url }}"><link rel="canonical" href="{{ page.url | absolute_url }}"></head>',
    '_includes/navbar.html': '<nav id="mainNav"><a class="navbar-brand" href="{{ "/" | relative_url }}">{{ site.title | escape }}</a></nav>',
    '_includes/read_time.html': '{% assign words = include.content | number_of_words %}{% if words < 270 %}1 min{% else %}{{ words | divided_by: 135 }} mins{% endif %} read',
    '_layouts/post.html':
      "---\nlayout: default\n---\n{% if page.background %}<header class=\"masthead\" style=\"background-image: url('{{ page.background | prepend: site.baseurl | replace: '//', '/' }}')\">{% else %}<header class=\"masthead\">{% endif %}<div class=\"overlay\"></div><div class=\"post-heading\"><h1>{{ page.title }}</h1><span class=\"meta\">Posted by {% if page.author %}{{ page.author }}{% else %}{{ site.author }}{% endif %} on {{ page.date | date: '%B %d, %Y' }} &middot; {% include read_time.html\n content=page.content %}</span><time datetime=\"{{ page.date | date_to_xmlschema }}\"></time></div></header>\n<div class=\"col-lg-8 col-md-10 mx-auto\">{{ content }}</div>\n",
    'css/site.css': 'body{}',
    'img/posts/posts.jpg': 'x',
    'img/posts/IPE-IETF-ETSI-meeting-blogpost-image-1.png': 'x',
    'img/posts/IPE-IETF-ETSI-meeting-blogpost-image-2.png': 'x',
    [seedPost]: read(seedPost),
  });
  const site = await loadSite(fs);
  assert.equal(site.hasOwnLayouts, true);
  const page = await renderPage(site, fs, seedPost, read(seedPost), { imageUrl });
  assert.deepEqual(page.errors, []);
  assert.equal(page.layoutSource, 'site');
  assert.equal(page.title, 'IETF - IPE meeting in London - IPv6 Enhanced Council');
  assert.deepEqual(page.stylesheets, [{ href: '/ipe/css/site.css', file: 'css/site.css' }]);
  assert.match(page.html, /<a class="navbar-brand" href="https:\/\/example.github.io\/ipe\/">IPv6 Enhanced Council<\/a>/);
  assert.match(page.html, /Posted by IPv6 Forum on November 22, 2022 · \d mins? read/);
  assert.match(page.html, /datetime="2022-11-22T03:45:13\+00:00"/);
  assert.equal(page.report.markers.length, 1);
  assert.match(page.report.markers[0].reason, /baseurl is added twice/);
  assert.match(page.html, /<div class="col-lg-8 col-md-10 mx-auto"><p data-line="8">/);
});

test('a Liquid error is reported and the built-in layout still shows the page', async () => {
  const fs = new MemoryFileSystem({
    '_config.yml': 'baseurl: ""\n',
    '_layouts/post.html': '{% if page.title %}<h1>{{ page.title }}</h1>',
    '_posts/2022-01-01-a.md': '---\nlayout: post\ntitle: A\n---\nHello\n',
  });
  const site = await loadSite(fs);
  const page = await renderPage(site, fs, '_posts/2022-01-01-a.md', '---\nlayout: post\ntitle: A\n---\nHello\n', { imageUrl });
  assert.equal(page.errors.length, 1);
  assert.match(page.errors[0], /Liquid error in the layout 'post'/);
  assert.match(page.html, /<h1>A<\/h1>/);
});
