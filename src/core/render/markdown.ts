import MarkdownIt from 'markdown-it';
import { HeaderIds, headerPlainText, kramdownId } from '../anchors';
import { useKramdown, useKramdownToc } from './kramdown';

/** Options for one Markdown render. */
export interface MarkdownEnv {
  /** The document line (0-based) the rendered text starts at: front matter lines come first. */
  lineOffset?: number;
  /** Whether to mark blocks with `data-line` (the preview's scroll sync). */
  sourceLines?: boolean;
  /**
   * For the block-by-block render: `data-line` values are written as `\u0001<line in the text>\u0002`
   * and header ids as `\u0003<n>\u0004` (the n-th header id of the text), for the caller to fill in.
   */
  marks?: boolean;
  /** The header ids given so far, when the text is one block of a larger document. */
  headerIds?: { next(id: string): string };
}

// Header ids come from the anchor model, so that the preview's ids are the ones the built site has.
export { kramdownId } from '../anchors';

let shared: MarkdownIt | undefined;

/**
 * markdown-it set up like kramdown (Jekyll's converter) where it shows: raw HTML passes through, smart
 * quotes, header ids; no linkify (kramdown does not turn bare URLs into links). Block tokens carry
 * `data-line` with their source line for the preview's scroll sync.
 */
export function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: true, breaks: false });
  // kramdown's typographic symbols are smart quotes, dashes and ellipses, not (c)/(tm)/+- replacements.
  md.disable('replacements');
  useKramdown(md);
  // kramdown keeps spaces in link and image URLs (`![a](/img/a b.png "T")` is an image of '/img/a b.png');
  // CommonMark does not. The destination runs to the title or the closing parenthesis.
  const commonMarkDestination = md.helpers.parseLinkDestination;
  md.helpers.parseLinkDestination = (str: string, start: number, max: number) => {
    if (str.charCodeAt(start) === 0x3c /* < */) return commonMarkDestination(str, start, max);
    let pos = start;
    let level = 0;
    while (pos < max) {
      const code = str.charCodeAt(pos);
      if (code === 0x0a || code === 0x0d) break;
      if (code === 0x5c /* \ */ && pos + 1 < max) {
        pos += 2;
        continue;
      }
      if (code === 0x28) level++;
      else if (code === 0x29) {
        if (level === 0) break;
        level--;
      } else if ((code === 0x20 || code === 0x09) && level === 0 && /^[ \t]*(?:(["'])(?:(?!\1)[^\n])*\1[ \t]*)?(?:\)|\r?\n|$)/.test(str.slice(pos, Math.min(max, pos + 1000)))) break;
      pos++;
    }
    if (pos === start || level !== 0) return commonMarkDestination(str, start, max);
    return { ok: true, pos, str: md.utils.unescapeAll(str.slice(start, pos)) };
  };
  md.core.ruler.push('ipe_header_ids', (state) => {
    const env = state.env as MarkdownEnv | undefined;
    const ids = env?.headerIds ?? new HeaderIds();
    const tokens = state.tokens;
    let n = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.type !== 'heading_open' || t.attrGet('id')) continue;
      const inline = tokens[i + 1];
      // The heading's source text, read as kramdown reads it (the same function as the anchor model's).
      const text = headerPlainText(inline?.content ?? '');
      const id = ids.next(kramdownId(text));
      // kramdown counts an empty id but writes none.
      if (env?.marks) t.attrSet('id', `\u0003${n++}\u0004`);
      else if (id !== '') t.attrSet('id', id);
    }
    return true;
  });
  useKramdownToc(md);
  md.core.ruler.push('ipe_source_lines', (state) => {
    const env = state.env as MarkdownEnv | undefined;
    if (!env?.sourceLines) return true;
    const offset = env.lineOffset ?? 0;
    for (const t of state.tokens) {
      if (t.map && t.nesting !== -1 && t.type !== 'inline' && t.type !== 'html_block') t.attrSet('data-line', env.marks ? `\u0001${t.map[0]}\u0002` : String(t.map[0] + offset));
    }
    return true;
  });
  // Fenced and indented code keep their data-line: markdown-it's fence renderer drops attributes.
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const line = tokens[idx].attrGet('data-line');
    const html = fence(tokens, idx, options, env, self);
    return line === null ? html : html.replace(/^<pre/, `<pre data-line="${line}"`);
  };
  const codeBlock = md.renderer.rules.code_block!;
  md.renderer.rules.code_block = (tokens, idx, options, env, self) => {
    const line = tokens[idx].attrGet('data-line');
    const html = codeBlock(tokens, idx, options, env, self);
    return line === null ? html : html.replace(/^<pre[^>]*>/, `<pre data-line="${line}">`);
  };
  return md;
}

/** The shared kramdown-like instance. */
export function sharedMarkdown(): MarkdownIt {
  return (shared ??= createMarkdown());
}

/** Renders Markdown to HTML with the shared kramdown-like instance. */
export function renderMarkdown(text: string, env: MarkdownEnv = {}): string {
  return sharedMarkdown().render(text, { ...env });
}
