// Render time per preview update, beside bare markdown-it on the same text.
// Usage: node scripts/build.mjs && node out/bench/preview.bench.js [WORD of the cases' names]
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import { NodeFileSystem } from '../src/core/nodeFileSystem';
import { loadSite } from '../src/core/site';
import { renderPage, RenderCache } from '../src/core/render/renderPage';
import { median } from './stats';

const root = join(__dirname, '../..');
const fixture = join(root, 'test/fixtures/preview-site');
const seedPath = '_posts/2022-11-21-ipe-meeting-london.md';

async function main(): Promise<void> {
  const fs = new NodeFileSystem(fixture);
  const site = await loadSite(fs);
  const seed = readFileSync(join(fixture, seedPath), 'utf8');
  const bodyStart = seed.indexOf('\n---\n', 4) + 5;
  const frontMatter = seed.slice(0, bodyStart);
  const body = seed.slice(bodyStart);
  let big = body;
  while (big.length < 1024 * 1024) big += '\n' + body;
  const cases = [
    { name: 'typical post (seed)', text: seed, at: seed.length },
    { name: '1 MB post', text: frontMatter + big, at: frontMatter.length + big.length },
    // Typing is mostly in the middle of the text: the keystrokes go to the end of a paragraph there.
    { name: '1 MB post, typing mid-text', text: frontMatter + big, at: frontMatter.length + big.indexOf('.\n', big.length / 2) + 1 },
  ];
  const bare = new MarkdownIt({ html: true });
  const rows: string[][] = [];
  // `node out/bench/preview.bench.js typical` measures only the cases whose name holds the word.
  const only = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const results: { name: string; bytes: number; previewMs: number; markdownItMs: number; ratio: number; firstPreviewMs: number; firstMarkdownItMs: number }[] = [];
  for (const c of cases.filter((k) => !only || k.name.includes(only))) {
    const cache: RenderCache = {};
    const big = c.text.length > 100_000;
    const perRound = big ? 4 : 40;
    const rounds = big ? 7 : 15;
    const render = (text: string) => renderPage(site, fs, seedPath, text, { imageUrl: (f) => `vscode-resource:/${f}`, cache });
    // Each update is the text after one more keystroke, as while typing (the count cycles so that the
    // text stays the same size).
    let keystrokes = 0;
    const typed = () => c.text.slice(0, c.at) + 'x'.repeat((keystrokes++ % 50) + 1) + c.text.slice(c.at);
    // The first keystroke after the page was opened (each has rendered the text once), before the JIT
    // has compiled the hot paths of either.
    await render(c.text);
    bare.render(c.text);
    let t0 = performance.now();
    await render(typed());
    const firstPreview = performance.now() - t0;
    t0 = performance.now();
    bare.render(typed());
    const firstMarkdown = performance.now() - t0;
    // Warm-up, both alike, until the JIT has compiled the hot paths of each (as in a long-running editor).
    const warmUntil = performance.now() + (big ? 3000 : 1500);
    while (performance.now() < warmUntil) {
      await render(typed());
      bare.render(typed());
    }
    // Rounds alternate between the two, so that a busy moment of the machine weighs on both; medians.
    const previewRounds: number[] = [];
    const markdownRounds: number[] = [];
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      for (let i = 0; i < perRound; i++) await render(typed());
      previewRounds.push((performance.now() - t) / perRound);
      t = performance.now();
      for (let i = 0; i < perRound; i++) bare.render(typed());
      markdownRounds.push((performance.now() - t) / perRound);
    }
    const preview = median(previewRounds);
    const markdown = median(markdownRounds);
    results.push({ name: c.name, bytes: c.text.length, previewMs: preview, markdownItMs: markdown, ratio: preview / markdown, firstPreviewMs: firstPreview, firstMarkdownItMs: firstMarkdown });
    rows.push([c.name, `${(c.text.length / 1024).toFixed(0)} KiB`, preview.toFixed(2), markdown.toFixed(2), (preview / markdown).toFixed(2) + '×', `${firstPreview.toFixed(2)} / ${firstMarkdown.toFixed(2)}`]);
  }
  const header = ['text', 'size', 'preview ms/update', 'markdown-it ms', 'ratio', 'first update: preview / markdown-it ms'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  // The last line, for the runner (bench/run.ts).
  console.log(JSON.stringify(results));
}

void main();
