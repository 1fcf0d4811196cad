import { parse, parseFragment, serialize, DefaultTreeAdapterTypes as T } from 'parse5';
import { srcsetCandidates } from '../references';

/** What the preview does with one image URL. */
export type Verdict =
  /** Show it from this URL (a local resource, a remote https: image, a data: image). */
  | { readonly kind: 'show'; readonly url: string }
  /** The site fails to load it: show a marker with the reason instead. */
  | { readonly kind: 'broken'; readonly requested: string; readonly reason: string }
  /** The preview does not load it (http:, not a web URL): show a marker with the reason. */
  | { readonly kind: 'blocked'; readonly requested: string; readonly reason: string };

export interface SanitizeHooks {
  /** The verdict for an image URL as written in the rendered HTML (entities decoded). */
  image(raw: string): Verdict;
  /** What a link's href becomes; undefined drops it. */
  link(raw: string): string | undefined;
  /** Why the deployed site fails to serve a link's href (as written in the rendered HTML), if it does. */
  linkProblem?(raw: string): string | undefined;
}

export interface SanitizeReport {
  /** Images (and backgrounds) shown as broken or blocked markers. */
  readonly markers: { readonly requested: string; readonly reason: string; readonly kind: 'broken' | 'blocked'; readonly where: string }[];
  /** What was removed because it could run code or load outside the preview's rules. */
  readonly removed: string[];
}

type Node = T.Node;
type Element = T.Element;
type ParentNode = T.ParentNode;

/** Elements dropped with their content: they run code, change how URLs resolve, or embed other documents. */
const DROPPED = new Set(['script', 'noscript', 'template', 'base', 'meta', 'link', 'frameset', 'frame', 'param', 'portal', 'fencedframe', 'title', 'head']);
/** Elements replaced by a visible placeholder: the site shows them, the preview does not load them. */
const EMBEDS = new Set(['iframe', 'object', 'embed', 'applet']);
const SVG_ANIMATIONS = new Set(['animate', 'set', 'animatemotion', 'animatetransform', 'discard']);
/**
 * HTML's raw-text element names. Inside <svg> or <math> an element of that name is an ordinary
 * element whose children are markup, but the serializer writes its text unescaped, so the browser's
 * next parse reads that text as tags (mutation XSS: `<math><mtext><table><mglyph><style><img …>`).
 * An HTML one directly inside a foreign element turns foreign on the next parse in the same way. Both
 * are dropped with their content.
 */
