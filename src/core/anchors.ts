/**
 * The fragment targets (`#id`) that a built page will have, read from its source: the header ids that
 * kramdown makes with GitHub Pages' settings (`input: GFM`, whose id scheme is not plain kramdown's),
 * numbered on repetition as kramdown numbers them, explicit `{#id}` and `{: #id}`, and HTML `id=` and
 * `<a name=>`. Code blocks, code spans, comments and the front matter hold none.
 *
 * GFM's scheme (kramdown-parser-gfm 1.1, the version GitHub Pages runs): the header's text as kramdown
 * parsed it (link and emphasis text, code span content, entities as characters, no markup, no image
 * alt text), lower-cased, every character that is not a letter, mark, digit, connector (`_`), `-`,
 * space or tab removed, spaces and tabs turned into `-`. The n-th repetition of an id gets `-n`.
 * Unlike plain kramdown there is no `section` fallback and leading digits stay.
 */
import { evaluateTemplate, LiquidScope } from './liquidUrl';
import { excludedRanges, indentedCodeBlocks, readStartTag } from './references';
import type { OffsetRange } from './text';

/** One fragment target of a page. */
export interface Anchor {
  /** The id the built page has (`#id` finds it). */
  readonly id: string;
  /** What an author recognises: the heading's text as written, or the id. */
  readonly label: string;
  /** The heading's text, or the id as written, in the source. */
  readonly range: OffsetRange;
  /** Where it comes from: an automatic header id, an explicit `{#id}`/IAL, or HTML `id`/`name`. */
  readonly source: 'heading' | 'explicit' | 'html';
  /** The heading level (1–6), for headings. */
  readonly level?: number;
  /**
   * The id depends on Liquid that could not be evaluated (`{{ page.x }}` without a scope, `{% if %}`):
   * the page may have another id here, so a fragment that matches nothing is not certainly broken.
   */
  readonly dynamic?: boolean;
}

export interface AnchorOptions {
  /** Whether the text is Markdown (kramdown headers, IALs); otherwise only HTML ids count. */
  readonly markdown: boolean;
  /** Values for `{{ site.… }}` / `{{ page.… }}` in headings and ids, as Jekyll renders Liquid first. */
  readonly liquid?: LiquidScope;
  /** False when the build does not render the page's Liquid (`render_with_liquid: false` under Jekyll 4): headings and ids keep it as written. */
  readonly liquidRendered?: boolean;
}

/**
 * Characters that GFM's header ids drop (Onigmo's `[^\p{Word}\- \t]`): all but alphabetic characters
 * (letters and letter numbers such as 'Ⅻ'), marks, decimal digits, connectors (`_`), joiners, `-`,
 * space and tab. Other numbers ('²', '½') go.
 */
const NON_WORD = /[^\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\u200c\u200d\- \t]/gu;

/**
 * The automatic id kramdown's GFM parser gives a header whose text is `text` (before numbering).
 * Lower case is taken character by character, as Ruby's `downcase` does (no final-sigma rule).
 */
export function kramdownId(text: string): string {
  let lower = '';
  for (const ch of text) lower += ch.toLowerCase();
  return lower.replace(NON_WORD, '').replace(/[ \t]/g, '-');
}

/** Numbers repeated ids as kramdown does: the first `a` stays, then `a-1`, `a-2`, … (counted per id). */
export class HeaderIds {
  private readonly seen = new Map<string, number>();
  next(id: string): string {
    const n = this.seen.get(id) ?? -1;
    this.seen.set(id, n + 1);
    return n + 1 > 0 ? `${id}-${n + 1}` : id;
  }
}

// Entities that decode to letters, the only ones an id keeps (others decode to punctuation and are dropped).
const LATIN1 =
  'Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';
