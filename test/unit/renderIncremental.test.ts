import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite, Site } from '../../src/core/site';
import { renderPage, RenderCache, RenderedPage, withoutSourceLines } from '../../src/core/render/renderPage';
import { renderMarkdown } from '../../src/core/render/markdown';
import { numberOfWords } from '../../src/core/render/jekyllTime';
import { renderBlocks, RenderMemo, MarkdownBlock, BlockCache } from '../../src/core/render/incremental';
import { parseBlock } from '../../src/core/render/splice';

// The preview renders an update block by block, reusing what the last render made of unchanged blocks
// (src/core/render/incremental.ts, splice.ts). Its output must be the whole-page render's, byte for byte:
// these tests hold the two side by side over the fixture sites' real pages and seeded random edits.

const root = join(__dirname, '../../..');
const SITES = ['test/fixtures/preview-site', 'test/fixtures/corpus/ipe-2023-02-10-baseurl-ipe', 'test/fixtures/corpus/ipe-2023-05-29-baseurl-empty', 'test/fixtures/ipe-2022-12-15-members'];

function markdownFiles(dir: string, base = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') || name === '_site' || name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) markdownFiles(p, base, out);
    else if (/\.(md|markdown)$/.test(name)) out.push(relative(base, p));
  }
  return out.sort();
}

/** mulberry32: a small seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What typing may put in a post: text, Markdown and kramdown syntax, raw HTML, some of it broken. */
const PIECES = [
  'x', ' ', 'word ', '\n', '\n\n', '# Title\n', '## Title\n', 'Title\n===\n', '{: .note}\n', '{#own-id}',
  '[link][ref]', '\n[ref]: /img/a.png "T"\n', '[ref]: https://example.com\n', '![img](/img/posts/posts.jpg)', '![x](http://example.com/a.png)',
  '*[IPE]: IPv6 Enhanced\n', 'IPE ', '- item\n', '1. item\n', '> quote\n', '    code\n', '```\ncode\n', '```\n',
  '| a | b |\n|---|---|\n| 1 | 2 |\n', 'Term\n: Definition\n', '---\n', '"quoted" ', "it's ", '-- ', '... ', '<< >> ',
  '<div>', '</div>', '<div markdown="1">\n*md*\n</div>\n', '<p align="center">\n  <img src="/img/posts/posts.jpg">\n</p>\n', '<b>', '</b>', '</p>',
  '<span>', '<!--', '-->', '<style>', '</style>', '<textarea>', '<script>alert(1)</script>', '<template>', '<svg><style><img src=x onerror=alert(1)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(2)>', '<table><tr><td>', '</div></div></div><script>alert(3)</script>',
  '<form>', '</body>', '<body onload="alert(4)">', '<a href="javascript:alert(5)">a</a>', '&amp', '&', '<', '\r\n', '\t', '{% raw %}', '{{ page.title }}',
  '<img src="missing.png">', '<iframe src="https://example.com"></iframe>', '<pre>', '</pre>',
];

function edit(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  const r = rnd();
  if (r < 0.45) return text.slice(0, at) + PIECES[Math.floor(rnd() * PIECES.length)] + text.slice(at);
  if (r < 0.7) return text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 12));
  if (r < 0.85) {
    // Delete a line.
    const start = text.lastIndexOf('\n', at - 1) + 1;
    const end = text.indexOf('\n', at);
    return text.slice(0, start) + (end < 0 ? '' : text.slice(end + 1));
  }
  // Duplicate a line (a repeated header, a repeated block).
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const end = text.indexOf('\n', at);
  const line = text.slice(start, end < 0 ? text.length : end + 1);
  return text.slice(0, start) + line + (line.endsWith('\n') ? '' : '\n') + text.slice(start);
}

const options = { imageUrl: (f: string) => `local:${f}`, now: Date.UTC(2024, 0, 1) };

function same(a: RenderedPage, b: RenderedPage, what: string): void {
  assert.equal(a.html, b.html, `html of ${what}`);
  assert.deepEqual(a.report, b.report, `report of ${what}`);
  assert.equal(a.title, b.title, what);
  assert.equal(a.bodyClass, b.bodyClass, what);
  assert.deepEqual(a.errors, b.errors, what);
  assert.deepEqual(a.stylesheets, b.stylesheets, what);
}

async function sitesWithPages(): Promise<{ site: Site; fs: NodeFileSystem; dir: string; pages: string[] }[]> {
  const out = [];
  for (const dir of SITES) {
    const fs = new NodeFileSystem(join(root, dir));
    out.push({ site: await loadSite(fs), fs, dir, pages: markdownFiles(join(root, dir)).filter((p) => !p.startsWith('_includes/') && !p.startsWith('_layouts/')) });
  }
  return out;
}

