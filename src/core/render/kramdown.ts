import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import footnote from 'markdown-it-footnote';
import deflist from 'markdown-it-deflist';
import abbr from 'markdown-it-abbr';
import { typographicSymbols } from '../typography';
import attrs from 'markdown-it-attrs';

/**
 * kramdown's syntax beyond CommonMark, as GitHub Pages builds it (kramdown with `input: GFM` and rouge),
 * on a markdown-it instance:
 * - footnotes, definition lists, abbreviations: the maintained markdown-it plugins, with footnotes
 *   written in kramdown's markup (`<sup id="fnref:1">`, `<div class="footnotes">`);
 * - IAL `{: .class #id key="v"}` after a block or a span and `{#id}` after a header: markdown-it-attrs;
 * - typography: `--` `---` `...` `<<` `>>` and quotes, curled as kramdown does even when unpaired;
 * - `markdown="1"` on an HTML block: its content is Markdown, the attribute goes;
 * - `* TOC\n{:toc}`: kramdown's table of contents (`<ul id="markdown-toc">`);
 * - code blocks and spans in rouge's wrappers (`highlighter-rouge`).
 */
export function useKramdown(md: MarkdownIt): void {
  md.use(footnote);
  md.use(deflist);
  md.use(abbr);
  // `{: …}` is kramdown's IAL; `{#id}` / `{.class}` after a header text is its header-id form.
  md.use(attrs, { leftDelimiter: '{:', rightDelimiter: '}', allowedAttributes: [] });
  md.use(attrs, { leftDelimiter: '{', rightDelimiter: '}', allowedAttributes: [] });
  // The attribute passes walk every token: skip them for a text without a '{' (most updates).
  const rules = (md.core.ruler as unknown as { __rules__: { name: string; fn: (state: { src: string }) => boolean }[] }).__rules__;
  for (const rule of rules) {
    if (rule.name !== 'curly_attributes') continue;
    const fn = rule.fn;
    rule.fn = (state) => (state.src.includes('{') ? fn(state) : true);
  }
  footnotesAsKramdown(md);
  md.core.ruler.after('smartquotes', 'ipe_kramdown_typography', typography);
  md.core.ruler.push('ipe_markdown_attribute', (state) => markdownInHtml(md, state.tokens, state.env));
  // `<<` is a guillemet before it can open an HTML tag (`<<merci>>`).
  md.inline.ruler.before('html_inline', 'ipe_guillemet', (state, silent) => {
    if (state.src.charCodeAt(state.pos) !== 0x3c || state.src.charCodeAt(state.pos + 1) !== 0x3c) return false;
    if (!silent) state.push('text', '', 0).content = '\u00ab';
    state.pos += 2;
    return true;
  });
  rougeWrappers(md);
}

/** kramdown's table of contents; to run after the header ids are set. */
export function useKramdownToc(md: MarkdownIt): void {
  md.core.ruler.push('ipe_toc', (state) => toc(state.tokens, state.Token as unknown as TokenClass));
}

type TokenClass = new (type: string, tag: string, nesting: -1 | 0 | 1) => Token;

