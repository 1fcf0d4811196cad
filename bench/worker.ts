/**
 * One measurement in a fresh process, so that each tool's peak memory is its own. Prints one JSON
 * line on stdout. Run by bench/run.ts; usable alone:
 *   node out/bench/worker.js engine SITE_DIR [reps]
 *   node out/bench/worker.js mdls SITE_DIR
 *   node out/bench/worker.js edit TYPICAL_POST_SITE_DIR TYPICAL_POST_PATH
 *   node out/bench/worker.js activate EXTENSION_JS
 *   node out/bench/worker.js built JEKYLL_OUTPUT_DIR BASEURL
 */
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSystem } from '../src/core/nodeFileSystem';
import { loadSite } from '../src/core/site';
import { checkSite } from '../src/core/checkSite';
import { analyzeDocument } from '../src/core/analyzeDocument';
import { checkableDocuments } from '../src/core/checkSite';
import { extractLinks } from '../src/core/linkReferences';
import { parseFrontMatter } from '../src/core/frontMatter';
import { linkChecks } from '../src/core/checks/links';
import { readEverything } from './floor';
import { checkBuiltSite } from './builtSite';
import { largePost } from './generateSite';
import { activateWithStub } from './activation';
import { median } from './stats';

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function elapsedMs(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** Runs fn repeatedly for about `budgetMs` (at least `min` times) and returns the median time of one call. */
function perCall(fn: () => unknown, budgetMs = 400, min = 5): { ms: number; runs: number } {
  for (let i = 0; i < 3; i++) fn();
  const times: number[] = [];
  const end = performance.now() + budgetMs;
  while (times.length < min || performance.now() < end) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
    if (times.length > 100000) break;
  }
  return { ms: median(times), runs: times.length };
}

async function engine(root: string, reps: number) {
  const floorMs: number[] = [];
  const documentFloorMs: number[] = [];
  const checkMs: number[] = [];
  let findings = 0;
  let documents = 0;
  let floor = { files: 0, sources: 0, bytes: 0 };
  // One round of each, alternating, so that all see the same cache state; the two floors take turns
  // going first, since the first read of a round meets the caches the check before it left.
  let turn = 0;
  const everySource = () => elapsedMs(() => (floor = readEverything(root)));
  const documentsOnly = () => elapsedMs(() => readEverything(root, true));
  const round = async () => {
    let f: number;
    let d: number;
    if (turn++ % 2 === 0) {
      f = everySource();
      d = documentsOnly();
    } else {
      d = documentsOnly();
      f = everySource();
    }
    const t = performance.now();
    const fs = new NodeFileSystem(root);
    const site = await loadSite(fs);
    const result = await checkSite(fs, site);
    const c = performance.now() - t;
    findings = result.findings.length;
    documents = result.documents;
    return { f, d, c };
  };
  // Warm-up: the page cache fills and the JIT compiles the engine's hot paths, the state of a
  // long-running editor. A one-shot command does not get there: its cost is the CLI's own column, and
  // the first (cold) round is reported beside the measured ones. The warm-up is 1.5 s however many
  // rounds that takes: on a small site a round is about a millisecond, and V8 is still optimising the
  // engine after a few dozen of them (the corpus measured 10–15% slower after 40 rounds than after 1.5 s).
  const first = await round();
  const warmUntil = performance.now() + 1500;
  for (let w = 1; w < 3 || performance.now() < warmUntil; w++) await round();
  // Small sites take a few milliseconds a round, where one collection of the heap doubles a round:
  // they get as many rounds as fit in a second.
  const measureUntil = performance.now() + 1000;
  for (let r = 0; r < Math.max(5, reps) || (performance.now() < measureUntil && r < 1000); r++) {
    const { f, d, c } = await round();
    floorMs.push(f);
    documentFloorMs.push(d);
    checkMs.push(c);
  }
  // Links' share of a check: their extraction from every document and the links check's judgement.
  const linkShare = await (async () => {
    const fs = new NodeFileSystem(root);
    const site = await loadSite(fs);
    await checkSite(fs, site);
    const texts = checkableDocuments(site).map((p) => ({ p, t: readFileSync(join(root, p), 'utf8') }));
    const analyses = texts.map(({ p, t }) => analyzeDocument(site, p, t));
    const summaries = analyses.map((a) => linkChecks.summarize(site, a));
    const matters = texts.map(({ t }) => parseFrontMatter(t));
    const extract = perCall(() => {
      for (let i = 0; i < texts.length; i++) extractLinks(texts[i].t, matters[i], true);
    }, 400, 3);
    const judge = perCall(() => linkChecks.judge(site, summaries), 400, 3);
    const links = analyses.reduce((n, a) => n + a.links.length, 0);
    return { links, extractMs: extract.ms, judgeMs: judge.ms };
  })();
  return {
    linkShare: { ...linkShare, share: (linkShare.extractMs + linkShare.judgeMs) / median(checkMs) },
    floorMs: median(floorMs),
    documentFloorMs: median(documentFloorMs),
    checkMs: median(checkMs),
    coldCheckMs: first.c,
    coldFloorMs: first.f,
    floorRuns: floorMs,
    checkRuns: checkMs,
    findings,
    documents,
    ...floor,
    peakRssMb: peakRssMb(),
  };
}

async function edit(siteDir: string, postPath: string) {
  const fs = new NodeFileSystem(siteDir);
  const site = await loadSite(fs);
  const matter = require('gray-matter') as (s: string) => { content: string; data: unknown };
  const MarkdownIt = require('markdown-it') as new (o?: object) => { render(s: string): string };
  const md = new MarkdownIt({ html: true });
  const typical = readFileSync(join(siteDir, postPath), 'utf8');
  const big = largePost(1024 * 1024);
  const bare = (text: string) => () => {
    // gray-matter caches by input string; a copy keeps the comparison honest.
    const parsed = matter((' ' + text).slice(1));
    return md.render(parsed.content);
  };
  const out: Record<string, unknown> = {};
  out.typicalBytes = Buffer.byteLength(typical);
  out.typical = perCall(() => analyzeDocument(site, postPath, typical));
  out.typicalFindings = analyzeDocument(site, postPath, typical).findings.length;
  out.typicalBare = perCall(bare(typical));
  out.largeBytes = Buffer.byteLength(big);
  out.large = perCall(() => analyzeDocument(site, '_posts/2022-11-21-big.md', big), 1500, 5);
  out.largeReferences = analyzeDocument(site, '_posts/2022-11-21-big.md', big).references.length;
  out.largeBare = perCall(bare(big), 1500, 5);
  out.peakRssMb = peakRssMb();
  return out;
}

async function main() {
  const [task, a, b] = process.argv.slice(2);
  let result: unknown;
  switch (task) {
    case 'engine':
      result = await engine(a, Number(b ?? 3));
      break;
    case 'mdls': {
      // Loaded only here, so that the other measurements do not carry its modules.
      const { runMarkdownLanguageService } = await import('./markdownLs');
      result = { ...(await runMarkdownLanguageService(a)), peakRssMb: peakRssMb() };
      break;
    }
    case 'edit':
      result = await edit(a, b);
      break;
    case 'activate':
      result = await activateWithStub(a);
      break;
    case 'built': {
      // One read to warm up, then the median of three.
      let built = checkBuiltSite(a, b);
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        built = checkBuiltSite(a, b);
        times.push(performance.now() - t);
      }
      result = { ...built, ms: median(times) };
      break;
    }
    default:
      throw new Error(`unknown task ${task}`);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  // Timers the extension left running must not keep the measurement alive.
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error) + '\n');
  process.exit(1);
});
