import type Token from 'markdown-it/lib/token.mjs';
import { HeaderIds } from '../anchors';
import { sharedMarkdown, MarkdownEnv } from './markdown';

/**
 * A cache that keeps what the last render used and drops the rest when the next render begins: memory
 * stays that of about one document while typing.
 */
export class RenderMemo<V> {
  // By what the entry depends on besides its text, then by its text: keys are never concatenated
  // (the texts of a long document's blocks add up to the document).
  private last = new Map<string, Map<string, V>>();
  private current = new Map<string, Map<string, V>>();
  private count = 0;
  private lastCount = 0;
  /** Starts a render: what the render before the last one used and the last did not is dropped. */
  begin(): void {
    if (this.count === 0) return;
    this.last = this.current;
    this.lastCount = this.count;
    this.current = new Map();
    this.count = 0;
  }
  get(scope: string, key: string): V | undefined {
    let v = this.current.get(scope)?.get(key);
    if (v === undefined) {
      v = this.last.get(scope)?.get(key);
      if (v !== undefined) this.set(scope, key, v);
    }
    return v;
  }
  set(scope: string, key: string, value: V): void {
    let m = this.current.get(scope);
    if (!m) this.current.set(scope, (m = new Map()));
    if (!m.has(key)) this.count++;
    m.set(key, value);
  }
  /** Entries held (those of the last render and of this one). */
  get size(): number {
    return this.count + this.lastCount;
  }
}

/** Words (whitespace-separated runs, as `number_of_words` counts them) of a piece of text. */
export interface Words {
  readonly n: number;
  /** Whether the text starts, and ends, inside a word (a run could join the one of the text before, after). */
  readonly open: boolean;
  readonly close: boolean;
  readonly empty: boolean;
}

export function wordsOf(s: string): Words {
  const t = s.trim();
  return { n: t === '' ? 0 : t.split(/\s+/).length, open: s !== '' && s.trimStart() === s, close: s !== '' && s.trimEnd() === s, empty: s === '' };
}

/** The words of pieces of text put end to end. */
export function joinWords(pieces: Iterable<Words>): number {
  let n = 0;
  let close = false;
  for (const w of pieces) {
    if (w.empty) continue;
    n += w.n;
    if (close && w.open && w.n > 0) n--;
    close = w.close;
  }
  return n;
}

/** One top-level block of Markdown, rendered on its own with line and header-id marks. */
export interface MarkdownBlock {
  /** The HTML with the marks left in. */
  readonly marked: string;
  /** `marked` split at the marks: text, mark, text, …, text (a mark is `l<line>` or `h<n>`). */
  readonly parts: readonly string[];
  /** The header ids' bases (kramdownId of each header's text) in order; `h<n>` marks the n-th. */
  readonly bases: readonly string[];
  /** `marked` without its data-line marks (what layouts see as `content`), split the same way (only header marks left). */
  readonly plainParts: readonly string[];
  /** Words of `marked` as if every header had an id. */
  readonly words: Words;
  /** Whether the block has what only the whole document renders right (see wholeOnly). */
  readonly whole: boolean;
}

/** A block of the document: its rendering and where it stands. */
export interface PlacedBlock {
  readonly block: MarkdownBlock;
  /** The document line its first line is. */
  readonly line: number;
  /** Its header ids, as the whole document numbers them ('' for none). */
  readonly ids: readonly string[];
}

export interface BlockRender {
  /** The same HTML as `renderMarkdown(body, env)`. */
  readonly html: string;
  /** `withoutSourceLines(html)` (made when first asked). */
  plain(): string;
  /** `numberOfWords(html)`. */
  readonly words: number;
  readonly blocks: readonly PlacedBlock[];
}

const SPLIT = /\u0001(\d+)\u0002|\u0003(\d+)\u0004/g;

/** HTML split at its marks: text, mark, text, …, text (a mark is `l<line>` or `h<n>`). */
export function splitMarks(html: string): string[] {
  const out: string[] = [];
  let last = 0;
  for (const m of html.matchAll(SPLIT)) {
    out.push(html.slice(last, m.index), m[1] !== undefined ? 'l' + m[1] : 'h' + m[2]);
    last = m.index + m[0].length;
  }
  out.push(html.slice(last));
  return out;
}

