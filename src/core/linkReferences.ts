/**
 * The links of a document, in the one reference model (`Reference`, `target` 'link', 'stylesheet' or
 * 'include'): Markdown inline, reference-style and shortcut links, autolinks, HTML `<a href>`,
 * `<area href>` and `<link href>`, and the Liquid tags `{% post_url %}`, `{% link %}` and
 * `{% include %}`. Code spans, code blocks, HTML comments, Liquid comments and `{% raw %}` are skipped,
 * as for images.
 */
import type { FrontMatter } from './frontMatter';
import { closeBracket, DEFINITION, destinationUrl, Exclusions, nextLineMatch, normalizeLabel, readDestination, readStartTag, Reference } from './references';
import type { OffsetRange } from './text';

const LIQUID_TAG = /\{%-?\s*(post_url|link|include)\s+([^%]*?)\s*-?%\}/y;
const RAW_OPEN = /\{%-?\s*raw\s*-?%\}/y;
const RAW_CLOSE = /\{%-?\s*endraw\s*-?%\}/g;
// Only an http(s) autolink can name a page of the site; other schemes are never judged.
const AUTOLINK = /<(https?:\/\/[^\s<>]*)>/gi;

/** Ranges of `{% raw %}…{% endraw %}`: Liquid writes what is inside as text. */
function rawRanges(text: string, from: number): OffsetRange[] {
  const out: OffsetRange[] = [];
  for (let p = text.indexOf('{%', from); p >= 0; p = text.indexOf('{%', p + 2)) {
    RAW_OPEN.lastIndex = p;
    const open = RAW_OPEN.exec(text);
    if (!open) continue;
    RAW_CLOSE.lastIndex = p + open[0].length;
    const close = RAW_CLOSE.exec(text);
    const end = close ? close.index + close[0].length : text.length;
    out.push({ start: p, end });
    p = end - 2;
  }
  return out;
}

/** Whether a start tag of a, area or link begins at `i` (a '<'). */
function isLinkTagAt(text: string, i: number): number {
  const c = text.charCodeAt(i + 1) | 0x20;
  let end: number;
  if (c === 97 /* a */) end = (text.charCodeAt(i + 2) | 0x20) === 114 /* r */ ? (text.slice(i + 1, i + 5).toLowerCase() === 'area' ? i + 5 : -1) : i + 2;
  else if (c === 108 /* l */) end = text.slice(i + 1, i + 5).toLowerCase() === 'link' ? i + 5 : -1;
  else return -1;
  if (end < 0) return -1;
  const after = text.charCodeAt(end);
  return after === 32 || after === 9 || after === 10 || after === 13 || after === 12 || after === 47 || after === 62 ? end : -1;
}

const within = (ranges: readonly OffsetRange[], offset: number) => ranges.some((r) => r.start <= offset && offset < r.end);

/**
 * Every link, stylesheet and include reference of a document's body, in source order. `liquid` false:
 * the build does not render the page's Liquid (plain Jekyll, `render_with_liquid: false`), so its tags
 * are text, `{% raw %}` included, and a link whose text holds Liquid is `literal`.
 */
