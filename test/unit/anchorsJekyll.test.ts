/**
 * Anchors against real Jekyll: pages full of headings (punctuation, Unicode, leading digits, repeats,
 * code, links and emphasis in headings, Liquid, explicit ids, IALs, HTML ids, code that looks like a
 * heading) are built with `jekyll build --safe` and kramdown's GFM input as GitHub Pages sets it; every
 * `id` (and `<a name>`) in the HTML Jekyll wrote must be exactly the ids `documentAnchors` gives, in order.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { documentAnchors } from '../../src/core/anchors';
import { readFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite, Site } from '../../src/core/site';
import { analyzeDocument } from '../../src/core/analyzeDocument';
import { checkableDocuments } from '../../src/core/checkSite';
import { outputExtension } from '../../src/core/permalink';
import { destinationOf } from '../../src/core/publishChecks';
import { jekyllAvailable, JEKYLL_MISSING, tempDir, writeTree, buildSite, JekyllBuild, readOutput, removeTree, readOutputIds } from '../support/jekyll';

const CONFIG = 'title: "IPE Site!"\nbaseurl: /ipe\nkramdown:\n  input: GFM\n  hard_wrap: false\n';

const HEADINGS = [
  '# Hello World',
  '## Hello World',
  '### Hello World',
  '## Hello, World!',
  '## hello-world',
  '## 2022 Highlights',
  '## 1. Introduction',
  '## 5G/6G & IPv6: what’s next?',
  "## It's a \"quoted\" -- dashed... heading",
  '## Ünïcödé Straße',
  '## Ελληνικά ΣΑΣ',
  '## 日本語の見出し',
  '## İstanbul',
  '## Emoji 🚀 rocket',
  '## x² and Ⅻ and ½',
  '## The `kramdownId()` function',
  '## A [link](https://example.com/x_y) and ![alt text](/img/a.png) here',
  '## A [reference link][ref] and [shortcut]',
  '## *Emphasis* and **strong** and _under_ and __double__',
  '## snake_case_name and _leading',
  '## HTML <span class="x">inside</span> heading',
  '## Entities &amp; &eacute;t&eacute; &#233; &#x41;',
  '## Escaped \\*stars\\* and \\_under\\_',
  '## Autolink <https://ipv6.example/a>',
  '## Trailing hashes ##',
  '##   Spaces   around   ',
  '## Tab\there',
  '## ~~Struck~~ text',
  '## Footnote[^1] marker',
  '## About {{ site.title }}',
  '## Explicit {#my-explicit-id}',
  '## Explicit with hashes ## {#another_id}',
  '## Hello World',
  '## Hello World',
  '## hello world 1',
  '## Hello World-1',
  '## !!!',
  '## ???',
  '## IAL after',
  '{: #ial-id .cls}',
  '',
  '{: #ial-before}',
  '## IAL before',
  '## Hello World',
  'Setext heading one',
  '==================',
  '',
  'Setext heading, two!',
  '------------------',
  '',
  '> ## Quoted heading',
  '',
  '#NoSpace is not a heading',
  '',
  '    ## indented code, not a heading',
  '',
  '```',
  '## fenced code, not a heading',
  '<a id="in-code">x</a>',
  '```',
  '',
  '~~~ruby',
  '# ruby comment',
  '~~~',
  '',
  'Text with `<b id="code-span">` and <span id="real-span">a span</span>.',
  '',
  '<div id="block-div">',
  '## Inside HTML block is raw',
  '</div>',
  '',
  '<a name="named-anchor"></a>',
  '',
  '<!-- <h2 id="commented">x</h2> -->',
  '',
  '{% comment %}',
  '## In a Liquid comment',
  '{% endcomment %}',
  '',
  'A paragraph.',
  '{: #para-id}',
  '',
  '## Last heading',
  '',
  '[ref]: /x',
  '[shortcut]: /y',
  '[^1]: The footnote.',
];

function page(lines: readonly string[]): string {
  const out: string[] = ['---', 'layout: null', 'title: Anchors', '---'];
  for (const l of lines) {
    out.push(l);
    // Blank lines between headings, except where the test needs lines to touch.
    if (/^#{1,6} /.test(l) && !/^(?:\{:|=|-)/.test(lines[lines.indexOf(l) + 1] ?? '')) out.push('');
  }
  return out.join('\n') + '\n';
}

const PAGES: Record<string, string> = {
  'headings.md': page(HEADINGS),
  // Without blank lines: GitHub Pages' GFM quirk lets headers interrupt paragraphs.
  'tight.md': '---\nlayout: null\n---\n# One\n## One\nSome text\n## Two\n### Two\n',
  'crlf.md': '---\r\nlayout: null\r\n---\r\n# Windows Line\r\n\r\n## Windows Line\r\n\r\nText.\r\n',
  'footnotes.md': '---\nlayout: null\n---\n# Footnotes\n\nA note[^a] and again[^a], an undefined[^b].\n\n[^a]: Note.\n',
  'page.html': '---\nlayout: null\n---\n<h1 id="top">Top</h1>\n<section id="{{ site.title | slugify }}"><a name="n1">n</a><p id=\'single\'>p</p></section>\n<!-- <div id="gone"></div> -->\n',
};

let dir = '';
let build: JekyllBuild | undefined;
const CORPUS = ['ipe-2023-02-10-baseurl-ipe', 'ipe-2023-05-29-baseurl-empty'];
// Layouts that write the content alone: every id of the output is then one of the page's own.
const BARE_LAYOUTS = Object.fromEntries(['default', 'post', 'page', 'home'].map((l) => [`_layouts/${l}.html`, '{{ content }}']));
const corpus: { name: string; dir: string; build: JekyllBuild; site: Site }[] = [];

before(async () => {
  if (!jekyllAvailable()) return;
  dir = tempDir('anchors');
  writeTree(dir, { '_config.yml': CONFIG, ...PAGES });
  const builds = [buildSite(dir)];
  for (const name of CORPUS) {
    const d = tempDir('anchors-corpus');
    cpSync(join(__dirname, '../../../test/fixtures/corpus', name), d, { recursive: true });
    writeTree(d, BARE_LAYOUTS);
    builds.push(
      buildSite(d).then(async (b) => {
        corpus.push({ name, dir: d, build: b, site: await loadSite(new NodeFileSystem(d)) });
        return b;
      }),
    );
  }
  [build] = await Promise.all(builds);
});

after(() => {
  if (dir) removeTree(dir);
  for (const c of corpus) removeTree(c.dir);
});

test('anchors of every page of the real site are the ids Jekyll writes', (t) => {
  if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
  assert.equal(corpus.length, CORPUS.length);
  let pages = 0;
  let ids = 0;
  for (const c of corpus) {
    assert.ok(c.build.ok, c.build.log);
    for (const path of checkableDocuments(c.site)) {
      const text = readFileSync(join(c.dir, path), 'utf8');
      const a = analyzeDocument(c.site, path, text);
      const output = destinationOf(a.url.url, outputExtension(path)).replace(/^\//, '');
      if (!c.build.files.has(output)) continue;
      const anchors = documentAnchors(text, { markdown: /\.(md|markdown)$/i.test(path), liquid: { site: c.site.config.data, page: a.data } });
      assert.deepEqual(anchors.filter((x) => !x.dynamic).map((x) => x.id), readOutputIds(readOutput(c.build, output)), `${c.name}: ${path}`);
      pages++;
      ids += anchors.length;
    }
  }
  assert.ok(pages >= 30 && ids >= 12, `${pages} pages, ${ids} ids compared`);
});

const scope = { site: { title: 'IPE Site!', baseurl: '/ipe' }, page: {} };

for (const [file, source] of Object.entries(PAGES)) {
  test(`anchors of ${file} are the ids Jekyll writes`, (t) => {
    if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
    assert.ok(build?.ok, build?.log);
    const out = file.replace(/\.md$/, '.html');
    const built = readOutputIds(readOutput(build, out));
    const anchors = documentAnchors(source, { markdown: file.endsWith('.md'), liquid: scope });
    // `slugify` is not evaluated: that id of page.html is dynamic and is compared apart.
    const ours = anchors.filter((a) => !a.dynamic).map((a) => a.id);
    const theirs = file === 'page.html' ? built.filter((id) => id !== 'ipe-site') : built;
    assert.deepEqual(ours, theirs);
    assert.equal(anchors.some((a) => a.dynamic), file === 'page.html', 'only the unevaluated Liquid id is dynamic');
  });
}
