// Render time per preview update, beside bare markdown-it on the same text.
// Usage: node scripts/build.mjs && node out/bench/preview.bench.js
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import { NodeFileSystem } from '../src/core/nodeFileSystem';
import { loadSite } from '../src/core/site';
import { renderPage, RenderCache } from '../src/core/render/renderPage';

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
  for (const c of cases) {
    const cache: RenderCache = {};
    const iterations = c.text.length > 100_000 ? 8 : 60;
    const render = (text: string) => renderPage(site, fs, seedPath, text, { imageUrl: (f) => `vscode-resource:/${f}`, cache });
    const typed = (n: number) => c.text.slice(0, c.at) + 'x'.repeat(n) + c.text.slice(c.at);
    await render(c.text);
    bare.render(c.text);
    // Each update is the text after one more keystroke, as while typing.
    let t = performance.now();
    for (let i = 0; i < iterations; i++) await render(typed(i + 1));
    const preview = (performance.now() - t) / iterations;
    t = performance.now();
    for (let i = 0; i < iterations; i++) bare.render(typed(i + 1));
    const markdown = (performance.now() - t) / iterations;
    rows.push([c.name, `${(c.text.length / 1024).toFixed(0)} KiB`, preview.toFixed(2), markdown.toFixed(2), (preview / markdown).toFixed(1) + 'x']);
  }
  const header = ['text', 'size', 'preview ms/update', 'markdown-it ms', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

void main();