/** kramdown's typographic symbols on text: dashes, ellipsis, guillemets, and quotes markdown-it left straight. */
function typography(state: { tokens: Token[] }): boolean {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const children = block.children;
    for (let i = 0; i < children.length; i++) {
      const t = children[i];
      if (t.type !== 'text' || !/--|\.\.\.|\. \. \.|<<|>>|["']/.test(t.content)) continue;
      let s = typographicSymbols(t.content);
      if (s.includes('"') || s.includes("'")) {
        // What smartquotes could not pair: kramdown curls it by what is around it.
        const before = i > 0 && children[i - 1].type !== 'softbreak' && children[i - 1].type !== 'hardbreak' ? 'x' : ' ';
        s = s.replace(/["']/g, (q, at: number, all: string) => {
          const prev = at > 0 ? all[at - 1] : before;
          const opening = /[\s([{\u2014\u2013-]/.test(prev) || (at === 0 && before === ' ');
          if (q === '"') return opening ? '\u201c' : '\u201d';
          return opening ? '\u2018' : '\u2019';
        });
      }
      t.content = s;
    }
  }
  return true;
}

/** `<div markdown="1">` (or "block"/"span"): the content is Markdown; kramdown drops the attribute. */
function markdownInHtml(md: MarkdownIt, tokens: Token[], env: unknown): boolean {
  const attr = /\smarkdown=(["']?)(1|block|span)\1/i;
  for (const t of tokens) {
    if (t.type !== 'html_block' || !attr.test(t.content)) continue;
    const m = /^(\s*<([a-z][a-z0-9-]*)\b[^>]*>)([\s\S]*?)(<\/\2>\s*)?$/i.exec(t.content);
    if (!m) {
      t.content = t.content.replace(attr, '');
      continue;
    }
    const open = m[1].replace(attr, '');
    const inner = m[3];
    const close = m[4] ?? '';
    const rendered = inner.trim() === '' ? inner : '\n' + md.render(inner.replace(/^\n/, ''), { ...(env as object), sourceLines: false, marks: false, headerIds: undefined });
    t.content = open + rendered + close;
  }
  return true;
}

/** kramdown's `{:toc}`: a list whose only item is `TOC` becomes the nested list of the headers after it. */
function toc(tokens: Token[], TokenCtor: TokenClass): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if ((t.type !== 'bullet_list_open' && t.type !== 'ordered_list_open') || !tokens[i + 3]) continue;
    const inline = tokens[i + 3];
    if (inline.type !== 'inline' || !inline.content.startsWith('TOC')) continue;
    const closeIndex = tokens.findIndex((x, k) => k > i && x.type === t.type.replace('_open', '_close') && x.level === t.level);
    if (closeIndex < 0 || closeIndex !== i + 6) continue;
    // `{:toc}` may have been read as an IAL already (an attribute `toc` on the list, item or paragraph).
    const marked = tokens.slice(i, closeIndex + 1).some((x) => x.attrGet('toc') !== null);
    if (inline.type !== 'inline' || !(/^TOC\s*\n?\s*\{:\s*toc\s*\}\s*$/.test(inline.content) || (inline.content.trim() === 'TOC' && marked))) continue;
    const headers: { level: number; id: string; html: Token[] }[] = [];
    for (let k = closeIndex; k < tokens.length; k++) {
      const h = tokens[k];
      if (h.type !== 'heading_open' || (h.attrGet('class') ?? '').split(/\s+/).includes('no_toc')) continue;
      const id = h.attrGet('id');
      if (id) headers.push({ level: Number(h.tag.slice(1)), id, html: tokens[k + 1].children ?? [] });
    }
    const out: Token[] = [];
    const open = new TokenCtor('html_block', '', 0);
    let html = '<ul id="markdown-toc">\n';
    const stack: number[] = [];
    for (const h of headers) {
      while (stack.length > 0 && stack[stack.length - 1] > h.level) {
        stack.pop();
        html += '</li>\n</ul>\n';
      }
      if (stack.length > 0 && stack[stack.length - 1] === h.level) html += '</li>\n';
      else if (stack.length > 0) {
        html += '\n<ul>\n';
      }
      if (stack.length === 0 || stack[stack.length - 1] < h.level) stack.push(h.level);
      const text = h.html.filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join('');
      html += `<li><a href="#${escapeAttr(h.id)}" id="markdown-toc-${escapeAttr(h.id)}">${escapeText(text)}</a>`;
    }
    while (stack.length > 0) {
      stack.pop();
      html += stack.length > 0 ? '</li>\n</ul>\n' : '</li>\n';
    }
    html += '</ul>\n';
    open.content = headers.length > 0 ? html : '';
    open.map = t.map;
    out.push(open);
    tokens.splice(i, closeIndex - i + 1, ...out);
  }
  return true;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Footnotes in kramdown's markup. */
function footnotesAsKramdown(md: MarkdownIt): void {
  const rules = md.renderer.rules;
  const name = (tokens: Token[], idx: number) => {
    const meta = tokens[idx].meta as { id: number; label?: string; subId?: number };
    return meta.label ?? String(meta.id + 1);
  };
  rules.footnote_ref = (tokens, idx) => {
    const meta = tokens[idx].meta as { id: number; subId: number };
    const id = name(tokens, idx);
    const ref = meta.subId > 0 ? `fnref:${id}:${meta.subId}` : `fnref:${id}`;
    return `<sup id="${escapeAttr(ref)}" role="doc-noteref"><a href="#fn:${escapeAttr(id)}" class="footnote" rel="footnote">${meta.id + 1}</a></sup>`;
  };
  rules.footnote_block_open = () => '<div class="footnotes" role="doc-endnotes">\n<ol>\n';
  rules.footnote_block_close = () => '</ol>\n</div>\n';
  rules.footnote_open = (tokens, idx) => `<li id="fn:${escapeAttr(name(tokens, idx))}" role="doc-endnote">\n`;
  rules.footnote_close = () => '</li>\n';
  rules.footnote_anchor = (tokens, idx) => {
    const meta = tokens[idx].meta as { subId: number };
    const id = name(tokens, idx);
    const ref = meta.subId > 0 ? `fnref:${id}:${meta.subId}` : `fnref:${id}`;
    return ` <a href="#${escapeAttr(ref)}" class="reversefootnote" role="doc-backlink">\u21a9</a>`;
  };
}

/** Code blocks and spans as kramdown with rouge writes them (the highlighting spans aside). */
function rougeWrappers(md: MarkdownIt): void {
  const rules = md.renderer.rules;
  const escape = md.utils.escapeHtml;
  rules.fence = (tokens, idx) => {
    const t = tokens[idx];
    const lang = t.info.trim().split(/\s+/)[0] ?? '';
    const line = t.attrGet('data-line');
    // Jekyll's kramdown default: code without a language is 'plaintext'.
    const cls = `language-${escape(lang || 'plaintext')} highlighter-rouge`;
    return `<div class="${cls}"${line === null ? '' : ` data-line="${line}"`}><div class="highlight"><pre class="highlight"><code>${escape(t.content)}</code></pre></div></div>\n`;
  };
  rules.code_block = (tokens, idx) => {
    const t = tokens[idx];
    const line = t.attrGet('data-line');
    return `<div class="language-plaintext highlighter-rouge"${line === null ? '' : ` data-line="${line}"`}><div class="highlight"><pre class="highlight"><code>${escape(t.content)}</code></pre></div></div>\n`;
  };
  rules.code_inline = (tokens, idx) => `<code class="language-plaintext highlighter-rouge">${escape(tokens[idx].content)}</code>`;
}
