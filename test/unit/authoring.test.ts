import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite, Site } from '../../src/core/site';
import { analyzeDocument } from '../../src/core/analyzeDocument';
import {
  slugify,
  freePath,
  webSafeFileName,
  imageHtmlBlock,
  formatPostDate,
  formatOffset,
  siteClock,
  planNewPost,
  backgroundChoices,
  contentImageChoices,
  referenceTextFor,
  layoutNames,
  frontMatterKeys,
  completionSpotAt,
  postSnippet,
  pageSnippet,
  imageBlockSnippet,
  pageOf,
  snippetChoiceText,
  yamlDoubleQuoted,
  referenceAt,
  describeImage,
} from '../../src/core/authoring';
import { parseFrontMatter } from '../../src/core/frontMatter';
import { wallClock } from '../../src/core/permalink';
import { jekyllAvailable, JEKYLL_MISSING, CLEAN_BLOG_LAYOUTS, tempDir, writeTree, buildSite, imageUrlsInHtml, servedFile, readOutput, removeTree, pageUrlOf } from '../support/jekyll';

const IMAGES = ['img/posts/posts.jpg', 'img/bg-about.jpg', 'img/bg-index.bak.jpg', 'img/posts/IPE-1.png', 'img/with space.png', '_drafts/secret.png', 'img/it\'s.jpg'];

async function siteWith(config: string, extra: Record<string, string> = {}): Promise<Site> {
  const files: Record<string, string> = { '_config.yml': config, ...extra };
  for (const i of IMAGES) files[i] = '';
  return loadSite(new MemoryFileSystem(files));
}

const IPE = 'baseurl: "/ipe"\nurl: "https://uhcc0002.github.io"\n';
const NOW = Date.UTC(2025, 0, 31, 22, 30, 5);

/** Expands a snippet as VS Code would, taking each placeholder's default or first choice. */
function expandSnippet(body: string): string {
  return body
    .replace(/\$\{\d+\|((?:\\.|[^|\\])*)\|\}/g, (_, list: string) => list.split(/(?<!\\),/)[0].replace(/\\(.)/g, '$1'))
    .replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, (_, d: string) => d.replace(/\\(.)/g, '$1'))
    .replace(/\$\{\d+\}|\$\d+/g, '');
}

test('slugs: lower case ASCII, single dashes, never empty', () => {
  assert.equal(slugify('IETF - IPE meeting in London'), 'ietf-ipe-meeting-in-london');
  assert.equal(slugify('  Café & Crème: 5G/IPv6!  '), 'cafe-and-creme-5g-ipv6');
  assert.equal(slugify("ETSI's IPv6 Day"), 'etsis-ipv6-day');
  assert.equal(slugify('???'), 'post');
  assert.equal(slugify('日本語'), 'post');
  const long = slugify('word '.repeat(40));
  assert.ok(long.length <= 60 && !long.endsWith('-'), long);
});

test('free paths: name, name-1, name-2 …', () => {
  const taken = new Set(['img/posts/a.png', 'img/posts/a-1.png', 'x']);
  assert.equal(freePath('img/posts/b.png', (p) => taken.has(p)), 'img/posts/b.png');
  assert.equal(freePath('img/posts/a.png', (p) => taken.has(p)), 'img/posts/a-2.png');
  assert.equal(freePath('x', (p) => taken.has(p)), 'x-1');
});

test('web-safe image file names', () => {
  assert.equal(webSafeFileName('My Photo (1).PNG'), 'My-Photo-1.png');
  assert.equal(webSafeFileName('/tmp/dir/_hidden.jpg'), 'hidden.jpg');
  assert.equal(webSafeFileName('C:\\Users\\x\\Ünïcode näme.jpeg'), 'Unicode-name.jpeg');
  assert.equal(webSafeFileName('.png'), 'image.png');
  assert.equal(webSafeFileName('noext'), 'noext');
});