const GREEK = 'Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho _ Sigma Tau Upsilon Phi Chi Psi Omega';
const ENTITIES: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>([
    ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', '\u00a0'],
    ['OElig', 'Œ'], ['oelig', 'œ'], ['Scaron', 'Š'], ['scaron', 'š'], ['Yuml', 'Ÿ'], ['fnof', 'ƒ'],
    ['sup1', '¹'], ['sup2', '²'], ['sup3', '³'], ['micro', 'µ'], ['ordf', 'ª'], ['ordm', 'º'],
  ]);
  LATIN1.split(' ').forEach((name, i) => m.set(name, String.fromCodePoint(0xc0 + i)));
  GREEK.split(' ').forEach((name, i) => {
    if (name === '_') return;
    m.set(name, String.fromCodePoint(0x391 + i));
    m.set(name.toLowerCase(), String.fromCodePoint(0x3b1 + i));
  });
  m.set('sigmaf', 'ς');
  return m;
})();

function decodeEntity(whole: string, body: string): string {
  if (body[0] === '#') {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  }
  return ENTITIES.get(body) ?? whole;
}

/**
 * A header's text as kramdown's raw text for ids: what its inline elements hold as text. Code spans
 * give their content; links their text (images nothing); HTML tags vanish, their content stays;
 * autolinks give their address; escapes and entities give the character; footnote markers nothing.
 */
export function headerPlainText(source: string): string {
  let out = '';
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i];
    if (c === '\\' && i + 1 < n && /[\\.*_+\-`()[\]{}#!:|"'$=<>~^]/.test(source[i + 1])) {
      // An escaped '_' is text, not an emphasis marker: held apart until emphasis is removed.
      out += source[i + 1] === '_' ? ESCAPED_UNDERSCORE : source[i + 1];
      i += 2;
    } else if (c === '-' && source[i + 1] === '-') {
      // kramdown's typographic symbols: '---' and '--' are dashes, which ids drop.
      i += source[i + 2] === '-' ? 3 : 2;
    } else if (c === '.' && source.startsWith('...', i)) {
      i += 3;
    } else if (c === '`') {
      let j = i;
      while (source[j] === '`') j++;
      const run = source.slice(i, j);
      const close = source.indexOf(run, j);
      if (close < 0 || source[close + run.length] === '`') {
        out += run;
        i = j;
      } else {
        // kramdown strips the single space that pads a code span.
        out += source.slice(j, close).replace(/^ (.*) $/s, '$1');
        i = close + run.length;
      }
    } else if (c === '!' && source[i + 1] === '[') {
      const end = linkEnd(source, i + 1);
      if (end < 0) {
        out += c;
        i++;
      } else i = end;
    } else if (c === '[' && source[i + 1] === '^') {
      const close = source.indexOf(']', i);
      if (close < 0) {
        out += c;
        i++;
      } else i = close + 1;
    } else if (c === '[') {
      const close = matchingBracket(source, i);
      const end = close < 0 ? -1 : linkEnd(source, i);
      if (end < 0) {
        out += c;
        i++;
      } else {
        out += headerPlainText(source.slice(i + 1, close));
        i = end;
      }
    } else if (c === '<') {
      const auto = /^<((?:[A-Za-z][A-Za-z0-9.+-]*:[^\s<>]*)|(?:[^\s<>@]+@[^\s<>@]+))>/.exec(source.slice(i));
      if (auto) {
        out += auto[1].replace(/^mailto:/i, '');
        i += auto[0].length;
        continue;
      }
      const tag = /^<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/.exec(source.slice(i));
      if (tag) i += tag[0].length;
      else {
        out += c;
        i++;
      }
    } else if (c === '&') {
      const m = /^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/.exec(source.slice(i));
      if (m) {
        out += decodeEntity(m[0], m[1]);
        i += m[0].length;
      } else {
        out += c;
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return stripUnderscoreEmphasis(out).replaceAll(ESCAPED_UNDERSCORE, '_');
}

const ESCAPED_UNDERSCORE = '\u0000';

/** `_x_` and `__x__` at word boundaries are emphasis, whose markers are not text; `snake_case` stays. */
function stripUnderscoreEmphasis(text: string): string {
  if (!text.includes('_')) return text;
  return text.replace(/(^|[^\p{L}\p{N}_])(__?)(?=[^\s_])(.*?[^\s_])\2(?![\p{L}\p{N}_])/gu, '$1$3');
}

function matchingBracket(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '[') depth++;
    else if (s[i] === ']' && --depth === 0) return i;
  }
  return -1;
}

