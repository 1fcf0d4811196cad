import type { ReferenceTarget } from './references';
import type { OffsetRange } from './text';
import { CHECKS, CheckCode } from './checks/index';
import type { CodeInfo } from './checks/types';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  readonly range: OffsetRange;
  readonly newText: string;
}

/** A fix: text edits in the finding's file, or a rename of that file. */
export interface Fix {
  readonly title: string;
  readonly edits?: readonly TextEdit[];
  /** Rename the file to this site-relative path (never over an existing file). */
  readonly renameTo?: string;
  /** Create this site-relative file with this text (never over an existing file). */
  readonly createFile?: { readonly path: string; readonly text: string };
  readonly preferred?: boolean;
}

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  /** Site-relative file the finding is in. */
  readonly file: string;
  readonly range: OffsetRange;
  /** The path as written, for reference findings. */
  readonly raw?: string;
  /** What the site will request (a URL path or full URL), when known. */
  readonly resolved?: string;
  /** What a reference finding's path points at: an image, a link, a stylesheet or an include. */
  readonly target?: ReferenceTarget;
  /** For a finding in a layout or include: each page it fails on, and what that page requests. */
  readonly pages?: readonly { readonly file: string; readonly resolved?: string }[];
  readonly fixes: readonly Fix[];
}

/**
 * Every finding code, its default severity and what it means, from the checks' own declarations
 * (`checks/index.ts` lists them; the README's table is held to this).
 */
export const FINDING_CODES: { readonly [K in FindingCode]: CodeInfo } = (() => {
  const out: Record<string, CodeInfo> = {};
  for (const check of CHECKS) {
    for (const [code, info] of Object.entries(check.codes)) {
      if (code in out) throw new Error(`The finding code '${code}' is declared twice (check '${check.name}').`);
      out[code] = info;
    }
  }
  return Object.freeze(out) as { readonly [K in FindingCode]: CodeInfo };
})();

export type FindingCode = CheckCode;

export function isFindingCode(code: string): code is FindingCode {
  return Object.prototype.hasOwnProperty.call(FINDING_CODES, code);
}

/** A finding with the code's default severity. */
export function makeFinding(code: FindingCode, file: string, range: OffsetRange, message: string, fixes: Fix[] = [], extra: Partial<Finding> = {}): Finding {
  return { code, severity: FINDING_CODES[code].severity, message, file, range, fixes, ...extra };
}

export interface FindingSettings {
  /** Per-code severity overrides; 'off' drops the finding. */
  readonly severities?: Readonly<Partial<Record<string, Severity | 'off'>>>;
}

export function applySeverity(findings: Finding[], settings: FindingSettings | undefined): Finding[] {
  const overrides = settings?.severities;
  if (!overrides) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const o = overrides[f.code];
    if (o === 'off') continue;
    out.push(o ? { ...f, severity: o } : f);
  }
  return out;
}