/** Fills in the marks of split HTML: lines from `line`, header ids from `ids`. */
export function fillMarks(parts: readonly string[], line: number, ids: readonly string[]): string {
  let s = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const m = parts[i];
    const v = +m.slice(1);
    if (m[0] === 'l') s += String(line + v);
    else s += ids[v] === '' ? ID_ABSENT : ids[v];
    s += parts[i + 1];
  }
  return s.includes(ID_ABSENT) ? s.replace(ID_ABSENT_ATTR, '') : s;
}
/** Stands for a header id kramdown does not write (empty): the attribute goes. */
const ID_ABSENT = '\u0005';
const ID_ABSENT_ATTR = / id="\u0005"/g;

/** Why the document is rendered whole: what depends on the whole document in ways blocks do not show. */
function wholeOnly(src: string): boolean {
  // The marks' own characters; footnotes (numbered across the document, listed at its end); kramdown's TOC.
  return /[\u0001-\u0005]/.test(src) || src.includes('[^') || src.includes('^[') || /\{[^}]*toc/i.test(src) || firstColonAbbr(src);
}

/**
 * markdown-it-abbr reads `*[label` without `]` on its line by the text's first character (a slip of the
 * plugin: an unset index): ':' there makes it a definition. Blocks on their own would read it otherwise.
 */
function firstColonAbbr(src: string): boolean {
  return src.charCodeAt(0) === 0x3a && src.includes('*[');
}

type Ids = { next(id: string): string };

/** A top-level block where it stands in the text (lines, and offsets in the normalized text). */
interface Range {
  readonly start: number;
  readonly end: number;
  readonly from: number;
  /**
   * The offset just after its second line: where the block before it ends was decided by lines up to
   * there (a table, which may interrupt a paragraph, is known by its second line).
   */
  readonly stableEnd: number;
  readonly block: MarkdownBlock;
}

/** The last render's split of the text, for the next one to parse again only around what changed. */
export interface BlockSplit {
  readonly src: string;
  readonly sourceLines: boolean;
  readonly ranges: readonly Range[];
  readonly references?: Record<string, unknown>;
  readonly abbreviations?: Record<string, unknown>;
}

export interface BlockCache {
  readonly blocks: RenderMemo<MarkdownBlock>;
  split?: BlockSplit;
}

type Scan = { references?: Record<string, unknown>; abbreviations?: Record<string, unknown> };

/** The top-level blocks of a text by markdown-it's block parse: lines and offsets relative to the text. */
type Split = { start: number; end: number; from: number; to: number; stableEnd: number; complete: boolean };