test("the image block is the site's centred HTML", () => {
  assert.equal(
    imageHtmlBlock('/ipe/img/posts/a.png'),
    '<p align="center">\n  <img style="width:600px;max-width:100%" src="/ipe/img/posts/a.png">\n</p>',
  );
  assert.match(imageHtmlBlock('/ipe/img/a.png', 'A "quoted" <alt>'), /alt="A &quot;quoted&quot; &lt;alt>"/);
});

test('post dates carry the offset of the site clock', async () => {
  assert.equal(formatOffset(-240), '-0400');
  assert.equal(formatOffset(330), '+0530');
  const utc = await siteWith(IPE);
  assert.equal(formatPostDate(siteClock(utc, NOW)), '2025-01-31 22:30:05 +0000');
  const paris = await siteWith(IPE + 'timezone: Europe/Paris\n');
  assert.equal(formatPostDate(siteClock(paris, NOW)), '2025-01-31 23:30:05 +0100');
  const tokyo = await siteWith(IPE + 'timezone: Asia/Tokyo\n');
  assert.equal(formatPostDate(wallClock(NOW, 'Asia/Tokyo')), '2025-02-01 07:30:05 +0900');
  // The file name follows the site's clock, so the date and the name agree.
  assert.equal(planNewPost(tokyo, { title: 'x', instant: NOW }).path, '_posts/2025-02-01-x.md');
});

test('background choices resolve under the layout rule: no baseurl in them', async () => {
  // Under `baseurl: "ipe"` the layout writes a relative path: no value works, and none is offered.
  const relative = await siteWith('baseurl: "ipe"\n');
  assert.deepEqual(backgroundChoices(relative, pageOf(relative, '_posts/2025-01-31-x.md', '---\nlayout: post\n---\n')), []);
  for (const config of [IPE, 'baseurl: ""\n', 'baseurl: "/ipe/"\n']) {
    const site = await siteWith(config);
    const page = pageOf(site, '_posts/2025-01-31-x.md', '---\nlayout: post\ntitle: x\n---\n');
    const choices = backgroundChoices(site, page);
    assert.ok(choices.length >= 4, config);
    assert.deepEqual(choices.slice(0, 2).map((c) => c.text), ['/img/bg-about.jpg', '/img/posts/posts.jpg'], config);
    assert.ok(!choices.some((c) => c.file.startsWith('_drafts')), 'unpublished files are not offered');
    assert.ok(!choices.some((c) => c.file.includes("'")), 'names that break the quoted YAML and the CSS url are not offered');
    assert.ok(choices[choices.length - 1].file.includes('.bak'), 'backups last');
    for (const c of choices) {
      const text = `---\nlayout: post\ntitle: x\nbackground: '${c.text}'\n---\n`;
      const a = analyzeDocument(site, '_posts/2025-01-31-x.md', text);
      assert.equal(a.references[0].resolution.status, 'ok', `${config} ${c.text}`);
      assert.equal(a.findings.filter((f) => f.severity === 'error').length, 0);
    }
  }
});

test('content image choices carry the baseurl and resolve from posts and pages', async () => {
  const site = await siteWith(IPE);
  for (const path of ['_posts/2025-01-31-x.md', 'about.md', 'docs/deep/page.md']) {
    const page = pageOf(site, path, '---\nlayout: post\ntitle: x\n---\n');
    for (const kind of ['html-img', 'markdown-image'] as const) {
      const choices = contentImageChoices(site, page, kind);
      assert.ok(choices.some((c) => c.text === '/ipe/img/posts/IPE-1.png'));
      const space = choices.find((c) => c.file === 'img/with space.png');
      assert.equal(space?.text, kind === 'markdown-image' ? '/ipe/img/with%20space.png' : '/ipe/img/with space.png');
      for (const c of choices) assert.ok(c.text.startsWith('/ipe/'), c.text);
    }
  }
  const root = await siteWith('baseurl: ""\n');
  const page = pageOf(root, '_posts/2025-01-31-x.md', '---\nlayout: post\n---\n');
  assert.equal(referenceTextFor(root, page, 'html-img', 'img/posts/IPE-1.png')?.text, '/img/posts/IPE-1.png');
  assert.equal(referenceTextFor(root, page, 'html-img', '_drafts/secret.png'), undefined);
});