test('Markdown block by block is renderMarkdown, over the fixtures and 80 random edits of each', async () => {
  let total = 0;
  let incremental = 0;
  for (const { dir, pages } of await sitesWithPages()) {
    for (const page of pages) {
      const caches = new Map<boolean, BlockCache>([
        [true, { blocks: new RenderMemo<MarkdownBlock>() }],
        [false, { blocks: new RenderMemo<MarkdownBlock>() }],
      ]);
      total++;
      let text = readFileSync(join(root, dir, page), 'utf8');
      const rnd = random(page.length * 7919 + text.length);
      for (let i = 0; i <= 80; i++) {
        for (const sourceLines of [true, false]) {
          const env = { lineOffset: 3, sourceLines };
          const memo = caches.get(sourceLines)!;
          memo.blocks.begin();
          const blocks = renderBlocks(text, env, memo);
          if (!blocks) continue;
          if (i === 80 && sourceLines) incremental++;
          const full = renderMarkdown(text, env);
          const what = `${dir}/${page} after ${i} edits (sourceLines ${sourceLines})`;
          assert.equal(blocks.html, full, what);
          assert.equal(blocks.plain(), withoutSourceLines(full), what);
          assert.equal(blocks.words, numberOfWords(full), what);
        }
        text = edit(text, rnd);
      }
    }
  }
  // The edits seldom make a document that goes whole (footnotes, a TOC): the comparison is of blocks.
  assert.ok(incremental >= total * 0.8, `${incremental} of ${total}`);
});

test('footnotes and a TOC depend on the whole document: such a document is rendered whole', () => {
  const memo: BlockCache = { blocks: new RenderMemo<MarkdownBlock>() };
  for (const text of ['a[^1]\n\n[^1]: note\n', 'a ^[inline note]\n', '* TOC\n{:toc}\n\n# A\n\n# B\n', '# A\n{: toc}\n']) {
    assert.equal(renderBlocks(text, { sourceLines: true }, memo), undefined, text);
  }
  const blocks = renderBlocks('# A\n\ntext\n\n# A\n\n#\n\n#\n', { sourceLines: true, lineOffset: 2 }, memo)!;
  assert.equal(blocks.html, renderMarkdown('# A\n\ntext\n\n# A\n\n#\n\n#\n', { sourceLines: true, lineOffset: 2 }));
  assert.match(blocks.html, /<h1 id="a-1" data-line="6">/);
  assert.match(blocks.html, /<h1 data-line="8"><\/h1>\n<h1 id="-1" data-line="10">/);
});

test('edits that change where an earlier block ends, or what a definition reads, render as the whole text does', () => {
  for (const steps of [
    // A table interrupts a paragraph: its second line decides where the paragraph before it ends.
    ['para\n| a | b |\n|---|---|\n\nnext\n', 'para\n| a | b |\n\nnext\n', 'para\n| a | b |\n|---|---|\n\nnext\n'],
    // The last line, without a newline, goes on.
    ['text\n<p', 'text\n<px', 'text\n<p'],
    // A blank line typed, and taken away, in a list, a quote, a fence.
    ['- a\n- b\n\npara\n', '- a\n\n- b\n\npara\n', '- a\n- b\npara\n', '> q\n> r\nlazy\n\nx\n', '> q\n\n> r\nlazy\n\nx\n', '```\ncode\n\nmore\n', '```\ncode\n\nmore\n```\n\nafter\n'],
    // A definition typed: blocks elsewhere use it.
    ['[a]\n\ntext\n\n[b]\n', '[a]\n\ntext\n\n[b]\n\n[a]: /x\n', '[a]\n\ntext\n\n[b]\n\n[a]: /y\n', 'IPE\n\n*[IPE]: I\n', 'IPE\n\n*[IPE]: IPv6\n'],
    // markdown-it-abbr reads `*[x` by the text's first character.
    [':\n\n*[IP\nfoo\n', ':\n\n*[IP\nfoo\nbar\n', 'x\n\n: D\n*[)I\n1\n', 'x\n\n: D\n*[)I\n1.\n'],
    // Header ids numbered across blocks, a header typed before them.
    ['# A\n\n# A\n\n# A\n', '# A\n\n# B\n\n# A\n', '# A\n\n# A\n\n# A\n\n# A\n', '#\n\n# A\n\n#\n'],
  ]) {
    const cache: BlockCache = { blocks: new RenderMemo<MarkdownBlock>() };
    for (const text of steps) {
      cache.blocks.begin();
      const blocks = renderBlocks(text, { sourceLines: true, lineOffset: 1 }, cache);
      if (blocks) assert.equal(blocks.html, renderMarkdown(text, { sourceLines: true, lineOffset: 1 }), JSON.stringify(text));
    }
  }
});

