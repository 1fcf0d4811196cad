/**
 * Suppression comments, where the problem is (the way markdownlint's and ESLint's inline comments work):
 *
 *   <!-- ipe-author-disable-next-line CODE [CODE…] [-- reason] -->   the next line
 *   <!-- ipe-author-disable-line CODE -->                             the line the comment ends on
 *   <!-- ipe-author-disable CODE -->  …  <!-- ipe-author-enable [CODE] -->   a block (to the end of the file when not enabled again)
 *
 * The same words work inside a Liquid `{% comment %}…{% endcomment %}` and, in front matter, as a YAML
 * comment (`# ipe-author-disable-next-line baseurl-doubled`). Without a code a directive covers every
 * code. A directive that suppresses nothing (or names an unknown code) is itself reported, as
 * `unused-suppression`, with a fix that removes it.
 *
 * Applied in one place, after all checks (document and site-wide) have run: {@link suppressFindings},
 * the `findings` check of `checks/suppressions.ts`, which declares the code.
 */
// Nothing here imports the finding codes at run time: `checks/suppressions.ts`, which the checks' index
// lists, hands in the maker of its finding and the test for a known code.
import type { Finding, Fix, FindingSettings } from './findings';
import { parseFrontMatter } from './frontMatter';
import { LineIndex, OffsetRange } from './text';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable';

export interface Directive {
  readonly kind: DirectiveKind;
  /** The codes named; empty for every code. */
  readonly codes: readonly string[];
  /** The whole comment. */
  readonly range: OffsetRange;
  /** What removing the directive deletes: its whole line when the comment is alone on it. */
  readonly removal: OffsetRange;
  /** 0-based line on which the comment ends. */
  readonly line: number;
}

/** The word every directive starts with: a file without it has none (a quick test before parsing). */
export const DIRECTIVE_PREFIX = 'ipe-author-';

const PREFIX_HEAD = DIRECTIVE_PREFIX.slice(0, 3);
const PREFIX_TAIL = DIRECTIVE_PREFIX.slice(3);

export function mayHaveDirectives(text: string): boolean {
  // Looked for from its '-': a search for a string whose first letter is frequent in prose ('i')
  // stops at each one and takes ten times as long as one from a rare first character.
  for (let p = text.indexOf(PREFIX_TAIL, 3); p >= 0; p = text.indexOf(PREFIX_TAIL, p + 1)) if (text.startsWith(PREFIX_HEAD, p - 3)) return true;
  return false;
}

const WORDS = /^\s*ipe-author-(disable-next-line|disable-line|disable|enable)(?=\s|$)([\s\S]*)$/;
const HTML_COMMENT = /<!--([\s\S]*?)-->/g;
const LIQUID_COMMENT = /\{%-?\s*comment\s*-?%\}([\s\S]*?)\{%-?\s*endcomment\s*-?%\}/g;
const YAML_COMMENT = /(^|[ \t])#([^\r\n]*)/gm;

function parseWords(inner: string): { kind: DirectiveKind; codes: string[] } | undefined {
  const m = WORDS.exec(inner);
  if (!m) return undefined;
  // `-- reason` ends the list of codes, as in ESLint.
  const list = m[2].split(/\s--\s|\s--$/)[0];
  const codes = list
    .split(/[\s,]+/)
    .map((c) => c.trim())
    .filter(Boolean);
  return { kind: m[1] as DirectiveKind, codes };
}