/** The end of a link or image whose `[` is at `open`: `[t](url)`, `[t][ref]`, `[t][]`, or `[t]` alone; -1 when unclosed. */
function linkEnd(s: string, open: number): number {
  const close = matchingBracket(s, open);
  if (close < 0) return -1;
  const after = close + 1;
  if (s[after] === '(') {
    let depth = 0;
    for (let i = after; i < s.length; i++) {
      if (s[i] === '\\') i++;
      else if (s[i] === '(') depth++;
      else if (s[i] === ')' && --depth === 0) return i + 1;
    }
    return -1;
  }
  if (s[after] === '[') {
    const ref = s.indexOf(']', after);
    return ref < 0 ? after : ref + 1;
  }
  return after;
}

const FRONT_MATTER_OPEN = /^\ufeff?---[ \t]*\r?\n/;
const FRONT_MATTER_CLOSE = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm;

function bodyStart(text: string): number {
  const open = FRONT_MATTER_OPEN.exec(text);
  if (!open) return text.charCodeAt(0) === 0xfeff ? 1 : 0;
  FRONT_MATTER_CLOSE.lastIndex = open[0].length;
  const close = FRONT_MATTER_CLOSE.exec(text);
  return close ? close.index + close[0].length : text.length;
}

/** HTML elements whose block kramdown passes through as raw HTML: no Markdown header inside counts. */
const BLOCK_HTML =
  /^ {0,3}<(address|article|aside|blockquote|body|center|dd|details|dialog|div|dl|dt|fieldset|figcaption|figure|footer|form|header|hgroup|html|iframe|li|main|map|menu|nav|noscript|ol|p|pre|script|section|style|summary|table|tbody|td|tfoot|th|thead|tr|ul|video|audio|canvas|object)(?=[\s/>])/i;

const IAL = /^ {0,3}\{:(?!:|\/)([^}\n]*)\}[ \t]*\r?$/;
const HEADER_ID = /[\t ]\{#([A-Za-z_:\u00c0-\uffff][\w:.\-\u00b7\u00c0-\uffff]*)\}$/u;
const IAL_ID = /(?:^|\s)#([\p{L}\p{M}\p{Nd}\p{Pc}:-][\p{L}\p{M}\p{Nd}\p{Pc}:.\-]*)/gu;

interface Line {
  start: number;
  /** Content end, without '\r'. */
  end: number;
  text: string;
}

function inRanges(ranges: readonly OffsetRange[], offset: number): boolean {
  for (const r of ranges) if (offset >= r.start && offset < r.end) return true;
  return false;
}

/** Liquid kept as written: the build does not render it. */
const LITERAL: unique symbol = Symbol('literal');
type AnchorScope = LiquidScope | typeof LITERAL | undefined;

/** The heading's id text after Liquid: evaluated with the scope when possible, else with the Liquid removed (and marked). */
function withLiquid(text: string, scope: AnchorScope): { text: string; dynamic: boolean } {
  if (scope === LITERAL || (!text.includes('{{') && !text.includes('{%'))) return { text, dynamic: false };
  if (scope && !text.includes('{%')) {
    const r = evaluateTemplate(text, scope);
    if (r.ok) return { text: r.value, dynamic: false };
  }
  return { text: text.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g, ''), dynamic: true };
}

/**
 * Every fragment target of a page's source, in source order. Markdown: kramdown headers (ATX and
 * Setext, at the top level and in block quotes) with their ids, explicit `{#id}` and block IAL ids;
 * both kinds: HTML `id` on any element and `name` on `<a>`.
 */
