import { Parser, InsertionMode, defaultTreeAdapter, serialize, DefaultTreeAdapterTypes as T } from 'parse5';
import { collectImageUrls, sanitizeTree, preparedDocument, preparedFragment, isElement, CONTENT_SLOT, ContentSlot, PreparedHtml, SanitizeHooks, SanitizeReport, Verdict } from './sanitize';
import { RenderMemo, PlacedBlock, fillMarks, splitMarks } from './incremental';

/*
 * The sanitizer block by block. Parsing the whole page (layout and content) on every keystroke is most
 * of an update's time; instead the layout's shell (the page with a slot element where the content
 * goes) and each block of the content are parsed on their own, and a block's sanitized HTML is kept
 * while its HTML stays the same. This gives the page the whole-page parse gives only when the pieces
 * cannot tell they were apart, which is checked, not assumed:
 * - the slot stands where the parser is "in body", with nothing pending (no formatting element to
 *   reconstruct, no form, no table or foreign content, no template), and its ancestors are plain
 *   containers (html, body, div and the sectioning elements), in a no-quirks document;
 * - a block, parsed as a fragment in the slot's parent, ends where it began: every element it opened is
 *   closed, nothing is pending, the tokenizer is back in its data state (a sentinel tag after the block
 *   is read as a tag: no unclosed comment, <style>, <textarea>, attribute…), and it never reaches out: no
 *   end tag that would close one of the ancestors in the page, no start tag that acts on the document
 *   (<html>, <body>, <form>, <frameset>…), no <template>, <svg> or <math> (whose rules differ by context).
 * Whatever fails a check makes the whole page go the usual way.
 */

const HTML_NS = 'http://www.w3.org/1999/xhtml';
/** The elements the slot may stand in (also the end tags a block may not leave unmatched). */
const CONTAINERS = new Set(['html', 'body', 'div', 'main', 'article', 'section', 'aside', 'header', 'footer', 'nav']);
/** Start tags a block may not have: they act on the document or on elements outside the block, or parse by context. */
const REACHING = new Set(['html', 'body', 'head', 'frameset', 'frame', 'form', 'template', 'svg', 'math', 'plaintext', 'isindex']);
const SENTINEL = 'ipe-block-end-7d3';

/** The parser's state (parse5's internals, read only), for the checks above. */
interface ParserState {
  insertionMode: InsertionMode;
  formElement: unknown;
  fosterParentingEnabled: boolean;
  currentNotInHTML: boolean;
  skipNextNewLine: boolean;
  tmplInsertionModeStack: InsertionMode[];
  pendingCharacterTokens: unknown[];
  activeFormattingElements: { newest: unknown };
  openElements: { depth: number; indexOfTopmostByName(ns: string, tagName: string): number };
  tokenizer: { write(chunk: string, isLastChunk: boolean): void };
  document: T.Document;
  onStartTag(token: { tagName: string; attrs: unknown[]; selfClosing: boolean }): void;
  onEndTag(token: { tagName: string }): void;
  getFragment(): T.DocumentFragment;
}

/** Nothing is pending in the parser: what comes next parses as at the start of a body's content. */
function settled(p: ParserState): boolean {
  // parse5's internals: a version that names them otherwise makes every check fail (the page goes whole).
  return (
    Array.isArray(p.pendingCharacterTokens) &&
    Array.isArray(p.tmplInsertionModeStack) &&
    p.insertionMode === InsertionMode.IN_BODY &&
    p.activeFormattingElements.newest === null &&
    p.formElement === null &&
    !p.fosterParentingEnabled &&
    !p.currentNotInHTML &&
    !p.skipNextNewLine &&
    p.pendingCharacterTokens.length === 0 &&
    p.tmplInsertionModeStack.every((m) => m === InsertionMode.IN_BODY)
  );
}

export interface PreparedShell extends PreparedHtml {
  /** The tag name of the slot's parent: the context blocks are parsed in. */
  readonly context: string;
}

/** A layout's shell as the sanitizer made it, kept while the layout's output (without the content) stays the same. */
export interface ShellEntry {
  /** Undefined when blocks cannot be put in it (the page goes whole). */
  readonly prepared?: Omit<PreparedShell, 'root'>;
  fresh?: PreparedShell;
  result?: { readonly before: string; readonly after: string; readonly report: SanitizeReport; readonly slot: ContentSlot; readonly calls: readonly Call[] };
}

/** The shell's entry: parsed and checked once per shell. */
export function shellEntry(memo: RenderMemo<ShellEntry>, shell: string, wholeDocument: boolean): ShellEntry {
  const scope = wholeDocument ? 'document' : 'fragment';
  let entry = memo.get(scope, shell);
  if (!entry) {
    const fresh = prepareShell(shell, wholeDocument);
    entry = fresh ? { prepared: { ...fresh, root: undefined } as Omit<PreparedShell, 'root'>, fresh } : {};
    memo.set(scope, shell, entry);
  }
  return entry;
}