function splitText(text: string, scan: Scan): Split[] | undefined {
  const md = sharedMarkdown();
  const tokens: Token[] = [];
  const state = new md.block.State(text, md, scan, tokens);
  md.block.tokenize(state, state.line, state.lineMax);
  const offsetOf = (line: number) => (line < state.lineMax ? state.bMarks[line] : text.length);
  const out: Split[] = [];
  for (const t of tokens) {
    if (t.level !== 0 || t.nesting === -1) continue;
    if (!t.map) return undefined;
    const [start, end] = t.map;
    const from = offsetOf(start);
    let k = from;
    while (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x09) k++;
    // An IAL on a paragraph of its own may apply to the block before (a table's): keep them together.
    if (out.length > 0 && text.charCodeAt(k) === 0x7b /* { */) {
      const last = out[out.length - 1];
      out[out.length - 1] = { ...last, end, to: offsetOf(end) };
    } else {
      // Its first two lines are whole in the text, ended by a newline (else what follows could change them).
      const complete = start + 1 < state.lineMax && state.eMarks[start + 1] < text.length;
      out.push({ start, end, from, to: offsetOf(end), stableEnd: complete ? state.eMarks[start + 1] + 1 : Infinity, complete });
    }
  }
  return out;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let step = 4096; step >= 16; step >>= 4) while (i + step <= n && a.slice(i, i + step) === b.slice(i, i + step)) i += step;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, max: number): number {
  let i = 0;
  for (let step = 4096; step >= 16; step >>= 4) while (i + step <= max && a.slice(a.length - i - step, a.length - i) === b.slice(b.length - i - step, b.length - i)) i += step;
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/**
 * The new text's blocks from the last split: kept before the change, parsed again from the last block
 * that starts on a line before the change up to the first block after it that starts where a block of
 * the last split started (from there on the text, hence its parse, is the same). Undefined when the
 * change may touch a definition (link reference, abbreviation) that blocks elsewhere use.
 */
function resplit(prev: BlockSplit, src: string, render: (source: string) => MarkdownBlock): Range[] | undefined {
  const old = prev.src;
  if (old === src) return [...prev.ranges];
  const p = commonPrefix(old, src);
  const q = commonSuffix(old, src, Math.min(old.length, src.length) - p);
  const delta = src.length - old.length;
  const ranges = prev.ranges;
  // The last block whose first line is wholly before the change: the parse is the same up to it.
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].stableEnd <= p) lo = mid + 1;
    else hi = mid;
  }
  const k0 = lo - 1;
  const from = k0 >= 0 ? ranges[k0].from : 0;
  const line = k0 >= 0 ? ranges[k0].start : 0;
  const changeEnd = src.length - q;
  for (let margin = 512; ; margin *= 4) {
    let to = Math.min(src.length, changeEnd + margin);
    const nl = src.indexOf('\n', to);
    to = nl < 0 || to >= src.length ? src.length : nl + 1;
    const window = src.slice(from, to);
    if (firstColonAbbr(window)) return undefined;
    const parsed = splitText(window, {});
    if (!parsed) return undefined;
    // The first block past the change that starts where an old block started.
    let j = -1;
    let b = -1;
    for (let i = 1; i < parsed.length && j < 0; i++) {
      const at = from + parsed[i].from;
      if (at < changeEnd || (!parsed[i].complete && to < src.length)) continue;
      const oldAt = at - delta;
      let l = 0;
      let h = ranges.length;
      while (l < h) {
        const m = (l + h) >> 1;
        if (ranges[m].from < oldAt) l = m + 1;
        else h = m;
      }
      if (l < ranges.length && ranges[l].from === oldAt) {
        j = l;
        b = i;
      }
    }
    if (j < 0 && to < src.length) continue;
    const newEnd = j < 0 ? src.length : from + parsed[b].from;
    const oldEnd = j < 0 ? old.length : ranges[j].from;
    // A definition changed (or moved across the parse) would change blocks elsewhere.
    if (src.slice(from, newEnd).includes(']:') || old.slice(from, oldEnd).includes(']:')) return undefined;
    const out: Range[] = ranges.slice(0, Math.max(0, k0));
    for (const r of j < 0 ? parsed : parsed.slice(0, b)) {
      out.push({ start: line + r.start, end: line + r.end, from: from + r.from, stableEnd: from + r.stableEnd, block: render(window.slice(r.from, r.to)) });
    }
    if (j >= 0) {
      const dl = line + parsed[b].start - ranges[j].start;
      for (let k = j; k < ranges.length; k++) {
        const r = ranges[k];
        out.push(dl === 0 && delta === 0 ? r : { start: r.start + dl, end: r.end + dl, from: r.from + delta, stableEnd: r.stableEnd + delta, block: r.block });
      }
    }
    return out;
  }
}

/**
 * Renders Markdown block by block: the text is split into its top-level blocks by markdown-it's block
 * parse (after an edit, only around the edit), and each block's HTML is kept by its source and the
 * document-wide definitions it may use (link references, abbreviations), with its lines and header ids
 * left as marks filled in per render. An update renders again only the blocks that changed. Undefined
 * when the document has what only the whole-document render gets right (footnotes, a TOC).
 */