test('a page rendered update by update is the page rendered whole, over the fixture sites and random edits', async () => {
  for (const { site, fs, dir, pages } of await sitesWithPages()) {
    for (const page of pages) {
      const cache: RenderCache = {};
      let text = readFileSync(join(root, dir, page), 'utf8');
      const rnd = random(text.length * 31 + page.length);
      for (let i = 0; i <= 8; i++) {
        const incremental = await renderPage(site, fs, page, text, { ...options, cache });
        const whole = await renderPage(site, fs, page, text, { ...options, cache, incremental: false });
        same(incremental, whole, `${dir}/${page} after ${i} edits`);
        text = edit(text, rnd);
      }
    }
  }
});

test('typing in the middle of a long post: every keystroke renders as the whole page does', async () => {
  const dir = 'test/fixtures/preview-site';
  const page = '_posts/2022-11-21-ipe-meeting-london.md';
  const fs = new NodeFileSystem(join(root, dir));
  const site = await loadSite(fs);
  const seed = readFileSync(join(root, dir, page), 'utf8');
  const bodyStart = seed.indexOf('\n---\n', 4) + 5;
  let text = seed.slice(0, bodyStart) + Array.from({ length: 6 }, () => seed.slice(bodyStart)).join('\n## Again\n\n');
  const cache: RenderCache = {};
  let at = Math.floor(text.length / 2);
  const typed = 'Some words, "quoted"; a [link](/about/) and <b>bold</b>.\n\n## Again\n\n<div>\n\n</div>\n';
  for (const ch of typed) {
    text = text.slice(0, at) + ch + text.slice(at);
    at++;
    same(await renderPage(site, fs, page, text, { ...options, cache }), await renderPage(site, fs, page, text, { ...options, incremental: false }), `after typing ${JSON.stringify(typed.slice(0, typed.indexOf(ch) + 1))}`);
  }
  // The caches hold about one document's blocks, however long the typing.
  const inc = cache.incremental!;
  assert.ok(inc.blocks.size < 400 && inc.sanitized.size < 400 && inc.shells.size <= 4, `${inc.blocks.size} ${inc.sanitized.size} ${inc.shells.size}`);
});

test('a block cannot reach out of its place: what is not self-contained is not spliced, and the page comes out as the whole-page path makes it', async () => {
  // As a fragment in the slot's parent, these would parse differently from inside the page.
  for (const html of [
    '</div></div><script>alert(1)</script>\n',
    '</div>\n',
    '<div>\n',
    '<template><script>alert(1)</script></template>\n',
    '<svg><style><img src=x onerror=alert(1)></style></svg>\n',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>\n',
    '<style>\n',
    '<textarea>\n',
    '<!--\n',
    '<p><b>x</p>\n',
    '<b>\n',
    '<form>\n',
    '</body>\n',
    '<body onload="alert(1)">\n',
    '<html onload="alert(1)">\n',
    '<table><tr><td>x\n',
    '<select>\n',
    '<pre>\n',
    'a &amp',
    '<a href="x"\n',
    '<plaintext>\n',
    '<frameset>\n',
  ]) {
    assert.equal(parseBlock(html, 'div'), undefined, html);
  }
  // These are self-contained.
  for (const html of ['<p>a <b>b</b></p>\n', '<div class="x">\n<p>y</p>\n</div>\n', '<p align="center">\n  <img src="/a.png">\n</p>\n', '<table><tr><td>x</td></tr></table>\n', '<style>p{}</style>\n']) {
    assert.ok(parseBlock(html, 'div'), html);
  }
  const dir = 'test/fixtures/preview-site';
  const page = '_posts/2022-11-21-ipe-meeting-london.md';
  const fs = new NodeFileSystem(join(root, dir));
  const site = await loadSite(fs);
  const seed = readFileSync(join(root, dir, page), 'utf8');
  const bodyStart = seed.indexOf('\n---\n', 4) + 5;
  for (const hostile of [
    '</div></div></div><script>alert(1)</script>',
    '<div>\n\nunclosed',
    '<template><img src=x onerror=alert(1)></template>',
    '<svg><style><img src=x onerror=alert(1)>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<style>',
    '<textarea>',
    '<!--',
    '<p><b>bold</p>\n\nafter',
    '</body><body onload="alert(1)">',
    '<noscript><img src=x onerror=alert(1)></noscript>',
    '<form><input formaction="javascript:alert(1)">',
    '<table><tr><td>cell',
    '<xmp><img src=x onerror=alert(1)></xmp>',
    '<iframe srcdoc="<script>alert(1)</script>">',
  ]) {
    const cache: RenderCache = {};
    for (const text of [seed, seed.slice(0, bodyStart) + hostile + '\n\n' + seed.slice(bodyStart), seed + '\n\n' + hostile + '\n', seed.slice(0, bodyStart + 200) + '\n\n' + hostile + '\n\n' + seed.slice(bodyStart + 200)]) {
      const incremental = await renderPage(site, fs, page, text, { ...options, cache });
      const whole = await renderPage(site, fs, page, text, { ...options, incremental: false });
      same(incremental, whole, hostile);
      assert.doesNotMatch(incremental.html, /<script|<body|<template|javascript:/i, hostile);
    }
  }
});