test('a new post: free name, quoted title, date with offset, a verified background, no findings', async () => {
  const site = await siteWith(IPE, { '_posts/2025-01-31-ipe-news.md': '---\n---\n', '_posts/2025-01-31-ipe-news-2.html': '' });
  const plan = planNewPost(site, { title: 'IPE news', subtitle: 'A "quoted" subtitle: yes', instant: NOW });
  assert.equal(plan.path, '_posts/2025-01-31-ipe-news-3.md');
  assert.equal(plan.suffixed, true);
  assert.equal(plan.taken, '_posts/2025-01-31-ipe-news.md');
  assert.equal(
    plan.text,
    '---\nlayout: post\ntitle: "IPE news"\nsubtitle: "A \\"quoted\\" subtitle: yes"\ndate: 2025-01-31 22:30:05 +0000\nbackground: \'/img/bg-about.jpg\'\n---\n\n',
  );
  const fm = parseFrontMatter(plan.text);
  assert.deepEqual(fm.problems, []);
  assert.equal(fm.data.subtitle, 'A "quoted" subtitle: yes');
  const a = analyzeDocument(site, plan.path, plan.text);
  assert.deepEqual(a.findings.map((f) => f.code), []);
  assert.equal(a.url.url, '/2025/01/31/ipe-news-3.html');
  const chosen = planNewPost(site, { title: 'Other', instant: NOW, backgroundFile: 'img/posts/posts.jpg' });
  assert.match(chosen.text, /background: '\/img\/posts\/posts.jpg'/);
  assert.doesNotMatch(chosen.text, /subtitle/);
  assert.equal(planNewPost(site, { title: 'Other', instant: NOW, exists: () => false }).suffixed, false);
});

test('titles that YAML would misread stay strings', () => {
  for (const title of ['yes', '1.0', 'a: b', '# hash', '"quoted"', "it's", 'back\\slash', '[list]', '{map}', '@at', '`tick`', '- dash']) {
    const fm = parseFrontMatter(`---\ntitle: ${yamlDoubleQuoted(title)}\n---\n`);
    assert.equal(fm.data.title, title);
  }
});

test('layouts and keys', async () => {
  assert.deepEqual(layoutNames(await siteWith(IPE)), ['default', 'home', 'page', 'post']);
  const own = await siteWith(IPE, { '_layouts/article.html': '{{ content }}', '_layouts/base.html': '' });
  assert.deepEqual(layoutNames(own), ['article', 'base']);
  assert.deepEqual(frontMatterKeys('post', ['layout', 'title']).map((k) => k.key).slice(0, 3), ['subtitle', 'date', 'background']);
  assert.ok(frontMatterKeys('page').some((k) => k.key === 'description'));
  assert.ok(!frontMatterKeys('page').some((k) => k.key === 'date'));
  assert.ok(frontMatterKeys('custom').some((k) => k.key === 'date'));
});

