import { parseDocument, isMap, isScalar, isSeq, Scalar, Schema } from 'yaml';
import { BoundedMemo } from './memo';
import { isAsciiDigit, isAsciiLetter, OffsetRange } from './text';

/** A top-level front matter value, with where its text stands in the document. */
export interface FrontMatterValue {
  readonly key: string;
  readonly value: unknown;
  /** The key's range in the document. */
  readonly keyRange: OffsetRange;
  /** For scalars: the range of the value's content (inside quotes when quoted). */
  readonly valueRange?: OffsetRange;
  /** How the scalar is written: 'PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'. */
  readonly style?: string;
  /** The scalar's source text (inside quotes). */
  readonly source?: string;
}

export interface FrontMatterProblem {
  readonly kind: 'yaml-error' | 'unterminated' | 'not-a-mapping';
  readonly message: string;
  readonly range: OffsetRange;
}

export interface FrontMatter {
  /** True when the document starts with a `---` line, as Jekyll requires for front matter. */
  readonly present: boolean;
  /** The YAML text between the fences. */
  readonly yamlRange?: OffsetRange;
  /** Where the content after the closing fence starts (0 without front matter). */
  readonly bodyOffset: number;
  /** The parsed data; empty when absent or broken. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly values: ReadonlyMap<string, FrontMatterValue>;
  readonly problems: readonly FrontMatterProblem[];
}

const OPENING = /^---[ \t]*\r?\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm;

/**
 * Splits and parses front matter the way Jekyll does: the file must begin with `---`, the block ends at
 * the first line that is `---` or `...`. Broken YAML gives a problem at its line and empty data, as
 * Jekyll then builds the page without its front matter.
 */
export function parseFrontMatter(text: string): FrontMatter {
  return splitAndParse(text, true);
}

/** {@link parseFrontMatter} always through the `yaml` library, without the fast path for flat front matter. */
export function parseFrontMatterWithYaml(text: string): FrontMatter {
  return splitAndParse(text, false);
}

function splitAndParse(text: string, fastPath: boolean): FrontMatter {
  const opening = OPENING.exec(text);
  if (!opening) return { present: false, bodyOffset: 0, data: {}, values: new Map(), problems: [] };

  const yamlStart = opening[0].length;
  // One RegExp for every call: it is used synchronously, from a lastIndex set here.
  CLOSING.lastIndex = yamlStart;
  const closing = CLOSING.exec(text);
  if (!closing) {
    const firstLineEnd = opening[0].replace(/\r?\n$/, '').length;
    return {
      present: true,
      bodyOffset: 0,
      data: {},
      values: new Map(),
      problems: [
        {
          kind: 'unterminated',
          message:
            "The front matter is not closed: no line '---' ends it. Jekyll will treat the whole file as content, without its layout, title or background.",
          range: { start: 0, end: firstLineEnd },
        },
      ],
    };
  }

  const bodyOffset = closing.index + closing[0].length;
  // The result depends on the text up to the body only: while the body is typed, it is the last one.
  const head = text.slice(0, bodyOffset);
  const last = fastPath ? lastParsed : undefined;
  if (last && last.head === head) return last.frontMatter;
  const frontMatter = parseBetween(text, yamlStart, closing.index, bodyOffset, fastPath);
  if (fastPath) lastParsed = { head, frontMatter };
  return frontMatter;
}

let lastParsed: { head: string; frontMatter: FrontMatter } | undefined;

function parseBetween(text: string, yamlStart: number, yamlEnd: number, bodyOffset: number, fastPath: boolean): FrontMatter {
  const yamlRange = { start: yamlStart, end: yamlEnd };
  const yamlText = text.slice(yamlRange.start, yamlRange.end);
  if (fastPath) {
    const flat = parseFlatYaml(yamlText, yamlRange.start);
    if (flat) return { present: true, yamlRange, bodyOffset, data: flat.data, values: flat.values, problems: [] };
  }
  const problems: FrontMatterProblem[] = [];
  const values = new Map<string, FrontMatterValue>();
  let data: Record<string, unknown> = {};

  let doc;
  // Where the text the parser reads has spaces added (see reindentQuotedScalars): sorted insertion points.
  let insertions: readonly Insertion[] = [];
  try {
    doc = parseDocument(yamlText, YAML_OPTIONS);
    if (doc.errors.length > 0) {
      // Ruby's Psych (libyaml) accepts a quoted scalar whose continuation lines are not indented, which
      // the YAML spec and the `yaml` library refuse; Jekyll publishes such a post with its front matter.
      const repaired = reindentQuotedScalars(yamlText);
      if (repaired) {
        const again = parseDocument(repaired.text, YAML_OPTIONS);
        if (again.errors.length === 0) {
          doc = again;
          insertions = repaired.insertions;
        }
      }
    }
  } catch (error) {
    problems.push({ kind: 'yaml-error', message: `The front matter is not valid YAML: ${String(error)}`, range: yamlRange });
    return { present: true, yamlRange, bodyOffset, data, values, problems };
  }
  // An offset in the parsed text, as an offset in the front matter as written.
  const original = insertions.length === 0 ? (o: number) => o : (o: number) => toOriginalOffset(insertions, o);

  if (doc.errors.length > 0) {
    for (const error of doc.errors.slice(0, 3)) {
      const [s, e] = error.pos;
      const start = yamlRange.start + Math.min(s, yamlText.length);
      let end = yamlRange.start + Math.min(Math.max(e, s + 1), yamlText.length);
      if (end <= start) end = Math.min(start + 1, yamlRange.end);
      const line = error.linePos?.[0]?.line;
      const first = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      problems.push({
        kind: 'yaml-error',
        message: `The front matter is not valid YAML${line ? ` (front matter line ${line})` : ''}: ${first}. Jekyll will build this file without any of its front matter.`,
        range: { start, end },
      });
    }
    return { present: true, yamlRange, bodyOffset, data, values, problems };
  }

  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) {
    return { present: true, yamlRange, bodyOffset, data, values, problems };
  }
  if (!isMap(contents)) {
    const range = contents.range ?? [0, yamlText.length];
    problems.push({
      kind: 'not-a-mapping',
      message: 'The front matter must be a list of `key: value` lines. Jekyll will ignore it.',
      range: { start: yamlRange.start + range[0], end: yamlRange.start + Math.max(range[1], range[0] + 1) },
    });
    return { present: true, yamlRange, bodyOffset, data, values, problems };
  }