export function extractLinks(text: string, frontMatter: FrontMatter, markdown: boolean, exclusions?: Exclusions, liquid = true): Reference[] {
  const from = frontMatter.bodyOffset;
  const excluded = exclusions ?? new Exclusions(text, from, markdown, liquid);
  const raw = liquid ? rawRanges(text, from) : [];
  const skip = (offset: number) => excluded.has(offset) || (raw.length > 0 && within(raw, offset));
  const refs: Reference[] = [];

  if (markdown) markdownLinks(text, from, skip, refs);

  if (text.includes('<', from)) {
    for (let i = text.indexOf('<', from); i >= 0; i = text.indexOf('<', i + 1)) {
      if (isLinkTagAt(text, i) < 0 || skip(i)) continue;
      const tag = readStartTag(text, i);
      if (!tag) continue;
      const href = tag.attributes.find((a) => a.name === 'href');
      i = Math.max(i, tag.range.end - 1);
      if (!href) continue;
      const value = href.value;
      const trimmed = value.trim();
      if (trimmed === '') continue;
      const lead = value.length - value.trimStart().length;
      const range = { start: href.valueRange.start + lead, end: href.valueRange.start + lead + trimmed.length };
      const name = tag.name;
      const rel = tag.attributes.find((a) => a.name === 'rel')?.value.toLowerCase() ?? '';
      // <link rel="stylesheet|icon|preload…"> loads a file; <link rel="canonical|alternate"> names a page.
      const target = name === 'link' && !/\b(canonical|alternate|prev|next|author|help|license|search|bookmark)\b/.test(rel) ? 'stylesheet' : 'link';
      refs.push({ kind: 'html-href', target, raw: trimmed, range, context: `<${name} href>` });
    }
    if (markdown && (text.includes('<http', from) || text.includes('<HTTP', from))) {
      AUTOLINK.lastIndex = from;
      for (let m; (m = AUTOLINK.exec(text)); ) {
        if (skip(m.index)) continue;
        refs.push({ kind: 'markdown-link', target: 'link', raw: m[1], range: { start: m.index + 1, end: m.index + 1 + m[1].length }, context: 'autolink' });
      }
    }
  }

  for (let p = liquid ? text.indexOf('{%', from) : -1; p >= 0; p = text.indexOf('{%', p + 2)) {
    LIQUID_TAG.lastIndex = p;
    const m = LIQUID_TAG.exec(text);
    if (!m || skip(m.index)) continue;
    const argStart = m.index + m[0].indexOf(m[2], m[0].indexOf(m[1]) + m[1].length);
    // The first word is the name; include takes parameters after it.
    const arg = m[1] === 'include' ? (/^\S+/.exec(m[2])?.[0] ?? '') : m[2].trim();
    if (arg === '') continue;
    const kind = m[1] === 'post_url' ? 'liquid-post-url' : m[1] === 'link' ? 'liquid-link' : 'liquid-include';
    refs.push({ kind, target: m[1] === 'include' ? 'include' : 'link', raw: arg, range: { start: argStart, end: argStart + arg.length }, context: `{% ${m[1]} %}`, span: { start: m.index, end: m.index + m[0].length } });
  }
  if (!liquid) for (let i = 0; i < refs.length; i++) if (refs[i].raw.includes('{{') || refs[i].raw.includes('{%')) refs[i] = { ...refs[i], literal: true };
  return sortedByStart(refs);
}

/** The references in source order: sorted only when the passes above left them out of order. */
function sortedByStart(refs: Reference[]): Reference[] {
  for (let i = 1; i < refs.length; i++) if (refs[i].range.start < refs[i - 1].range.start) return refs.sort((a, b) => a.range.start - b.range.start);
  return refs;
}

function markdownLinks(text: string, from: number, skip: (offset: number) => boolean, refs: Reference[]): void {
  if (!text.includes('[', from)) return;
  let definitions: Map<string, OffsetRange> | undefined;
  const definitionLines: OffsetRange[] = [];
  let d: RegExpExecArray | null;
  for (let at = from; (d = nextLineMatch(text, at, '[', DEFINITION)); at = d.index + Math.max(1, d[0].length)) {
    if (skip(d.index) || d[1].startsWith('^')) continue;
    definitionLines.push({ start: d.index, end: d.index + d[0].length });
    const label = normalizeLabel(d[1]);
    if (definitions?.has(label)) continue;
    const restStart = d.index + d[0].length - d[2].length;
    const range = destinationUrl(text, restStart, restStart + d[2].replace(/\r$/, '').length);
    if (range) (definitions ??= new Map()).set(label, range);
  }
  const used = new Set<string>();
  for (let i = text.indexOf('[', from); i >= 0; i = text.indexOf('[', i + 1)) {
    if (text[i - 1] === '!' || text[i - 1] === '\\' || text[i + 1] === '^' || skip(i)) continue;
    if (definitionLines.length > 0 && within(definitionLines, i)) continue;
    const close = closeBracket(text, i + 1, Math.min(text.length, i + 1000));
    if (close < 0) continue;
    const linkText = text.slice(i + 1, close);
    if (text[close + 1] === '(') {
      let j = close + 2;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
      const dest = readDestination(text, j);
      if (dest) {
        const end = text.indexOf(')', dest.end);
        refs.push({ kind: 'markdown-link', target: 'link', raw: text.slice(dest.start, dest.end), range: dest, context: 'Markdown link', span: { start: i, end: end < 0 ? dest.end : end + 1 }, linkText });
      }
      // An image inside the text ([![x](a)](b)) is the image scanner's; the link is this one.
      i = close;
      continue;
    }
    if (!definitions) continue;
    let label = linkText;
    if (text[close + 1] === '[') {
      const end = text.indexOf(']', close + 2);
      if (end > 0 && end - close < 1000 && text.slice(close + 2, end).trim() !== '') label = text.slice(close + 2, end);
    }
    const key = normalizeLabel(label);
    const def = definitions.get(key);
    if (!def || used.has(key)) continue;
    used.add(key);
    refs.push({ kind: 'markdown-link-definition', target: 'link', raw: text.slice(def.start, def.end), range: def, context: `link reference [${label.trim()}]` });
  }
}