/** Every directive of a post or page, in the order of the text. */
export function parseDirectives(text: string): Directive[] {
  if (!mayHaveDirectives(text)) return [];
  const index = new LineIndex(text);
  const out: Directive[] = [];
  const add = (kind: DirectiveKind, codes: string[], start: number, end: number) => {
    const line = index.positionAt(end).line;
    const lineStart = index.lineStart(index.positionAt(start).line);
    const lineEnd = index.lineEndOffset(line);
    const alone = text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd).trim() === '';
    // Alone on its line(s): removing it takes the line break too.
    const nextLine = lineEnd < text.length ? index.lineStart(line + 1) : lineEnd;
    const removal = alone ? { start: lineStart, end: nextLine > lineEnd ? nextLine : lineEnd } : { start, end };
    out.push({ kind, codes, range: { start, end }, removal, line });
  };
  const frontMatter = parseFrontMatter(text);
  const yaml = frontMatter.yamlRange;
  if (yaml) {
    const region = text.slice(yaml.start, yaml.end);
    for (const m of region.matchAll(YAML_COMMENT)) {
      const parsed = parseWords(m[2]);
      if (!parsed) continue;
      const start = yaml.start + (m.index ?? 0) + m[1].length;
      add(parsed.kind, parsed.codes, start, yaml.start + (m.index ?? 0) + m[0].length);
    }
  }
  const bodyStart = frontMatter.bodyOffset;
  const body = text.slice(bodyStart);
  for (const re of [HTML_COMMENT, LIQUID_COMMENT]) {
    for (const m of body.matchAll(re)) {
      const parsed = parseWords(m[1]);
      if (!parsed) continue;
      const start = bodyStart + (m.index ?? 0);
      add(parsed.kind, parsed.codes, start, start + m[0].length);
    }
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}

interface Region {
  readonly directive: Directive;
  /** The code this region covers, or '*' for every code. */
  readonly code: string;
  readonly start: number;
  end: number;
}

/** What applying suppressions needs from the check that owns the code. */
export interface SuppressionContext {
  /** An `unused-suppression` finding. */
  unused(file: string, range: OffsetRange, message: string, fixes: Fix[]): Finding;
  isCode(code: string): boolean;
}

function makeUnused(context: SuppressionContext, file: string, directive: Directive, message: string): Finding {
  const fix: Fix = { title: 'Remove this suppression comment', edits: [{ range: directive.removal, newText: '' }] };
  return context.unused(file, directive.range, message, [fix]);
}

function withSeverity(findings: Finding[], settings: FindingSettings): Finding[] {
  const overrides = settings.severities;
  if (!overrides) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const o = overrides[f.code];
    if (o !== 'off') out.push(o ? { ...f, severity: o } : f);
  }
  return out;
}

/**
 * One file's findings with its suppressions applied: the suppressed ones removed, and a finding for each
 * directive (or code of a directive) that suppressed nothing.
 */
export function applyDirectives(context: SuppressionContext, file: string, text: string, directives: readonly Directive[], findings: readonly Finding[], options: FindingSettings = {}): Finding[] {
  if (directives.length === 0) return [...findings];
  const index = new LineIndex(text);
  const regions: Region[] = [];
  const open: Region[] = [];
  for (const d of directives) {
    if (d.kind === 'disable') {
      for (const code of d.codes.length > 0 ? d.codes : ['*']) {
        const r: Region = { directive: d, code, start: d.range.end, end: text.length };
        regions.push(r);
        open.push(r);
      }
    } else if (d.kind === 'enable') {
      for (let i = open.length - 1; i >= 0; i--) {
        if (d.codes.length === 0 || d.codes.includes(open[i].code)) {
          open[i].end = d.range.start;
          open.splice(i, 1);
        }
      }
    }
  }
  const used = new Map<Directive, Set<string>>();
  const use = (d: Directive, code: string) => {
    let s = used.get(d);
    if (!s) used.set(d, (s = new Set()));
    s.add(code);
  };
  const covers = (d: Directive, code: string) => d.codes.length === 0 || d.codes.includes(code);
  const kept: Finding[] = [];
  for (const f of findings) {
    if (f.code === 'unused-suppression') {
      kept.push(f);
      continue;
    }
    const line = index.positionAt(f.range.start).line;
    let by: Directive | undefined;
    for (const d of directives) {
      if ((d.kind === 'disable-next-line' && d.line + 1 === line) || (d.kind === 'disable-line' && d.line === line)) {
        if (covers(d, f.code)) {
          by = d;
          break;
        }
      }
    }
    if (!by) {
      const r = regions.find((x) => (x.code === '*' || x.code === f.code) && f.range.start >= x.start && f.range.start < x.end);
      by = r?.directive;
    }
    if (by) use(by, f.code);
    else kept.push(f);
  }
  const unused: Finding[] = [];
  for (const d of directives) {
    if (d.kind === 'enable') continue;
    const u = used.get(d);
    const unknown = d.codes.filter((c) => !context.isCode(c));
    if (unknown.length > 0) {
      unused.push(makeUnused(context, file, d, `This suppression names ${unknown.map((c) => `'${c}'`).join(', ')}, which ${unknown.length === 1 ? 'is not a code' : 'are not codes'} of IPE Author (\`ipe-author codes\` lists them).`));
      continue;
    }
    if (d.codes.length === 0) {
      if (!u) unused.push(makeUnused(context, file, d, `This 'ipe-author-${d.kind}' comment suppresses no problem any more; remove it.`));
      continue;
    }
    const idle = d.codes.filter((c) => !u?.has(c));
    if (idle.length > 0) unused.push(makeUnused(context, file, d, `This suppression of ${idle.map((c) => `'${c}'`).join(', ')} suppresses no problem any more; remove ${idle.length === d.codes.length ? 'it' : 'those codes'}.`));
  }
  return [...kept, ...withSeverity(unused, options)];
}

