/**
 * Links and images that keep working when files move. Before a move: which references of the site's
 * documents land on a file that moves, or stand in a document that moves (a relative path then
 * resolves against another URL). After it, once the site knows the move: the text that makes each land
 * where it did, in the form it was written (`{% post_url %}` stays a tag, `{{ site.baseurl }}/…` keeps
 * its prefix, a relative path stays relative), checked to land there before it is offered.
 */
import type { Site } from './site';
import type { Reference } from './references';
import type { OffsetRange } from './text';
import { plural } from './text';
import type { AnalyzeOptions, DocumentAnalysis } from './analyzeDocument';
import { analyzeDocument, yamlScalarSource } from './analyzeDocument';
import { isLinkTag, landing, linkHolding, workingLinks } from './authoring';
import { fixesFor, resolveReference, PageContext } from './resolve';
import { decodePath } from './locate';
import { linkTextsTo, templateLinks } from './checks/links';
import { linkTagName, postNameOf } from './links';
import { parsePostName } from './permalink';

/** Files that move within one site: old site-relative path → new one (a folder's files one by one). */
export type Moves = ReadonlyMap<string, string>;

/** The moves of the site's files that renaming each `from` (a file or a folder) to its `to` makes. */
export function expandMoves(files: Iterable<string>, pairs: readonly (readonly [string, string])[]): Map<string, string> {
  const out = new Map<string, string>();
  const all = [...files];
  for (const [from, to] of pairs) {
    if (from === to || from === '' || to === '') continue;
    for (const f of all) {
      if (f === from) out.set(f, to);
      else if (f.startsWith(from + '/')) out.set(f, to + f.slice(from.length));
    }
  }
  return out;
}

/** A reference that works before the move and must land on the same file after it. */
export interface KeptReference {
  /** The document it stands in, at its path after the move. */
  readonly path: string;
  readonly ref: Reference;
  /** The file it lands on, at its path after the move. */
  readonly target: string;
  /** That file's path before the move. */
  readonly was: string;
  /** For a link: the URL path it asks for before the move, under the site root (no baseurl). */
  readonly urlPath?: string;
}

type Analysed = Pick<DocumentAnalysis, 'path' | 'page' | 'links' | 'references'>;

/** The references of `documents` (analysed before the move) that the move concerns. */
export function referencesToKeep(site: Site, documents: Iterable<Analysed>, moves: Moves): KeptReference[] {
  const out: KeptReference[] = [];
  for (const doc of documents) {
    const path = moves.get(doc.path) ?? doc.path;
    const moved = path !== doc.path;
    for (const { ref, resolution } of doc.references) {
      if (resolution.status !== 'ok') continue;
      const target = moves.get(resolution.file) ?? resolution.file;
      if (moved || target !== resolution.file) out.push({ path, ref, target, was: resolution.file });
    }
    const working = workingLinks(site, doc);
    for (const { ref, info } of [...working, ...tagsInBrokenLinks(site, doc, working)]) {
      if (info.file === undefined) continue;
      const target = moves.get(info.file) ?? info.file;
      if (!moved && target === info.file) continue;
      out.push({ path, ref, target, was: info.file, ...urlPathOf(site, info.url) });
    }
  }
  return out;
}

/**
 * The `{% post_url %}` and `{% link %}` tags inside links that do not work (`[x]({% post_url a %})`
 * without the baseurl GitHub Pages' tag leaves out): the link stays broken as it was, but its tag must
 * still name the file, or the build stops.
 */
function tagsInBrokenLinks(site: Site, doc: Analysed, working: readonly { ref: Reference }[]): { ref: Reference; info: NonNullable<ReturnType<typeof landing>> }[] {
  const out: { ref: Reference; info: NonNullable<ReturnType<typeof landing>> }[] = [];
  for (const ref of doc.links) {
    if (!isLinkTag(ref) || working.some((w) => w.ref === ref)) continue;
    const outer = linkHolding(doc.links, ref);
    if (!outer || working.some((w) => w.ref === outer)) continue;
    const info = landing(site, doc.page, ref);
    if (info?.file !== undefined) out.push({ ref, info });
  }
  return out;
}

