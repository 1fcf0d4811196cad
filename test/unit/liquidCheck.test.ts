/**
 * liquid-syntax: an error at its place in a post or page that Jekyll renders, and in the layouts and
 * includes such pages use; the {% raw %} fix for code, checked to parse and to touch nothing else;
 * nothing for files Jekyll copies or leaves out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { loadSite } from '../../src/core/site';
import { analyzeDocument } from '../../src/core/analyzeDocument';
import { checkSite } from '../../src/core/checkSite';
import { FINDING_CODES, type Finding } from '../../src/core/findings';
import { firstLiquidError, knownTags } from '../../src/core/liquidSyntax';
import { activePlugins } from '../../src/core/pagesPlugins';
import { applyEdits, planFixes } from '../../src/cliFix';

type Build = 'github-pages' | 'jekyll';

async function findingsOf(files: Record<string, string>, path: string, build: Build = 'github-pages'): Promise<Finding[]> {
  const site = await loadSite(new MemoryFileSystem(files), { build });
  return analyzeDocument(site, path, files[path]).findings.filter((f) => f.code === 'liquid-syntax');
}

async function siteFindings(files: Record<string, string>, build: Build = 'github-pages'): Promise<Finding[]> {
  const fs = new MemoryFileSystem(files);
  const site = await loadSite(fs, { build });
  return (await checkSite(fs, site)).findings.filter((f) => f.code === 'liquid-syntax');
}

const fixed = (text: string, f: Finding) => applyEdits(text, f.fixes[0]?.edits ?? []);
const PAGES_TAGS = knownTags(activePlugins({}, true));

/**
 * The fix adds {% raw %} and {% endraw %} around a range and nothing else: its edits stay inside that
 * range, and taking the two markers out gives the text back.
 */
function assertOnlyWraps(text: string, f: Finding): { start: number; end: number } {
  const edits = f.fixes[0].edits ?? [];
  const start = Math.min(...edits.map((e) => e.range.start));
  const end = Math.max(...edits.map((e) => e.range.end));
  const out = fixed(text, f);
  // The markers go around the code; a fenced block at the start of its line gets them on lines of their own.
  const eol = /\r?\n/.exec(text.slice(start, end))?.[0] ?? '\n';
  const inline = text.slice(0, start) + '{% raw %}' + text.slice(start, end) + '{% endraw %}' + text.slice(end);
  const ownLines = text.slice(0, start) + '{% raw %}' + eol + text.slice(start, end) + eol + '{% endraw %}' + text.slice(end);
  assert.ok(out === inline || out === ownLines, out);
  // Each edit replaces text with itself and a marker: the editor can tell a stale fix by the text it expects.
  const strip = (t: string) => t.replace(/\{% raw %\}(\r?\n)?/, '').replace(/(\r?\n)?\{% endraw %\}/, '');
  for (const e of edits) assert.ok(e.range.end > e.range.start && strip(e.newText) === text.slice(e.range.start, e.range.end));
  return { start, end };
}

