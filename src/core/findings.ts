import type { OffsetRange } from './text';

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
  readonly fixes: readonly Fix[];
}

/** Every finding code, its default severity and what it means (the README's table is made from this). */
export const FINDING_CODES = {
  'baseurl-doubled': { severity: 'error', summary: 'The baseurl is in the path and the layout (or relative_url) adds it again: /ipe/ipe/…' },
  'outside-baseurl': { severity: 'error', summary: 'A root-relative path without the baseurl: the site lives under /ipe, the browser asks the domain root.' },
  'relative-path': { severity: 'error', summary: "A relative path that resolves against the page's URL (e.g. /ipe/2022/11/22/1.html), not against the source folder." },
  'case-mismatch': { severity: 'error', summary: 'The file exists with other letter case; GitHub Pages is case-sensitive.' },
  'missing-file': { severity: 'error', summary: 'No file in the site serves the URL.' },
  'unpublished-file': { severity: 'error', summary: "The file exists but Jekyll does not publish it (a folder or name starting with '_' or '.', or exclude:)." },
  'mangled-remote': { severity: 'error', summary: "A remote URL that the layout's prepend/replace turns into a local path." },
  'protocol-relative': { severity: 'error', summary: "A path that the baseurl or layout turns into '//host/…', a URL on another host." },
  backslash: { severity: 'warning', summary: 'Backslashes in a URL: browsers may turn them into slashes, servers and other tools do not.' },
  'insecure-http': { severity: 'warning', summary: 'An http: image on an https: site is blocked or flagged as mixed content.' },
  'baseurl-no-leading-slash': { severity: 'error', summary: "_config.yml: baseurl without a leading slash ('ipe')." },
  'baseurl-trailing-slash': { severity: 'warning', summary: "_config.yml: baseurl with a trailing slash ('/ipe/')." },
  'baseurl-full-url': { severity: 'error', summary: '_config.yml: baseurl is a full URL; it must be a path.' },
  'baseurl-root': { severity: 'warning', summary: "_config.yml: baseurl '/' (the root is ''); '{{ site.baseurl }}/img' becomes '//img', another host." },
  'config-yaml-error': { severity: 'error', summary: '_config.yml is not valid YAML; Jekyll stops.' },
  'config-missing': { severity: 'information', summary: 'The configured config file is missing; Jekyll defaults apply.' },
  'yaml-error': { severity: 'error', summary: 'Front matter that is not valid YAML; Jekyll drops all of it (no layout, no title).' },
  'front-matter-unterminated': { severity: 'error', summary: "Front matter without its closing '---'." },
  'front-matter-not-mapping': { severity: 'error', summary: 'Front matter that is not a list of key: value lines.' },
  'binary-file': { severity: 'warning', summary: 'A binary file with a Markdown or HTML name; it is not checked.' },
  'file-too-large': { severity: 'information', summary: 'A file larger than the check limit; it is not checked.' },
  'post-future-date': { severity: 'error', summary: 'A post dated in the future: Jekyll skips it unless future: true.' },
  'post-url-conflict': { severity: 'error', summary: 'Two files land on one URL; one overwrites the other.' },
  'unknown-layout': { severity: 'error', summary: 'The layout does not exist; the page renders without any layout.' },
  'post-date-moved': { severity: 'information', summary: "The post's URL or shown date differs from its file name (front matter date, time zone)." },
  'post-invalid-date': { severity: 'error', summary: 'A date Jekyll cannot read; the build stops.' },
  'post-bad-filename': { severity: 'warning', summary: 'A file in _posts whose name is not YYYY-MM-DD-title.ext; Jekyll ignores it.' },
  'post-dated-by-build': { severity: 'warning', summary: "A post whose front matter does not parse: Jekyll publishes it at a URL made from the build's day and the whole file name." },
  'post-unpublished': { severity: 'information', summary: 'published: false; Jekyll does not build this file.' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type FindingCode = keyof typeof FINDING_CODES;

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