  try {
    const js = doc.toJS({ maxAliasCount: 100 });
    if (js && typeof js === 'object' && !Array.isArray(js)) data = js as Record<string, unknown>;
  } catch (error) {
    problems.push({ kind: 'yaml-error', message: `The front matter could not be read: ${String(error)}`, range: yamlRange });
    return { present: true, yamlRange, bodyOffset, data: {}, values, problems };
  }

  for (const pair of contents.items) {
    const keyNode = pair.key;
    if (!isScalar(keyNode) || !keyNode.range) continue;
    const key = String(keyNode.value);
    const keyRange = { start: yamlRange.start + original(keyNode.range[0]), end: yamlRange.start + original(keyNode.range[1]) };
    const valueNode = pair.value;
    if (isScalar(valueNode) && valueNode.range) {
      const [s, e] = [original(valueNode.range[0]), original(valueNode.range[1])];
      const style = (valueNode as Scalar).type ?? 'PLAIN';
      const quoted = style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE';
      const contentStart = quoted ? s + 1 : s;
      const contentEnd = quoted ? Math.max(contentStart, e - 1) : e;
      values.set(key, {
        key,
        value: data[key],
        keyRange,
        valueRange: { start: yamlRange.start + contentStart, end: yamlRange.start + contentEnd },
        style,
        source: yamlText.slice(contentStart, contentEnd),
      });
    } else {
      values.set(key, { key, value: data[key], keyRange, style: isSeq(valueNode) ? 'SEQ' : isMap(valueNode) ? 'MAP' : undefined });
    }
  }
  return { present: true, yamlRange, bodyOffset, data, values, problems };
}