/** The slot's markup, to put in the layout's output in place of the content. */
export const SLOT_MARKUP = `<${CONTENT_SLOT}></${CONTENT_SLOT}>`;

/** Parses a layout's output with a slot for the content (see above); undefined when a block could not be put there as it is. */
export function prepareShell(shell: string, wholeDocument: boolean): PreparedShell | undefined {
  try {
    return shellOf(shell, wholeDocument);
  } catch {
    // Only parse5's internals changing under these checks could throw here: the page goes whole.
    return undefined;
  }
}

function shellOf(shell: string, wholeDocument: boolean): PreparedShell | undefined {
  if (/<frameset/i.test(shell) || shell.indexOf(`<${CONTENT_SLOT}`) !== shell.lastIndexOf(`<${CONTENT_SLOT}`)) return undefined;
  const parser = (wholeDocument ? new Parser() : Parser.getFragmentParser(null)) as unknown as ParserState;
  let seen = 0;
  let ok = false;
  const onStartTag = parser.onStartTag.bind(parser);
  parser.onStartTag = (token) => {
    if (token.tagName === CONTENT_SLOT) {
      seen++;
      ok = token.attrs.length === 0 && !token.selfClosing && settled(parser);
    }
    onStartTag(token);
  };
  parser.tokenizer.write(shell, true);
  if (seen !== 1 || !ok) return undefined;
  let prepared: PreparedHtml;
  if (wholeDocument) {
    if (parser.document.mode !== 'no-quirks') return undefined;
    prepared = preparedDocument(parser.document);
  } else prepared = preparedFragment(parser.getFragment());
  const slot = findSlot(prepared.root);
  if (!slot || slot.childNodes.length > 0) return undefined;
  let context = '';
  for (let n = slot.parentNode; n && isElement(n); n = n.parentNode) {
    if (n.namespaceURI !== HTML_NS || !CONTAINERS.has(n.tagName)) return undefined;
    context ||= n.tagName;
  }
  return { ...prepared, context: context || 'body' };
}

function findSlot(node: T.ParentNode): T.Element | undefined {
  for (const c of node.childNodes) {
    if (!isElement(c)) continue;
    if (c.tagName === CONTENT_SLOT) return c;
    const found = findSlot(c);
    if (found) return found;
  }
  return undefined;
}

/** Parses a block's HTML as it would parse in the slot's place, or undefined when it is not self-contained there. */
export function parseBlock(html: string, context: string): T.DocumentFragment | undefined {
  try {
    return blockOf(html, context);
  } catch {
    return undefined;
  }
}

function blockOf(html: string, context: string): T.DocumentFragment | undefined {
  // The end must not run on into what follows (a character reference, CR LF, a surrogate pair).
  if (html === '' || !/[\n>]$/.test(html) || html.includes(SENTINEL) || html.includes(CONTENT_SLOT)) return undefined;
  const parser = Parser.getFragmentParser(defaultTreeAdapter.createElement(context, HTML_NS as never, [])) as unknown as ParserState;
  let ends = 0;
  let ok = false;
  let reaches = false;
  const onStartTag = parser.onStartTag.bind(parser);
  const onEndTag = parser.onEndTag.bind(parser);
  parser.onStartTag = (token) => {
    if (token.tagName === SENTINEL) {
      ends++;
      ok = parser.openElements.depth === 1 && settled(parser);
    } else if (REACHING.has(token.tagName)) reaches = true;
    onStartTag(token);
  };
  parser.onEndTag = (token) => {
    const name = token.tagName;
    // In the page this would close an ancestor of the slot (or end the body).
    if (name === 'html' || name === 'body' || (CONTAINERS.has(name) && parser.openElements.indexOfTopmostByName(HTML_NS, name) === -1)) reaches = true;
    onEndTag(token);
  };
  parser.tokenizer.write(`${html}<${SENTINEL}>`, true);
  if (reaches || ends !== 1 || !ok) return undefined;
  const fragment = parser.getFragment();
  const last = fragment.childNodes[fragment.childNodes.length - 1];
  if (!last || !isElement(last) || last.tagName !== SENTINEL || last.childNodes.length > 0) return undefined;
  fragment.childNodes.pop();
  return fragment;
}

type Call = readonly ['image', string, Verdict] | readonly ['link', string, string | undefined] | readonly ['problem', string, string | undefined];

