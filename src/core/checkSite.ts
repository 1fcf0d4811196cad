import type { ReadUpTo, SiteFileSystem } from './fileSystem';
import type { Site } from './site';
import { decodeText, DecodedText } from './text';
import { analyzeDocument, AnalyzeOptions, DocumentAnalysis } from './analyzeDocument';
import { configFindings } from './configFindings';
import { documentKind } from './permalink';
import type { Finding } from './findings';
import { applySeverity, isFindingCode } from './findings';
import { shiftFixes } from './fixes';
import type { Reference } from './references';
import { matchesJekyllPattern } from './site';
import { mayHaveDirectives } from './suppressions';
import { indexDocument } from './siteDocuments';
import { awaitsReadmeIndex, readmeIndexChanged } from './githubPages';
import { FILE_CHECKS, FINDINGS_CHECKS, SITE_CHECKS } from './checks/index';
import type { Codes, SiteCheck as SiteCheckOf, SiteCheckInput, UnreadableFile } from './checks/types';

/** Files larger than this are reported and not parsed. */
export const MAX_CHECK_BYTES = 16 * 1024 * 1024;

export interface SiteCheckOptions extends AnalyzeOptions {
  /** Site-relative globs of files not to check (Jekyll-style patterns: `drafts/**`, `old/`). */
  readonly excludeGlobs?: readonly string[];
}

export type { SiteCheckInput };
export type SiteCheck<S = unknown> = SiteCheckOf<Codes, S>;

/** The summaries of each site check of the index, filled one document at a time. */
class SiteCheckSummaries {
  private readonly lists: unknown[][] = SITE_CHECKS.map(() => []);

  add(site: Site, analysis: SiteCheckInput): void {
    for (let c = 0; c < SITE_CHECKS.length; c++) {
      try {
        this.lists[c].push(SITE_CHECKS[c].summarize(site, analysis));
      } catch {
        // A check that fails on odd input leaves this document out; the others still see it.
      }
    }
  }

  judge(site: Site, options: SiteCheckOptions): Finding[] {
    const out: Finding[] = [];
    for (let c = 0; c < SITE_CHECKS.length; c++) {
      try {
        out.push(...applySeverity(SITE_CHECKS[c].judge(site, this.lists[c]), options));
      } catch {
        // A failing site check must not hide the document findings.
      }
    }
    return out;
  }
}

const CHECKABLE_EXTENSION = /\.(md|markdown|mkdown|mkdn|mkd|html?)$/i;

/** Whether the checker reads this file: a post, a collection's document or a published page (Markdown or HTML), not a layout, include or output. */
export function isCheckableDocument(site: Site, file: string, options: SiteCheckOptions = {}): boolean {
  // The extension first: most files of a site are images.
  if (!CHECKABLE_EXTENSION.test(file)) return false;
  const kind = documentKind(file, site.config);
  if (kind !== 'post' && kind !== 'page' && kind !== 'collection') return false;
  if (kind === 'page' && !site.publication(file).published) return false;
  return !options.excludeGlobs?.some((g) => matchesJekyllPattern(g, file));
}

/** The documents the checker reads, sorted. */
export function checkableDocuments(site: Site, options: SiteCheckOptions = {}): string[] {
  const out: string[] = [];
  for (const file of site.allFiles()) if (isCheckableDocument(site, file, options)) out.push(file);
  return out.sort();
}

export type FileCheck = { readonly analysis?: DocumentAnalysis; readonly findings: readonly Finding[]; readonly text?: string };

/** Reads and checks one file, turning unreadable, binary and oversized files into findings. */
export async function checkFile(fs: SiteFileSystem, site: Site, path: string, options: SiteCheckOptions = {}): Promise<FileCheck> {
  return analyzeRead(site, path, await readForCheck(fs, path, options), options);
}

/** What reading a file for the check gave: its decoded text, or the findings that replace its analysis. */
type ReadForCheck = { readonly decoded: DecodedText } | { readonly findings: readonly Finding[] };

const UNREADABLE: ReadForCheck = Object.freeze({ findings: Object.freeze([]) });

