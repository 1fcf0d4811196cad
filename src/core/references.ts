import type { FrontMatter } from './frontMatter';
import { isAsciiDigit, isAsciiLetter, OffsetRange } from './text';

export type ReferenceKind =
  | 'front-matter'
  | 'markdown-image'
  | 'markdown-definition'
  | 'html-img'
  | 'html-srcset'
  | 'style-url'
  | 'markdown-link'
  | 'markdown-link-definition'
  | 'html-href'
  | 'liquid-post-url'
  | 'liquid-link'
  | 'liquid-include';

/** What a reference points at: an image, a page (a link), a stylesheet, or a file Liquid includes. */
export type ReferenceTarget = 'image' | 'link' | 'stylesheet' | 'include';

/**
 * A URL or path written in a document, with the exact range of its text: the one model for images,
 * links, stylesheets and includes, extracted once per document. `kind` says how it is written,
 * `target` what it points at.
 */
export interface Reference {
  readonly kind: ReferenceKind;
  readonly target: ReferenceTarget;
  /** The path as written (for front matter, the scalar's value). */
  readonly raw: string;
  readonly range: OffsetRange;
  /** The front matter key, for kind 'front-matter'. */
  readonly key?: string;
  /** The HTML tag or attribute it came from, for messages. */
  readonly context?: string;
  /** A Markdown link's whole text `[text](dest)` and its text, for a fix that removes the link. */
  readonly span?: OffsetRange;
  readonly linkText?: string;
  /**
   * The text holds Liquid that the build does not render (plain Jekyll, a page with
   * `render_with_liquid: false`): the page carries it as written.
   */
  readonly literal?: boolean;
}

/** A reference whose target is an image (the name the engine had before links). */
export type ImageReference = Reference;

export interface ExtractOptions {
  /** Front matter keys that hold images rendered by the layout (`background` by default). */
  readonly imageKeys: readonly string[];
  /** Whether the body is Markdown (otherwise only HTML forms are read). */
  readonly markdown: boolean;
  /** The document's code and comment ranges, when the caller shares them with another extraction. */
  readonly exclusions?: Exclusions;
}

const isLineTerminator = (c: number) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

/**
 * Where the line holding offset `p` starts when at most three spaces stand before `p` on it, or -1:
 * the only places where a block marker written at `p` can open a line (`^ {0,3}` in a multiline
 * RegExp, whose lines end at any of JavaScript's line terminators). Never before `from`.
 */
function indentedLineStart(text: string, p: number, from: number): number {
  let start = p;
  while (start > from && p - start < 3 && text.charCodeAt(start - 1) === 32) start--;
  if (start < from) return -1;
  return start === 0 || isLineTerminator(text.charCodeAt(start - 1)) ? start : -1;
}

/**
 * The first match at or after `from` of a sticky, multiline RegExp of the form `^ {0,3}MARKER…`,
 * looked for only where `marker` (the text MARKER starts with) opens a run: the same answer as the
 * global RegExp, without trying it at every offset of the text.
 */
export function nextLineMatch(text: string, from: number, marker: string, sticky: RegExp): RegExpExecArray | null {
  const first = marker.charCodeAt(0);
  for (let p = text.indexOf(marker, from); p >= 0; p = text.indexOf(marker, p + 1)) {
    if (p > from && text.charCodeAt(p - 1) === first && marker.length > 1) continue;
    const start = indentedLineStart(text, p, from);
    if (start < 0) continue;
    sticky.lastIndex = start;
    const m = sticky.exec(text);
    if (m) return m;
  }
  return null;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})[^\n]*$/my;
const fenceCloses = new Map<string, RegExp>();

/**
 * Fenced code blocks (``` or ~~~, closed by a run at least as long, or the end of the text).
 * `withBackticks: false` says the text has no backtick after `from`, so only ~~~ is looked for.
 */