/**
 * All findings of a check with the suppressions of the given files applied (a file's text is needed only
 * when it has directives: `texts` holds exactly those files).
 */
export function suppressFindings(context: SuppressionContext, findings: readonly Finding[], texts: ReadonlyMap<string, string>, options: FindingSettings = {}): Finding[] {
  if (texts.size === 0) return [...findings];
  const byFile = new Map<string, Finding[]>();
  const out: Finding[] = [];
  for (const f of findings) {
    if (texts.has(f.file)) {
      let list = byFile.get(f.file);
      if (!list) byFile.set(f.file, (list = []));
      list.push(f);
    } else out.push(f);
  }
  for (const [file, text] of texts) out.push(...applyDirectives(context, file, text, parseDirectives(text), byFile.get(file) ?? [], options));
  return out;
}

/**
 * The edit that silences one finding on its line, as an insertion: a `disable-next-line` comment on a
 * new line before it, with the line's indentation (in front matter a YAML comment, else an HTML
 * comment). When the line before already holds a `disable-next-line` directive, the code is added to
 * that one instead: a new line between them would take the old directive's place. Undefined where no
 * comment can go (before the opening `---` of front matter) or the line is silenced for it already.
 */
export function ignoreLineEdit(text: string, finding: Finding): { readonly offset: number; readonly newText: string } | undefined {
  const index = new LineIndex(text);
  const line = index.positionAt(finding.range.start).line;
  // Nothing may stand before the opening '---' of front matter.
  if (line === 0 && /^---[ \t]*(?:\r?\n|$)/.test(text)) return undefined;
  const previous = line > 0 ? parseDirectives(text).find((d) => d.kind === 'disable-next-line' && d.line === line - 1) : undefined;
  if (previous) {
    if (previous.codes.length === 0 || previous.codes.includes(finding.code)) return undefined;
    const comment = text.slice(previous.range.start, previous.range.end);
    const words = comment.indexOf('ipe-author-disable-next-line') + 'ipe-author-disable-next-line'.length;
    const rest = comment.slice(words);
    // The codes end where the reason (` -- `) or the comment's closing begins.
    const stop = /\s--(?=\s|$)|-->|\{%-?\s*endcomment/.exec(rest);
    const codes = rest.slice(0, stop ? stop.index : rest.length).trimEnd();
    return { offset: previous.range.start + words + codes.length, newText: ` ${finding.code}` };
  }
  const start = index.lineStart(line);
  const indent = /^[ \t]*/.exec(text.slice(start, index.lineEndOffset(line)))?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // The new line's place decides the comment's form: YAML comments are read in the front matter only.
  const yaml = parseFrontMatter(text).yamlRange;
  const inFrontMatter = yaml !== undefined && start >= yaml.start && start <= yaml.end;
  const comment = inFrontMatter ? `# ipe-author-disable-next-line ${finding.code}` : `<!-- ipe-author-disable-next-line ${finding.code} -->`;
  return { offset: start, newText: `${indent}${comment}${eol}` };
}
