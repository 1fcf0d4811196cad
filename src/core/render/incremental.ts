import type Token from 'markdown-it/lib/token.mjs';
import { HeaderIds } from '../anchors';
import { sharedMarkdown, MarkdownEnv } from './markdown';

/**
 * A cache that keeps what the last render used and drops the rest when the next render begins: memory
 * stays that of about one document while typing.
 */
export class RenderMemo<V> {
  private last = new Map<string, V>();
  private current = new Map<string, V>();
  /** Starts a render: what the render before the last one used and the last did not is dropped. */
  begin(): void {
    if (this.current.size === 0) return;
    this.last = this.current;
    this.current = new Map();
  }
  get(key: string): V | undefined {
    let v = this.current.get(key);
    if (v === undefined) {
      v = this.last.get(key);
      if (v !== undefined) this.current.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.current.set(key, value);
  }
  get size(): number {
    return this.current.size + this.last.size;
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
  /** `withoutSourceLines(html)`. */
  readonly plain: string;
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
  return /[\u0001-\u0005]/.test(src) || src.includes('[^') || src.includes('^[') || /\{[^}]*toc/i.test(src);
}

type Ids = { next(id: string): string };

/**
 * Renders Markdown block by block: the text is split into its top-level blocks by markdown-it's block
 * parse, and each block's HTML is kept by its source and the document-wide definitions it may use (link
 * references, abbreviations), with its lines and header ids left as marks filled in per render. An
 * update renders again only the blocks that changed. Undefined when the document has what only the
 * whole-document render gets right (footnotes, a TOC).
 */
export function renderBlocks(body: string, env: MarkdownEnv, memo: RenderMemo<MarkdownBlock>): BlockRender | undefined {
  const md = sharedMarkdown();
  // markdown-it's own normalization, so that lines are its lines.
  const src = body.replace(/\r\n?/g, '\n').replace(/\0/g, '\ufffd');
  if (wholeOnly(src)) return undefined;
  const scan: { references?: Record<string, unknown>; abbreviations?: Record<string, unknown> } = {};
  const tokens: Token[] = [];
  const state = new md.block.State(src, md, scan, tokens);
  md.block.tokenize(state, state.line, state.lineMax);
  const ranges: [number, number][] = [];
  for (const t of tokens) {
    if (t.level !== 0 || t.nesting === -1) continue;
    if (!t.map) return undefined;
    const [start, end] = t.map;
    // An IAL on a paragraph of its own may apply to the block before (a table's): keep them together.
    if (ranges.length > 0 && /^[ \t]*\{/.test(src.slice(state.bMarks[start], state.bMarks[start] + 200))) ranges[ranges.length - 1][1] = end;
    else ranges.push([start, end]);
  }
  const offsetOf = (line: number) => (line < state.lineMax ? state.bMarks[line] : src.length);
  const references = scan.references && Object.keys(scan.references).length > 0 ? scan.references : undefined;
  const abbreviations = scan.abbreviations;
  const referencesKey = references ? JSON.stringify(references) : '';
  const abbreviationsKey = abbreviations ? JSON.stringify(abbreviations) : '';
  const sourceLines = env.sourceLines ?? false;
  const lineOffset = env.lineOffset ?? 0;
  const headerIds = new HeaderIds();
  const placed: PlacedBlock[] = [];
  let html = '';
  let plain = '';
  let absentIds = 0;
  let spacedIds = false;
  for (const [start, end] of ranges) {
    const source = src.slice(offsetOf(start), offsetOf(end));
    const usesReferences = references !== undefined && source.includes('[');
    const key = `${sourceLines ? 'l' : '-'}${usesReferences ? referencesKey : ''}\u0000${abbreviationsKey}\u0000${source}`;
    let block = memo.get(key);
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
      block = { marked, parts: splitMarks(marked), bases, plainParts: splitMarks(plainMarked), words: wordsOf(marked) };
      memo.set(key, block);
    }
    const ids = block.bases.map((b) => headerIds.next(b));
    for (const id of ids) {
      if (id === '') absentIds++;
      else if (/[\s&<>"\u00a0]/.test(id)) spacedIds = true;
    }
    const line = lineOffset + start;
    placed.push({ block, line, ids });
    html += block.parts.length === 1 ? block.marked : fillMarks(block.parts, line, ids);
    plain += block.plainParts.length === 1 ? block.plainParts[0] : fillMarks(block.plainParts, 0, ids);
  }
  // Header ids come from kramdownId: letters, digits, '-' and '_' (nothing to escape, no blanks).
  if (spacedIds) return undefined;
  // A header without id has one attribute (one run of the word count) fewer.
  const words = joinWords(placed.map((p) => p.block.words)) - absentIds;
  return { html, plain, words, blocks: placed };
}