test('an error in a post or page: at its token, an error saying the build fails', async () => {
  const text = '---\ntitle: Doc\n---\nIntro {{ page.title }}.\n\n{% if page.x %}\nNo end.\n';
  const [f] = await findingsOf({ 'doc.md': text }, 'doc.md');
  assert.equal(f.severity, 'error');
  assert.equal(FINDING_CODES['liquid-syntax'].severity, 'error');
  assert.equal(text.slice(f.range.start, f.range.end), '{% if page.x %}');
  assert.match(f.message, /^Liquid syntax error: 'if' tag was never closed.*GitHub Pages' build stops at it: it fails and nothing is deployed\./);
  // Outside code there is nothing to wrap.
  assert.deepEqual(f.fixes, []);
  const [p] = await findingsOf({ '_posts/2024-01-02-a.md': '---\n---\nx {% endif %}\n' }, '_posts/2024-01-02-a.md', 'jekyll');
  assert.match(p.message, /The Jekyll build stops at it/);
  // What the message adds for a tag GitHub Pages lacks.
  const [seo] = await findingsOf({ 'a.md': '---\n---\n{% seo %}\n' }, 'a.md');
  assert.match(seo.message, /Unknown tag 'seo'.*jekyll-seo-tag's tag: name the plugin under plugins:/);
  assert.deepEqual(await findingsOf({ '_config.yml': 'plugins: [jekyll-seo-tag]\n', 'a.md': '---\n---\n{% seo %}\n' }, 'a.md'), []);
  // A theme brings its own plugins (minima: jekyll-seo-tag, jekyll-feed); a remote theme does not.
  assert.deepEqual(await findingsOf({ '_config.yml': 'theme: minima\n', 'a.md': '---\n---\n{% seo %}{% feed_meta %}\n' }, 'a.md'), []);
  assert.equal((await findingsOf({ '_config.yml': 'remote_theme: a/b\n', 'a.md': '---\n---\n{% seo %}\n' }, 'a.md')).length, 1);
  const [render] = await findingsOf({ 'a.md': '---\n---\n{% render "x" %}\n' }, 'a.md');
  assert.match(render.message, /Liquid 5's; GitHub Pages runs Jekyll 3\.10 with Liquid 4.*use \{% include %\}/);
  const [op] = await findingsOf({ 'a.md': '---\n---\n{% if page.x = 1 %}{% endif %}\n' }, 'a.md');
  assert.match(op.message, /^Liquid error: Unknown operator =: to compare, write ==\. GitHub Pages' build stops at it/);
  // The front matter is not Liquid; an unclosed one makes the whole file the content, as Jekyll reads it.
  assert.deepEqual(await findingsOf({ 'a.md': '---\ntitle: "{{ x }"\n---\nok\n' }, 'a.md'), []);
  const open = '---\ntitle: x\n{% foo %}\n';
  const [u] = await findingsOf({ 'a.md': open }, 'a.md');
  assert.equal(open.slice(u.range.start, u.range.end), '{% foo %}');
});

test('the raw fix: a fenced block, an indented block, a code span, a highlight block', async () => {
  const fenced = '---\ntitle: Doc\n---\nUse it so:\n\n```liquid\n{% if page.x %}\n```\n\nAfter.\n';
  const [f] = await findingsOf({ 'doc.md': fenced }, 'doc.md');
  assert.equal(fenced.slice(f.range.start, f.range.end), '{% if page.x %}');
  assert.match(f.message, /Liquid runs before Markdown/);
  assert.equal(f.fixes[0].title, 'Wrap the code block in {% raw %}…{% endraw %}');
  assert.equal(f.fixes[0].preferred, true);
  assert.equal(fixed(fenced, f), '---\ntitle: Doc\n---\nUse it so:\n\n{% raw %}\n```liquid\n{% if page.x %}\n```\n{% endraw %}\n\nAfter.\n');
  assertOnlyWraps(fenced, f);

  const span = '---\n---\nWrite `{{ page.title }` to …\n';
  const [g] = await findingsOf({ 'a.md': span }, 'a.md');
  assert.equal(g.fixes[0].title, 'Wrap the code span in {% raw %}…{% endraw %}');
  assert.equal(fixed(span, g), '---\n---\nWrite {% raw %}`{{ page.title }`{% endraw %} to …\n');

  const indented = '---\n---\nJinja:\n\n    {% extends "base.html" %}\n    {% block body %}{% endblock %}\n\nText.\n';
  const [h] = await findingsOf({ 'a.md': indented }, 'a.md');
  assert.match(h.message, /Unknown tag 'extends'/);
  assert.equal(fixed(indented, h), '---\n---\nJinja:\n\n{% raw %}    {% extends "base.html" %}\n    {% block body %}{% endblock %}{% endraw %}\n\nText.\n');

  const highlight = '---\n---\n{% highlight liquid %}\n{{ page.title }\n{% endhighlight %}\n';
  const [k] = await findingsOf({ 'a.html': highlight }, 'a.html');
  assert.equal(k.fixes[0].title, "Wrap the highlight block's code in {% raw %}…{% endraw %}");
  assert.equal(fixed(highlight, k), '---\n---\n{% highlight liquid %}\n{% raw %}{{ page.title }{% endraw %}\n{% endhighlight %}\n');

  // With CRLF line ends, no edit takes a '\r' without its '\n'.
  for (const crlf of ['---\r\n---\r\n```\r\n{{ x }\r\n```\r\n', '---\r\n---\r\n{% highlight liquid %}\r\n{{ x }\r\n{% endhighlight %}\r\n', '---\r\n---\r\nA:\r\n\r\n    {{ x }\r\n\r\nB\r\n']) {
    const [c] = await findingsOf({ 'a.md': crlf }, 'a.md');
    assertOnlyWraps(crlf, c);
    for (const e of c.fixes[0].edits ?? []) assert.doesNotMatch(crlf.slice(e.range.start, e.range.end), /[\r\n]/, JSON.stringify(crlf));
    assert.equal(firstLiquidError(fixed(crlf, c), 0, PAGES_TAGS), undefined);
  }

  // A block left open by code: the code that opened it is wrapped.
  const opened = '---\n---\n```\n{% for x in list %}\n```\n\n{% if a %}{% endif %}\n';
  const [o] = await findingsOf({ 'a.md': opened }, 'a.md');
  assert.equal(opened.slice(o.range.start, o.range.end), '{% for x in list %}');
  assert.equal(fixed(opened, o), '---\n---\n{% raw %}\n```\n{% for x in list %}\n```\n{% endraw %}\n\n{% if a %}{% endif %}\n');

  // Every fixed text parses, and builds with the same verdict for the rest.
  for (const [text, finding] of [[fenced, f], [span, g], [indented, h], [highlight, k], [opened, o]] as const) {
    assert.equal(firstLiquidError(fixed(text, finding), 0, PAGES_TAGS), undefined, text);
  }
});

test('no fix where wrapping would not make the text parse', async () => {
  // An if opened before the code is still open after it.
  const before = '---\n---\n{% if a %}\n\n`{{ x }`\n';
  const [a] = await findingsOf({ 'a.md': before }, 'a.md');
  assert.equal(before.slice(a.range.start, a.range.end), '{{ x }');
  assert.deepEqual(a.fixes, []);
  // Code that holds {% endraw %} ends the raw early.
  const endraw = '---\n---\n```\n{% endraw %}{% foo %}\n```\n';
  const [b] = await findingsOf({ 'a.md': endraw }, 'a.md');
  assert.deepEqual(b.fixes, []);
  // An HTML <code> element's content is wrapped; an element never closed is no code to wrap.
  const [c] = await findingsOf({ 'a.html': '---\n---\n<code>{{ x }</code>\n' }, 'a.html');
  assert.equal(c.fixes[0]?.title, "Wrap the <code> element's content in {% raw %}…{% endraw %}");
  const [d] = await findingsOf({ 'a.html': '---\n---\n<code>{{ x }\n' }, 'a.html');
  assert.deepEqual(d.fixes, []);
});

test('the fix never clobbers: on generated pages each offered fix only wraps, and parses through the code', async () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];
  const junk = ['{{ x }', '{% if a %}', '{% foo %}', '{{#each a}}{{/each}}', '{% endif %}', '{% block b %}', '{{ a | b }}', '{%', '{{', 'text', '{% raw %}', '{% else %}', '`'];
  const wrap = [(s: string) => `\`\`\`\n${s}\n\`\`\``, (s: string) => `\`${s}\``, (s: string) => `    ${s}`, (s: string) => s, (s: string) => `~~~\n${s}\n~~~`, (s: string) => `<pre>${s}</pre>`, (s: string) => `<p><code class="c">${s}</code></p>`];
  let offered = 0;
  for (let i = 0; i < 300; i++) {
    const parts: string[] = [];
    for (let j = 0; j < 1 + Math.floor(rnd() * 4); j++) parts.push(pick(wrap)(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(junk)).join(' ')));
    const text = `---\ntitle: t\n---\n${parts.join('\n\n')}\n`;
    const found = await findingsOf({ 'a.md': text }, 'a.md');
    const f = found[0];
    if (!f || f.fixes.length === 0) continue;
    offered++;
    const { end } = assertOnlyWraps(text, f);
    const again = firstLiquidError(fixed(text, f), 0, PAGES_TAGS);
    assert.ok(!again || again.range.start >= end + '{% raw %}{% endraw %}'.length, text);
  }
  assert.ok(offered > 30, `${offered} fixes offered`);
});

test('the command line applies the fix as the editor does: the markers added, the rest of the file as it was', async () => {
  const text = '---\n---\nA `{{ x }` and more text\n';
  const [f] = await findingsOf({ 'a.md': text }, 'a.md');
  const { plans, left } = planFixes([f], new Map([['a.md', text]]));
  assert.deepEqual(left, []);
  assert.equal(plans[0].after, '---\n---\nA {% raw %}`{{ x }`{% endraw %} and more text\n');
  // The editor's quick fix carries each edit with the text it replaces (codeActions.ts's payload): the
  // backticks here, so that a fix made stale by typing is not applied.
  assert.deepEqual((f.fixes[0].edits ?? []).map((e) => [text.slice(e.range.start, e.range.end), e.newText]), [['`', '{% raw %}`'], ['`', '`{% endraw %}']]);
});

test('files Jekyll does not render with Liquid get nothing', async () => {
  const bad = '{% foo %}\n';
  const none = async (files: Record<string, string>, path: string, build: Build = 'github-pages') => assert.deepEqual(await findingsOf(files, path, build), [], path);
  await none({ 'notes.txt': bad }, 'notes.txt');
  await none({ 'static.html': bad }, 'static.html');
  // A Markdown file without front matter: copied by plain Jekyll; rendered by GitHub Pages
  // (jekyll-optional-front-matter), except README and the like.
  await none({ 'plain.md': bad }, 'plain.md', 'jekyll');
  assert.equal((await findingsOf({ 'plain.md': bad }, 'plain.md')).length, 1);
  await none({ 'README.md': bad }, 'README.md');
  await none({ 'a.md': `---\npublished: false\n---\n${bad}` }, 'a.md');
  await none({ '_config.yml': 'exclude: [drafts]\n', 'drafts/a.md': `---\n---\n${bad}` }, 'drafts/a.md');
  await none({ '_config.yml': 'exclude: [_posts/old]\n', '_posts/old/2020-01-01-a.md': `---\n---\n${bad}` }, '_posts/old/2020-01-01-a.md');
  await none({ '_posts/_draft-2020-01-01-a.md': `---\n---\n${bad}` }, '_posts/_draft-2020-01-01-a.md');
  await none({ '_posts/not-a-date.md': `---\n---\n${bad}` }, '_posts/not-a-date.md');
  await none({ '_drafts/a.md': `---\n---\n${bad}` }, '_drafts/a.md');
  // A future post: plain Jekyll leaves it out, GitHub Pages builds it (future: true).
  await none({ '_posts/2999-01-01-a.md': `---\n---\n${bad}` }, '_posts/2999-01-01-a.md', 'jekyll');
  assert.equal((await findingsOf({ '_posts/2999-01-01-a.md': `---\n---\n${bad}` }, '_posts/2999-01-01-a.md')).length, 1);
  // render_with_liquid: false is Jekyll 4's; GitHub Pages' Jekyll 3.10 renders the page anyway.
  await none({ 'a.md': `---\nrender_with_liquid: false\n---\n${bad}` }, 'a.md', 'jekyll');
  assert.equal((await findingsOf({ 'a.md': `---\nrender_with_liquid: false\n---\n${bad}` }, 'a.md')).length, 1);
  // Under plain Jekyll an unknown tag may be a plugin's; a block left open is not.
  await none({ 'e.md': `---\n---\n${bad}` }, 'e.md', 'jekyll');
  assert.equal((await findingsOf({ 'e.md': '---\n---\n{% if a %}\n' }, 'e.md', 'jekyll')).length, 1);
});

test('layouts and includes: an error at its place in the template, with the pages whose build it stops', async () => {
  const files = {
    '_layouts/default.html': '---\ntitle: "{{ not parsed }"\n---\n<html>{% include nav.html %}{{ content }}</html>\n',
    '_layouts/post.html': '---\nlayout: default\n---\n<article>{% if page.x %}{{ content }}</article>\n',
    '_includes/nav.html': '<nav>{% for p in site.pages %}{{ p.title }</nav>\n',
    '_includes/unused.html': '{% foo %}\n',
    '_includes/doc.md': 'Write `{{ page.title }` in a template.\n',
    // Jekyll reads an include whole: its "front matter" is text, Liquid too.
    '_includes/fm.html': '---\nx: {{ a }\n---\n',
    '_posts/2024-01-02-a.md': '---\nlayout: post\n---\nA post.\n',
    '_posts/2024-01-03-b.md': '---\nlayout: post\n---\nAnother.\n',
    'about.md': '---\nlayout: default\n---\n{% include doc.md %}{% include fm.html %}\n',
    'unrendered.md': '---\nlayout: default\npublished: false\n---\n{% include unused.html %}\n',
  };
  const found = await siteFindings(files);
  const at = (f: Finding) => `${f.file}: ${files[f.file as keyof typeof files].slice(f.range.start, f.range.end)}`;
  assert.deepEqual(found.map(at).sort(), ['_includes/doc.md: {{ page.title }', '_includes/fm.html: {{ a }', '_includes/nav.html: {{ p.title }', '_layouts/post.html: {% if page.x %}']);
  const nav = found.find((f) => f.file === '_includes/nav.html') as Finding;
  assert.deepEqual(nav.pages?.map((p) => p.file), ['_posts/2024-01-02-a.md', '_posts/2024-01-03-b.md', 'about.md']);
  assert.match(nav.message, /It stops the build of every page that uses _includes\/nav\.html: 3 pages, _posts\/2024-01-02-a\.md, _posts\/2024-01-03-b\.md, about\.md\./);
  const post = found.find((f) => f.file === '_layouts/post.html') as Finding;
  assert.deepEqual(post.pages?.map((p) => p.file), ['_posts/2024-01-02-a.md', '_posts/2024-01-03-b.md']);
  // The fix of a Markdown include is made in the include.
  const doc = found.find((f) => f.file === '_includes/doc.md') as Finding;
  assert.equal(fixed(files['_includes/doc.md'], doc), 'Write {% raw %}`{{ page.title }`{% endraw %} in a template.\n');
  // render_with_liquid: false (plain Jekyll) still runs the layouts, not the page's own includes.
  const plain = await siteFindings({ '_layouts/default.html': '{{ content }', '_includes/x.html': '{% foo %}', 'a.md': '---\nlayout: default\nrender_with_liquid: false\n---\n{% include x.html %}\n' }, 'jekyll');
  assert.deepEqual(plain.map((f) => f.file), ['_layouts/default.html']);
});
