/**
 * The benchmark runner: `npm run bench` (full: 100, 1,000 and 10,000 generated posts and the real
 * corpus) or `npm run bench -- --quick` (100 posts and the corpus). Prints a table and the JSON; a full
 * run also writes bench/results.json and the table into bench/README.md.
 *
 * Each tool runs in its own process so that its peak memory (maxRSS, from GNU time or Node's own
 * resource usage) is its own:
 * - `ipe-author check`: the shipped CLI (dist/cli.js), wall time of the whole process, started from its
 *   code cache and, beside it, without one (IPE_AUTHOR_CODE_CACHE=0);
 * - the engine in process (loadSite + checkSite) beside the floor (list the tree, read every source);
 * - `jekyll build` followed by reading the built site for broken images, and Jekyll's own build timed
 *   inside one Ruby process (bench/jekyllInProcess.rb), first and warm, beside the engine in process;
 * - vscode-markdown-languageservice's link validation over the same Markdown files.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, platform, release, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { generateSite, themeStandIns, writeSite } from './generateSite';
import { median } from './stats';

const root = join(__dirname, '..', '..');
const quick = process.argv.includes('--quick');
const skipJekyll = process.argv.includes('--no-jekyll');
const hasGnuTime = existsSync('/usr/bin/time');
const hasTimeout = spawnSync('timeout', ['--version']).status === 0;
/**
 * Jekyll on 10,000 posts takes minutes on 2 cores (≈ 160 s here); past this it is stopped and the ratio
 * reported as a lower bound. `--jekyll-timeout=SECONDS` changes it (default 600 s).
 */
