/**
 * Links: every internal link judged as the deployed site serves it, in posts, pages, layouts and
 * includes; the two real cases of the IPE site's history at their exact ranges, with their fixes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite } from '../../src/core/site';
import { analyzeInSite, checkSite, movedSiteFindings } from '../../src/core/checkSite';
import type { Finding } from '../../src/core/findings';
import { extractLinks } from '../../src/core/linkReferences';
import { parseFrontMatter } from '../../src/core/frontMatter';

const fixtures = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const LINK_CODES = /^(link-|anchor-|post-url-missing|include-)/;

async function check(files: Record<string, string>): Promise<Finding[]> {
  const fs = new MemoryFileSystem(files);
  const site = await loadSite(fs);
  return (await checkSite(fs, site)).findings.filter((f) => LINK_CODES.test(f.code));
}

function applyFix(text: string, f: Finding, which = 0): string {
  const edits = [...(f.fixes[which]?.edits ?? [])].sort((a, b) => b.range.start - a.range.start);
  for (const e of edits) text = text.slice(0, e.range.start) + e.newText + text.slice(e.range.end);
  return text;
}

const POST = (body: string, fm = 'layout: post\ntitle: A post\n') => `---\n${fm}---\n${body}\n`;

test('the real post: ](Neuland@Homeland) resolves against the post URL, at its exact range, with a fix that keeps the text', async () => {
  const root = join(fixtures, 'corpus', 'ipe-2023-02-10-baseurl-ipe');
  const fs = new NodeFileSystem(root);
  const site = await loadSite(fs);
  const result = await checkSite(fs, site);
  const found = result.findings.filter((f) => f.code === 'link-missing' && f.file === '_posts/2021-11-03-1.md');
  assert.equal(found.length, 1);
  const text = readFileSync(join(root, '_posts/2021-11-03-1.md'), 'utf8');
  const start = text.indexOf('](Neuland@Homeland)') + 2;
  assert.deepEqual(found[0].range, { start, end: start + 'Neuland@Homeland'.length });
  assert.match(found[0].message, /\/ipe\/2021\/12\/01\/Neuland@Homeland/);
  assert.equal(found[0].target, 'link');
  const fixed = applyFix(text, found[0], found[0].fixes.length - 1);
  assert.ok(fixed.includes('Tahar Schaa \\(Neuland@Homeland\\)'), 'the link removed, its text kept');
  // The other links of the corpus work: the navbar's pages, wgs.md's ./poc.html.
  assert.deepEqual(result.findings.filter((f) => LINK_CODES.test(f.code)).map((f) => `${f.file} ${f.code}`), ['_posts/2021-11-03-1.md link-missing']);
});

test('the real navbar of 2022-12-15: /members is reported once, in the include, for every page that uses it', async () => {
  const root = join(fixtures, 'ipe-2022-12-15-members');
  const fs = new NodeFileSystem(root);
  const site = await loadSite(fs);
  const found = (await checkSite(fs, site)).findings.filter((f) => f.file === '_includes/navbar.html');
  assert.equal(found.length, 1);
  const text = readFileSync(join(root, '_includes/navbar.html'), 'utf8');
  const start = text.indexOf('{{"/members" | relative_url }}');
  assert.deepEqual(found[0].range, { start, end: start + '{{"/members" | relative_url }}'.length });
  assert.equal(found[0].code, 'link-missing');
  assert.match(found[0].message, /\/ipe\/members/);
  assert.match(found[0].message, /fails on 14 of the 14 pages that use _includes\/navbar\.html/);
});

test('a fix to the nearest page, in the form the link is written in, that resolves', async () => {
  const files = {
    '_config.yml': 'baseurl: /ipe\n',
    '_layouts/post.html': '{{ content }}',
    'about.md': '---\ntitle: About\n---\n# About\n',
    'working-groups.md': '---\ntitle: Working Groups\n---\n## Charter\n',
    '_posts/2022-01-02-a.md': POST('[x]({{ "/abuot" | relative_url }}) [y]({{ site.baseurl }}/working-group) [z](/ipe/ipe/about) [c]({{ site.baseurl }}/About)'),
  };
  const found = await check(files);
  assert.deepEqual(found.map((f) => f.code), ['link-missing', 'link-missing', 'link-baseurl-doubled', 'link-case']);
  const text = files['_posts/2022-01-02-a.md'];
  const fixed = found.reduceRight((t, f) => applyFix(t, f), text);
  assert.match(fixed, /\[x\]\(\{\{ "\/about\.html" \| relative_url \}\}\)/);
  assert.deepEqual(await check({ ...files, '_posts/2022-01-02-a.md': fixed }), []);
});

test('a link to a post gets the post_url form, with the baseurl under GitHub Pages (Jekyll 3.10 does not add it)', async () => {
  const files = {
    '_config.yml': 'baseurl: /ipe\n',
    '.github/workflows/pages.yml': 'jobs:\n  b:\n    steps:\n      - uses: actions/jekyll-build-pages@v1\n',
    '_layouts/post.html': '{{ content }}',
    '_posts/2022-01-02-first.md': POST('one'),
    '_posts/2022-01-03-b.md': POST('[a](/2022/01/02/first.html) [b]({% post_url 2022-01-02-first %}) [c]({{ site.baseurl }}{% post_url 2022-01-02-first %})'),
  };
  const found = await check(files);
  assert.deepEqual(found.map((f) => f.code), ['link-outside-baseurl', 'link-outside-baseurl']);
  assert.equal(found[0].fixes[0].edits?.[0].newText, '{{ site.baseurl }}{% post_url 2022-01-02-first %}');
});

test('build breakers: post_url, link and include that name nothing; an include loop stops', async () => {
  const found = await check({
    '_config.yml': '',
    '_layouts/post.html': '{% include a.html %}{{ content }}',
    '_includes/a.html': '{% include b.html %}',
    '_includes/b.html': '{% include a.html %}',
    '_posts/2022-01-02-first.md': POST('{% post_url 2022-01-02-frist %} {% link nothere.md %} {% include missing.html %}'),
  });
  const codes = found.map((f) => `${f.file} ${f.code}`).sort();
  assert.deepEqual(codes, ['_includes/a.html include-loop', '_includes/b.html include-loop', '_posts/2022-01-02-first.md include-missing', '_posts/2022-01-02-first.md link-tag-missing', '_posts/2022-01-02-first.md post-url-missing']);
  for (const f of found) assert.match(f.message, /build fails/);
  assert.equal(found.find((f) => f.code === 'post-url-missing')?.fixes[0]?.edits?.[0].newText, '2022-01-02-first');
});

test('fragments: checked against the target page ids, with the nearest heading as fix', async () => {
  const found = await check({
    '_config.yml': '',
    'a.md': '---\ntitle: A\n---\n# Working Groups\n\n[same](#working-group) [other](/b.html#charter) [ok](/b.html#scope) [ok2](#working-groups)\n',
    'b.md': '---\ntitle: B\n---\n## Scope\n\n<div id="charta"></div>\n',
  });
  assert.deepEqual(found.map((f) => f.code), ['anchor-missing', 'anchor-missing']);
  assert.equal(found[0].fixes[0]?.edits?.[0].newText, 'working-groups');
  assert.equal(found[1].fixes[0]?.edits?.[0].newText, 'charta');
});

test('relative links resolve against the URL; a relative link in an include works on some pages only, and says so', async () => {
  const found = await check({
    '_config.yml': '',
    '_layouts/default.html': '{% include nav.html %}{{ content }}',
    '_includes/nav.html': '<a href="about.html">About</a>',
    'about.md': '---\nlayout: default\n---\nA',
    'index.md': '---\nlayout: default\n---\nI',
    'docs/guide.md': '---\nlayout: default\n---\n[up](../about.html) [sib](other.html)',
    'docs/other.md': '---\n---\nO',
  });
  const nav = found.find((f) => f.file === '_includes/nav.html');
  assert.ok(nav);
  assert.match(nav.message, /fails on 1 of the 3 pages/);
  assert.match(nav.message, /on the others it works/);
  assert.deepEqual(found.filter((f) => f.file !== '_includes/nav.html'), [], 'docs/guide.md: ../about.html and other.html both resolve from /docs/guide.html');
});

test('what is not a site link is left alone; GitHub Pages rewrites .md links in pages', async () => {
  const found = await check({
    '_config.yml': 'baseurl: /ipe\nplugins: [jekyll-feed]\n',
    '.github/workflows/pages.yml': 'jobs:\n  b:\n    steps:\n      - uses: actions/jekyll-build-pages@v1\n',
    'about.md': '---\ntitle: About\n---\nA',
    'index.md':
      '---\n---\n[m](mailto:a@b.c) [t](tel:+1) [e](https://example.com/x) [md](about.md) <https://example.org> [f]({{ "/feed.xml" | relative_url }}) `[c](nope)` <!-- [h](nope) --> {% raw %}[r](nope){% endraw %}\n\n    [i](nope)\n',
  });
  assert.deepEqual(found, []);
});

test('bad input: unterminated Liquid, spaces and bad escapes, odd brackets never crash', async () => {
  const texts = ['[a]({{ "/x" | relative_url ', '[a](/%E0%A4%A) [b](/a b) <a href="{{">x</a> {% post_url ', '[['.repeat(5000) + ']('.repeat(5000), '<a href=' + '"'.repeat(3000), '{% include %}{% include {{ x }} %}'];
  for (const t of texts) {
    const fm = parseFrontMatter(t);
    extractLinks(t, fm, true);
    await check({ '_config.yml': '', 'x.md': '---\n---\n' + t });
  }
  const found = await check({ '_config.yml': '', 'x.md': '---\n---\n[a](/%E0%A4%A)' });
  assert.deepEqual(found.map((f) => f.code), ['link-missing']);
});

test('editor: link completion spots, targets with their titles (each checked to land), and what a hover says', async () => {
  const { completionSpotAt, linkChoices, describeLink, linkAt } = await import('../../src/core/authoring');
  const { analyzeDocument } = await import('../../src/core/analyzeDocument');
  const files = {
    '_config.yml': 'baseurl: /ipe\n',
    '_layouts/post.html': '{{ content }}',
    'about.md': '---\ntitle: About us\n---\nA',
    '_posts/2022-01-02-first.md': POST('one', 'layout: post\ntitle: First post\n'),
  };
  const fs = new MemoryFileSystem(files);
  const site = await loadSite(fs);
  await checkSite(fs, site);
  const text = 'x [a](';
  assert.equal(completionSpotAt(text, text.length)?.kind, 'markdown-page-link');
  assert.equal(completionSpotAt('![a](', 5)?.kind, 'markdown-link');
  assert.equal(completionSpotAt('<a href="', 9)?.kind, 'html-href');
  assert.equal(completionSpotAt('<img src="', 10)?.kind, 'html-src');
  assert.equal(completionSpotAt('{% post_url 20', 14)?.kind, 'liquid-post-url');
  assert.equal(completionSpotAt('{% link ', 8)?.kind, 'liquid-link');
  const page = analyzeDocument(site, '_posts/2022-01-03-b.md', POST('')).page;
  assert.deepEqual(linkChoices(site, page, 'markdown-page-link').map((c) => [c.text, c.title]), [['{{ site.baseurl }}/about.html', 'About us'], ['{{ site.baseurl }}/2022/01/02/first.html', 'First post']]);
  assert.deepEqual(linkChoices(site, page, 'html-href').map((c) => c.text), ["{{ '/about.html' | relative_url }}", "{{ '/2022/01/02/first.html' | relative_url }}"]);
  assert.deepEqual(linkChoices(site, page, 'liquid-post-url').map((c) => c.text), ['2022-01-02-first']);
  const body = POST('[ok]({{ site.baseurl }}/about.html) [bad](/about.html)');
  const a = analyzeDocument(site, '_posts/2022-01-03-b.md', body);
  const ok = describeLink(site, a.page, linkAt(a.links, body.indexOf('/about.html)'))!);
  assert.deepEqual([ok.status, ok.file, ok.title, ok.url], ['ok', 'about.md', 'About us', '/ipe/about.html']);
  const bad = describeLink(site, a.page, linkAt(a.links, body.indexOf('(/about.html') + 1)!);
  assert.equal(bad.status, 'broken');
  assert.match(bad.why ?? '', /outside it/);
});

test('the real navbar of 2022-12-15: /members has a fix that creates the page, and with it the link works on every page', async () => {
  const root = join(fixtures, 'ipe-2022-12-15-members');
  const fs = new NodeFileSystem(root);
  const site = await loadSite(fs);
  const [found] = (await checkSite(fs, site)).findings.filter((f) => f.file === '_includes/navbar.html');
  const create = found.fixes.find((f) => f.createFile);
  assert.ok(create, found.fixes.map((f) => f.title).join(', '));
  assert.equal(create.title, 'Create the page members.md (served at /ipe/members)');
  assert.equal(create.preferred, undefined, 'not applied by --fix');
  assert.equal(create.createFile?.path, 'members.md');
  assert.match(create.createFile!.text, /^---\nlayout: page\ntitle: "Members"\n---\n/);
  assert.match(found.message, /Quick fix: create the page members\.md/);
  // The site with the new page: the navbar's link is served.
  const files: Record<string, string> = {};
  for (const f of site.allFiles()) if (/\.(md|html|yml|scss)$/.test(f)) files[f] = readFileSync(join(root, f), 'utf8');
  files['members.md'] = create.createFile!.text;
  const after = await check(files);
  assert.deepEqual(after.filter((f) => f.file === '_includes/navbar.html'), []);
});

test('a page is offered for creation only where it would be served and nothing is in the way', async () => {
  const base = { '_config.yml': 'baseurl: /ipe\n', '_layouts/default.html': '{{ content }}' };
  const createOf = async (raw: string, extra: Record<string, string> = {}) => {
    const found = await check({ ...base, ...extra, 'index.md': `---\nlayout: default\n---\n[x](${raw})\n` });
    return found.flatMap((f) => f.fixes).find((x) => x.createFile)?.createFile;
  };
  assert.deepEqual(await createOf('{{ site.baseurl }}/working-groups/'), { path: 'working-groups/index.md', text: '---\nlayout: default\ntitle: "Working Groups"\n---\n\n' });
  assert.equal((await createOf('{{ "/team.html" | relative_url }}'))?.path, 'team.md');
  assert.equal(await createOf('{{ site.baseurl }}/files/report.pdf'), undefined, 'not a page');
  assert.equal(await createOf('{{ site.baseurl }}/_drafts/x'), undefined, 'Jekyll does not publish it');
  assert.equal(await createOf('{{ site.baseurl }}/team', { 'Team.md': '# T\n' }), undefined, 'a file in another case is in the way');
  assert.equal(await createOf('team'), undefined, 'a relative link: no guess where it was meant');
  assert.equal(await createOf('{{ site.baseurl }}/team', { '_config.yml': 'baseurl: /ipe\nexclude: [team.md]\n' }), undefined, 'excluded');
});

test('redirect_from counts only where jekyll-redirect-from runs (named in plugins:)', async () => {
  const files = (plugins: string) => ({
    '_config.yml': `baseurl: /ipe\n${plugins}`,
    '_layouts/default.html': '{{ content }}',
    'about.md': '---\nlayout: default\nredirect_from: [/mission]\n---\nAbout\n',
    'index.md': '---\nlayout: default\n---\n[m]({{ site.baseurl }}/mission)\n',
  });
  assert.deepEqual((await check(files('plugins: [jekyll-redirect-from]\n'))).map((f) => f.code), []);
  assert.deepEqual((await check(files(''))).map((f) => f.code), ['link-missing']);
});

test('the same broken link in two posts: each finding fixes its own text, at its own range', async () => {
  const files = {
    '_config.yml': 'baseurl: /ipe\n',
    '_layouts/post.html': '{{ content }}',
    'about.md': '---\ntitle: About\n---\n# About\n',
    '_posts/2022-01-02-a.md': POST('[About us](/ipe/ipe/about.html) and [gone](/ipe/nowhere)'),
    '_posts/2022-01-03-b.md': POST('A longer paragraph first, so that the offsets differ.\n\n[Who we are](/ipe/ipe/about.html), then [away](/ipe/nowhere)'),
  };
  const found = await check(files);
  assert.deepEqual(found.map((f) => `${f.file} ${f.code}`), [
    '_posts/2022-01-02-a.md link-baseurl-doubled',
    '_posts/2022-01-02-a.md link-missing',
    '_posts/2022-01-03-b.md link-baseurl-doubled',
    '_posts/2022-01-03-b.md link-missing',
  ]);
  for (const f of found) {
    assert.ok(f.fixes.length > 0, `${f.file} ${f.code} has a fix`);
    // Each edit is at the finding's own place: its range, the fragment inside it, or the whole [text](url) around it.
    for (const fix of f.fixes) for (const e of fix.edits ?? []) assert.ok(e.range.start <= f.range.start && e.range.end >= f.range.end, `${f.file} ${f.code}: '${fix.title}' edits ${JSON.stringify(e.range)}, not around ${JSON.stringify(f.range)}`);
  }
  // "Remove the link, keep its text" keeps each post's own text.
  const removeB = found[3].fixes.find((x) => /^Remove the link/.test(x.title));
  assert.ok(removeB, 'a fix that removes the link');
  assert.match(removeB.title, /'away'/);
  assert.ok(applyFix(files['_posts/2022-01-03-b.md'], found[3], found[3].fixes.indexOf(removeB)).includes('then away'));
});

test('an edit that only moves a post\'s links: the site-wide findings moved along are the ones the checks give the edited text', async () => {
  const files: Record<string, string> = {
    '_config.yml': 'baseurl: /ipe\n',
    '_layouts/post.html': '{{ content }}',
    'about.md': '---\ntitle: About\n---\n# About\n\n## Charter\n',
    '_posts/2022-01-02-a.md': POST('Intro.\n\n[About us](/ipe/ipe/about.html), [gone](nowhere.html), [c]({{ site.baseurl }}/about.html#charte), {% include nav.html %} and {% post_url 2022-01-01-none %}.\n'),
    '_includes/x.html': 'x',
  };
  const fs = new MemoryFileSystem(files);
  const site = await loadSite(fs);
  const result = await checkSite(fs, site);
  const file = '_posts/2022-01-02-a.md';
  const before = analyzeInSite(site, file, files[file]);
  const found = result.findings.filter((f) => f.file === file && LINK_CODES.test(f.code));
  assert.deepEqual(found.map((f) => f.code), ['link-baseurl-doubled', 'link-missing', 'anchor-missing', 'post-url-missing', 'include-missing']);
  // Typing in the body, before the links: they move, nothing else changes.
  const edited = files[file].replace('Intro.', 'A longer introduction, typed in the editor.');
  const after = analyzeInSite(site, file, edited);
  const moved = movedSiteFindings(result.findings.filter((f) => LINK_CODES.test(f.code)), file, before.links, after.links);
  assert.ok(moved, 'every finding stands at a link');
  const again = await checkSite(new MemoryFileSystem({ ...files, [file]: edited }), await loadSite(new MemoryFileSystem({ ...files, [file]: edited })));
  assert.deepEqual(moved.filter((f) => f.file === file), again.findings.filter((f) => f.file === file && LINK_CODES.test(f.code)));
  // A finding that stands at no link (a URL conflict in the front matter) is not moved: the checks run again.
  assert.equal(movedSiteFindings([{ ...found[0], range: { start: 0, end: 3 } }], file, before.links, after.links), undefined);
});