/** The URL path under the site root (no baseurl, query or fragment) of a URL the browser asks for. */
function urlPathOf(site: Site, url: string | undefined): { urlPath?: string } {
  if (url === undefined) return {};
  const path = url.replace(/[?#].*$/s, '');
  const base = site.config.basePath;
  return { urlPath: base !== '' && path.startsWith(base + '/') ? path.slice(base.length) : path };
}

/** One replacement in a document. */
export interface MoveEdit {
  readonly path: string;
  readonly range: OffsetRange;
  /** The text there now (the edit applies only where it still stands). */
  readonly oldText: string;
  readonly newText: string;
  /** A `layout:` value renamed with its layout, not a link or image. */
  readonly layout?: true;
}

/** What a set of move edits rewrites, for a person: '3 links or images and 2 layout: values'. */
export function describeMoveEdits(edits: readonly { readonly layout?: boolean }[]): string {
  const layouts = edits.filter((e) => e.layout).length;
  const refs = edits.length - layouts;
  const parts = [...(refs > 0 || layouts === 0 ? [plural(refs, 'link or image', 'links and images')] : []), ...(layouts > 0 ? [plural(layouts, "'layout:' value", "'layout:' values")] : [])];
  return parts.join(' and ');
}

export interface MoveEdits {
  /** Replacements, by document and place; each checked to make its reference land where it did. */
  readonly edits: MoveEdit[];
  /** References that land where they did without an edit (a `{% link %}` to a file that did not move, a same-page fragment). */
  readonly unchanged: number;
  /** References no text could make land where they did; the diagnostics show them. */
  readonly unresolved: KeptReference[];
}

const isLink = (ref: Reference) => ref.target !== 'image';

/** Whether a reference lands on `file` from `page`. */
function landsOn(site: Site, page: PageContext, ref: Reference, file: string): boolean {
  try {
    if (!isLink(ref)) {
      const r = resolveReference(site, page, ref);
      return r.status === 'ok' && r.file === file;
    }
    return landing(site, page, ref)?.file === file;
  } catch {
    return false;
  }
}

/** The path from a page's URL to another URL of the site, as a relative link writes it. */
function relativeUrl(fromUrl: string, toUrl: string): string {
  const from = fromUrl.slice(1, fromUrl.lastIndexOf('/') + 1).split('/').filter(Boolean);
  const to = toUrl.slice(1).split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const rest = to.slice(common).join('/');
  return '../'.repeat(from.length - common) + rest || './';
}

/** A URL path percent-encoded as a browser asks for it (a name that cannot be encoded stays as it is). */
function encodedPath(path: string): string {
  try {
    return encodeURI(path);
  } catch {
    return path;
  }
}

/** A path written relative to the page's URL (no root, scheme, fragment alone or Liquid). */
function isRelative(raw: string): boolean {
  const t = raw.trim();
  return t !== '' && !t.startsWith('/') && !t.startsWith('#') && !t.includes('{') && !/^[a-z][a-z0-9+.-]*:/i.test(t);
}

const TAG_ARGUMENT = /(\{%-?\s*(post_url|link)\s+)([^\s%]+)(\s*-?%\})/g;

/** The texts that may make `ref` land on `k.target` after the move, most faithful to how it was written first. */
function candidates(site: Site, page: PageContext, ref: Reference, k: KeptReference): string[] {
  const raw = ref.raw;
  const out: string[] = [];
  const post = parsePostName(k.target) !== undefined;
  if (ref.kind === 'liquid-post-url') return post ? [postNameOf(k.target)] : [];
  if (ref.kind === 'liquid-link') return [linkTagName(site, k.target)];
  if (ref.target === 'include') return k.target.startsWith('_includes/') ? [k.target.slice('_includes/'.length)] : [];
  // A tag in the text: its argument, renamed.
  if (raw.includes('{%')) out.push(raw.replace(TAG_ARGUMENT, (m, open: string, tag: string, _arg: string, close: string) => (tag === 'post_url' ? (post ? open + postNameOf(k.target) + close : m) : open + linkTagName(site, k.target) + close)));
  if (!isLink(ref)) {
    // The file's path where it is written, then the forms the image fixes know.
    if (raw.includes('/' + k.was)) out.push(raw.replace('/' + k.was, '/' + k.target));
    if (isRelative(raw)) out.push(relativeUrl(page.url, '/' + k.target));
    const fixes = fixesFor(site, page, ref, k.target).map((f) => f.newText);
    return [...out, ...fixes];
  }
  const doc = site.documentOf(k.target);
  const urlPath = doc?.url ?? '/' + k.target;
  const hash = /#[^{}#]*$/.exec(raw)?.[0] ?? '';
  if (k.urlPath !== undefined && k.urlPath !== '/') {
    // The old URL where it is written, percent-encoded (as the browser asks for it) or as the file is
    // named, and the new one in the same way, with or without `.html` as the old one was written
    // (GitHub Pages serves /about from about.html).
    const bare = (u: string) => u.replace(/\.html$/, '');
    const decoded = decodePath(k.urlPath);
    for (const [old, now] of [[k.urlPath, encodedPath(urlPath)], [decoded, urlPath]] as const) {
      if (!raw.includes(old)) continue;
      if (!old.endsWith('.html')) out.push(raw.replace(old, bare(now)));
      out.push(raw.replace(old, now));
    }
  }
  if (isRelative(raw)) {
    const relative = relativeUrl(page.url, urlPath);
    // Written with the index file's name ('index.html', 'dir/index.html'): it keeps it.
    const index = urlPath.endsWith('/') ? /(?:^|\/)(index\.html?)(?=[?#]|$)/.exec(raw.trim())?.[1] : undefined;
    if (index !== undefined) out.push((relative === './' ? '' : relative) + index + hash);
    out.push(relative + hash);
  }
  out.push(...linkTextsTo(site, ref, urlPath, hash === '' ? undefined : hash.slice(1), doc));
  return out;
}

/** A document's or template's references and the page they are judged on. */
interface Read {
  readonly page: PageContext;
  /** By start offset and target. */
  readonly refs: Map<string, Reference>;
  /** How a front matter key's value is quoted. */
  readonly styleOf: (key: string) => string | undefined;
}

const keyAt = (start: number, target: Reference['target']) => `${start}:${target}`;
const keyOf = (ref: Reference) => keyAt(ref.range.start, ref.target);

/** Layouts and includes are judged on a page at the root: only what lands alike from every page is kept. */
function templatePage(path: string): PageContext {
  return { path, url: '/', data: {} };
}

function isTemplate(site: Site, path: string): boolean {
  return site.templates.has(path) || /^_(layouts|includes)\//.test(path);
}

function readReferences(site: Site, path: string, text: string, options: AnalyzeOptions): Read {
  const refs = new Map<string, Reference>();
  if (isTemplate(site, path)) {
    for (const ref of templateLinks(path, text)) refs.set(keyOf(ref), ref);
    return { page: templatePage(path), refs, styleOf: () => undefined };
  }
  const analysis = analyzeDocument(site, path, text, options);
  for (const { ref } of analysis.references) refs.set(keyOf(ref), ref);
  for (const ref of analysis.links) refs.set(keyOf(ref), ref);
  return { page: analysis.page, refs, styleOf: (key) => analysis.frontMatter.values.get(key)?.style };
}

/** Whether a link's Liquid reads the page's variables (its quoted strings aside: `"/my page.html"` reads none). */
function readsPage(raw: string): boolean {
  return /\bpage\./.test(raw.replace(/"[^"]*"|'[^']*'/g, ''));
}

/** The references of the site's layouts and includes that the move concerns: includes, and links that land alike from every page. */
export function templateReferencesToKeep(site: Site, moves: Moves): KeptReference[] {
  const out: KeptReference[] = [];
  for (const [file, text] of site.templates) {
    const path = moves.get(file) ?? file;
    let read: Read;
    try {
      read = readReferences(site, file, text, {});
    } catch {
      continue;
    }
    for (const ref of read.refs.values()) {
      if (ref.target !== 'include' && (isRelative(ref.raw) || readsPage(ref.raw))) continue;
      const info = landing(site, read.page, ref);
      if (info?.file === undefined) continue;
      const target = moves.get(info.file) ?? info.file;
      if (target !== info.file) out.push({ path, ref, target, was: info.file, ...urlPathOf(site, info.url) });
    }
  }
  return out;
}

/**
 * After the move (the site knows it): the replacements that make each kept reference land where it
 * did. `textOf` gives a document's current text, which must be the one the references were found in.
 * The edits of a document are checked together on its edited text; where that fails, none is made.
 */
export function editsAfterMove(site: Site, kept: readonly KeptReference[], textOf: (path: string) => string | undefined, options: AnalyzeOptions = {}): MoveEdits {
  const edits: MoveEdit[] = [];
  const unresolved: KeptReference[] = [];
  let unchanged = 0;
  const byPath = new Map<string, KeptReference[]>();
  for (const k of kept) {
    let list = byPath.get(k.path);
    if (!list) byPath.set(k.path, (list = []));
    list.push(k);
  }
  for (const [path, list] of byPath) {
    const text = textOf(path);
    let read: Read | undefined;
    try {
      read = text === undefined ? undefined : readReferences(site, path, text, options);
    } catch {
      read = undefined;
    }
    if (text === undefined || read === undefined) {
      unresolved.push(...list);
      continue;
    }
    const mine: { k: KeptReference; edit: MoveEdit }[] = [];
    for (const k of list) {
      const ref = read.refs.get(keyOf(k.ref));
      if (!ref || ref.raw !== k.ref.raw || ref.range.end !== k.ref.range.end) {
        unresolved.push(k);
        continue;
      }
      if (landsOn(site, read.page, ref, k.target)) {
        unchanged++;
        continue;
      }
      const page = read.page;
      const found = [...new Set(candidates(site, page, ref, k))].find((c) => c !== ref.raw && landsOn(site, page, { ...ref, raw: c }, k.target));
      if (found === undefined) {
        unresolved.push(k);
        continue;
      }
      const newText = ref.kind === 'front-matter' ? yamlScalarSource(found, read.styleOf(ref.key ?? '')) : found;
      mine.push({ k, edit: { path, range: ref.range, oldText: text.slice(ref.range.start, ref.range.end), newText } });
    }
    if (mine.length === 0) continue;
    // All of them together, on the edited text: each must land where it did.
    const sorted = [...mine].sort((a, b) => a.edit.range.start - b.edit.range.start);
    let edited = '';
    let at = 0;
    const starts: number[] = [];
    for (const m of sorted) {
      edited += text.slice(at, m.edit.range.start);
      starts.push(edited.length);
      edited += m.edit.newText;
      at = m.edit.range.end;
    }
    edited += text.slice(at);
    let ok = true;
    try {
      const after = readReferences(site, path, edited, options);
      sorted.forEach((m, i) => {
        const ref = after.refs.get(keyAt(starts[i], m.k.ref.target));
        if (!ref || !landsOn(site, after.page, ref, m.k.target)) ok = false;
      });
    } catch {
      ok = false;
    }
    if (ok) edits.push(...sorted.map((m) => m.edit));
    else unresolved.push(...sorted.map((m) => m.k));
  }
  return { edits, unchanged, unresolved };
}
