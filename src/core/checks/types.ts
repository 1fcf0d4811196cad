/**
 * The shapes of a check. A check family declares its codes (default severity, summary) and what it
 * needs; the engine hands it exactly that. This module imports nothing at run time, so that a check
 * file never pulls in the index that lists it.
 */
import type { Finding, FindingCode, Fix, Severity } from '../findings';
import type { LocatedReference, ReferenceProblem } from '../locate';
import type { DocumentAnalysis } from '../analyzeDocument';
import type { Site } from '../site';
import type { OffsetRange } from '../text';

export interface CodeInfo {
  readonly severity: Severity;
  readonly summary: string;
}

export type Codes = Readonly<Record<string, CodeInfo>>;

interface CheckBase<C extends Codes> {
  /** A short name of the family, for messages and tests. */
  readonly name: string;
  readonly codes: C;
}

/**
 * Needs a reference, located (`LocatedReference`): it judges it, or says nothing. The reference checks
 * are asked in the index's order, and the first verdict stands (more specific causes come first).
 */
export interface ReferenceCheck<C extends Codes = Codes> extends CheckBase<C> {
  readonly needs: 'reference';
  judge(reference: LocatedReference): ReferenceVerdict | undefined;
}

/** A check's verdict on a reference: how the site fares with it, and the problem to report. */
export interface ReferenceVerdict {
  /** 'broken': the site fails to load it; 'ok' and 'remote': it loads, with a problem worth saying. */
  readonly status: 'broken' | 'ok' | 'remote';
  readonly problem: ReferenceProblem;
}

/** What a document check reads: the document's analysis without its findings. */
export type DocumentCheckInput = Omit<DocumentAnalysis, 'findings'>;

/** Needs one document (its text and analysis). */
export interface DocumentCheck<C extends Codes = Codes> extends CheckBase<C> {
  readonly needs: 'document';
  check(site: Site, analysis: DocumentCheckInput, text: string): Finding[];
}

/** What a site check reads of each document. */
export type SiteCheckInput = Omit<DocumentAnalysis, 'references' | 'findings'>;

/**
 * Needs the whole site: it keeps a small summary of each document as a scan goes, then judges the
 * summaries together (with the site's document index at hand).
 */
export interface SiteCheck<C extends Codes = Codes, S = unknown> extends CheckBase<C> {
  readonly needs: 'site';
  summarize(site: Site, analysis: SiteCheckInput): S;
  judge(site: Site, summaries: readonly S[]): Finding[];
}

/** Needs the site's config: the problems of its config files. */
export interface ConfigCheck<C extends Codes = Codes> extends CheckBase<C> {
  readonly needs: 'config';
  /** Findings on the config files as loaded. */
  check(site: Site): Finding[];
  /** Findings for one config file on the given text (an editor's unsaved text). */
  checkFile(site: Site, file: string, text: string): Finding[];
}

/** What reading a file gave, when it cannot be analysed. */
export type UnreadableFile = { readonly kind: 'too-large'; readonly size: number; readonly limit: number } | { readonly kind: 'binary' };

/** Needs the file as read (its size and bytes), before any parsing. */
export interface FileCheck<C extends Codes = Codes> extends CheckBase<C> {
  readonly needs: 'file';
  check(path: string, read: UnreadableFile): Finding[];
}

/**
 * Needs every finding of the site, after all other checks have run (suppression comments): it returns
 * the findings that stand, and its own. `texts` holds the text of each file it has to read.
 */
export interface FindingsCheck<C extends Codes = Codes> extends CheckBase<C> {
  readonly needs: 'findings';
  apply(findings: readonly Finding[], texts: ReadonlyMap<string, string>, settings: { readonly severities?: Readonly<Partial<Record<string, Severity | 'off'>>> }, isCode: KnownCode): Finding[];
}

/** Needs the checker's own settings file (`.ipe-author.yml`): the problems of its text. */
export interface SettingsCheck<C extends Codes = Codes> extends CheckBase<C> {
  readonly needs: 'settings';
  check(file: string, text: string, isCode: KnownCode): Finding[];
}

/** Whether a code exists (handed to the checks that read codes in a text, which cannot import the index). */
export type KnownCode = (code: string) => boolean;

export type Check = ReferenceCheck | DocumentCheck | SiteCheck | ConfigCheck | FileCheck | FindingsCheck | SettingsCheck;

/** A check family's finding maker, bound to its own codes (so its severity is the declared one). */
export function findingMaker<C extends Codes>(codes: C) {
  return (code: keyof C & string, file: string, range: OffsetRange, message: string, fixes: Fix[] = [], extra: Partial<Finding> = {}): Finding => ({
    code: code as FindingCode,
    severity: codes[code].severity,
    message,
    file,
    range,
    fixes,
    ...extra,
  });
}

/** A check family's problem maker for references, bound to its own codes. */
export function problemMaker<C extends Codes>(codes: C) {
  return (code: keyof C & string, message: string, fixes: ReferenceProblem['fixes'] = []): ReferenceProblem => ({ code: code as FindingCode, severity: codes[code].severity, message, fixes });
}