export function documentAnchors(text: string, options: AnchorOptions): Anchor[] {
  const from = bodyStart(text);
  const rendered = options.liquidRendered !== false;
  const excluded = excludedRanges(text, from, options.markdown, rendered);
  const anchors: Anchor[] = [];
  const scope = rendered ? options.liquid : LITERAL;
  if (options.markdown) {
    anchors.push(...markdownAnchors(text, from, [...excluded, ...indentedCodeBlocks(text, from)], scope));
  }
  anchors.push(...htmlAnchors(text, from, excluded, scope));
  if (options.markdown) anchors.push(...footnoteAnchors(text, from, excluded));
  return anchors.sort((a, b) => a.range.start - b.range.start);
}

function markdownAnchors(text: string, from: number, excluded: readonly OffsetRange[], scope: AnchorScope): Anchor[] {
  const lines: Line[] = [];
  for (let start = from; start <= text.length; ) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    lines.push({ start, end, text: text.slice(start, end) });
    if (nl >= text.length) break;
    start = nl + 1;
  }
  type Header = { level: number; textStart: number; raw: string; explicit?: { id: string; start: number } };
  const headers: (Header & { line: number })[] = [];
  const explicit: Anchor[] = [];
  let htmlBlock: { name: string; depth: number } | undefined;
  let previousBlank = true;
  let previousHeader = -1;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    const blank = line.text.trim() === '';
    if (htmlBlock) {
      const open = new RegExp(`<${htmlBlock.name}(?=[\\s/>])`, 'gi');
      const close = new RegExp(`</${htmlBlock.name}\\s*>`, 'gi');
      htmlBlock.depth += (line.text.match(open)?.length ?? 0) - (line.text.match(close)?.length ?? 0);
      if (htmlBlock.depth <= 0) htmlBlock = undefined;
      previousBlank = blank;
      continue;
    }
    const firstNonBlank = line.start + (line.text.length - line.text.trimStart().length);
    if (blank || inRanges(excluded, firstNonBlank)) {
      previousBlank = blank;
      previousHeader = -1;
      continue;
    }
    const html = BLOCK_HTML.exec(line.text);
    if (html) {
      const name = html[1].toLowerCase();
      const open = new RegExp(`<${name}(?=[\\s/>])`, 'gi');
      const close = new RegExp(`</${name}\\s*>`, 'gi');
      const depth = (line.text.match(open)?.length ?? 0) - (line.text.match(close)?.length ?? 0);
      if (depth > 0) htmlBlock = { name, depth };
      previousBlank = false;
      previousHeader = -1;
      continue;
    }
    const ial = IAL.exec(line.text);
    if (ial) {
      const ids = [...ial[1].matchAll(IAL_ID)];
      const last = ids[ids.length - 1];
      const contentStart = line.start + line.text.indexOf('{:') + 2;
      if (/(?:^|\s)toc(?:\s|$)/.test(ial[1]) && !last) {
        explicit.push({ id: 'markdown-toc', label: 'markdown-toc', range: { start: contentStart - 2, end: line.start + line.text.lastIndexOf('}') + 1 }, source: 'explicit' });
      }
      if (last) {
        const idStart = contentStart + (last.index ?? 0) + last[0].indexOf('#') + 1;
        const target = previousHeader >= 0 ? headers[previousHeader] : undefined;
        if (target) target.explicit = { id: last[1], start: idStart };
        else {
          // Before a header on the next line (after a blank line), the IAL names that header.
          const next = lines[li + 1];
          const nextHeader = previousBlank && next ? atxHeader(next) : undefined;
          if (nextHeader) {
            headers.push({ ...nextHeader, line: li + 1, explicit: { id: last[1], start: idStart } });
            li++;
            previousHeader = headers.length - 1;
            previousBlank = false;
            continue;
          }
          explicit.push({ id: last[1], label: last[1], range: { start: idStart, end: idStart + last[1].length }, source: 'explicit' });
        }
      }
      previousBlank = false;
      previousHeader = -1;
      continue;
    }
    const atx = atxHeader(line);
    if (atx) {
      headers.push({ ...atx, line: li });
      previousHeader = headers.length - 1;
      previousBlank = false;
      continue;
    }
    const next = lines[li + 1];
    if (previousBlank && next && /^[=-]+[ \t\r\f\v]*$/.test(next.text) && /^ {0,3}[^ \t]/.test(line.text) && !/^ {0,3}(?:[-*+>|]|\d+[.)])\s/.test(line.text)) {
      const level = next.text[0] === '=' ? 1 : 2;
      const m = /^( {0,3})(.*?)[ \t]*$/.exec(line.text) as RegExpExecArray;
      const header = withExplicitId(m[2], line.start + m[1].length, level);
      if (header) {
        headers.push({ ...header, line: li });
        li++;
        previousHeader = headers.length - 1;
        previousBlank = false;
        continue;
      }
    }
    previousBlank = false;
    previousHeader = -1;
  }
  const ids = new HeaderIds();
  const out: Anchor[] = [...explicit];
  for (const h of headers) {
    const label = h.raw;
    const range = { start: h.textStart, end: h.textStart + h.raw.length };
    if (h.explicit) {
      out.push({ id: h.explicit.id, label, range: { start: h.explicit.start, end: h.explicit.start + h.explicit.id.length }, source: 'explicit', level: h.level });
      continue;
    }
    const { text: rendered, dynamic } = withLiquid(h.raw, scope);
    const id = ids.next(kramdownId(headerPlainText(rendered)));
    // An empty id is counted (the next one is '-1') but kramdown writes no id attribute. A dynamic
    // one is kept: it says that the page has an id the source does not tell.
    if (id === '' && !dynamic) continue;
    out.push(dynamic ? { id, label, range, source: 'heading', level: h.level, dynamic } : { id, label, range, source: 'heading', level: h.level });
  }
  return out;

  function atxHeader(line: Line): Header | undefined {
    // kramdown reads headers in block quotes too; the '>' markers are not part of the text.
    const quote = /^(?: {0,3}> ?)*/.exec(line.text) as RegExpExecArray;
    const m = /^(#{1,6})[\t ]+(.*)$/.exec(line.text.slice(quote[0].length));
    if (!m) return undefined;
    let body = m[2].replace(/[\t ]+$/, '');
    const bodyStart = line.start + quote[0].length + m[1].length + (m[0].length - m[1].length - m[2].length);
    const idMatch = HEADER_ID.exec(body);
    let explicitId: { id: string; start: number } | undefined;
    if (idMatch) {
      explicitId = { id: idMatch[1], start: bodyStart + idMatch.index + idMatch[0].indexOf('#') + 1 };
      body = body.slice(0, idMatch.index).replace(/[\t ]+$/, '');
    }
    const closing = /[\t ]#+$/.exec(body);
    if (closing) body = body.slice(0, closing.index).replace(/[\t ]+$/, '');
    if (body === '') return undefined;
    return { level: m[1].length, textStart: bodyStart, raw: body, explicit: explicitId };
  }

  function withExplicitId(raw: string, start: number, level: number): Header | undefined {
    const idMatch = HEADER_ID.exec(raw);
    if (!idMatch) return raw === '' ? undefined : { level, textStart: start, raw };
    const body = raw.slice(0, idMatch.index).replace(/[\t ]+$/, '');
    if (body === '') return undefined;
    return { level, textStart: start, raw: body, explicit: { id: idMatch[1], start: start + idMatch.index + idMatch[0].indexOf('#') + 1 } };
  }
}