/** A block of content as the sanitizer made it. */
export interface SanitizedBlock {
  /** The image URLs it loads; undefined when the block is not self-contained (the page goes whole). */
  readonly urls?: readonly string[];
  /** A parse not sanitized yet. */
  fresh?: T.DocumentFragment;
  result?: {
    /** The sanitized HTML, split at its marks (as the block's rendering). */
    readonly parts: readonly string[];
    readonly report: SanitizeReport;
    /** What it asked the hooks and was told: it holds while the answers stay the same. */
    readonly calls: readonly Call[];
  };
}

/** A block's entry: parsed and checked once per HTML. */
export function blockEntry(memo: RenderMemo<SanitizedBlock>, marked: string, context: string): SanitizedBlock {
  let entry = memo.get(context, marked);
  if (!entry) {
    const fragment = parseBlock(marked, context);
    entry = fragment ? { urls: [...collectImageUrls(fragment)], fresh: fragment } : {};
    memo.set(context, marked, entry);
  }
  return entry;
}

function sameVerdict(a: Verdict, b: Verdict): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'show') return a.url === (b as typeof a).url;
  return a.requested === (b as typeof a).requested && a.reason === (b as typeof a).reason;
}

/**
 * The second pass for a shell and its blocks: the shell sanitized, each block's sanitized HTML reused
 * while the hooks answer it the same, its marks filled in. Undefined if the slot went missing.
 */
export function finishSpliced(
  shellSource: string,
  shell: ShellEntry,
  blocks: readonly { placed: PlacedBlock; entry: SanitizedBlock }[],
  hooks: SanitizeHooks,
): { html: string; report: SanitizeReport } | undefined {
  const context = shell.prepared?.context;
  if (context === undefined) return undefined;
  // Hooks answer each question once per render.
  const images = new Map<string, Verdict>();
  const links = new Map<string, string | undefined>();
  const problems = new Map<string, string | undefined>();
  const image = (raw: string) => {
    let v = images.get(raw);
    if (!v) images.set(raw, (v = hooks.image(raw)));
    return v;
  };
  const link = (raw: string) => {
    if (!links.has(raw)) links.set(raw, hooks.link(raw));
    return links.get(raw);
  };
  const problem = (raw: string) => {
    if (!problems.has(raw)) problems.set(raw, hooks.linkProblem?.(raw));
    return problems.get(raw);
  };
  const holds = (calls: readonly Call[]) => calls.every((c) => (c[0] === 'image' ? sameVerdict(image(c[1]), c[2]) : c[0] === 'link' ? link(c[1]) === c[2] : problem(c[1]) === c[2]));
  /** The hooks, with what they are asked and answer written down. */
  const recording = (calls: Call[]): SanitizeHooks => ({
    image: (raw) => {
      const v = image(raw);
      calls.push(['image', raw, v]);
      return v;
    },
    link: (raw) => {
      const v = link(raw);
      calls.push(['link', raw, v]);
      return v;
    },
    linkProblem: hooks.linkProblem
      ? (raw) => {
          const v = problem(raw);
          calls.push(['problem', raw, v]);
          return v;
        }
      : undefined,
  });
  let outer = shell.result;
  if (outer && !holds(outer.calls)) outer = undefined;
  if (!outer) {
    const root = shell.fresh ?? prepareShell(shellSource, shell.prepared!.wholeDocument);
    shell.fresh = undefined;
    if (!root) return undefined;
    const calls: Call[] = [];
    const slot: ContentSlot = { found: 0, markers: 0, removed: 0 };
    const report = sanitizeTree(root.root, recording(calls), slot);
    const serialized = serialize(root.root);
    const at = serialized.indexOf(SLOT_MARKUP);
    if (slot.found !== 1 || at < 0 || serialized.indexOf(SLOT_MARKUP, at + 1) >= 0) return undefined;
    outer = { before: serialized.slice(0, at), after: serialized.slice(at + SLOT_MARKUP.length), report, slot, calls };
    shell.result = outer;
  }
  const markers = outer.report.markers.slice(0, outer.slot.markers);
  const removed = outer.report.removed.slice(0, outer.slot.removed);
  let html = outer.before;
  for (const { placed, entry } of blocks) {
    let result = entry.result;
    if (result && !holds(result.calls)) result = undefined;
    if (!result) {
      const root = entry.fresh ?? parseBlock(placed.block.marked, context);
      entry.fresh = undefined;
      if (!root) return undefined;
      const calls: Call[] = [];
      const report = sanitizeTree(root, recording(calls));
      result = { parts: splitMarks(serialize(root)), report, calls };
      entry.result = result;
    }
    html += result.parts.length === 1 ? result.parts[0] : fillMarks(result.parts, placed.line, placed.ids);
    markers.push(...result.report.markers);
    removed.push(...result.report.removed);
  }
  html += outer.after;
  markers.push(...outer.report.markers.slice(outer.slot.markers));
  removed.push(...outer.report.removed.slice(outer.slot.removed));
  return { html, report: { markers, removed } };
}
