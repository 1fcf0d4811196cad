/**
 * Locating a reference: the text the page's HTML carries, the URL the browser asks for, the file of the
 * site at that URL, and the forms of a path that reach a given file (for fixes). Nothing here judges;
 * the checks in `checks/` do.
 */
import type { Site } from './site';
import type { ImageReference } from './references';
import { evaluateExpression, evaluateTemplate, expressionVariables, hasLiquid, LiquidResult } from './liquidUrl';
import { isAsciiDigit, isAsciiLetter } from './text';
import type { FindingCode, Severity } from './findings';
import { BoundedMemo } from './memo';

/** The page a reference is written in, as the site serves it. */
export interface PageContext {
  /** Site-relative source path. */
  readonly path: string;
  /** The page's URL under the site root, without the baseurl ('/2022/11/22/1.html', '/about.html', '/'). */
  readonly url: string;
  /** Front matter, with config defaults applied. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly layout?: string;
}

export interface ReferenceProblem {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  /** Replacements for the reference's text, each checked to resolve. */
  readonly fixes: readonly { readonly title: string; readonly newText: string; readonly preferred?: boolean }[];
}

export type Resolution =
  /** A file of the site serves it. */
  | { readonly status: 'ok'; readonly requested: string; readonly url: string; readonly file: string; readonly problem?: ReferenceProblem }
  /** Another host, or a data: URL; not fetched. */
  | { readonly status: 'remote'; readonly requested: string; readonly url: string; readonly problem?: ReferenceProblem }
  /** The site will fail to load it. */
  | { readonly status: 'broken'; readonly requested: string; readonly url: string; readonly problem: ReferenceProblem }
  /** Liquid the engine does not evaluate, or a layout that does not render the value: no claim. */
  | { readonly status: 'unknown'; readonly reason: string };

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references a path may hold (`&amp;`, `&#39;`, `&#x20;`); others stay as written. */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (whole, e: string) => {
    if (e[0] !== '#') return NAMED_ENTITIES[e.toLowerCase()] ?? whole;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    try {
      return code > 0 ? String.fromCodePoint(code) : whole;
    } catch {
      return whole;
    }
  });
}

const FALLBACK_ORIGIN = 'http://localhost:4000';

const origins = new WeakMap<object, string>();

export function siteOrigin(site: Site): string {
  let origin = origins.get(site.config);
  if (origin === undefined) {
    origin = FALLBACK_ORIGIN;
    try {
      if (site.config.url) origin = new URL(site.config.url).origin;
    } catch {
      // A url that does not parse: resolve against a stand-in origin.
    }
    origins.set(site.config, origin);
  }
  return origin;
}

/** The page's absolute URL on the deployed site. */
export function pageAbsoluteUrl(site: Site, page: PageContext): string {
  return siteOrigin(site) + site.config.basePath + page.url;
}

/** Decodes each segment of a URL path (`%20` → space), leaving malformed escapes as written. */
export function decodePath(pathname: string): string {
  if (!pathname.includes('%')) return pathname;
  return pathname
    .split('/')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    })
    .join('/');
}


const siteScopes = new WeakMap<object, Record<string, unknown>>();

/** `site.*` for Liquid: the config, with baseurl and url always defined. Built once per config. */
function siteScope(site: Site): Record<string, unknown> {
  let scope = siteScopes.get(site.config);
  if (!scope) {
    scope = { ...site.config.data, baseurl: site.config.data.baseurl ?? '', url: site.config.data.url ?? '' };
    siteScopes.set(site.config, scope);
  }
  return scope;
}

/** Answers about front matter images, by expression, then key, then value. */
export type ByExpressionAndKey<V> = Map<string, Map<string, Map<string, V>>>;

/**
 * The memo of one expression and key, by value. Keys are looked up one level at a time: the expression
 * and key strings are the same objects from page to page, so their hashes are kept, where a key joined
 * from them would be a new string to hash on every page.
 */
export function memoOf<V>(byExpression: ByExpressionAndKey<V>, expression: string, key: string): Map<string, V> {
  let byKey = byExpression.get(expression);
  if (!byKey) byExpression.set(expression, (byKey = new Map()));
  let memo = byKey.get(key);
  if (!memo) byKey.set(key, (memo = new Map()));
  return memo;
}

/** Texts of front matter images, by site config. */
const frontMatterMemos = new WeakMap<object, ByExpressionAndKey<LiquidResult>>();

function frontMatterMemo(site: Site, expression: string, key: string): Map<string, LiquidResult> {
  let byExpression = frontMatterMemos.get(site.config);
  if (!byExpression) frontMatterMemos.set(site.config, (byExpression = new Map()));
  return memoOf(byExpression, expression, key);
}