/** Reads a file for the check; at once when the file system answers at once. Never rejects. */
function readForCheck(fs: SiteFileSystem, path: string, options: SiteCheckOptions): ReadForCheck | Promise<ReadForCheck> {
  try {
    if (fs.readFileUpTo) {
      // Decoded while the bytes are lent: no copy of the file is made.
      const result = fs.readFileUpTo(path, MAX_CHECK_BYTES, decodeText);
      const settle = (r: ReadUpTo<DecodedText>): ReadForCheck => ('read' in r ? { decoded: r.read } : tooLarge(path, r.size, options));
      return isThenable(result) ? Promise.resolve(result).then(settle).catch(() => UNREADABLE) : settle(result);
    }
    return statThenRead(fs, path, options);
  } catch {
    return UNREADABLE;
  }
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

async function statThenRead(fs: SiteFileSystem, path: string, options: SiteCheckOptions): Promise<ReadForCheck> {
  try {
    const stat = await fs.stat(path);
    if (stat && stat.size > MAX_CHECK_BYTES) return tooLarge(path, stat.size, options);
    return { decoded: decodeText(await fs.readFile(path)) };
  } catch {
    return UNREADABLE;
  }
}

/** The file checks' findings on a file that is not analysed. */
function unreadableFindings(path: string, read: UnreadableFile, options: SiteCheckOptions): Finding[] {
  const out: Finding[] = [];
  for (const check of FILE_CHECKS) out.push(...check.check(path, read));
  return applySeverity(out, options);
}

function tooLarge(path: string, size: number, options: SiteCheckOptions): ReadForCheck {
  return { findings: unreadableFindings(path, { kind: 'too-large', size, limit: MAX_CHECK_BYTES }, options) };
}

function analyzeRead(site: Site, path: string, read: ReadForCheck, options: SiteCheckOptions): FileCheck {
  if (!('decoded' in read)) return { findings: read.findings };
  const decoded = read.decoded;
  if (decoded.kind === 'binary') {
    return { findings: unreadableFindings(path, { kind: 'binary' }, options) };
  }
  const analysis = analyzeInSite(site, path, decoded.text, options);
  return { analysis, findings: analysis.findings, text: decoded.text };
}

/**
 * Analyses a document and keeps the site's URL → document index current with it. A README that the
 * index makes its folder's index only once it knows the README (a new file, once every document is
 * known) is analysed again as the page it then is.
 */
export function analyzeInSite(site: Site, path: string, text: string, options: AnalyzeOptions = {}): DocumentAnalysis {
  let analysis = analyzeDocument(site, path, text, options);
  indexDocument(site, analysis);
  if (site.documentsIndexed && readmeIndexChanged(site, analysis)) {
    analysis = analyzeDocument(site, path, text, options);
    indexDocument(site, analysis);
  }
  return analysis;
}

/**
 * How many files are being read ahead of the one being analysed: an asynchronous file system (the
 * editor's) keeps this many reads in flight while the engine parses. A synchronous one reads them in
 * batches of this many, one after another: system calls in a row cost less than the same calls each
 * between two analyses, which leave the kernel's caches cold (≈ 7% of a check at 1,000 posts).
 */
const READ_AHEAD = 16;

export interface SiteCheckResult {
  readonly findings: Finding[];
  readonly documents: number;
  /** Text of every file that has a finding (config files included), for turning offsets into lines. */
  readonly texts: Map<string, string>;
}

/**
 * Checks every document of the site. Work is done in slices that yield to the event loop, can be
 * cancelled, and reports progress.
 */
export async function checkSite(
  fs: SiteFileSystem,
  site: Site,
  options: SiteCheckOptions = {},
  control: { isCancelled?: () => boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<SiteCheckResult> {
  const docs = checkableDocuments(site, options);
  const findings: Finding[] = [...configFindings(site, options)];
  // Only the site-wide checks' summaries are kept: each analysis can be collected as the scan goes.
  const summaries = new SiteCheckSummaries();
  const texts = new Map<string, string>();
  // Documents with suppression comments, applied once every check has run.
  const withDirectives = new Map<string, string>();
  const take = (path: string, result: FileCheck) => {
    findings.push(...result.findings);
    if (result.analysis) summaries.add(site, result.analysis);
    // Only files with findings need their text afterwards (to turn offsets into lines).
    if (result.findings.length > 0 && result.text !== undefined) texts.set(path, result.text);
    if (result.text !== undefined && mayHaveDirectives(result.text)) {
      withDirectives.set(path, result.text);
      texts.set(path, result.text);
    }
  };
  // READMEs that jekyll-readme-index may make their folder's index: judged once every document is known,
  // when it is known whether their folder has an index of its own.
  const awaiting: { path: string; read: ReadForCheck }[] = [];
  let sliceStart = Date.now();
  // Reads in flight, by document index; a finished one is cleared (not deleted, which would turn the
  // array into a slow dictionary on a large site).
  const reads: (ReadForCheck | Promise<ReadForCheck> | undefined)[] = [];
  let asynchronous = false;
  for (let i = 0; i < docs.length; i++) {
    if (control.isCancelled?.()) break;
    if (asynchronous || i >= reads.length) {
      for (let j = reads.length; j < Math.min(docs.length, i + READ_AHEAD); j++) {
        const read = readForCheck(fs, docs[j], options);
        if (isThenable(read)) asynchronous = true;
        reads.push(read);
      }
    }
    const read = reads[i] as ReadForCheck | Promise<ReadForCheck>;
    const got = isThenable(read) ? await read : read;
    const result = analyzeRead(site, docs[i], got, options);
    reads[i] = undefined;
    if (result.analysis && awaitsReadmeIndex(site, result.analysis)) awaiting.push({ path: docs[i], read: got });
    else take(docs[i], result);
    if (Date.now() - sliceStart > 30) {
      control.onProgress?.(i + 1, docs.length);
      await new Promise((r) => setImmediate(r));
      sliceStart = Date.now();
    }
  }
  if (!control.isCancelled?.()) {
    site.documentsIndexed = true;
    for (const { path, read } of awaiting) take(path, analyzeRead(site, path, read, options));
  }
  findings.push(...summaries.judge(site, options));
  let kept = findings;
  for (const check of FINDINGS_CHECKS) kept = check.apply(kept, withDirectives, options, isFindingCode);
  // Config and site-wide findings may be in files not read above.
  for (const f of kept) if (!texts.has(f.file)) texts.set(f.file, await readTextOf(fs, f.file));
  control.onProgress?.(docs.length, docs.length);
  return { findings: kept, documents: docs.length, texts };
}

async function readTextOf(fs: SiteFileSystem, path: string): Promise<string> {
  try {
    const d = decodeText(await fs.readFile(path));
    return d.kind === 'text' ? d.text : '';
  } catch {
    return '';
  }
}

/** Runs the site-wide checks over a set of analyses (the editor keeps its own, updated per edit). */
export function runSiteChecks(site: Site, analyses: Iterable<SiteCheckInput>, options: SiteCheckOptions = {}): Finding[] {
  const summaries = new SiteCheckSummaries();
  for (const analysis of analyses) summaries.add(site, analysis);
  return summaries.judge(site, options);
}

/**
 * The site-wide findings after an edit of `file` that moved its links without changing what the
 * site-wide checks read of it (the same links, in the same order, written the same way): each finding
 * of the file, which stands at one of its links, moved with that link. Undefined when a finding of the
 * file stands elsewhere (the checks must then run again).
 */
export function movedSiteFindings(findings: readonly Finding[], file: string, before: readonly Reference[], after: readonly Reference[]): Finding[] | undefined {
  if (before.length !== after.length) return undefined;
  const at = new Map<number, number>();
  for (let i = 0; i < before.length; i++) at.set(before[i].range.start, i);
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.file !== file) {
      out.push(f);
      continue;
    }
    const i = at.get(f.range.start);
    if (i === undefined || before[i].range.end !== f.range.end) return undefined;
    const delta = after[i].range.start - before[i].range.start;
    out.push(delta === 0 ? f : { ...f, range: { start: f.range.start + delta, end: f.range.end + delta }, fixes: shiftFixes(f.fixes, delta) });
  }
  return out;
}