const RAW_TEXT_NAMES = new Set(['style', 'script', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext', 'title', 'textarea']);
const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';
/** MathML's names that the parser keeps foreign inside <mtext>: as HTML elements (table foster parenting) they change namespace on the next parse. */
const MATHML_ONLY = new Set(['mglyph', 'malignmark']);
const DANGEROUS_URL = /^\s*(javascript|vbscript|data|file|filesystem|blob|about):/i;

export function isElement(node: Node): node is Element {
  return (node as Element).tagName !== undefined;
}

function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function setAttr(el: Element, name: string, value: string): void {
  const a = el.attrs.find((x) => x.name === name);
  if (a) a.value = value;
  else el.attrs.push({ name, value });
}

function removeAttr(el: Element, name: string): void {
  el.attrs = el.attrs.filter((a) => a.name !== name);
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The url(…) tokens of CSS text with their full extent and value. */
function cssUrlTokens(css: string): { start: number; end: number; value: string }[] {
  const out: { start: number; end: number; value: string }[] = [];
  // `(?=(\s*))\N` takes the blanks atomically: no backtracking over long runs of spaces.
  const re = /url\((?=(\s*))\1(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)'"\s]*))(?=(\s*))\5\)/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(css))) out.push({ start: m.index, end: m.index + m[0].length, value: (m[2] ?? m[3] ?? m[4] ?? '').replace(/\\(.)/g, '$1') });
  return out;
}

/** Every image URL the HTML would load: what the sanitizer will ask verdicts for. */
export function collectImageUrls(root: ParentNode): Set<string> {
  const urls = new Set<string>();
  const visit = (node: Node) => {
    if (!isElement(node)) return;
    const name = node.tagName;
    if (DROPPED.has(name)) return;
    for (const a of node.attrs) {
      if (a.name === 'src' && (name === 'img' || name === 'source' || name === 'input' || name === 'video' || name === 'audio' || name === 'track')) urls.add(a.value.trim());
      else if (a.name === 'srcset' && (name === 'img' || name === 'source')) for (const r of srcsetCandidates(a.value)) urls.add(a.value.slice(r.start, r.end));
      else if (a.name === 'poster' && name === 'video') urls.add(a.value.trim());
      else if (a.name === 'background') urls.add(a.value.trim());
      else if (a.name === 'href' && (name === 'image' || name === 'feimage')) urls.add(a.value.trim());
      else if (a.name === 'style') for (const t of cssUrlTokens(a.value)) urls.add(t.value.trim());
    }
    if (name === 'style') for (const c of node.childNodes) if (c.nodeName === '#text') for (const t of cssUrlTokens((c as T.TextNode).value)) urls.add(t.value.trim());
    for (const c of node.childNodes) visit(c);
  };
  for (const c of root.childNodes) visit(c);
  urls.delete('');
  return urls;
}

function markerHtml(v: Exclude<Verdict, { kind: 'show' }>, what: string): string {
  const title = v.kind === 'broken' ? `Broken ${what}` : `Blocked ${what}`;
  return (
    `<span class="ipe-marker ipe-marker-${v.kind}" role="img" aria-label="${escapeHtml(`${title}: ${v.requested}`)}" title="${escapeHtml(v.reason)}" data-ipe-requested="${escapeHtml(v.requested)}">` +
    `<span class="ipe-marker-title">${v.kind === 'broken' ? '\u26a0' : '\u2298'} ${escapeHtml(title)}: <code>${escapeHtml(v.requested)}</code></span>` +
    `<span class="ipe-marker-reason">${escapeHtml(v.reason)}</span></span>`
  );
}

function fragmentNodes(html: string): Node[] {
  return parseFragment(html).childNodes;
}

function replaceWith(node: Node, replacement: Node[]): void {
  const parent = (node as T.ChildNode).parentNode;
  if (!parent) return;
  const i = parent.childNodes.indexOf(node as T.ChildNode);
  for (const r of replacement) (r as T.ChildNode).parentNode = parent;
  parent.childNodes.splice(i, 1, ...(replacement as T.ChildNode[]));
}

function prepend(parent: Element, nodes: Node[]): void {
  for (const n of nodes) (n as T.ChildNode).parentNode = parent;
  parent.childNodes.unshift(...(nodes as T.ChildNode[]));
}

/**
 * Makes rendered HTML safe and honest for the preview, in place: no script or event handler survives,
 * no javascript:/data: document URL, no embedded frames or objects, no <base> or <meta>; every image,
 * srcset candidate, background and CSS url() is rewritten to its verdict: shown from where the preview
 * may load it, or replaced by a visible marker that says why the site would not show it.
 */
export function sanitizeTree(root: ParentNode, hooks: SanitizeHooks, slot?: ContentSlot): SanitizeReport {
  const markers: { requested: string; reason: string; kind: 'broken' | 'blocked'; where: string }[] = [];
  const removed: string[] = [];
  const fail = (v: Exclude<Verdict, { kind: 'show' }>, where: string) => markers.push({ requested: v.requested, reason: v.reason, kind: v.kind, where });

  const rewriteCss = (css: string, where: string): { css: string; failed?: Exclude<Verdict, { kind: 'show' }> } => {
    let failed: Exclude<Verdict, { kind: 'show' }> | undefined;
    let out = '';
    let last = 0;
    for (const t of cssUrlTokens(css)) {
      const raw = t.value.trim();
      const v: Verdict = raw === '' ? { kind: 'show', url: '' } : hooks.image(raw);
      out += css.slice(last, t.start);
      if (v.kind === 'show') out += `url("${v.url.replace(/["\\\n]/g, (c) => '\\' + c)}")`;
      else {
        out += 'none';
        failed ??= v;
        fail(v, where);
      }
      last = t.end;
    }
    out += css.slice(last);
    // Nothing else in CSS may fetch or run: @import, old expression()/behaviours.
    out = out.replace(/@import[^;]*;?/gi, '').replace(/expression\s*\(/gi, 'invalid(').replace(/-moz-binding|behavior\s*:/gi, 'invalid');
    return { css: out, failed };
  };

  const visit = (node: Node): void => {
    if (!isElement(node)) return;
    const name = node.tagName;
    if (slot && name === CONTENT_SLOT && node.attrs.length === 0) {
      slot.found++;
      slot.markers = markers.length;
      slot.removed = removed.length;
      return;
    }
    const parentNs = (node.parentNode as Element | null)?.namespaceURI;
    const html = node.namespaceURI === HTML_NAMESPACE;
    if (DROPPED.has(name) || (RAW_TEXT_NAMES.has(name.toLowerCase()) && (!html || (parentNs !== undefined && parentNs !== HTML_NAMESPACE))) || (html && MATHML_ONLY.has(name))) {
      removed.push(`<${name}>`);
      replaceWith(node, []);
      return;
    }
    if (EMBEDS.has(name)) {
      const src = attr(node, 'src') ?? attr(node, 'data') ?? '';
      removed.push(`<${name}>`);
      replaceWith(node, fragmentNodes(`<span class="ipe-embed-placeholder">Embedded ${escapeHtml(name)} not shown in the preview${src ? `: <code>${escapeHtml(src)}</code>` : ''}</span>`));
      return;
    }
    if (SVG_ANIMATIONS.has(name)) {
      const target = (attr(node, 'attributeName') ?? attr(node, 'attributename') ?? '').toLowerCase();
      if (/href|^on/.test(target) || node.attrs.some((a) => DANGEROUS_URL.test(a.value))) {
        removed.push(`<${name}>`);
        replaceWith(node, []);
        return;
      }
    }

    // Attributes that run code or submit anywhere.
    node.attrs = node.attrs.filter((a) => {
      const n = a.name.toLowerCase();
      const drop = n.startsWith('on') || n === 'srcdoc' || n === 'formaction' || n === 'action' || n === 'ping' || n === 'http-equiv' || n === 'nonce';
      if (drop) removed.push(`${n}= on <${name}>`);
      return !drop;
    });

    // Links.
    const isLink = name === 'a' || name === 'area';
    for (const a of [...node.attrs]) {
      if (a.name !== 'href') continue;
      if (name === 'image' || name === 'feimage') continue;
      if (isLink) {
        const rewritten = DANGEROUS_URL.test(a.value) && !/^\s*data:image\//i.test(a.value) ? undefined : hooks.link(a.value);
        if (rewritten === undefined) {
          removed.push(`href="${a.value.slice(0, 40)}" on <${name}>`);
          removeAttr(node, 'href');
        } else {
          // The built-in layout's own links stand in for a theme the workspace lacks: not the site's to judge.
          const standIn = node.attrs.some((x) => x.name === 'data-ipe-stand-in');
          const problem = standIn ? undefined : hooks.linkProblem?.(a.value);
          a.value = rewritten;
          if (problem) {
            // A broken link stays a link, marked where it stands, with the reason on hover.
            const cls = node.attrs.find((x) => x.name === 'class');
            if (cls) cls.value = `${cls.value} ipe-link-broken`.trim();
            else node.attrs.push({ name: 'class', value: 'ipe-link-broken' });
            removeAttr(node, 'title');
            node.attrs.push({ name: 'title', value: `Broken link: ${problem}` });
            node.attrs.push({ name: 'data-ipe-broken', value: problem });
          }
        }
      } else if (!a.value.trim().startsWith('#')) {
        // <use>, <textPath>… may only point inside the document.
        removeAttr(node, 'href');
      }
    }

    // Images.
    if (name === 'img' || name === 'input' || name === 'source' || name === 'video' || name === 'audio' || name === 'track') {
      let failed: Exclude<Verdict, { kind: 'show' }> | undefined;
      const src = attr(node, 'src');
      if (src !== undefined && src.trim() !== '' && (name !== 'input' || (attr(node, 'type') ?? '').toLowerCase() === 'image')) {
        const v = hooks.image(src.trim());
        if (v.kind === 'show') setAttr(node, 'src', v.url);
        else failed ??= v;
      }
      const srcset = attr(node, 'srcset');
      if (srcset !== undefined && (name === 'img' || name === 'source')) {
        let out = '';
        let last = 0;
        for (const r of srcsetCandidates(srcset)) {
          const v = hooks.image(srcset.slice(r.start, r.end));
          out += srcset.slice(last, r.start);
          if (v.kind === 'show') out += v.url.replace(/,/g, '%2C').replace(/\s/g, '%20');
          else failed ??= v;
          last = r.end;
        }
        setAttr(node, 'srcset', out + srcset.slice(last));
      }
      const poster = name === 'video' ? attr(node, 'poster') : undefined;
      if (poster !== undefined && poster.trim() !== '') {
        const v = hooks.image(poster.trim());
        if (v.kind === 'show') setAttr(node, 'poster', v.url);
        else failed ??= v;
      }
      if (failed) {
        fail(failed, `<${name}>`);
        replaceWith(node, fragmentNodes(markerHtml(failed, name === 'video' || name === 'audio' || name === 'track' ? 'media' : 'image')));
        return;
      }
    }
    if (name === 'image' || name === 'feimage') {
      for (const a of node.attrs) {
        if (a.name !== 'href') continue;
        const v = hooks.image(a.value.trim());
        if (v.kind === 'show') a.value = v.url;
        else {
          fail(v, `<${name}>`);
          replaceWith(node, []);
          return;
        }
      }
    }

    // Backgrounds: style="… url(…)", the legacy background attribute, <style> elements.
    let backgroundFailed: Exclude<Verdict, { kind: 'show' }> | undefined;
    const style = attr(node, 'style');
    if (style !== undefined) {
      const r = rewriteCss(style, `style on <${name}>`);
      setAttr(node, 'style', r.css);
      backgroundFailed ??= r.failed;
    }
    const background = attr(node, 'background');
    if (background !== undefined) {
      const v = background.trim() === '' ? undefined : hooks.image(background.trim());
      if (v && v.kind === 'show') setAttr(node, 'background', v.url);
      else {
        removeAttr(node, 'background');
        if (v) {
          fail(v, `background on <${name}>`);
          backgroundFailed ??= v;
        }
      }
    }
    if (name === 'style') {
      for (const c of node.childNodes) if (c.nodeName === '#text') (c as T.TextNode).value = rewriteCss((c as T.TextNode).value, '<style>').css;
    }

    for (const c of [...node.childNodes]) visit(c);

    if (backgroundFailed) {
      setAttr(node, 'class', `${attr(node, 'class') ?? ''} ipe-has-broken-background`.trim());
      prepend(node, fragmentNodes(markerHtml(backgroundFailed, 'background')));
    }
  };
  for (const c of [...root.childNodes]) visit(c);
  return { markers, removed };
}

/** Where a layout's content goes in its sanitized shell: the report's counts at that point. */
export interface ContentSlot {
  found: number;
  markers: number;
  removed: number;
}

/** The element that stands for the content in a layout's shell (see prepareShell). */
export const CONTENT_SLOT = 'ipe-content-slot-7d3';

/** What the sanitizer made of a whole rendered document. */
export interface SanitizedDocument {
  readonly title: string;
  /** The body's inner HTML, sanitized. */
  readonly body: string;
  readonly bodyClass: string;
  /** Stylesheet hrefs from the head, as written. */
  readonly stylesheets: string[];
  readonly report: SanitizeReport;
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as T.TextNode).value;
  return isElement(node) ? node.childNodes.map(textOf).join('') : '';
}

function findAll(node: Node, pick: (e: Element) => boolean, out: Element[] = []): Element[] {
  if (isElement(node)) {
    if (pick(node)) out.push(node);
    for (const c of node.childNodes) findAll(c, pick, out);
  } else if ((node as T.Document).childNodes) for (const c of (node as T.Document).childNodes) findAll(c, pick, out);
  return out;
}

/** A parsed document or fragment with the image URLs it would load: the first of the sanitizer's two passes. */
export interface PreparedHtml {
  readonly urls: Set<string>;
  readonly root: ParentNode;
  readonly wholeDocument: boolean;
  readonly title: string;
  readonly stylesheets: string[];
  readonly bodyClass: string;
}

/** Parses rendered HTML (a whole document from a layout, or a fragment) and lists its image URLs. */
export function prepareHtml(html: string, wholeDocument: boolean): PreparedHtml {
  return wholeDocument ? preparedDocument(parse(html)) : preparedFragment(parseFragment(html));
}

/** prepareHtml of a parsed fragment. */
export function preparedFragment(fragment: T.DocumentFragment): PreparedHtml {
  return { urls: collectImageUrls(fragment), root: fragment, wholeDocument: false, title: '', stylesheets: [], bodyClass: '' };
}

/** prepareHtml of a parsed document. */
export function preparedDocument(doc: T.Document): PreparedHtml {
  const htmlEl = doc.childNodes.find(isElement) as Element;
  const head = htmlEl.childNodes.find((n) => isElement(n) && n.tagName === 'head') as Element | undefined;
  const body = htmlEl.childNodes.find((n) => isElement(n) && n.tagName === 'body') as Element;
  const title = head ? (findAll(head, (e) => e.tagName === 'title').map(textOf)[0] ?? '') : '';
  const stylesheets = head
    ? findAll(head, (e) => e.tagName === 'link' && /(^|\s)stylesheet(\s|$)/i.test(attr(e, 'rel') ?? '')).map((e) => attr(e, 'href') ?? '').filter((h) => h !== '')
    : [];
  // The head's own <style> elements still style the page: keep them at the top of the body.
  const headStyles = head ? findAll(head, (e) => e.tagName === 'style') : [];
  for (const st of headStyles.reverse()) prepend(body, [st]);
  return { urls: collectImageUrls(body), root: body, wholeDocument: true, title: title.trim(), stylesheets, bodyClass: attr(body, 'class') ?? '' };
}

/** The second pass: rewrites the prepared tree with the verdicts and serializes it (the body's inner HTML). */
export function finishHtml(prepared: PreparedHtml, hooks: SanitizeHooks): { html: string; report: SanitizeReport } {
  const report = sanitizeTree(prepared.root, hooks);
  return { html: serialize(prepared.root), report };
}

/** Both passes at once, for verdicts that need no waiting. */
export function sanitizeHtml(html: string, hooks: SanitizeHooks, wholeDocument = false): { html: string; report: SanitizeReport } {
  return finishHtml(prepareHtml(html, wholeDocument), hooks);
}