/** Whether an expression reads no page variable but `page.KEY`, by expression, then key. */
const pageIndependence = new BoundedMemo(501, () => new Map<string, boolean>());

/** Whether the expression reads no page variable but `page.KEY` (site variables are the same on every page). */
export function readsOnlyPageKey(expression: string, key: string): boolean {
  const byKey = pageIndependence.get(expression);
  let answer = byKey.get(key);
  if (answer === undefined) {
    const variables = expressionVariables(expression);
    answer = variables !== undefined && variables.every((v) => v === `page.${key}` || !(v === 'page' || v.startsWith('page.') || v.startsWith('page[')));
    byKey.set(key, answer);
  }
  return answer;
}

/** A value with its character references decoded, as the browser reads it from the page's HTML. */
function withEntitiesDecoded(r: LiquidResult): LiquidResult {
  return r.ok && r.value.includes('&') ? { ok: true, value: decodeHtmlEntities(r.value) } : r;
}

/** The text the page's HTML will carry for this reference (after the layout's expression and Liquid). */
export function requestedText(site: Site, page: PageContext, ref: ImageReference, raw = ref.raw): { ok: true; value: string } | { ok: false; reason: string } {
  // What ends up in the page is HTML: the browser decodes character references (a&amp;b.png asks for
  // a&b.png), whether the author wrote them in a tag, in Markdown (kramdown keeps them) or in front matter.
  if (ref.kind === 'front-matter') {
    const key = ref.key ?? 'background';
    const expression = imageExpression(site, page.layout, key);
    if (!expression) {
      const known = site.layouts.has(page.layout ?? '');
      return { ok: false, reason: known ? `the layout '${page.layout}' does not show page.${key}` : `the layout '${page.layout ?? ''}' is not in the site` };
    }
    // Jekyll does not render Liquid in front matter: the layout writes the text as it stands.
    // An expression that reads no other page variable gives the same text for the same value on every
    // page (posts share a few backgrounds): it is evaluated once per site, expression and value.
    const memo = readsOnlyPageKey(expression, key) ? frontMatterMemo(site, expression, key) : undefined;
    const known = memo?.get(raw);
    if (known) return known;
    // The page's value is usually the raw text itself; otherwise the text stands in for it.
    const pageScope = page.data[key] === raw ? page.data : { ...page.data, [key]: raw };
    const result = withEntitiesDecoded(evaluateExpression(expression, { site: siteScope(site), page: pageScope }));
    if (memo) {
      if (memo.size >= 10_000) memo.clear();
      memo.set(raw, result);
    }
    return result;
  }
  // A page whose Liquid the build does not render carries the text as written.
  if (hasLiquid(raw) && !ref.literal) {
    const r = evaluateTemplate(raw, { site: siteScope(site), page: page.data });
    return r.ok ? withEntitiesDecoded(r) : { ok: false, reason: `it uses ${r.reason}` };
  }
  return raw.includes('&') ? { ok: true, value: decodeHtmlEntities(raw) } : { ok: true, value: raw };
}

/**
 * The Liquid expression that writes a front matter image key in this layout chain. `background` is what
 * the layout says (or the Clean Blog rule when the site's layouts are not in the workspace); another
 * configured key that no layout of the workspace writes is taken as `page.KEY | relative_url`, the usual
 * form in Jekyll themes.
 */
export function imageExpression(site: Site, layout: string | undefined, key: string): string | undefined {
  const own = site.pageExpression(layout, key);
  if (own || key === 'background') return own;
  return site.layouts.has(layout ?? '') ? `page.${key} | relative_url` : undefined;
}

/** The parts of an absolute URL the resolver reads (a `URL`, or the same parts computed directly). */
export interface UrlParts {
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
  readonly host: string;
  readonly pathname: string;
  readonly search: string;
}

export interface Located {
  readonly requested: string;
  /** Absolute URL. */
  readonly absolute: UrlParts;
  readonly local: boolean;
  /** Decoded path relative to the site root when local and under the baseurl. */
  readonly sitePath?: string;
}

/** A URL on the site's origin with a plain path: the parts other than the path are computed when asked for. */
class PlainUrl implements UrlParts {
  constructor(
    readonly origin: string,
    readonly pathname: string,
  ) {}

  get href(): string {
    return this.origin + this.pathname;
  }

  get protocol(): string {
    return this.origin.slice(0, this.origin.indexOf(':') + 1);
  }

  get host(): string {
    return this.origin.slice(this.origin.indexOf(':') + 3);
  }