const FOOTNOTE_DEFINITION = /^ {0,3}\[\^(\w[\w-]*)\]:/gm;
const FOOTNOTE_MARKER = /\[\^(\w[\w-]*)\]/g;

/** kramdown's footnote ids: `fnref:NAME` at each marker (`fnref:NAME:1`, … when repeated) and `fn:NAME` for the note, when it is defined. */
function footnoteAnchors(text: string, from: number, excluded: readonly OffsetRange[]): Anchor[] {
  if (!text.includes('[^', from)) return [];
  const definitions = new Map<string, number>();
  FOOTNOTE_DEFINITION.lastIndex = from;
  for (let m; (m = FOOTNOTE_DEFINITION.exec(text)); ) {
    const at = m.index + m[0].indexOf('^') + 1;
    if (!inRanges(excluded, at) && !definitions.has(m[1])) definitions.set(m[1], at);
  }
  const out: Anchor[] = [];
  const repeats = new Map<string, number>();
  FOOTNOTE_MARKER.lastIndex = from;
  for (let m; (m = FOOTNOTE_MARKER.exec(text)); ) {
    const at = m.index + 2;
    const name = m[1];
    if (definitions.get(name) === at || !definitions.has(name) || inRanges(excluded, m.index)) continue;
    const n = repeats.get(name);
    repeats.set(name, (n ?? 0) + (n === undefined ? 0 : 1));
    const id = n === undefined ? `fnref:${name}` : `fnref:${name}:${n + 1}`;
    out.push({ id, label: `[^${name}]`, range: { start: at, end: at + name.length }, source: 'explicit' });
  }
  for (const [name, at] of definitions) {
    if (repeats.has(name)) out.push({ id: `fn:${name}`, label: `[^${name}]:`, range: { start: at, end: at + name.length }, source: 'explicit' });
  }
  return out;
}