const JEKYLL_TIMEOUT_MS = 1000 * Number(/^--jekyll-timeout=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--jekyll-timeout=')) ?? '')?.[1] ?? 600);

/**
 * The Node that runs the command and the in-process measurements: `--node=PATH`, or `--node=vscode` for
 * the Node that the project's VS Code (code-server, installed by scripts/vscode-setup.mjs) runs its
 * extension host on; by default the Node running this script.
 */
function chooseNode(): string {
  const given = process.argv.find((a) => a.startsWith('--node='))?.slice('--node='.length);
  if (given === undefined || given === '') return process.execPath;
  if (given !== 'vscode') {
    if (!existsSync(given)) throw new Error(`--node: no such file ${given}`);
    return given;
  }
  const found = spawnSync(process.execPath, ['--input-type=module', '-e', "const m = await import('./scripts/vscode-setup.mjs'); if (!m.isVscodeInstalled()) { console.error('run node scripts/vscode-setup.mjs first'); process.exit(1); } console.log(m.vscodePaths().node);"], { cwd: root, encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`--node=vscode: ${found.stderr.trim()}`);
  return found.stdout.trim();
}
const nodeBin = chooseNode();

type Timed = { wallMs: number; peakRssMb: number | null; status: number | null; stdout: string; stderr: string; timedOut: boolean };

/** Runs a command, timing it from here and reading its peak RSS from GNU time when there is one. */
function timed(cmd: string, args: string[], options: { timeoutMs?: number; cwd?: string; env?: Record<string, string> } = {}): Timed {
  const marker = '@@peak-rss-kb ';
  // coreutils' timeout stops the tool itself (killing only GNU time would leave it running).
  const limited: [string, string[]] = options.timeoutMs && hasTimeout ? ['timeout', ['-k', '5', String(Math.ceil(options.timeoutMs / 1000)), cmd, ...args]] : [cmd, args];
  const [file, argv] = hasGnuTime ? ['/usr/bin/time', ['-f', `${marker}%M`, limited[0], ...limited[1]]] : limited;
  const t = performance.now();
  const r = spawnSync(file, argv, {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    timeout: options.timeoutMs ? options.timeoutMs + 30_000 : undefined,
    cwd: options.cwd ?? root,
    env: options.env ? { ...process.env, ...options.env } : undefined,
  });
  const wallMs = performance.now() - t;
  let stderr = r.stderr ?? '';
  let peakRssMb: number | null = null;
  const m = new RegExp(`${marker}(\\d+)`).exec(stderr);
  if (m) {
    peakRssMb = Number(m[1]) / 1024;
    stderr = stderr.replace(m[0], '');
  }
  return { wallMs, peakRssMb, status: r.status, stdout: r.stdout ?? '', stderr, timedOut: r.status === 124 || r.status === 137 || (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT' };
}

function worker(...args: string[]): Record<string, any> {
  const r = timed(nodeBin, [join(root, 'out/bench/worker.js'), ...args]);
  if (r.status !== 0) throw new Error(`worker ${args.join(' ')} failed: ${r.stderr}`);
  return { ...JSON.parse(r.stdout.trim().split('\n').pop() as string), wallMs: r.wallMs, processPeakRssMb: r.peakRssMb };
}

function baseurlOf(siteDir: string): string {
  const m = /^baseurl:\s*["']?([^"'\n#]*)["']?/m.exec(readFileSync(join(siteDir, '_config.yml'), 'utf8'));
  return (m ? m[1].trim() : '').replace(/\/+$/, '').replace(/^(?=[^/])/, '/').replace(/^\/$/, '');
}

interface SiteRun {
  name: string;
  posts: number;
  documents: number;
  sourceMb: number;
  cli: { wallMs: number; noCodeCacheMs: number; peakRssMb: number | null; findings: number };
  engine: { checkMs: number; coldCheckMs: number; floorMs: number; ratioToFloor: number; documentFloorMs: number; ratioToDocumentFloor: number; peakRssMb: number; linkShare?: { links: number; extractMs: number; judgeMs: number; share: number } };
  jekyll: {
    buildMs: number | null;
    readMs: number | null;
    totalMs: number | null;
    peakRssMb: number | null;
    brokenImages: number | null;
    note?: string;
    extrapolated?: boolean;
    /** Jekyll's build inside one Ruby process: the first build after loading Jekyll, and the median warm one. */
    inProcess?: { firstMs: number; warmMs: number; rounds: number; runs: number[]; peakRssMb: number | null } | { note: string };
  };
  markdownLs: { wallMs: number; inProcessMs: number; peakRssMb: number | null; diagnostics: number };
  ratios: {
    jekyllOverCli: number | null;
    /** (Jekyll's warm build + the read of the built site) ÷ the engine's warm check, both in process. */
    jekyllWarmOverEngine: number | null;
    /** Jekyll's first build + read ÷ the engine's first round, both in a process that has just loaded its code. */
    jekyllFirstOverEngineFirst: number | null;
    markdownLsOverCli: number;
    cliOverFloor: number;
  };
}

type BuildsInProcess = Extract<NonNullable<SiteRun['jekyll']['inProcess']>, { warmMs: number }>;

/** Why a Jekyll run gave no time: its timeout, or the last lines of what it printed on stderr. */
function jekyllFailure(r: Timed, timeoutMs: number): string {
  return r.timedOut ? `timed out after ${timeoutMs / 1000} s` : `failed: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`;
}

/** Jekyll's in-process builds, when they ran through. */
function inProcessBuilds(jekyll: SiteRun['jekyll']): BuildsInProcess | undefined {
  return jekyll.inProcess && 'warmMs' in jekyll.inProcess ? jekyll.inProcess : undefined;
}

/** Builds in one Ruby process: 12 for small sites, fewer for large ones (a 10,000-post build takes minutes). */
function jekyllInProcess(src: string, posts: number): NonNullable<SiteRun['jekyll']['inProcess']> {
  const rounds = posts <= 100 ? 12 : posts <= 1000 ? 5 : 2;
  const out = mkdtempSync(join(tmpdir(), 'ipe-bench-jekyll-warm-'));
  try {
    const r = timed('ruby', [join(root, 'bench/jekyllInProcess.rb'), src, out, String(rounds)], { timeoutMs: JEKYLL_TIMEOUT_MS * rounds, cwd: src });
    if (r.status !== 0) return { note: jekyllFailure(r, JEKYLL_TIMEOUT_MS * rounds) };
    const j = JSON.parse(r.stdout.trim().split('\n').pop() as string);
    return { firstMs: j.firstMs, warmMs: j.warmMs, rounds: j.rounds, runs: j.runs, peakRssMb: r.peakRssMb };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function runSite(name: string, dir: string, posts: number, reps: number, jekyllAllowed: boolean): SiteRun {
  process.stderr.write(`· ${name}: ipe-author check\n`);
  const check = [join(root, 'dist/cli.js'), 'check', dir, '--format', 'json'];
  // Without the code cache: what the very first check after an install or a new Node costs.
  const uncached = Array.from({ length: reps }, () => timed(nodeBin, check, { env: { IPE_AUTHOR_CODE_CACHE: '0' } }).wallMs);
  // One untimed run makes sure the cache is there (the first check after a build writes it).
  timed(nodeBin, check);
  const cliRuns: Timed[] = [];
  for (let i = 0; i < reps; i++) cliRuns.push(timed(nodeBin, check));
  const cliFindings = JSON.parse(cliRuns[0].stdout).length as number;
  process.stderr.write(`· ${name}: engine and floor in one process\n`);
  // Small sites are measured more often: their times are short and noisier.
  const engine = worker('engine', dir, String(posts <= 100 ? 15 : posts <= 1000 ? 5 : reps));
  process.stderr.write(`· ${name}: markdown language service\n`);
  const mdRuns = Array.from({ length: Math.max(1, reps - 1) }, () => worker('mdls', dir));
  const md = mdRuns.sort((a, b) => a.wallMs - b.wallMs)[Math.floor((mdRuns.length - 1) / 2)];

  let jekyll: SiteRun['jekyll'] = { buildMs: null, readMs: null, totalMs: null, peakRssMb: null, brokenImages: null };
  if (jekyllAllowed) {
    process.stderr.write(`· ${name}: jekyll build\n`);
    const out = mkdtempSync(join(tmpdir(), 'ipe-bench-jekyll-'));
    const src = mkdtempSync(join(tmpdir(), 'ipe-bench-src-'));
    // A copy, so that Jekyll writes nothing into the fixtures.
    cpSync(dir, src, { recursive: true });
    // The corpus has no theme files; the same stand-ins as the generated sites let Jekyll build it.
    for (const [path, content] of Object.entries(themeStandIns())) if (!existsSync(join(src, path))) writeSite(src, { [path]: content });
    const r = timed('jekyll', ['build', '--source', src, '--destination', out, '--disable-disk-cache', '--quiet'], { timeoutMs: JEKYLL_TIMEOUT_MS, cwd: src });
    if (r.status === 0) {
      // The read of the built site, timed in a worker on the Node of the other measurements: the median
      // of three warm reads, added alike to the command's build and to the in-process builds.
      const built = worker('built', out, baseurlOf(dir));
      const readMs = built.ms as number;
      jekyll = { buildMs: r.wallMs, readMs, totalMs: r.wallMs + readMs, peakRssMb: r.peakRssMb, brokenImages: built.broken };
      process.stderr.write(`· ${name}: jekyll in process\n`);
      jekyll.inProcess = jekyllInProcess(src, posts);
    } else {
      jekyll.note = jekyllFailure(r, JEKYLL_TIMEOUT_MS);
    }
    rmSync(out, { recursive: true, force: true });
    rmSync(src, { recursive: true, force: true });
  } else {
    jekyll.note = skipJekyll ? 'skipped (--no-jekyll)' : 'not run';
  }
  const cliMs = median(cliRuns.map((r) => r.wallMs));
  const warm = inProcessBuilds(jekyll);
  const cliPeak = cliRuns.map((r) => r.peakRssMb).filter((x): x is number => x !== null);
  return {
    name,
    posts,
    documents: engine.documents,
    sourceMb: engine.bytes / 1048576,
    cli: { wallMs: cliMs, noCodeCacheMs: median(uncached), peakRssMb: cliPeak.length ? Math.max(...cliPeak) : null, findings: cliFindings },
    engine: {
      checkMs: engine.checkMs,
      coldCheckMs: engine.coldCheckMs,
      floorMs: engine.floorMs,
      ratioToFloor: engine.checkMs / engine.floorMs,
      documentFloorMs: engine.documentFloorMs,
      ratioToDocumentFloor: engine.checkMs / engine.documentFloorMs,
      peakRssMb: engine.peakRssMb,
      linkShare: engine.linkShare,
    },
    jekyll,
    markdownLs: { wallMs: md.wallMs, inProcessMs: md.ms, peakRssMb: md.processPeakRssMb ?? md.peakRssMb, diagnostics: md.diagnostics },
    ratios: {
      jekyllOverCli: jekyll.totalMs !== null ? jekyll.totalMs / cliMs : null,
      jekyllWarmOverEngine: warm && jekyll.readMs !== null ? (warm.warmMs + jekyll.readMs) / engine.checkMs : null,
      jekyllFirstOverEngineFirst: warm && jekyll.readMs !== null ? (warm.firstMs + jekyll.readMs) / engine.coldCheckMs : null,
      markdownLsOverCli: md.wallMs / cliMs,
      cliOverFloor: cliMs / engine.floorMs,
    },
  };
}

/** The commit the run measured, with a mark when the work tree had changes to tracked files. */
function sourceCommit(): string {
  const head = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown (not a git work tree)';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' });
  return head.stdout.trim() + (dirty.status === 0 && dirty.stdout.trim() !== '' ? ' with uncommitted changes' : '');
}

function machine() {
  const j = spawnSync('jekyll', ['--version'], { encoding: 'utf8' });
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 1073741824),
    freeMemoryGb: Math.round(freemem() / 1073741824),
    os: `${platform()} ${release()}`,
    node: spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim(),
    nodeBinary: nodeBin === process.execPath ? 'the Node running the bench' : relative(root, nodeBin),
    jekyll: j.status === 0 ? j.stdout.trim() : 'not found',
    peakMemory: hasGnuTime ? 'maxRSS of each process from GNU time' : "Node's own maxRSS (no GNU time)",
  };
}

function perEdit(): Record<string, any> {
  const corpus = join(root, 'test/fixtures/corpus/ipe-2023-02-10-baseurl-ipe');
  return worker('edit', corpus, '_posts/2022-11-21-1.md');
}

function previewBench(): Record<string, unknown> | undefined {
  const file = join(root, 'out/bench/preview.bench.js');
  if (!existsSync(file)) return undefined;
  process.stderr.write('· preview renderer (bench/preview.bench.ts)\n');
  const r = timed(nodeBin, [file, ...(quick ? ['--quick'] : [])], { timeoutMs: 180_000 });
  if (r.status !== 0) return { error: r.stderr.trim().split('\n').slice(-5).join('\n') };
  const text = r.stdout.trim();
  try {
    return { results: JSON.parse(text) };
  } catch {
    const last = text.split('\n').reverse().find((l) => l.trim().startsWith('{') || l.trim().startsWith('['));
    try {
      return last ? { results: JSON.parse(last), output: text } : { output: text };
    } catch {
      return { output: text };
    }
  }
}

function activation(): Record<string, unknown> {
  const bundle = join(root, 'dist/extension.js');
  const bytes = readFileSync(bundle);
  let runs: Record<string, any>[];
  try {
    runs = Array.from({ length: 5 }, () => worker('activate', bundle));
  } catch (error) {
    // The stub lacks an API the extension started to use: report it rather than stop the run.
    return { error: String(error).split('\n')[0], bundleBytes: bytes.byteLength, bundleGzipBytes: gzipSync(bytes).byteLength };
  }
  return {
    method: 'require() + activate() of dist/extension.js in Node with a stub vscode module, empty window; fresh process each run; not measured in VS Code',
    requireMs: median(runs.map((r) => r.requireMs)),
    activateMs: median(runs.map((r) => r.activateMs)),
    totalMs: median(runs.map((r) => r.totalMs)),
    bundleBytes: bytes.byteLength,
    bundleGzipBytes: gzipSync(bytes).byteLength,
  };
}

function vsix(): Record<string, unknown> {
  if (!existsSync(join(root, 'scripts/package.mjs'))) return { bytes: null, note: 'n/a: scripts/package.mjs (the packaging script) does not exist yet' };
  if (quick) return { bytes: null, note: 'skipped in --quick' };
  const out = mkdtempSync(join(tmpdir(), 'ipe-bench-vsix-'));
  const file = join(out, 'ipe-author.vsix');
  const r = timed('npx', ['--yes', '@vscode/vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', file], { timeoutMs: 180_000 });
  const result = r.status === 0 && existsSync(file) ? { bytes: statSync(file).size, packageMs: r.wallMs } : { bytes: null, note: `vsce package failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}` };
  rmSync(out, { recursive: true, force: true });
  return result;
}

const f0 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function table(results: Record<string, any>): string {
  const rows: string[] = [];
  rows.push(
    '| site | docs | ipe-author check ms (peak MB; without code cache) | engine in-process ms (first round) | floor ms (documents only) | engine ÷ floor (÷ documents only) | jekyll build + read ms (peak MB) | jekyll ÷ check | Jekyll in process: warm build + read ms (first build + read) | Jekyll ÷ engine in process: warm (first) | Markdown LS ms (peak MB) | LS ÷ check |',
  );
  rows.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of results.sites as SiteRun[]) {
    const j = s.jekyll.totalMs !== null ? `${f0(s.jekyll.totalMs)}${s.jekyll.extrapolated ? ' (≥, stopped at the timeout)' : ''} (${f0(s.jekyll.peakRssMb)})` : s.jekyll.note ?? '–';
    const ip = inProcessBuilds(s.jekyll);
    const read = s.jekyll.readMs ?? 0;
    const warm = ip ? `${f0(ip.warmMs + read)} (${f0(ip.firstMs + read)})` : (s.jekyll.inProcess as { note?: string } | undefined)?.note ?? '–';
    const warmRatio = s.ratios.jekyllWarmOverEngine !== null ? `${f0(s.ratios.jekyllWarmOverEngine)}× (${f0(s.ratios.jekyllFirstOverEngineFirst)}×)` : '–';
    rows.push(
      `| ${s.name} | ${s.documents} | ${f0(s.cli.wallMs)} (${f0(s.cli.peakRssMb)}; ${f0(s.cli.noCodeCacheMs)}) | ${f0(s.engine.checkMs)} (${f0(s.engine.coldCheckMs)}) | ${f0(s.engine.floorMs)} (${f0(s.engine.documentFloorMs)}) | ${f0(s.engine.ratioToFloor)}× (${f0(s.engine.ratioToDocumentFloor)}×) | ${j} | ${s.ratios.jekyllOverCli !== null ? (s.jekyll.extrapolated ? '≥ ' : '') + f0(s.ratios.jekyllOverCli) + '×' : '–'} | ${warm} | ${warmRatio} | ${f0(s.markdownLs.wallMs)} (${f0(s.markdownLs.peakRssMb)}) | ${f0(s.ratios.markdownLsOverCli)}× |`,
    );
  }
  const e = results.perEdit;
  rows.push('', '| per edit | ipe analyzeDocument ms | gray-matter + markdown-it render ms |', '|---|---:|---:|');
  rows.push(`| typical post (${(e.typicalBytes / 1024).toFixed(1)} KB) | ${f0(e.typical.ms)} | ${f0(e.typicalBare.ms)} |`);
  rows.push(`| large post (${(e.largeBytes / 1048576).toFixed(1)} MB, ${e.largeReferences} images) | ${f0(e.large.ms)} | ${f0(e.largeBare.ms)} |`);
  const a = results.activation;
  rows.push('', `Activation (Node, stub vscode): ${a.error ? 'failed: ' + a.error : `require ${f0(a.requireMs)} ms + activate ${f0(a.activateMs)} ms`}. Bundle ${(a.bundleBytes / 1024).toFixed(0)} KB (${(a.bundleGzipBytes / 1024).toFixed(0)} KB gzip). .vsix: ${results.vsix.bytes ? (results.vsix.bytes / 1024).toFixed(0) + ' KB' : results.vsix.note}.`);
  if (results.scaling) rows.push('', `Scaling 100 → 10,000 posts (time per document, 10,000 ÷ 100): ${Object.entries(results.scaling).map(([k, v]) => `${k} ${f0(v as number)}×`).join(', ')}.`);
  const preview = results.preview;
  if (preview && Array.isArray(preview.results)) {
    rows.push('', '| preview update (bench/preview.bench.ts) | renderer ms, warm | bare markdown-it ms, warm | renderer ÷ markdown-it | first update: renderer / markdown-it ms |', '|---|---:|---:|---:|---:|');
    for (const p of preview.results) rows.push(`| ${p.name} (${(p.bytes / 1024).toFixed(0)} KiB) | ${f0(p.previewMs)} | ${f0(p.markdownItMs)} | ${f0(p.ratio)}× | ${f0(p.firstPreviewMs)} / ${f0(p.firstMarkdownItMs)} |`);
  } else if (preview) rows.push('', `Preview renderer: ${preview.error ? 'failed: ' + preview.error : 'see results.json'}.`);
  return rows.join('\n');
}

async function main() {
  if (!existsSync(join(root, 'dist/cli.js')) || !existsSync(join(root, 'out/bench/worker.js'))) throw new Error('build first: node scripts/build.mjs');
  const started = performance.now();
  // Before anything is written: the results and the README's table are tracked files.
  const commit = sourceCommit();
  const sizes = quick ? [100] : [100, 1000, 10000];
  const sites: SiteRun[] = [];
  const work = mkdtempSync(join(tmpdir(), 'ipe-bench-sites-'));
  try {
    for (const n of sizes) {
      const dir = join(work, `posts-${n}`);
      const g = generateSite({ posts: n });
      writeSite(dir, g.files);
      const run = runSite(`generated ${n.toLocaleString('en')}`, dir, n, n >= 10000 ? 2 : 3, !skipJekyll);
      (run as SiteRun & { expectedBroken: number }).expectedBroken = g.broken.length;
      sites.push(run);
    }
    for (const name of readdirSync(join(root, 'test/fixtures/corpus')).sort()) {
      const dir = join(root, 'test/fixtures/corpus', name);
      if (!existsSync(join(dir, '_config.yml'))) continue;
      sites.push(runSite(`corpus ${name}`, dir, readdirSync(join(dir, '_posts')).length, 3, !skipJekyll));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  // A Jekyll run that was stopped is extrapolated linearly from the 1,000-post run, and labelled so.
  const thousand = sites.find((s) => s.posts === 1000 && s.jekyll.totalMs !== null);
  for (const s of sites) {
    if (s.jekyll.totalMs === null && thousand && s.posts > 1000 && /timed out/.test(s.jekyll.note ?? '')) {
      const factor = s.documents / thousand.documents;
      const linear = (thousand.jekyll.totalMs as number) * factor;
      // The stopped run had already taken the whole timeout: the larger of the two is a lower bound.
      s.jekyll = { ...s.jekyll, totalMs: Math.max(linear, JEKYLL_TIMEOUT_MS), extrapolated: true, note: `${s.jekyll.note}; at least max(timeout, ${Math.round(linear)} ms linear from 1,000 posts)` };
      s.ratios.jekyllOverCli = (s.jekyll.totalMs as number) / s.cli.wallMs;
    }
  }
  const scaling: Record<string, number> = {};
  const small = sites.find((s) => s.posts === 100 && s.name.startsWith('generated'));
  const big = sites.find((s) => s.posts === 10000);
  if (small && big) {
    const per = (x: number | null, s: SiteRun) => (x ?? NaN) / s.documents;
    scaling['ipe-author check'] = per(big.cli.wallMs, big) / per(small.cli.wallMs, small);
    scaling['engine in-process'] = per(big.engine.checkMs, big) / per(small.engine.checkMs, small);
    scaling['floor'] = per(big.engine.floorMs, big) / per(small.engine.floorMs, small);
    scaling['Markdown LS'] = per(big.markdownLs.wallMs, big) / per(small.markdownLs.wallMs, small);
    if (big.jekyll.totalMs !== null && small.jekyll.totalMs !== null) scaling['jekyll'] = per(big.jekyll.totalMs, big) / per(small.jekyll.totalMs, small);
    const bigWarm = inProcessBuilds(big.jekyll);
    const smallWarm = inProcessBuilds(small.jekyll);
    if (bigWarm && smallWarm) scaling['jekyll in process (warm build + read)'] = per(bigWarm.warmMs + (big.jekyll.readMs ?? 0), big) / per(smallWarm.warmMs + (small.jekyll.readMs ?? 0), small);
  }
  process.stderr.write('· per-edit, activation, packaging\n');
  const edit = perEdit();
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    commit,
    machine: machine(),
    sites,
    scaling: small && big ? scaling : undefined,
    perEdit: edit,
    preview: previewBench(),
    activation: activation(),
    vsix: vsix(),
    targets: {
      'check ≥ 50× faster than jekyll build': {
        'as commands: jekyll build + read ÷ ipe-author check, each a fresh process (start-up of Ruby and Node included)': sites
          .filter((s) => s.ratios.jekyllOverCli !== null)
          .map((s) => `${s.name}: ${f0(s.ratios.jekyllOverCli)}×`),
        "in process, warm: Jekyll's build + read ÷ the engine's check": sites.filter((s) => s.ratios.jekyllWarmOverEngine !== null).map((s) => `${s.name}: ${f0(s.ratios.jekyllWarmOverEngine)}×`),
        "in process, first round after loading: Jekyll's first build + read ÷ the engine's first check": sites
          .filter((s) => s.ratios.jekyllFirstOverEngineFirst !== null)
          .map((s) => `${s.name}: ${f0(s.ratios.jekyllFirstOverEngineFirst)}×`),
      },
      'engine ≤ 3× the floor': sites.map((s) => `${s.name}: ${f0(s.engine.ratioToFloor)}× (documents-only floor: ${f0(s.engine.ratioToDocumentFloor)}×)`),
      'typical post findings < 2 ms': `${f0(edit.typical.ms)} ms`,
      "links' share of the whole-site check": sites.map((s) => (s.engine.linkShare ? `${s.name}: ${(100 * s.engine.linkShare.share).toFixed(0)}% (${s.engine.linkShare.links} links: extraction ${f0(s.engine.linkShare.extractMs)} ms, judgement ${f0(s.engine.linkShare.judgeMs)} ms)` : `${s.name}: –`)),
    },
  };
  results.totalSeconds = (performance.now() - started) / 1000;
  const text = table(results);
  process.stdout.write(text + '\n\n' + JSON.stringify(results, null, 2) + '\n');
  // `--results=PATH` keeps this run's JSON there (any mode) and leaves the committed results alone.
  const resultsPath = process.argv.find((a) => a.startsWith('--results='))?.slice('--results='.length);
  if (resultsPath) writeFileSync(resultsPath, JSON.stringify(results, null, 2) + '\n');
  else if (!quick) {
    writeFileSync(join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
    const readme = join(root, 'bench/README.md');
    if (existsSync(readme)) {
      const body = readFileSync(readme, 'utf8');
      const start = '<!-- results:start -->';
      const end = '<!-- results:end -->';
      const m = results.machine as ReturnType<typeof machine>;
      const block = `${start}\nLatest full run: ${results.date}, commit ${results.commit}, ${m.cpu} (${m.cores} cores, ${m.memoryGb} GB), ${m.os}, Node ${m.node}, ${m.jekyll}; ${f0(results.totalSeconds as number)} s in all.\n\n${text}\n${end}`;
      if (body.includes(start) && body.includes(end)) writeFileSync(readme, body.slice(0, body.indexOf(start)) + block + body.slice(body.indexOf(end) + end.length));
    }
  }
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error) + '\n');
  process.exit(1);
});