  get search(): string {
    return '';
  }
}

const HTTP_ORIGIN = /^https?:\/\/[^/?#]+$/;

/**
 * A path the URL parser would give back unchanged: only unreserved characters and slashes, no dot
 * segments, no '//' (a leading one names a host), nothing to escape or decode.
 */
function isPlainPath(path: string): boolean {
  const n = path.length;
  if (n === 0 || path.charCodeAt(0) === 46) return false;
  let segmentStart = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? path.charCodeAt(i) : 47;
    if (c === 47 /* / */) {
      const length = i - segmentStart;
      // '//' (a leading one names a host), and '.' or '..' segments.
      if (length === 0 && i > 0 && i < n) return false;
      if (length === 1 && path.charCodeAt(segmentStart) === 46) return false;
      if (length === 2 && path.charCodeAt(segmentStart) === 46 && path.charCodeAt(segmentStart + 1) === 46) return false;
      segmentStart = i + 1;
    } else if (!(isAsciiLetter(c) || isAsciiDigit(c) || c === 45 || c === 46 || c === 95 || c === 126)) return false;
  }
  return true;
}

/**
 * `new URL(requested, base)` for the common case of a plain path, without the parser: a site has
 * thousands of references and the parser's cost is most of the resolution. Anything else goes to it.
 * `test/unit/resolveFastPath.test.ts` holds this equal to the parser.
 */
export function resolveUrl(requested: string, base: string, origin: string): UrlParts | undefined {
  if (HTTP_ORIGIN.test(origin) && isPlainPath(requested)) {
    let pathname: string | undefined;
    if (requested.startsWith('/')) pathname = requested;
    else {
      const basePath = base.slice(origin.length);
      if (base.startsWith(origin) && basePath.startsWith('/') && isPlainPath(basePath)) pathname = basePath.slice(0, basePath.lastIndexOf('/') + 1) + requested;
    }
    if (pathname !== undefined) return new PlainUrl(origin, pathname);
  }
  try {
    return new URL(requested, base);
  } catch {
    return undefined;
  }
}

/** Set when `locate` is given a text that is not a path from the site's root (see resolveReference). */
let locatedOffRoot = false;

/** Starts watching whether any text located from now on is not a path from the site's root. */
export function watchOffRoot(): void {
  locatedOffRoot = false;
}

/** Whether a text located since {@link watchOffRoot} was not a path from the site's root. */
export function locatedOffRootSinceWatch(): boolean {
  return locatedOffRoot;
}

export function locate(site: Site, page: PageContext, requested: string): Located | undefined {
  if (requested.charCodeAt(0) !== 47) locatedOffRoot = true;
  const origin = siteOrigin(site);
  const absolute = resolveUrl(requested, pageAbsoluteUrl(site, page), origin);
  if (!absolute) return undefined;
  const local = absolute.origin === origin || (absolute.protocol === 'https:' && origin === absolute.origin.replace('https:', 'http:'));
  if (!local) return { requested, absolute, local };
  const path = decodePath(absolute.pathname);
  const base = site.config.basePath;
  if (base !== '' && path !== base && !path.startsWith(base + '/')) return { requested, absolute, local };
  let rel = path.slice(base.length).replace(/^\/+/, '');
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  return { requested, absolute, local, sitePath: rel };
}

export function describeUrl(site: Site, located: Located): string {
  return located.absolute.origin === siteOrigin(site) ? located.absolute.pathname + located.absolute.search : located.absolute.href;
}

