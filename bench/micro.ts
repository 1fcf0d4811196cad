/**
 * A profiling aid: the per-document cost of each step of the engine over a generated site or an
 * existing site's folder, in process (`node out/bench/micro.js [posts|SITE_DIR]`). Not part of `npm run bench`.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { MemoryFileSystem, SiteFileSystem } from '../src/core/fileSystem';
import { NodeFileSystem } from '../src/core/nodeFileSystem';
import { loadSite } from '../src/core/site';
import { parseFrontMatter } from '../src/core/frontMatter';
import { analyzeDocument, defaultsFor } from '../src/core/analyzeDocument';
import { documentKind, documentUrl, isMarkdownPath } from '../src/core/permalink';
import { extractReferences } from '../src/core/references';
import { resolveReference } from '../src/core/resolve';
import { publishFindings, urlConflicts } from '../src/core/publishChecks';
import { checkableDocuments } from '../src/core/checkSite';
import { decodeText } from '../src/core/text';
import { generateSite } from './generateSite';

function time(label: string, count: number, fn: () => void, rounds = Math.max(7, Math.min(201, Math.round(20_000 / count)))): void {
  fn();
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  process.stdout.write(`${label.padEnd(28)} ${(ms * 1000 / count).toFixed(2).padStart(8)} µs per document (${ms.toFixed(1)} ms)\n`);
}

async function main() {
  const given = process.argv[2] !== undefined && existsSync(process.argv[2]) ? process.argv[2] : undefined;
  const fs: SiteFileSystem = given !== undefined ? new NodeFileSystem(given) : new MemoryFileSystem(generateSite({ posts: Number(process.argv[2] ?? 1000) }).files);
  const site = await loadSite(fs);
  const docs = checkableDocuments(site);
  const texts = await Promise.all(docs.map(async (d) => {
    const decoded = decodeText(await fs.readFile(d));
    return decoded.kind === 'text' ? decoded.text : '';
  }));
  const n = docs.length;
  const fms = texts.map((t) => parseFrontMatter(t));
  const datas = docs.map((d, i) => ({ ...defaultsFor(site.config.defaults, d, documentKind(d)), ...fms[i].data }));
  const analyses = docs.map((d, i) => analyzeDocument(site, d, texts[i]));
  time('checkableDocuments', n, () => checkableDocuments(site));
  const bytes = await Promise.all(docs.map((d) => fs.readFile(d)));
  time('decodeText', n, () => {
    for (const b of bytes) decodeText(b);
  });
  time('parseFrontMatter', n, () => texts.forEach((t) => parseFrontMatter(t)));
  time('documentUrl', n, () =>
    docs.forEach((d, i) => {
      const v = fms[i].values.get('date');
      documentUrl(site, d, datas[i], v?.source !== undefined && v.value !== null ? { text: v.source, yamlTimestamp: v.style === 'PLAIN' } : undefined);
    }),
  );
  time('extractReferences', n, () => docs.forEach((d, i) => extractReferences(texts[i], fms[i], { imageKeys: ['background'], markdown: isMarkdownPath(d) })));
  time('resolveReference', n, () => analyses.forEach((a) => a.references.forEach((r) => resolveReference(site, a.page, r.ref))));
  time('publishFindings', n, () => analyses.forEach((a) => publishFindings(site, a)));
  time('urlConflicts', n, () => urlConflicts(site, analyses));
  time('analyzeDocument', n, () => docs.forEach((d, i) => analyzeDocument(site, d, texts[i])));
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error) + '\n');
  process.exit(1);
});