export function fencedCodeRanges(text: string, from: number, withBackticks = true): OffsetRange[] {
  const out: OffsetRange[] = [];
  let at = from;
  // The next opening of each kind; one still ahead of `at` is still the next one.
  let ticks: RegExpExecArray | null | undefined = withBackticks ? undefined : null;
  let tildes: RegExpExecArray | null | undefined;
  for (;;) {
    if (ticks === undefined || (ticks && ticks.index < at)) ticks = nextLineMatch(text, at, '```', FENCE_OPEN);
    if (tildes === undefined || (tildes && tildes.index < at)) tildes = nextLineMatch(text, at, '~~~', FENCE_OPEN);
    const m = ticks && tildes ? (ticks.index <= tildes.index ? ticks : tildes) : ticks ?? tildes;
    if (!m) break;
    const marker = m[1];
    const run = marker[0].repeat(marker.length);
    let close = fenceCloses.get(run);
    if (!close) {
      close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*\\r?$`, 'my');
      fenceCloses.set(run, close);
    }
    const c = nextLineMatch(text, m.index + m[0].length, run, close);
    const end = c ? c.index + c[0].length : text.length;
    out.push({ start: m.index, end });
    if (!c) break;
    at = end;
  }
  return out;
}

/** Liquid blocks whose content is not HTML: `{% comment %}` and `{% highlight %}`, to their end tag or the end of the text. */
export function liquidBlockRanges(text: string, from: number): OffsetRange[] {
  const out: OffsetRange[] = [];
  // Each '{%' is tried with sticky patterns: a text with a few tags is not searched once per pattern.
  for (let p = text.indexOf('{%', from); p >= 0; p = text.indexOf('{%', p + 2)) {
    for (const [open, close] of LIQUID_BLOCKS) {
      open.lastIndex = p;
      const o = open.exec(text);
      if (!o) continue;
      close.lastIndex = p + o[0].length;
      const c = close.exec(text);
      const end = c ? c.index + c[0].length : text.length;
      out.push({ start: p, end });
      p = end - 2;
      break;
    }
  }
  return out;
}

const LIQUID_BLOCKS = [
  [/\{%-?\s*comment\s*-?%\}/y, /\{%-?\s*endcomment\s*-?%\}/g],
  [/\{%-?\s*highlight\b[^%]*%\}/y, /\{%-?\s*endhighlight\s*-?%\}/g],
] as const;

/**
 * Ranges of the body that are code or comments, indented code blocks aside: nothing in them is a
 * reference. `liquid` false: the build does not render the page's Liquid, so `{% comment %}` and
 * `{% highlight %}` are text like any other.
 */
export function excludedRanges(text: string, from: number, markdown: boolean, liquid = true): OffsetRange[] {
  const out: OffsetRange[] = [];
  for (let i = text.indexOf('<!--', from); i >= 0; i = text.indexOf('<!--', i + 4)) {
    const end = text.indexOf('-->', i + 4);
    out.push({ start: i, end: end < 0 ? text.length : end + 3 });
    if (end < 0) break;
    i = end;
  }
  if (!markdown) return out;
  // Most pages have no backtick at all: then there is neither a ``` fence nor a code span to look for.
  const firstTick = text.indexOf('`', from);
  out.push(...fencedCodeRanges(text, from, firstTick >= 0));
  // Inline code spans: a run of backticks closes at the next run of the same length in the same
  // paragraph. All runs outside comments and fences are listed once; per length, a pointer moves only
  // forward, so the whole sweep is linear however many runs never close.
  const blocks = mergeRanges(out);
  const runs: { start: number; length: number }[] = [];
  let b = 0;
  for (let i = firstTick; i >= 0; ) {
    while (b < blocks.length && blocks[b].end <= i) b++;
    if (b < blocks.length && blocks[b].start <= i) {
      i = text.indexOf('`', blocks[b].end);
      continue;
    }
    let j = i + 1;
    while (text.charCodeAt(j) === 96) j++;
    runs.push({ start: i, length: j - i });
    i = text.indexOf('`', j);
  }
  if (runs.length > 1) {
    const paragraphEnds = blankLineEnds(text, from);
    const byLength = new Map<number, number[]>();
    runs.forEach((r, index) => {
      const list = byLength.get(r.length);
      if (list) list.push(index);
      else byLength.set(r.length, [index]);
    });
    const pointer = new Map<number, number>();
    let p = 0;
    for (let r = 0; r < runs.length; r++) {
      const open = runs[r];
      const openEnd = open.start + open.length;
      while (p < paragraphEnds.length && paragraphEnds[p].start < openEnd) p++;
      const limit = p < paragraphEnds.length ? paragraphEnds[p].end : Infinity;
      const same = byLength.get(open.length) as number[];
      let q = pointer.get(open.length) ?? 0;
      while (q < same.length && same[q] <= r) q++;
      pointer.set(open.length, q);
      if (q >= same.length) continue;
      const close = runs[same[q]];
      if (close.start >= limit) continue;
      out.push({ start: open.start, end: close.start + close.length });
      // Runs inside the span are code too.
      r = same[q];
    }
  }
  // Liquid comments and highlight blocks are not rendered as HTML.
  if (liquid) out.push(...liquidBlockRanges(text, from));
  return mergeRanges(out);
}

/**
 * Whether an offset of the body is code or a comment, worked out when first asked: a page without
 * candidates makes no ranges at all, and indented code blocks are found only when a candidate stands
 * on an indented line, the only place inside one where a candidate (a non-blank character) can be.
 */
export class Exclusions {
  private ranges: OffsetRange[] | undefined;
  private indented: OffsetRange[] | undefined;
  /** The line of the last offset asked about, [lineStart, lineEnd). */
  private lineStart = 0;
  private lineEnd = -1;

  constructor(
    private readonly text: string,
    private readonly from: number,
    private readonly markdown: boolean,
    /** Whether the build renders the page's Liquid (see {@link excludedRanges}). */
    private readonly liquid = true,
  ) {}

  /** Whether the non-blank character at `offset` is code or in a comment. */
  has(offset: number): boolean {
    if (inside((this.ranges ??= excludedRanges(this.text, this.from, this.markdown, this.liquid)), offset)) return true;
    if (!this.markdown || !this.onIndentedLine(offset)) return false;
    return inside((this.indented ??= indentedCodeBlocks(this.text, this.from)), offset);
  }

  /** Whether the line holding `offset` (lines end at '\n', as indentedCodeBlocks reads them) starts with a tab or four spaces. */
  private onIndentedLine(offset: number): boolean {
    const text = this.text;
    if (offset < this.lineStart || offset >= this.lineEnd) {
      // Each line is measured once however many candidates stand on it: scanning stays linear.
      this.lineStart = offset === 0 ? 0 : Math.max(this.from, text.lastIndexOf('\n', offset - 1) + 1);
      const end = text.indexOf('\n', offset);
      this.lineEnd = end < 0 ? text.length + 1 : end;
    }
    return text.charCodeAt(this.lineStart) === 9 || text.startsWith('    ', this.lineStart);
  }
}

/** A space or a tab. */
const isBlank = (c: number) => c === 32 || c === 9;

/**
 * Indented code blocks: lines indented by four spaces or a tab after a blank line, when the paragraph
 * before is not a list item (list items continue with indented lines). Kramdown shows them as code.
 */
export function indentedCodeBlocks(text: string, from: number): OffsetRange[] {
  const out: OffsetRange[] = [];
  // No line indented by a tab or four spaces: no block, and no need to walk the lines.
  const indentedFirst = text.charCodeAt(from) === 9 || text.startsWith('    ', from);
  if (!indentedFirst && text.indexOf('\n\t', from) < 0 && text.indexOf('\n    ', from) < 0) return out;
  let lineStart = from;
  let previousBlank = true;
  let inList = false;
  let codeStart = -1;
  let codeEnd = -1;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    // A line's content, without the '\r' of a '\r\n'.
    const contentEnd = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    let firstText = lineStart;
    while (firstText < contentEnd && isBlank(text.charCodeAt(firstText))) firstText++;
    const blank = firstText === contentEnd;
    const indented = text.charCodeAt(lineStart) === 9 || text.startsWith('    ', lineStart);
    if (codeStart >= 0) {
      if (blank || indented) {
        if (!blank) codeEnd = lineEnd;
      } else {
        out.push({ start: codeStart, end: codeEnd });
        codeStart = -1;
      }
    } else if (indented && !blank && previousBlank && !inList) {
      codeStart = lineStart;
      codeEnd = lineEnd;
    }
    if (!blank && !indented) inList = isListItemStart(text, lineStart, lineEnd);
    previousBlank = blank;
    if (lineEnd >= text.length) break;
    lineStart = lineEnd + 1;
  }
  if (codeStart >= 0) out.push({ start: codeStart, end: codeEnd });
  return out;
}

/** Whether the line opens a list item: up to three spaces, then `-`, `*`, `+` or digits and `.` or `)`, then a blank. */
function isListItemStart(text: string, lineStart: number, lineEnd: number): boolean {
  let i = lineStart;
  while (i < lineEnd && i - lineStart < 3 && text.charCodeAt(i) === 32) i++;
  const c = text.charCodeAt(i);
  if (c === 45 || c === 42 || c === 43) return i + 1 < lineEnd && isBlank(text.charCodeAt(i + 1));
  let j = i;
  while (j < lineEnd && isAsciiDigit(text.charCodeAt(j))) j++;
  if (j === i || j + 1 >= lineEnd) return false;
  const d = text.charCodeAt(j);
  return (d === 46 || d === 41) && isBlank(text.charCodeAt(j + 1));
}

/** Sorts ranges and merges overlapping ones, so that membership is one binary search. */
function mergeRanges(ranges: readonly OffsetRange[]): OffsetRange[] {
  let inOrder = true;
  for (let i = 1; i < ranges.length && inOrder; i++) inOrder = ranges[i].start >= ranges[i - 1].start;
  const sorted = inOrder ? ranges : [...ranges].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** Every blank line (`\n`, blanks, `\n`) after `from`, in order. */
export function blankLineEnds(text: string, from: number): OffsetRange[] {
  const out: OffsetRange[] = [];
  for (let i = text.indexOf('\n', from); i >= 0; ) {
    let j = i + 1;
    while (isBlank(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === 13) j++;
    // The next blank line may begin at this one's last line break.
    if (text.charCodeAt(j) === 10) out.push({ start: i, end: j + 1 });
    i = text.indexOf('\n', i + 1);
  }
  return out;
}

/** Whether offset lies in one of the sorted, disjoint ranges (binary search). */
function inside(ranges: readonly OffsetRange[], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid];
    if (offset < r.start) hi = mid - 1;
    else if (offset >= r.end) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Skips a Liquid `{{ … }}` or `{% … %}` at i; returns the index after it, or i when there is none. */
export function skipLiquid(text: string, i: number): number {
  if (text.charCodeAt(i) !== 123 /* { */) return i;
  const second = text.charCodeAt(i + 1);
  if (second !== 123 && second !== 37 /* % */) return i;
  // A Liquid block in a path or tag is short: its end ('}}' or '%}') must lie within this many characters.
  const closer = second === 123 ? 125 /* } */ : 37; /* % */
  const last = Math.min(i + 1000, text.length - 2);
  for (let p = i + 2; p <= last; p++) if (text.charCodeAt(p) === closer && text.charCodeAt(p + 1) === 125) return p + 2;
  return i;
}

/** Finds the `]` that closes a bracket opened just before `start`, honouring nesting and escapes. */
export function closeBracket(text: string, start: number, limit: number): number {
  let depth = 1;
  for (let i = start; i < limit; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
    else if (c === '\n' && /^\n[ \t]*\r?\n/.test(text.slice(i, i + 4))) return -1;
  }
  return -1;
}

/**
 * The URL part of a destination or definition text between start and end, as kramdown reads it:
 * blanks trimmed, `<…>` unwrapped, a title (blank, then a quoted string at the end) dropped. Spaces
 * inside the URL are kept: kramdown writes them into the src as they are.
 */
export function destinationUrl(text: string, start: number, end: number): OffsetRange | undefined {
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  if (text[start] === '<') {
    const close = text.indexOf('>', start);
    return close > start && close < end ? { start: start + 1, end: close } : undefined;
  }
  const title = /[ \t]+(["'])(?:(?!\1)[^\n])*\1$/.exec(text.slice(start, end));
  if (title) {
    end = start + title.index;
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  }
  return end > start ? { start, end } : undefined;
}

/** Reads an inline destination from just after '(' to its matching ')' on the same line. */
export function readDestination(text: string, i: number): OffsetRange | undefined {
  let depth = 0;
  let j = i;
  // No image path is this long; stopping keeps text full of '![a](' linear.
  const limit = Math.min(text.length, i + 1000);
  while (j < limit) {
    const after = skipLiquid(text, j);
    if (after !== j) {
      j = after;
      continue;
    }
    const c = text.charCodeAt(j);
    if (c === 92 /* \\ */) {
      j += 2;
      continue;
    }
    if (c === 10 || c === 13) return undefined;
    if (c === 40 /* ( */) depth++;
    else if (c === 41 /* ) */) {
      if (depth === 0) break;
      depth--;
    }
    j++;
  }
  if (j >= limit) return undefined;
  return destinationUrl(text, i, j);
}

export function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

export interface HtmlAttribute {
  readonly name: string;
  readonly value: string;
  readonly valueRange: OffsetRange;
}

export interface HtmlTag {
  readonly name: string;
  readonly range: OffsetRange;
  readonly attributes: HtmlAttribute[];
}

/** JavaScript's `\s`: the blanks a RegExp's `\s` class matches. Most characters are decided by one or two comparisons. */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Characters that end an attribute name: blanks, quotes, '<', '>', '/' and '='. */
export function endsAttributeName(c: number): boolean {
  if (c > 62) return c >= 0xa0 && isSpace(c);
  return c <= 32 ? isSpace(c) : c === 34 || c === 39 || c === 47 || c === 60 || c === 61 || c === 62;
}

/**
 * The first place at or after an offset where something occurs in a text (found by `find`, -1 when
 * nowhere), kept from question to question: a text scanned from start to end is searched once.
 */
export class NextOccurrence {
  private text: string | undefined;
  private from = 0;
  private at = -1;

  constructor(private readonly find: (text: string, from: number) => number) {}

  next(text: string, from: number): number {
    if (text !== this.text || from < this.from || (this.at >= 0 && this.at < from)) {
      this.text = text;
      this.at = this.find(text, from);
    }
    this.from = from;
    return this.at;
  }

  /** Lets go of the text asked about last. */
  forget(): void {
    this.text = undefined;
  }
}

/**
 * Where the parts of one start tag lie, filled by {@link scanStartTag} without making a string: the
 * tag name ends at `nameEnd`; attribute k has its name at [names[2k], names[2k+1]) and its value at
 * [values[2k], values[2k+1]) (an empty range at the name's end when it has no value).
 */
export class StartTagOffsets {
  nameEnd = 0;
  end = 0;
  count = 0;
  names = new Int32Array(32);
  values = new Int32Array(32);
  /** The first '{' at or after an offset, kept from tag to tag of one text. */
  private readonly braces = new NextOccurrence((text, from) => text.indexOf('{', from));

  /** Where the first '{' at or after `from` is, or -1; linear over a text scanned from start to end. */
  nextBrace(text: string, from: number): number {
    return this.braces.next(text, from);
  }

  /** Lets go of the text scanned last. */
  forget(): void {
    this.braces.forget();
  }

  push(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    const k = this.count * 2;
    if (k + 2 > this.names.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.names = grow(this.names);
      this.values = grow(this.values);
    }
    this.names[k] = nameStart;
    this.names[k + 1] = nameEnd;
    this.values[k] = valueStart;
    this.values[k + 1] = valueEnd;
    this.count++;
  }
}

/**
 * Where the quote (a character code) that closes a value starting at `from` is, skipping Liquid blocks;
 * `limit` or more when it is not closed before `limit`. Only a Liquid block ('{{' or '{%') can hide a
 * quote: without a '{' before it, the next quote closes the value, found by indexOf; `offsets` keeps
 * the next '{' from value to value.
 */
export function closingQuote(text: string, from: number, quote: number, limit: number, offsets: StartTagOffsets): number {
  let k = text.indexOf(quote === 34 ? '"' : "'", from);
  if (k < 0) k = limit;
  const brace = offsets.nextBrace(text, from);
  if (brace < 0 || brace >= k) return k;
  k = from;
  while (k < limit && text.charCodeAt(k) !== quote) {
    const after = skipLiquid(text, k);
    k = after !== k ? after : k + 1;
  }
  return k;
}

/**
 * Scans the start tag at `start` (which is '<') into `out`, treating Liquid blocks inside it as opaque
 * text; false when no start tag is there.
 */
export function scanStartTag(text: string, start: number, out: StartTagOffsets): boolean {
  // '<', a letter, then letters, digits and '-': at most 40 characters in all.
  if (!isAsciiLetter(text.charCodeAt(start + 1))) return false;
  const nameLimit = Math.min(text.length, start + 40);
  let i = start + 2;
  while (i < nameLimit) {
    const c = text.charCodeAt(i);
    if (!(isAsciiLetter(c) || isAsciiDigit(c) || c === 45)) break;
    i++;
  }
  out.nameEnd = i;
  out.count = 0;
  // A start tag longer than this is not one the site writes by hand (and would make scanning quadratic).
  const limit = Math.min(text.length, start + 4000);
  while (i < limit) {
    while (i < limit && isSpace(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    if (c === 62 /* > */) {
      out.end = i + 1;
      return true;
    }
    if (c === 47 /* / */) {
      if (text.charCodeAt(i + 1) === 62) {
        out.end = i + 2;
        return true;
      }
      i++;
      continue;
    }
    const liquid = skipLiquid(text, i);
    if (liquid !== i) {
      i = liquid;
      continue;
    }
    // An attribute name: at most 200 characters.
    const nameStart = i;
    const attrLimit = Math.min(text.length, i + 200);
    while (i < attrLimit && !endsAttributeName(text.charCodeAt(i))) i++;
    if (i === nameStart) return false;
    let j = i;
    while (j < limit && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
    if (text.charCodeAt(j) !== 61 /* = */) {
      out.push(nameStart, i, i, i);
      continue;
    }
    j++;
    while (j < limit && isSpace(text.charCodeAt(j))) j++;
    const quote = text.charCodeAt(j);
    if (quote === 34 || quote === 39) {
      const k = closingQuote(text, j + 1, quote, limit, out);
      if (k >= limit) return false;
      out.push(nameStart, i, j + 1, k);
      i = k + 1;
    } else {
      let k = j;
      // Browsers keep '<' in an unquoted value too, but no hand-written tag does: stopping there keeps
      // scanning linear on text full of '<a b='.
      while (k < limit) {
        const ck = text.charCodeAt(k);
        if (ck === 62 || ck === 60 || isSpace(ck)) break;
        k = ck === 123 /* { */ ? Math.max(k + 1, skipLiquid(text, k)) : k + 1;
      }
      out.push(nameStart, i, j, k);
      i = k;
    }
  }
  return false;
}

/** Reads the start tag at `start` (which is '<'), treating Liquid blocks inside it as opaque text. */
export function readStartTag(text: string, start: number): HtmlTag | undefined {
  const scan = new StartTagOffsets();
  if (!scanStartTag(text, start, scan)) return undefined;
  const attributes: HtmlAttribute[] = [];
  for (let k = 0; k < scan.count * 2; k += 2) {
    const valueRange = { start: scan.values[k], end: scan.values[k + 1] };
    attributes.push({ name: text.slice(scan.names[k], scan.names[k + 1]).toLowerCase(), value: text.slice(valueRange.start, valueRange.end), valueRange });
  }
  return { name: text.slice(start + 1, scan.nameEnd).toLowerCase(), range: { start, end: scan.end }, attributes };
}

/** Whether text[start, end) is `word` (lowercase ASCII) in any letter case. */
function isWordIgnoringCase(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if ((text.charCodeAt(start + k) | 32) !== word.charCodeAt(k)) return false;
  return true;
}

/** The URL candidates of a srcset value, with their offsets inside it. */
export function srcsetCandidates(value: string): OffsetRange[] {
  const out: OffsetRange[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value[i])) i++;
    if (i >= value.length) break;
    const start = i;
    while (i < value.length && !/\s/.test(value[i])) {
      const after = skipLiquid(value, i);
      i = after !== i ? after : i + 1;
    }
    let end = i;
    // A candidate URL may end with the comma that separates it from the next one.
    while (end > start && value[end - 1] === ',') end--;
    if (end > start) out.push({ start, end });
    while (i < value.length && value[i] !== ',') i++;
  }
  return out;
}

const CSS_URL = /url\(\s*(["']?)/gi;

/** The `url(…)` values of a CSS declaration list, with their offsets inside it. */
export function cssUrls(value: string): OffsetRange[] {
  const out: OffsetRange[] = [];
  const re = CSS_URL;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value))) {
    const quote = m[1];
    const start = m.index + m[0].length;
    let end: number;
    if (quote) end = value.indexOf(quote, start);
    else {
      end = start;
      while (end < value.length && value[end] !== ')' && !/\s/.test(value[end])) {
        const after = skipLiquid(value, end);
        end = after !== end ? after : end + 1;
      }
    }
    if (end < 0) break;
    if (end > start) out.push({ start, end });
    re.lastIndex = end;
  }
  return out;
}

/** The scanner's offsets, reused from tag to tag (extraction never nests). */
const tagOffsets = new StartTagOffsets();

/** Where a CSS 'url(' starts (found by CSS_URL itself, as cssUrls finds it), kept from tag to tag of one text. */
const cssUrlStarts = new NextOccurrence((text, from) => {
  CSS_URL.lastIndex = from;
  return CSS_URL.exec(text)?.index ?? -1;
});

/** What any image reference of a later tag needs in the text: an img, source or input start tag, or a CSS url(. */
const IMAGE_MARK = /<(?:img|source|input)|url\(/gi;
const imageMarks = new NextOccurrence((text, from) => {
  IMAGE_MARK.lastIndex = from;
  return IMAGE_MARK.exec(text)?.index ?? -1;
});

/** How many tags in a row that hold no image make the extractor look ahead for any (exported for tests). */
export const BARREN_RUN = 16;

/** Whether a style attribute of the scanned tag has a 'url(' starting inside its value. */
function hasStyleUrl(text: string, tag: StartTagOffsets, urls: NextOccurrence): boolean {
  for (let k = 0; k < tag.count * 2; k += 2) {
    if (!isWordIgnoringCase(text, tag.names[k], tag.names[k + 1], 'style')) continue;
    const at = urls.next(text, tag.values[k]);
    if (at < 0) return false;
    if (at < tag.values[k + 1]) return true;
  }
  return false;
}

function tagName(text: string, start: number, tag: StartTagOffsets): string {
  return text.slice(start + 1, tag.nameEnd).toLowerCase();
}

/** A link reference definition line, `[label]: destination`. */
export const DEFINITION = /^ {0,3}\[([^\]\n]+)\]:[ \t]*([^\n]*)/my;

/**
 * Every image reference of a document: the layout's image keys in front matter, Markdown images
 * (inline and reference-style), `<img src>`, `srcset` candidates and `style="…url(…)"`.
 */
export function extractReferences(text: string, frontMatter: FrontMatter, options: ExtractOptions): ImageReference[] {
  const refs: ImageReference[] = [];
  for (const key of options.imageKeys) {
    const v = frontMatter.values.get(key);
    if (v?.valueRange && typeof v.value === 'string' && v.value.trim() !== '') {
      refs.push({ kind: 'front-matter', target: 'image', raw: v.value, range: v.valueRange, key, context: key });
    }
  }

  const from = frontMatter.bodyOffset;
  const excluded = options.exclusions ?? new Exclusions(text, from, options.markdown);

  if (options.markdown) {
    // Most posts have no definitions: the map and the set are made when one is found.
    let definitions: Map<string, OffsetRange> | undefined;
    let d: RegExpExecArray | null;
    for (let at = from; (d = nextLineMatch(text, at, '[', DEFINITION)); at = d.index + Math.max(1, d[0].length)) {
      if (excluded.has(d.index)) continue;
      const label = normalizeLabel(d[1]);
      if (definitions?.has(label)) continue;
      const restStart = d.index + d[0].length - d[2].length;
      const range = destinationUrl(text, restStart, restStart + d[2].replace(/\r$/, '').length);
      if (!range) continue;
      (definitions ??= new Map()).set(label, range);
    }
    let usedDefinitions: Set<string> | undefined;
    for (let i = text.indexOf('![', from); i >= 0; i = text.indexOf('![', i + 2)) {
      if (excluded.has(i) || text[i - 1] === '\\') continue;
      const close = closeBracket(text, i + 2, Math.min(text.length, i + 1000));
      if (close < 0) continue;
      if (text[close + 1] === '(') {
        let j = close + 2;
        while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
        const dest = readDestination(text, j);
        if (dest) refs.push({ kind: 'markdown-image', target: 'image', raw: text.slice(dest.start, dest.end), range: dest, context: 'Markdown image' });
        continue;
      }
      if (!definitions) continue;
      let refLabel = text.slice(i + 2, close);
      if (text[close + 1] === '[') {
        const end = text.indexOf(']', close + 2);
        if (end > 0 && end - close < 1000) {
          const explicit = text.slice(close + 2, end);
          if (explicit.trim() !== '') refLabel = explicit;
        }
      }
      const key = normalizeLabel(refLabel);
      const def = definitions.get(key);
      if (def && !usedDefinitions?.has(key)) {
        (usedDefinitions ??= new Set()).add(key);
        refs.push({ kind: 'markdown-definition', target: 'image', raw: text.slice(def.start, def.end), range: def, context: `image reference [${refLabel.trim()}]` });
      }
    }
  }

  // Most tags of a page (tables, links) hold no image: their attributes are scanned as offsets and
  // only an image attribute becomes a string. A tag that can hold none (not img, source or input, and
  // no 'url(' in its style) is stepped over without asking whether it is code, unless a '<' inside it
  // makes the two ways on (past the tag, or to that '<') differ. After a run of such tags (a table),
  // the rest of the text is searched once for what an image needs ('<img', '<source', '<input' or
  // 'url('): where there is none, no later tag can hold one.
  const tag = tagOffsets;
  const urls = cssUrlStarts;
  let barren = 0;
  for (let i = text.indexOf('<', from); i >= 0 && i < text.length; i = text.indexOf('<', i + 1)) {
    if (!isAsciiLetter(text.charCodeAt(i + 1)) || !scanStartTag(text, i, tag)) continue;
    const imgLike = isWordIgnoringCase(text, i + 1, tag.nameEnd, 'img') || isWordIgnoringCase(text, i + 1, tag.nameEnd, 'source');
    const srcLike = imgLike || isWordIgnoringCase(text, i + 1, tag.nameEnd, 'input');
    if (!srcLike && !hasStyleUrl(text, tag, urls)) {
      if (++barren >= BARREN_RUN) {
        barren = 0;
        if (imageMarks.next(text, i + 1) < 0) break;
      }
      const next = text.indexOf('<', i + 1);
      if (next < 0 || next >= tag.end || !excluded.has(i)) i = tag.end - 1;
      continue;
    }
    barren = 0;
    if (excluded.has(i)) continue;
    for (let k = 0; k < tag.count * 2; k += 2) {
      const nameStart = tag.names[k];
      const nameEnd = tag.names[k + 1];
      const base = tag.values[k];
      const valueEnd = tag.values[k + 1];
      if (srcLike && isWordIgnoringCase(text, nameStart, nameEnd, 'src')) {
        const value = text.slice(base, valueEnd);
        const raw = value.trim();
        if (raw === '') continue;
        const lead = value.length - value.trimStart().length;
        refs.push({ kind: 'html-img', target: 'image', raw, range: { start: base + lead, end: base + lead + raw.length }, context: `<${tagName(text, i, tag)} src>` });
      } else if (imgLike && isWordIgnoringCase(text, nameStart, nameEnd, 'srcset')) {
        const value = text.slice(base, valueEnd);
        for (const r of srcsetCandidates(value)) {
          refs.push({ kind: 'html-srcset', target: 'image', raw: value.slice(r.start, r.end), range: { start: base + r.start, end: base + r.end }, context: `<${tagName(text, i, tag)} srcset>` });
        }
      } else if (isWordIgnoringCase(text, nameStart, nameEnd, 'style')) {
        const value = text.slice(base, valueEnd);
        for (const r of cssUrls(value)) {
          refs.push({ kind: 'style-url', target: 'image', raw: value.slice(r.start, r.end), range: { start: base + r.start, end: base + r.end }, context: `style url() on <${tagName(text, i, tag)}>` });
        }
      }
    }
    i = tag.end - 1;
  }
  urls.forget();
  imageMarks.forget();
  tag.forget();
  return refs;
}