/** Where a relative path might have been meant from: the source file's folder, then the site root. */
export function relativeCandidates(sourcePath: string, requested: string): string[] {
  const clean = decodePath(requested.split(/[?#]/)[0]);
  const out: string[] = [];
  for (const from of [folderOf(sourcePath), '']) {
    const joined = joinSitePath(from, clean);
    if (joined !== undefined) out.push(joined);
  }
  return [...new Set(out)];
}

/** The folder of a site-relative path ('' at the root). */
export function folderOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

/** A relative path taken from a site folder, '.' and '..' resolved; undefined when it climbs above the root. */
export function joinSitePath(folder: string, relative: string): string | undefined {
  const parts = folder === '' ? [] : folder.split('/');
  for (const seg of relative.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

/** Text that makes this reference point at `file`, in the form it was written in; only forms that resolve. */
export function fixesFor(site: Site, page: PageContext, ref: ImageReference, file: string): { title: string; newText: string; preferred?: boolean }[] {
  const base = site.config.basePath;
  const raw = ref.raw.trim();
  const encode = (p: string) => (ref.kind === 'markdown-image' || ref.kind === 'markdown-definition' ? p.replace(/ /g, '%20') : p);
  const candidates: string[] = [];
  if (ref.kind === 'front-matter') {
    candidates.push('/' + file, base + '/' + file);
  } else {
    const liquidPrefix = /^\{\{-?\s*site\.baseurl\s*-?\}\}/.exec(raw);
    const relativeUrlFilter = /^\{\{-?\s*(['"])(.*?)\1\s*\|\s*relative_url\s*-?\}\}$/.exec(raw);
    if (liquidPrefix) candidates.push(`${liquidPrefix[0]}/${encode(file)}`);
    else if (relativeUrlFilter) candidates.push(raw.replace(relativeUrlFilter[2], '/' + file));
    if (!raw.startsWith('/') && !/^[a-z]+:/i.test(raw) && page.url.lastIndexOf('/') === 0) candidates.push(encode(file));
    candidates.push(encode(base + '/' + file));
  }
  const out: { title: string; newText: string; preferred?: boolean }[] = [];
  for (const candidate of candidates) {
    if (candidate === raw || out.some((o) => o.newText === candidate)) continue;
    const check = resolveWithoutFixes(site, page, { ...ref, raw: candidate });
    if (check.status === 'ok' && check.file === file) out.push({ title: `Change to '${candidate}'`, newText: candidate, preferred: out.length === 0 });
    if (out.length > 0) break;
  }
  return out;
}

function resolveWithoutFixes(site: Site, page: PageContext, ref: ImageReference): { status: string; file?: string } {
  const text = requestedText(site, page, ref);
  if (!text.ok) return { status: 'unknown' };
  const located = locate(site, page, text.value.trim());
  if (!located || !located.local || !located.sitePath) return { status: 'broken' };
  const file = located.sitePath;
  return site.hasFile(file) && site.publication(file).published ? { status: 'ok', file } : { status: 'broken' };
}

/**
 * Levenshtein distance (in UTF-16 code units) up to `limit`; past it, limit + 1. A missing image is
 * compared with every image of the site, so names of up to 32 characters take Myers' bit-parallel
 * algorithm (one pass over the other name, a few word operations per character); longer ones the table,
 * cut short once a row is past the limit.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const shorter = a.length <= b.length ? a : b;
  const longer = shorter === a ? b : a;
  const d = shorter.length <= 32 ? bitParallelDistance(longer, shorter) : tableDistance(a, b, limit);
  return d > limit ? limit + 1 : d;
}

/** A pattern of 1 to 32 characters as the positions of each character, in bits: ASCII in an array, others in a map. */
class PatternBits {
  readonly ascii = new Int32Array(128);
  readonly other = new Map<number, number>();
  private pattern = '';

  get length(): number {
    return this.pattern.length;
  }

  set(pattern: string): void {
    this.clear();
    this.pattern = pattern;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      if (c < 128) this.ascii[c] |= 1 << i;
      else this.other.set(c, (this.other.get(c) ?? 0) | (1 << i));
    }
  }

  clear(): void {
    for (let i = 0; i < this.pattern.length; i++) {
      const c = this.pattern.charCodeAt(i);
      if (c < 128) this.ascii[c] = 0;
    }
    if (this.other.size > 0) this.other.clear();
    this.pattern = '';
  }
}

/** Myers' algorithm, as Hyyrö states it for the distance of whole strings, for a pattern of 1 to 32 characters. */
function myersDistance(text: string, bits: PatternBits): number {
  const m = bits.length;
  // Vertical deltas of the current column, +1 (pv) and -1 (mv): the first column is 0, 1, …, m.
  let pv = -1;
  let mv = 0;
  let score = m;
  const last = 1 << (m - 1);
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    const eq = c < 128 ? bits.ascii[c] : (bits.other.get(c) ?? 0);
    const xv = eq | mv;
    const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    if (ph & last) score++;
    else if (mh & last) score--;
    // The top row grows by one per column: a +1 enters at the bottom bit.
    ph = (ph << 1) | 1;
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
  }
  return score;
}

const sharedBits = new PatternBits();

/** The distance by Myers' algorithm when `pattern` has 1 to 32 characters, by the table otherwise. */
export function bitParallelDistance(text: string, pattern: string): number {
  if (pattern.length === 0 || pattern.length > 32) return tableDistance(text, pattern);
  sharedBits.set(pattern);
  try {
    return myersDistance(text, sharedBits);
  } finally {
    sharedBits.clear();
  }
}

/** The distance by its table, two rows at a time; past `limit` it stops early and returns limit + 1. */
export function tableDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** An image file with its lowercased name and folder, computed once per site. */
interface ImageName {
  readonly file: string;
  readonly name: string;
  readonly dir: string;
}

const imageNames = new WeakMap<readonly string[], ImageName[]>();

function imageNamesOf(site: Site): ImageName[] {
  const files = site.imageFiles();
  let names = imageNames.get(files);
  if (!names) {
    names = files.map((file) => {
      const slash = file.lastIndexOf('/');
      return { file, name: file.slice(slash + 1).toLowerCase(), dir: slash < 0 ? '' : file.slice(0, slash).toLowerCase() };
    });
    imageNames.set(files, names);
  }
  return names;
}

/** Published image files closest to a missing path: same name elsewhere first, then similar names nearby. */
export function nearestFiles(site: Site, target: string, count: number): string[] {
  if (count <= 0) return [];
  const name = target.slice(target.lastIndexOf('/') + 1).toLowerCase();
  const dir = target.includes('/') ? target.slice(0, target.lastIndexOf('/')).toLowerCase() : '';
  let limit = Math.max(2, Math.floor(name.length / 3));
  // A site may have tens of thousands of images: the name's bits are set once for all of them, and
  // only the best `count` are kept, the distance allowed shrinking as they improve.
  const bits = name.length > 0 && name.length <= 32 ? new PatternBits() : undefined;
  bits?.set(name);
  const best: { file: string; score: number }[] = [];
  const better = (score: number, file: string, than: { file: string; score: number }) => score < than.score || (score === than.score && file.localeCompare(than.file) < 0);
  for (const image of imageNamesOf(site)) {
    if (Math.abs(image.name.length - name.length) > limit) continue;
    const d = image.name === name ? 0 : bits ? myersDistance(image.name, bits) : editDistance(image.name, name, limit);
    if (d > limit) continue;
    const score = d * 10 + (image.dir === dir ? 0 : 5) + (image.dir.endsWith(dir) || dir.endsWith(image.dir) ? 0 : 2);
    if (best.length === count && !better(score, image.file, best[count - 1])) continue;
    if (!site.publication(image.file).published) continue;
    let at = best.length;
    while (at > 0 && better(score, image.file, best[at - 1])) at--;
    best.splice(at, 0, { file: image.file, score });
    if (best.length > count) best.pop();
    // A distance whose score cannot beat the last of a full list is no longer worth computing.
    if (best.length === count) limit = Math.min(limit, Math.floor(best[count - 1].score / 10));
  }
  return best.map((s) => s.file);
}

/** Where a located reference lands, as far as locating alone can say. */
export type Whereabouts =
  /** Not a URL a browser can read. */
  | 'unreadable'
  /** Another host (or a scheme other than http(s) on this one): not fetched. */
  | 'remote'
  /** The site's origin, but not under the baseurl. */
  | 'outside-baseurl'
  /** A published file of the site serves it. */
  | 'served'
  /** A file of the site is there, but Jekyll does not publish it. */
  | 'unpublished'
  /** Under the baseurl, and no file is there. */
  | 'absent';

/** What resolution found for a reference, before any check judges it: the input of every reference check. */
export interface LocatedReference {
  readonly site: Site;
  readonly page: PageContext;
  readonly ref: ImageReference;
  /** The text the page's HTML carries, trimmed, backslashes read as slashes. */
  readonly requested: string;
  readonly where: Whereabouts;
  readonly located?: Located;
  /** What the site requests, for messages: the path and query on the site's origin, else the full URL. */
  readonly url: string;
  /** The site file at that URL, when `where` is 'served' or 'unpublished' (or the path under the baseurl when 'absent'). */
  readonly file?: string;
}

/** Locates a reference whose page text is known: where the browser goes and what is there. */
export function locateReference(site: Site, page: PageContext, ref: ImageReference, requested: string): LocatedReference {
  const located = locate(site, page, requested);
  if (!located) return { site, page, ref, requested, where: 'unreadable', url: requested };
  const url = describeUrl(site, located);
  if (!located.local) return { site, page, ref, requested, where: 'remote', located, url };
  if (located.sitePath === undefined) return { site, page, ref, requested, where: 'outside-baseurl', located, url };
  const file = located.sitePath;
  if (!site.hasFile(file)) {
    // A collection's file copied as it is, at its collection's URL ('/events/flyer.png' from '_events/flyer.png').
    const copied = site.collectionStaticFileAt('/' + file);
    if (copied !== undefined) return { site, page, ref, requested, where: 'served', located, url, file: copied };
    return { site, page, ref, requested, where: 'absent', located, url, file };
  }
  return { site, page, ref, requested, where: site.publication(file).published ? 'served' : 'unpublished', located, url, file };
}