test('completion spots', () => {
  const doc = "---\nlayout: po\nbackground: '/img/x.jpg'\nti\n---\n<img src=\"/ipe/im\">\n![a](/ipe/img/p) and\nhe";
  const at = (marker: string, delta = marker.length) => completionSpotAt(doc, doc.indexOf(marker) + delta);
  assert.deepEqual(at('layout: po'), { kind: 'front-matter-value', key: 'layout', start: 12, end: 14, quote: '', prefix: 'po' });
  const bg = at("background: '/img", "background: '/img".length);
  assert.equal(bg?.kind, 'front-matter-value');
  assert.equal(bg?.kind === 'front-matter-value' && bg.quote, "'");
  assert.equal(doc.slice(bg!.start, bg!.end), '/img/x.jpg');
  const key = at('\nti', 3);
  assert.deepEqual(key && [key.kind, doc.slice(key.start, key.end)], ['front-matter-key', 'ti']);
  const src = at('src="/ipe/im');
  assert.deepEqual(src && [src.kind, doc.slice(src.start, src.end)], ['html-src', '/ipe/im']);
  const md = at('](/ipe/img/p');
  assert.deepEqual(md && [md.kind, doc.slice(md.start, md.end)], ['markdown-link', '/ipe/img/p']);
  assert.equal(at('\nhe', 3)?.kind, 'body-line-start');
  assert.equal(completionSpotAt('po', 2)?.kind, 'document-start');
  assert.doesNotMatch(at('---\n<img', 3)?.kind ?? '', /front-matter/, 'the closing fence is not front matter');
  // Unterminated front matter while typing: still front matter.
  assert.equal(completionSpotAt('---\nlayout: ', 12)?.kind, 'front-matter-value');
});