export function renderBlocks(body: string, env: MarkdownEnv, cache: BlockCache): BlockRender | undefined {
  const md = sharedMarkdown();
  // markdown-it's own normalization, so that lines are its lines.
  let src = body.includes('\r') ? body.replace(/\r\n?/g, '\n') : body;
  if (src.includes('\0')) src = src.replace(/\0/g, '\ufffd');
  const sourceLines = env.sourceLines ?? false;
  const prev = cache.split?.sourceLines === sourceLines ? cache.split : undefined;
  let references = prev?.references;
  let abbreviations = prev?.abbreviations;
  let plainScope = '';
  let referencesScope = '';
  const scopes = () => {
    plainScope = `${sourceLines ? 'l' : '-'}\u0000${abbreviations ? JSON.stringify(abbreviations) : ''}`;
    referencesScope = references ? `${plainScope}\u0000${JSON.stringify(references)}` : plainScope;
  };
  scopes();
  const render = (source: string): MarkdownBlock => {
    const usesReferences = references !== undefined && source.includes('[');
    const scope = usesReferences ? referencesScope : plainScope;
    let block = cache.blocks.get(scope, source);
    if (!block) {
      const bases: string[] = [];
      const recorder: Ids = {
        next(id) {
          bases.push(id);
          return '';
        },
      };
      const blockEnv: MarkdownEnv & Record<string, unknown> = { sourceLines, lineOffset: 0, marks: true, headerIds: recorder };
      if (usesReferences) blockEnv.references = { ...references };
      if (abbreviations) blockEnv.abbreviations = { ...abbreviations };
      const marked = md.render(source, blockEnv);
      const plainMarked = marked.replace(/ data-line="\d+"/g, '').replace(/ data-line="\u0001\d+\u0002"/g, '');
      block = { marked, parts: splitMarks(marked), bases, plainParts: splitMarks(plainMarked), words: wordsOf(marked), whole: wholeOnly(source) };
      cache.blocks.set(scope, source, block);
    }
    return block;
  };
  if (firstColonAbbr(src)) return undefined;
  let ranges = prev ? resplit(prev, src, render) : undefined;
  if (!ranges) {
    const scan: Scan = {};
    const parsed = splitText(src, scan);
    if (!parsed) return undefined;
    references = scan.references && Object.keys(scan.references).length > 0 ? scan.references : undefined;
    abbreviations = scan.abbreviations;
    scopes();
    ranges = parsed.map((r) => ({ start: r.start, end: r.end, from: r.from, stableEnd: r.stableEnd, block: render(src.slice(r.from, r.to)) }));
  }
  cache.split = { src, sourceLines, ranges, references, abbreviations };
  // Definitions hold text that blocks show: the marks' characters there would be taken for marks.
  if (/\\u000[0-5]/.test(referencesScope)) return undefined;
  const lineOffset = env.lineOffset ?? 0;
  const headerIds = new HeaderIds();
  const placed: PlacedBlock[] = [];
  let html = '';
  let absentIds = 0;
  let spacedIds = false;
  for (const { start, block } of ranges) {
    if (block.whole) return undefined;
    const ids = block.bases.length === 0 ? NO_IDS : block.bases.map((b) => headerIds.next(b));
    for (const id of ids) {
      if (id === '') absentIds++;
      else if (/[\s&<>"\u00a0]/.test(id)) spacedIds = true;
    }
    const line = lineOffset + start;
    placed.push({ block, line, ids });
    html += block.parts.length === 1 ? block.marked : fillMarks(block.parts, line, ids);
  }
  // Header ids come from kramdownId: letters, digits, '-' and '_' (nothing to escape, no blanks).
  if (spacedIds) return undefined;
  // A header without id has one attribute (one run of the word count) fewer.
  const words = joinWords(placed.map((p) => p.block.words)) - absentIds;
  let plain: string | undefined;
  return {
    html,
    plain: () => (plain ??= placed.map((p) => (p.block.plainParts.length === 1 ? p.block.plainParts[0] : fillMarks(p.block.plainParts, 0, p.ids))).join('')),
    words,
    blocks: placed,
  };
}

const NO_IDS: readonly string[] = [];