const YAML_OPTIONS = { version: '1.1', uniqueKeys: false, prettyErrors: false, strict: false } as const;

/** Spaces added to the text at an offset of the text as written. */
interface Insertion {
  readonly at: number;
  readonly count: number;
}

function toOriginalOffset(insertions: readonly Insertion[], offset: number): number {
  let added = 0;
  for (const i of insertions) {
    const at = i.at + added;
    if (offset < at) break;
    if (offset < at + i.count) return i.at;
    added += i.count;
  }
  return offset - added;
}

/**
 * The front matter with each continuation line of a multi-line quoted scalar indented one column past
 * its key, when a continuation line is not: libyaml (Ruby's Psych, which Jekyll reads front matter with)
 * takes `title: "A long` + `title"` as the title "A long title"; the spec and the `yaml` library want
 * the second line indented. Undefined when no line needed it. Block scalars and comments are skipped.
 */
export function reindentQuotedScalars(yaml: string): { text: string; insertions: Insertion[] } | undefined {
  const insertions: Insertion[] = [];
  const lines: { start: number; text: string }[] = [];
  for (let start = 0; start <= yaml.length; ) {
    const nl = yaml.indexOf('\n', start);
    const end = nl < 0 ? yaml.length : nl + 1;
    lines.push({ start, text: yaml.slice(start, nl < 0 ? yaml.length : nl).replace(/\r$/, '') });
    if (nl < 0) break;
    start = end;
  }
  let blockIndent = -1; // inside a block scalar whose key is at this indent
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].text;
    const indent = /^ */.exec(line)![0].length;
    if (blockIndent >= 0) {
      if (line.trim() === '' || indent > blockIndent) continue;
      blockIndent = -1;
    }
    // `key: value` or `- value` (a key may follow dashes); where the value starts.
    const m = /^( *)((?:- +)*)(?:((?:[^\s#'"{[\]},:][^#:]*?|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'))[ \t]*:(?:[ \t]+|$))?/.exec(line);
    if (!m) continue;
    const keyIndent = m[1].length + m[2].length;
    const valueAt = m[0].length;
    const rest = line.slice(valueAt);
    if (m[3] !== undefined && /^[|>][-+0-9]*[ \t]*(?:#.*)?$/.test(rest)) {
      blockIndent = keyIndent;
      continue;
    }
    const quote = rest[0];
    if (quote !== '"' && quote !== "'") continue;
    if (m[3] === undefined && m[2] === '') continue; // a quoted key or a bare scalar
    // Find the closing quote, possibly on a later line.
    let lineIndex = i;
    let pos = valueAt + 1;
    let closed = false;
    while (lineIndex < lines.length) {
      const text = lines[lineIndex].text;
      for (; pos < text.length; pos++) {
        const c = text[pos];
        if (quote === '"' && c === '\\') {
          pos++;
          continue;
        }
        if (c === quote) {
          if (quote === "'" && text[pos + 1] === "'") {
            pos++;
            continue;
          }
          closed = true;
          break;
        }
      }
      if (closed) break;
      lineIndex++;
      pos = 0;
      if (lineIndex < lines.length) {
        const next = lines[lineIndex].text;
        const own = /^[ \t]*/.exec(next)![0].length;
        if (next.trim() !== '' && own <= keyIndent) insertions.push({ at: lines[lineIndex].start, count: keyIndent + 1 - own });
      }
    }
    if (!closed) return undefined;
    i = lineIndex;
  }
  if (insertions.length === 0) return undefined;
  let text = '';
  let from = 0;
  for (const ins of insertions) {
    text += yaml.slice(from, ins.at) + ' '.repeat(ins.count);
    from = ins.at;
  }
  text += yaml.slice(from);
  return { text, insertions };
}

/** Quotes a value for a YAML front matter line the way the site writes paths: single quotes. */
export function yamlSingleQuoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The YAML 1.1 schema's scalar types, as the `yaml` library resolves plain scalars with
 * `version: '1.1'`: the first default tag whose pattern matches the text, else a string.
 */
type ScalarTag = { readonly tag: string; readonly test: RegExp; readonly resolve: (source: string, onError: (message: string) => void, options: { intAsBigInt: boolean }) => unknown; readonly default?: boolean | 'key' };
let yaml11Tags: { readonly all: ScalarTag[]; readonly words: ScalarTag[]; readonly dates: ScalarTag[] } | undefined;

/**
 * The schema's scalar tags: all of them; the ones a text starting with a letter other than e or E can
 * match (null and the booleans; numbers and timestamps start with a digit, a sign, a dot, or e/E for an
 * exponent without a mantissa; the merge key is '<<'); and the one a text starting with four digits and
 * a '-' can match (the timestamp: no number pattern allows a '-' after a digit).
 */
function scalarTags() {
  if (!yaml11Tags) {
    const schema = new Schema({ resolveKnownTags: false, schema: 'yaml-1.1' });
    const all = (schema.tags as unknown as { tag: string; test?: RegExp; resolve: never; default?: boolean | 'key'; collection?: string }[])
      .filter((t) => t.test instanceof RegExp && !t.collection && (t.default === true || t.default === 'key'))
      .map((t) => ({ tag: t.tag, test: t.test as RegExp, resolve: t.resolve, default: t.default }));
    yaml11Tags = {
      all,
      words: all.filter((t) => t.tag === 'tag:yaml.org,2002:null' || t.tag === 'tag:yaml.org,2002:bool'),
      dates: all.filter((t) => t.tag === 'tag:yaml.org,2002:timestamp'),
    };
  }
  return yaml11Tags;
}

function startsAsDate(source: string): boolean {
  return isAsciiDigit(source.charCodeAt(0)) && isAsciiDigit(source.charCodeAt(1)) && isAsciiDigit(source.charCodeAt(2)) && isAsciiDigit(source.charCodeAt(3)) && source.charCodeAt(4) === 45;
}

/** Keys come from a small set (layout, title, date…): each is judged once. */
const resolvedKeys = new BoundedMemo(1001, (source: string): unknown => {
  const tags = startsAsWord(source) ? scalarTags().words : scalarTags().all;
  for (const tag of tags) if ((tag.default === true || tag.default === 'key') && tag.test.test(source)) return NOT_A_SCALAR;
  return source;
});

function startsAsWord(source: string): boolean {
  const c = source.charCodeAt(0) | 32;
  return c >= 97 && c <= 122 && c !== 101; /* a-z, not e */
}

const NOT_A_SCALAR = Symbol('not a scalar');

/** A plain scalar's value as `yaml` gives it (YAML 1.1), or NOT_A_SCALAR when unsure. */
function resolvePlain(source: string, atKey: boolean): unknown {
  // A path ('/img/a.png') is a string to every tag; a word-like text only meets null and the booleans.
  if (source.charCodeAt(0) === 47) return source;
  if (startsAsWord(source)) {
    // The null and boolean words have at most five letters ('false'); shorter words are judged once.
    if (source.length > 5) return source;
    return (atKey ? resolvedKeys : resolvedWords).get(source);
  }
  if (atKey) return resolvedKeys.get(source);
  // A date-like text only meets the timestamp.
  return resolveByTags(source, startsAsDate(source) ? scalarTags().dates : scalarTags().all);
}

/** Short word-like values ('post', 'page', 'true', 'No'): null, a boolean or the text itself, judged once each. */
const resolvedWords = new BoundedMemo(1001, (source: string): unknown => resolveByTags(source, scalarTags().words));

/** The value the first of these tags that matches gives, the text itself when none matches, or NOT_A_SCALAR when unsure. */
function resolveByTags(source: string, tags: readonly ScalarTag[]): unknown {
  for (const tag of tags) {
    if (tag.default !== true || !tag.test.test(source)) continue;
    let failed = false;
    let res: unknown;
    try {
      res = tag.resolve(source, () => (failed = true), { intAsBigInt: false });
    } catch {
      return NOT_A_SCALAR;
    }
    if (failed) return NOT_A_SCALAR;
    if (isScalar(res)) res = res.value;
    if (typeof res === 'bigint' || typeof res === 'symbol' || (typeof res === 'object' && res !== null && !(res instanceof Date))) return NOT_A_SCALAR;
    return res;
  }
  return source;
}

/** Characters that make the fast path step aside: tabs, control characters, odd line breaks, a BOM, a lone CR. */
const UNUSUAL_CHARACTER = /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029]/;
const LONE_CR = /\r(?!\n)/;
/** One character class scans faster than the class or a lone CR in one pattern; most texts have no CR at all. */
const unusual = (text: string) => UNUSUAL_CHARACTER.test(text) || (text.includes('\r') && LONE_CR.test(text));
const isKeyStart = (c: number) => isAsciiDigit(c) || isAsciiLetter(c) || c === 95;
const isKeyPart = (c: number) => isKeyStart(c) || c === 46 || c === 45;

/**
 * The length of the key the fast path reads at the start of the line `text[start, end)`, or -1: a word of
 * at most 100 characters (a letter, digit or '_', then also '.' and '-'), followed by ':' and a space or
 * the line's end.
 */
function plainKeyLength(text: string, start: number, end: number): number {
  if (!isKeyStart(text.charCodeAt(start))) return -1;
  let i = start + 1;
  const limit = Math.min(end, start + 100);
  while (i < limit && isKeyPart(text.charCodeAt(i))) i++;
  if (i >= end || text.charCodeAt(i) !== 58 /* : */) return -1;
  return i + 1 === end || text.charCodeAt(i + 1) === 32 ? i - start : -1;
}

/** First characters of a plain scalar that mean something else in YAML (or that the fast path leaves to `yaml`): -?:,[]{}#&*!|>'"%@` */
const INDICATOR = new Uint8Array(128);
for (const c of "-?:,[]{}#&*!|>'\"%@`") INDICATOR[c.charCodeAt(0)] = 1;

/**
 * The common front matter, read by hand: lines `key: value` at the start of the line with plain,
 * 'single-quoted' or "double-quoted" (without escapes) one-line values, block lists of such values
 * under a key with an empty value (`tags:` then `  - a`), comments and blank lines. Gives exactly what
 * the `yaml` path gives for such text (data, values and their ranges), and undefined for anything else
 * (other indentation, nested lists, flow collections, anchors, tags, block or multi-line scalars,
 * escapes, duplicate keys, tabs…), which then goes through `yaml`. Lines are read in place, by their
 * offsets in the text.
 */
export function parseFlatYaml(yamlText: string, offset: number): { data: Record<string, unknown>; values: Map<string, FrontMatterValue> } | undefined {
  if (unusual(yamlText)) return undefined;
  const data: Record<string, unknown> = {};
  const values = new Map<string, FrontMatterValue>();
  // The last key, while its value is empty: a block list of scalars may follow (`plugins:` then `  - a`).
  let list: { key: string; keyRange: OffsetRange; items: unknown[]; indent: number } | undefined;
  let lineStart = 0;
  const length = yamlText.length;
  while (lineStart < length) {
    const start = lineStart;
    let end = yamlText.indexOf('\n', start);
    lineStart = end < 0 ? length : end + 1;
    if (end < 0) end = length;
    if (end > start && yamlText.charCodeAt(end - 1) === 13) end--;
    const first = yamlText.charCodeAt(start);
    if (end === start || first === 35 /* # */) continue;
    if (first === 32) {
      let p = start + 1;
      while (p < end && yamlText.charCodeAt(p) === 32) p++;
      // A line of spaces is blank; an item of the list under the last key is read; anything else indented is YAML structure.
      if (p === end) continue;
      const indent = p - start;
      if (!list || yamlText.charCodeAt(p) !== 45 /* - */ || (p + 1 < end && yamlText.charCodeAt(p + 1) !== 32)) return undefined;
      if (list.items.length > 0 && indent !== list.indent) return undefined;
      p++;
      while (p < end && yamlText.charCodeAt(p) === 32) p++;
      // An empty item is left to yaml (and readScalar refuses one that is itself a list or a mapping).
      if (p >= end || yamlText.charCodeAt(p) === 35) return undefined;
      const item = readScalar(yamlText, p, end);
      if (!item) return undefined;
      list.indent = indent;
      list.items.push(item.value);
      data[list.key] = list.items;
      values.set(list.key, { key: list.key, value: list.items, keyRange: list.keyRange, style: 'SEQ' });
      continue;
    }
    const keyLength = plainKeyLength(yamlText, start, end);
    if (keyLength < 0) return undefined;
    const key = yamlText.slice(start, start + keyLength);
    if (key === '__proto__' || values.has(key) || resolvePlain(key, true) !== key) return undefined;
    let p = start + keyLength + 1;
    while (p < end && yamlText.charCodeAt(p) === 32) p++;
    const empty = p >= end || yamlText.charCodeAt(p) === 35;
    const scalar: LineScalar | undefined = empty ? { value: null, style: 'PLAIN', contentStart: p, contentEnd: p, source: '' } : readScalar(yamlText, p, end);
    if (!scalar) return undefined;
    const keyRange = { start: offset + start, end: offset + start + keyLength };
    list = empty ? { key, keyRange, items: [], indent: -1 } : undefined;
    data[key] = scalar.value;
    values.set(key, {
      key,
      value: scalar.value,
      keyRange,
      valueRange: { start: offset + scalar.contentStart, end: offset + scalar.contentEnd },
      style: scalar.style,
      source: scalar.source,
    });
  }
  return { data, values };
}

/** A one-line scalar the fast path reads: its value (YAML 1.1), style, the range of its content in the text, and that content. */
interface LineScalar {
  readonly value: unknown;
  readonly style: string;
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly source: string;
}

/**
 * The scalar that starts at `p` and ends the line at `end` (plain, 'single-quoted' or "double-quoted"
 * without escapes), with only spaces or a comment after it; undefined for anything else.
 */
function readScalar(text: string, p: number, end: number): LineScalar | undefined {
  let value: unknown;
  let style: string;
  let contentEnd: number;
  let source: string;
  let rest: number;
  const contentStart = p + 1;
  const c = text.charCodeAt(p);
  if (c === 39 /* ' */) {
    let j = contentStart;
    for (;;) {
      j = text.indexOf("'", j);
      if (j < 0 || j >= end) return undefined;
      if (j + 1 < end && text.charCodeAt(j + 1) === 39) j += 2;
      else break;
    }
    contentEnd = j;
    source = text.slice(contentStart, contentEnd);
    value = source.includes("''") ? source.replace(/''/g, "'") : source;
    style = 'QUOTE_SINGLE';
    rest = j + 1;
  } else if (c === 34 /* " */) {
    const j = text.indexOf('"', contentStart);
    if (j < 0 || j >= end) return undefined;
    contentEnd = j;
    source = text.slice(contentStart, contentEnd);
    if (source.includes('\\')) return undefined;
    value = source;
    style = 'QUOTE_DOUBLE';
    rest = j + 1;
  } else {
    if (c < 128 && INDICATOR[c] === 1) return undefined;
    // The value ends at a ' #' comment, or the line's end, without the spaces before it.
    let e = p;
    while (e < end && !(text.charCodeAt(e) === 32 && text.charCodeAt(e + 1) === 35 && e + 1 < end)) e++;
    while (e > p && text.charCodeAt(e - 1) === 32) e--;
    source = text.slice(p, e);
    if (source.includes(': ') || source.endsWith(':')) return undefined;
    value = resolvePlain(source, false);
    if (value === NOT_A_SCALAR) return undefined;
    style = 'PLAIN';
    rest = e;
    return { value, style, contentStart: p, contentEnd: e, source };
  }
  // After the value: spaces, then the line's end or a comment after at least one space.
  let r = rest;
  while (r < end && text.charCodeAt(r) === 32) r++;
  if (r < end && !(text.charCodeAt(r) === 35 && r > rest)) return undefined;
  return { value, style, contentStart, contentEnd, source };
}
