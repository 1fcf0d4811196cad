/**
 * Fuzzing the engine with generated and mutated documents: the corpus posts and pages cut, spliced,
 * and sprinkled with front matter, Markdown, HTML, Liquid and path fragments. For every case: no
 * exception, no hang (a generous per-case limit, only to catch runaway loops, not a speed check),
 * every range inside its document, and the same result twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { loadSite, Site } from '../../src/core/site';
import { analyzeDocument } from '../../src/core/analyzeDocument';
import { checkSite } from '../../src/core/checkSite';
import { parseFrontMatter } from '../../src/core/frontMatter';
import { extractReferences } from '../../src/core/references';
import { LineIndex } from '../../src/core/text';
import { prng } from '../../bench/generateSite';

const root = join(__dirname, '../../..');
const CASES = 2000;
const PER_CASE_LIMIT_MS = 2000;

function corpusDocuments(): string[] {
  const out: string[] = [];
  const corpus = join(root, 'test/fixtures/corpus');
  for (const snapshot of readdirSync(corpus)) {
    const dir = join(corpus, snapshot);
    for (const name of readdirSync(join(dir, '_posts'))) out.push(readFileSync(join(dir, '_posts', name), 'utf8'));
    for (const name of readdirSync(dir)) if (/\.(md|html)$/.test(name)) out.push(readFileSync(join(dir, name), 'utf8'));
  }
  return out;
}

const FRAGMENTS = [
  '---\n', '---', '...\n', '\r\n', '\n\n', '\ufeff', '\0', '\t', ' ', '\\', '`', '```', '~~~\n', '``', '<!--', '-->',
  '![', '](', ')', '[', ']', ']: ', '![x][y]', '[y]: /img/y.png', '<', '>', '<img', ' src="', '"', "'", ' srcset="', ' style="background:url(',
  'url(', '{{', '}}', '{%', '%}', '{{ site.baseurl }}', "{{ '/img/a.png' | relative_url }}", '{% raw %}', '{% endraw %}', '| prepend: site.baseurl',
  'background: ', "background: '/ipe/img/posts/posts.jpg'\n", 'date: 2022-13-45 99:99:99 +9999\n', 'date: 2022-11-21 23:45:13 -0400\n', 'layout: post\n',
  'title: "unterminated\n', 'key: [a, b\n', 'key: {a: 1\n', '- list\n', '&anchor ', '*anchor', '!!binary ', '? complex\n', 'published: false\n', 'permalink: /:year/:title/\n',
  '/ipe/', '/ipe/ipe/', '../', '..\\', '/etc/passwd', 'file:///etc/passwd', 'C:\\Windows\\', 'javascript:alert(1)', 'data:text/html,<script>', 'http://', 'https://', '//',
  '%', '%2e%2e/', '%ZZ', '#', '?', 'ü', '😀', '\u2028', '\ud800', 'img/posts/IPE.PNG', '/img/posts/posts.jpg',
];

function mutate(base: string, rand: () => number, docs: string[]): string {
  let text = base;
  const ops = 1 + Math.floor(rand() * 8);
  for (let k = 0; k < ops; k++) {
    const at = Math.floor(rand() * (text.length + 1));
    const r = rand();
    if (r < 0.45) {
      const frag = FRAGMENTS[Math.floor(rand() * FRAGMENTS.length)];
      text = text.slice(0, at) + frag.repeat(rand() < 0.1 ? 1 + Math.floor(rand() * 200) : 1) + text.slice(at);
    } else if (r < 0.65) {
      text = text.slice(0, at) + text.slice(Math.min(text.length, at + Math.floor(rand() * 200)));
    } else if (r < 0.8) {
      const other = docs[Math.floor(rand() * docs.length)];
      const s = Math.floor(rand() * other.length);
      text = text.slice(0, at) + other.slice(s, s + Math.floor(rand() * 500)) + text.slice(at);
    } else if (r < 0.9) {
      // Duplicate a stretch many times: long lines, many references, many code spans.
      const piece = text.slice(at, at + 1 + Math.floor(rand() * 80));
      text = text.slice(0, at) + piece.repeat(1 + Math.floor(rand() * 300)) + text.slice(at);
    } else {
      text = text.slice(0, at) + String.fromCharCode(Math.floor(rand() * 0x3000)) + text.slice(at);
    }
  }
  return text;
}

function generated(rand: () => number): string {
  const parts: string[] = [];
  const n = 1 + Math.floor(rand() * 60);
  for (let i = 0; i < n; i++) parts.push(FRAGMENTS[Math.floor(rand() * FRAGMENTS.length)]);
  return parts.join('');
}

const PATHS = ['_posts/2022-11-21-1.md', 'about.md', 'contact.html', 'posts/index.html', '_posts/sub dir/2022-01-01-ü #?.markdown', '_posts/not-a-date.md', 'a/b/c/page.md'];

function checkRanges(text: string, analysis: ReturnType<typeof analyzeDocument>): void {
  for (const f of analysis.findings) {
    assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length, `finding ${f.code} range ${f.range.start}-${f.range.end} outside 0-${text.length}`);
    for (const fix of f.fixes) for (const e of fix.edits ?? []) assert.ok(e.range.start >= 0 && e.range.end <= text.length && e.range.start <= e.range.end, `fix range of ${f.code}`);
  }
  for (const r of analysis.references) {
    assert.ok(r.ref.range.start >= 0 && r.ref.range.start <= r.ref.range.end && r.ref.range.end <= text.length, `reference range of ${r.ref.raw}`);
    if (r.ref.kind !== 'front-matter') assert.equal(text.slice(r.ref.range.start, r.ref.range.end), r.ref.raw);
  }
  const fm = analysis.frontMatter;
  assert.ok(fm.bodyOffset >= 0 && fm.bodyOffset <= text.length);
  for (const v of fm.values.values()) {
    assert.ok(v.keyRange.start >= 0 && v.keyRange.end <= text.length);
    if (v.valueRange) assert.ok(v.valueRange.start >= 0 && v.valueRange.start <= v.valueRange.end && v.valueRange.end <= text.length);
  }
  const index = new LineIndex(text);
  for (const f of analysis.findings) {
    const p = index.positionAt(f.range.start);
    assert.ok(p.line >= 0 && p.line < index.lineCount && p.character >= 0);
  }
}

async function sites(): Promise<Site[]> {
  const configs = ['baseurl: "/ipe"\nurl: "https://ipe.example.org"\n', 'baseurl: ""\n', 'baseurl: "ipe/"\ntimezone: America/New_York\npermalink: pretty\n'];
  const out: Site[] = [];
  for (const config of configs) out.push(await loadSite(new MemoryFileSystem({ '_config.yml': config, 'img/posts/posts.jpg': 'x', 'img/posts/IPE.png': 'x', 'img/bg-about.jpg': 'x' })));
  return out;
}

test(`fuzz: ${CASES} generated and mutated documents through analyzeDocument`, async () => {
  const docs = corpusDocuments();
  assert.ok(docs.length > 20);
  const siteList = await sites();
  const rand = prng(0x1fe);
  let slowest = 0;
  for (let c = 0; c < CASES; c++) {
    const text = rand() < 0.15 ? generated(rand) : mutate(docs[Math.floor(rand() * docs.length)], rand, docs);
    const site = siteList[c % siteList.length];
    const path = PATHS[Math.floor(rand() * PATHS.length)];
    const t = performance.now();
    let a: ReturnType<typeof analyzeDocument>;
    try {
      a = analyzeDocument(site, path, text);
    } catch (error) {
      assert.fail(`case ${c} (${path}) threw: ${String(error)}\n${JSON.stringify(text.slice(0, 400))}`);
    }
    const took = performance.now() - t;
    slowest = Math.max(slowest, took);
    assert.ok(took < PER_CASE_LIMIT_MS, `case ${c} took ${took.toFixed(0)} ms (a hang?): ${JSON.stringify(text.slice(0, 200))}`);
    checkRanges(text, a);
    const again = analyzeDocument(site, path, text);
    assert.deepEqual(again.findings, a.findings, `case ${c}: a second run differs`);
    // The pieces on their own, as the preview and hovers use them.
    const fm = parseFrontMatter(text);
    extractReferences(text, fm, { imageKeys: ['background', 'thumbnail'], markdown: !path.endsWith('.html') });
  }
  assert.ok(slowest < PER_CASE_LIMIT_MS);
});

test('fuzz: whole sites of mutated documents through checkSite', async () => {
  const docs = corpusDocuments();
  const rand = prng(0xc0ffee);
  for (let s = 0; s < 20; s++) {
    const files: Record<string, string> = { '_config.yml': s % 2 ? 'baseurl: "/ipe"\n' : mutate('baseurl: "/ipe"\nurl: "https://x.org"\nexclude: [old]\n', rand, docs), 'img/posts/posts.jpg': 'x' };
    for (let i = 0; i < 15; i++) files[`_posts/2022-01-${String(i + 1).padStart(2, '0')}-p${i}.md`] = mutate(docs[Math.floor(rand() * docs.length)], rand, docs);
    files['_layouts/post.html'] = mutate("<header style=\"background-image: url('{{ page.background | prepend: site.baseurl | replace: '//', '/' }}')\">{{ content }}", rand, docs);
    const fs = new MemoryFileSystem(files);
    const site = await loadSite(fs);
    const a = await checkSite(fs, site);
    const b = await checkSite(fs, site);
    assert.deepEqual(a.findings, b.findings);
    for (const f of a.findings) {
      const text = files[f.file];
      assert.ok(text !== undefined, f.file);
      assert.ok(f.range.start >= 0 && f.range.end <= text.length && f.range.start <= f.range.end, `${f.code} in ${f.file}`);
    }
  }
});