function decodeAttribute(value: string): string {
  return value.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/g, (whole, body: string) => decodeEntity(whole, body));
}

function htmlAnchors(text: string, from: number, excluded: readonly OffsetRange[], scope: AnchorScope): Anchor[] {
  const out: Anchor[] = [];
  for (let i = text.indexOf('<', from); i >= 0; i = text.indexOf('<', i + 1)) {
    if (inRanges(excluded, i)) continue;
    const tag = readStartTag(text, i);
    if (!tag) continue;
    for (const attr of tag.attributes) {
      const name = attr.name.toLowerCase();
      if (name !== 'id' && !(name === 'name' && tag.name === 'a')) continue;
      const { text: value, dynamic } = withLiquid(decodeAttribute(attr.value), scope);
      if (value === '' && !dynamic) continue;
      const anchor: Anchor = { id: value, label: attr.value, range: attr.valueRange, source: 'html' };
      out.push(dynamic ? { ...anchor, dynamic } : anchor);
    }
    i = tag.range.end - 1;
  }
  return out;
}

/** Edit distance with a bound: past `max` the answer is `max + 1`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]);
    }
    if (best > max) return max + 1;
    previous = row;
  }
  return previous[b.length];
}

const loose = (s: string) => kramdownId(s).replace(/[-_]/g, '');

/**
 * The anchor a broken fragment most likely meant, for a quick fix: the same id but for letter case,
 * the id of a heading whose text was written as the fragment (`#My Heading`, a plain-kramdown id such
 * as `#section` aside), the same letters without `-`/`_`, or the closest id by edit distance (at most a
 * third of its length). Undefined when nothing is close; never the wanted id itself.
 */
export function nearestAnchor(anchors: readonly Anchor[], wanted: string): Anchor | undefined {
  let fragment = wanted.replace(/^#/, '');
  try {
    fragment = decodeURIComponent(fragment);
  } catch {
    // keep it as written
  }
  const candidates = anchors.filter((a) => a.id !== '' && a.id !== fragment);
  if (candidates.length === 0) return undefined;
  const lower = fragment.toLowerCase();
  const byCase = candidates.find((a) => a.id.toLowerCase() === lower);
  if (byCase) return byCase;
  const asId = kramdownId(fragment);
  const byText = candidates.find((a) => a.id === asId);
  if (byText) return byText;
  const l = loose(fragment);
  const byLetters = l === '' ? undefined : candidates.find((a) => loose(a.id) === l);
  if (byLetters) return byLetters;
  let best: Anchor | undefined;
  let bestDistance = Infinity;
  for (const a of candidates) {
    const max = Math.max(1, Math.floor(Math.max(a.id.length, asId.length) / 3));
    const d = distance(asId, a.id, max);
    if (d <= max && d < bestDistance) {
      best = a;
      bestDistance = d;
    }
  }
  return best;
}