test('site-aware snippets expand to front matter and images the engine accepts', async () => {
  const site = await siteWith(IPE + 'timezone: America/New_York\n');
  const post = postSnippet(site, '_posts/2025-01-31-x.md', NOW);
  assert.match(post, /date: \$\{3:2025-01-31 17:30:05 -0500\}/);
  assert.match(post, /background: \$\{4\|'\/img\/bg-about.jpg','\/img\/posts\/posts.jpg',/);
  const expanded = expandSnippet(post);
  const a = analyzeDocument(site, '_posts/2025-01-31-x.md', expanded);
  assert.deepEqual(a.findings.map((f) => f.code), []);
  assert.equal(a.references[0].resolution.status, 'ok');

  const page = expandSnippet(pageSnippet(site, 'about.md'));
  const p = analyzeDocument(site, 'about.md', page + '\n' + expandSnippet(imageBlockSnippet(site, pageOf(site, 'about.md', page))));
  assert.deepEqual(p.findings.map((f) => f.code), []);
  assert.deepEqual(p.references.map((r) => r.resolution.status), ['ok', 'ok']);
  assert.match(page, /layout: page\ntitle: "Title"\ndescription: "Description"/);
  assert.equal(snippetChoiceText("a,b|c$d}e\\"), 'a\\,b\\|c\\$d\\}e\\\\');
});

test('hover facts: URL and file, or why none', async () => {
  const site = await siteWith(IPE);
  const text = "---\nlayout: post\nbackground: '/ipe/img/posts/posts.jpg'\n---\n<img src=\"/ipe/img/posts/IPE-1.png\">\n";
  const a = analyzeDocument(site, '_posts/2025-01-31-x.md', text);
  const bg = referenceAt(a.references, text.indexOf('posts.jpg'))!;
  const bgInfo = describeImage(site, bg.ref, bg.resolution);
  assert.equal(bgInfo.status, 'broken');
  assert.equal(bgInfo.url, '/ipe/ipe/img/posts/posts.jpg');
  assert.match(bgInfo.why ?? '', /baseurl is added twice/);
  const img = referenceAt(a.references, text.indexOf('IPE-1'))!;
  assert.deepEqual(describeImage(site, img.ref, img.resolution), { status: 'ok', url: '/ipe/img/posts/IPE-1.png', file: 'img/posts/IPE-1.png', why: undefined });
  assert.equal(referenceAt(a.references, 2), undefined);
});

test('real Jekyll: new posts, snippets and image blocks build with every image served', { skip: !jekyllAvailable() && JEKYLL_MISSING }, async () => {
  for (const [name, config] of [
    ['ipe', IPE],
    ['root', 'baseurl: ""\nurl: "https://example.org"\n'],
    ['paris', IPE + 'timezone: Europe/Paris\n'],
  ]) {
    const dir = tempDir(`authoring-${name}`);
    try {
      const files: Record<string, string> = { ...CLEAN_BLOG_LAYOUTS, '_config.yml': config };
      for (const i of IMAGES) files[i] = 'image';
      writeTree(dir, files);
      const site = await loadSite(new NodeFileSystem(dir));
      const instant = Date.now() - 60_000;
      const plans = [
        planNewPost(site, { title: 'First post', instant }),
        planNewPost(site, { title: 'With a background', instant, backgroundFile: 'img/posts/posts.jpg', subtitle: 'yes: it is' }),
      ];
      const written: Record<string, string> = {};
      for (const plan of plans) {
        const page = pageOf(site, plan.path, plan.text);
        const src = referenceTextFor(site, page, 'html-img', 'img/posts/IPE-1.png')!.text;
        written[plan.path] = plan.text + imageHtmlBlock(src, 'one') + '\n\n![md](' + referenceTextFor(site, page, 'markdown-image', 'img/with space.png')!.text + ')\n';
      }
      const snippetPost = expandSnippet(postSnippet(site, '_posts/x.md', instant));
      const clock = siteClock(site, instant);
      const day = `${clock.year}-${String(clock.month).padStart(2, '0')}-${String(clock.day).padStart(2, '0')}`;
      written[`_posts/${day}-from-snippet.md`] = snippetPost;
      const pageText = expandSnippet(pageSnippet(site, 'about.md'));
      written['about.md'] = pageText + expandSnippet(imageBlockSnippet(site, pageOf(site, 'about.md', pageText)));
      writeTree(dir, written);
      for (const [path, text] of Object.entries(written)) {
        assert.deepEqual(analyzeDocument(site, path, text).findings.map((f) => f.code), [], `${name} ${path}`);
      }
      const build = await buildSite(dir);
      assert.ok(build.ok, build.log);
      assert.doesNotMatch(build.log, /Layout '\w+' requested .* does not exist/);
      const origin = config.includes('example.org') ? 'https://example.org' : 'https://uhcc0002.github.io';
      const basePath = site.config.basePath;
      let checked = 0;
      for (const path of Object.keys(written)) {
        const analysis = analyzeDocument(site, path, written[path]);
        const outFile = (analysis.url.url.endsWith('/') ? analysis.url.url + 'index.html' : analysis.url.url).slice(1);
        const html = readOutput(build, outFile);
        const pageUrl = new URL(origin + basePath + pageUrlOf(outFile));
        const urls = imageUrlsInHtml(html);
        assert.ok(urls.length >= (path.includes('snippet') ? 1 : 2), `${name} ${outFile}: ${JSON.stringify(urls)}`);
        for (const u of urls) {
          const served = servedFile(build, new URL(u.value, pageUrl), origin, basePath);
          assert.ok(served, `${name} ${outFile}: ${u.kind} ${u.value} is not served`);
          checked++;
        }
      }
      assert.ok(checked >= 8);
      assert.match(readFileSync(join(dir, '_site', 'about.html'), 'utf8'), /class="masthead" style="background-image: url\('/);
    } finally {
      removeTree(dir);
    }
  }
});

test('an image about to be copied gets a verified reference, and the model is left as it was', async () => {
  const { imageReferenceForFile } = await import('../../src/core/authoring');
  const site = await siteWith(IPE);
  const page = pageOf(site, '_posts/2025-01-31-x.md', '---\nlayout: post\n---\n');
  assert.equal(imageReferenceForFile(site, page, 'img/posts/new.png')?.text, '/ipe/img/posts/new.png');
  assert.equal(site.hasFile('img/posts/new.png'), false);
  assert.equal(imageReferenceForFile(site, page, '_uploads/new.png'), undefined, 'an unpublished folder gives no reference');
  assert.equal(imageReferenceForFile(site, page, 'img/posts/IPE-1.png', 'markdown-image')?.text, '/ipe/img/posts/IPE-1.png');
  assert.equal(site.hasFile('img/posts/IPE-1.png'), true);
});
