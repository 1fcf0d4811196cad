/**
 * The site's documents as it serves them: for each post and page, the URL it is served at and the file
 * Jekyll writes for it. One index per site (`Site.documents()`, `Site.documentAt(url)`), filled from
 * the documents' analyses as they are read (a whole-site check, the editor's scan) and kept current as
 * documents change, are added or go (the editor's watchers). Links, URL conflicts and completion all
 * read it.
 */
import { optionalFrontMatterKeepsOriginal, readmeIndexCandidate, rendersAsDocument } from './githubPages';
import type { Site } from './site';
import type { FrontMatter } from './frontMatter';
import type { DocumentKind, DocumentUrl } from './permalink';
import { collectionFileOf, outputExtension, parsePostName } from './permalink';
import { decodePath } from './locate';
import { activePlugins } from './pagesPlugins';
import type { OffsetRange } from './text';
import { detachedString } from './text';

/** What the index needs of a document's analysis. */
export interface DocumentFacts {
  readonly path: string;
  readonly kind: DocumentKind;
  readonly frontMatter: FrontMatter;
  readonly data: Readonly<Record<string, unknown>>;
  readonly url: DocumentUrl;
}

/** A post or page of the site, as the deployed site serves it. */
export interface SiteDocument {
  /** Site-relative source path. */
  readonly path: string;
  readonly kind?: DocumentKind;
  /** Its URL under the site root, without the baseurl ('/2022/11/22/1.html', '/about/'); undefined when Jekyll writes nothing for it. */
  readonly url?: string;
  /** The file Jekyll writes under `_site` ('/2022/11/22/1.html', '/about/index.html'), when it writes one. */
  readonly destination?: string;
  /** The collection of a 'collection' document. */
  readonly collection?: string;
  /** The front matter title, when it has one. */
  readonly title?: string;
  /** The layout it is rendered in (front matter, config defaults or GitHub Pages' default layout), if any. */
  readonly layout?: string;
  /** The files jekyll-redirect-from writes for its `redirect_from:` paths ('/old.html'), each a page that sends the browser here. */
  readonly redirects?: readonly string[];
  /** Where the URL comes from in the source (permalink, date, else the first line), for findings about it; none for a page copied as it is. */
  readonly range?: OffsetRange;
  /**
   * A README that jekyll-readme-index makes its folder's index when the folder has none: `folderUrl` is
   * that folder's URL ('/dir/'), `copied` whether its file is copied as it is too, and `index` whether
   * the index (which knows the folder's other pages) made it the index. Only under GitHub Pages.
   */
  readonly readme?: { readonly folderUrl: string; readonly copied: boolean; readonly index?: boolean };
  /**
   * The source is also copied as it is, to `'/' + path`: a Markdown page without front matter that
   * jekyll-optional-front-matter renders, a README that jekyll-readme-index makes an index (unless
   * their `remove_originals`).
   */
  readonly copiedToo?: boolean;
}

export function firstLine(a: { readonly frontMatter: FrontMatter }): OffsetRange {
  return a.frontMatter.present ? { start: 0, end: 3 } : { start: 0, end: 0 };
}

/** Whether Jekyll leaves this document out because of `published: false` (unless the config's `unpublished: true`). */
export function unpublished(site: Site, a: { readonly data: Readonly<Record<string, unknown>> }): boolean {
  return a.data.published === false && site.config.data.unpublished !== true;
}

/** A URL under the site root with the baseurl in front. */
export function fullUrl(site: Site, url: string): string {
  return site.config.basePath + url;
}

/** Whether the post is left out for its date: in the future (without `future: true`). */
export function inFuture(site: Site, a: { readonly url: DocumentUrl }, now: number): boolean {
  return !site.config.future && a.url.date !== undefined && !a.url.dateUnread && a.url.date.instant > now;
}

/** The file Jekyll writes for a URL: `index.html` in a folder URL, the output extension added when missing. */
export function destinationOf(url: string, ext: string): string {
  // Without a '%' there is nothing to decode.
  let path = url.includes('%') ? decodePath(url) : url;
  if (path.endsWith('/')) path += 'index';
  if (ext !== '' && !path.endsWith(ext)) path += ext;
  return path;
}

/** The index's record of a document: where Jekyll writes it, if it does. `now` is the build's clock. */
export function siteDocumentOf(site: Site, a: DocumentFacts, now = Date.now()): SiteDocument {
  return detached(documentRecordOf(site, a, now));
}

/** The record each analysis was indexed with (see {@link indexDocument}). */
const indexedWith = new WeakMap<DocumentFacts, SiteDocument>();

/** Records a document's analysis in the site's index. */
export function indexDocument(site: Site, a: DocumentFacts, now = Date.now()): void {
  const doc = siteDocumentOf(site, a, now);
  indexedWith.set(a, doc);
  site.setDocument(doc);
}

/**
 * The index's record of the document when it was made from this very analysis and the index still
 * holds it: what a check that needs the record takes rather than make it again.
 */
export function indexedRecordOf(site: Site, a: DocumentFacts): SiteDocument | undefined {
  const doc = indexedWith.get(a);
  return doc !== undefined && site.documentOf(a.path) === doc ? doc : undefined;
}

/** The record with its strings copied: the site's index outlives the documents' texts and must not keep them. */
function detached(doc: SiteDocument): SiteDocument {
  const d = detachedString;
  const out: { -readonly [K in keyof SiteDocument]: SiteDocument[K] } = { ...doc };
  if (doc.title !== undefined) out.title = d(doc.title);
  if (doc.url !== undefined) out.url = d(doc.url);
  if (doc.destination !== undefined) out.destination = d(doc.destination);
  if (doc.layout !== undefined) out.layout = d(doc.layout);
  if (doc.collection !== undefined) out.collection = d(doc.collection);
  if (doc.redirects !== undefined) out.redirects = doc.redirects.map(d);
  if (doc.readme !== undefined) out.readme = { ...doc.readme, folderUrl: d(doc.readme.folderUrl) };
  return out;
}

function documentRecordOf(site: Site, a: DocumentFacts, now: number): SiteDocument {
  const title = typeof a.data.title === 'string' ? a.data.title : undefined;
  if (a.kind === 'collection') return collectionDocumentOf(site, a, title, now);
  if (a.kind !== 'post' && a.kind !== 'page') return { path: a.path, kind: a.kind };
  if (a.kind === 'page' && !rendersAsDocument(site, a)) {
    const readme = readmeIndexCandidate(site, a);
    const url = '/' + a.path;
    return readme ? { path: a.path, kind: a.kind, destination: url, url, range: firstLine(a), readme: { folderUrl: folderUrlOf(url), copied: readme.copied } } : { path: a.path, kind: a.kind, destination: url, url };
  }
  if (unpublished(site, a)) return { path: a.path, kind: a.kind, title };
  if (a.kind === 'post' && (!parsePostName(a.path) || a.url.invalidDate || a.url.dateUnread || inFuture(site, a, now))) return { path: a.path, kind: a.kind, title };
  const fm = a.frontMatter;
  const range = fm.values.get('permalink')?.valueRange ?? fm.values.get('date')?.valueRange ?? firstLine(a);
  const layout = typeof a.data.layout === 'string' && a.data.layout !== '' && a.data.layout !== 'none' && a.data.layout !== 'null' ? a.data.layout : undefined;
  const redirects = redirectsOf(site, a.data);
  const copiedToo = a.kind === 'page' && !a.frontMatter.present && optionalFrontMatterKeepsOriginal(site);
  const doc: SiteDocument = { path: a.path, kind: a.kind, title, destination: destinationOf(a.url.url, outputExtension(a.path)), url: a.url.url, range, ...(layout ? { layout } : {}), ...(redirects ? { redirects } : {}), ...(copiedToo ? { copiedToo } : {}) };
  const readme = a.kind === 'page' ? readmeIndexCandidate(site, a) : undefined;
  return readme ? { ...doc, readme: { folderUrl: folderUrlOf(a.url.url), copied: false } } : doc;
}

/**
 * A collection's document: written at its URL when the collection has `output: true` (and it is not
 * `published: false` nor in the future); a file without front matter is copied at its URL as it is.
 */
function collectionDocumentOf(site: Site, a: DocumentFacts, title: string | undefined, now: number): SiteDocument {
  const collection = collectionFileOf(site.config, a.path)?.collection;
  const base: SiteDocument = { path: a.path, kind: a.kind, ...(collection ? { collection: collection.name } : {}) };
  if (!collection?.output) return { ...base, ...(title !== undefined ? { title } : {}) };
  if (!a.frontMatter.present) return { ...base, url: a.url.url, destination: a.url.url.includes('%') ? decodePath(a.url.url) : a.url.url };
  if (unpublished(site, a) || inFuture(site, a, now)) return { ...base, ...(title !== undefined ? { title } : {}) };
  const range = a.frontMatter.values.get('permalink')?.valueRange ?? firstLine(a);
  const layout = typeof a.data.layout === 'string' && a.data.layout !== '' && a.data.layout !== 'none' && a.data.layout !== 'null' ? a.data.layout : undefined;
  const redirects = redirectsOf(site, a.data);
  return { ...base, title, destination: destinationOf(a.url.url, outputExtension(a.path)), url: a.url.url, range, ...(layout ? { layout } : {}), ...(redirects ? { redirects } : {}) };
}

const redirectsOn = new WeakMap<object, boolean>();

/**
 * The files jekyll-redirect-from writes for a document's `redirect_from:` (a path or a list), when the
 * build runs it: a page whose permalink is the path, so '/old/' is written as '/old/index.html', '/old'
 * as '/old.html' and '/old.htm' as it is, as Jekyll names any page's file.
 */
export function redirectsOf(site: Site, data: Readonly<Record<string, unknown>>): string[] | undefined {
  const value = data.redirect_from;
  if (value === undefined || value === null) return undefined;
  let on = redirectsOn.get(site.config.data);
  if (on === undefined) redirectsOn.set(site.config.data, (on = activePlugins(site.config.data, site.githubPages).has('jekyll-redirect-from')));
  if (!on) return undefined;
  const out: string[] = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    if (typeof item !== 'string' && typeof item !== 'number') continue;
    let path = decodePath(String(item).trim());
    if (path === '') continue;
    if (!path.startsWith('/')) path = '/' + path;
    // The page's output extension is its permalink's when that has one (Jekyll's permalink_ext).
    if (path.endsWith('/')) path += 'index.html';
    else if (!/\.[^./]+$/.test(path)) path += '.html';
    out.push(path);
  }
  return out.length > 0 ? out : undefined;
}

/** The folder a URL is in, as jekyll-readme-index takes it (`File.dirname(url) + '/'`): '/dir/README.md' → '/dir/'. */
export function folderUrlOf(url: string): string {
  const trimmed = url.length > 1 && url.endsWith('/') ? url.slice(0, -1) : url;
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1) || '/';
}

/** A URL that is a folder's index for jekyll-readme-index: '/dir/' or '/dir/index.html' (.htm, .xhtml, .xml), any letter case. */
const INDEX_URL = /^(.*\/)(?:index\.(?:html?|xhtml|xml))?$/i;

/** The folder (lower case) a page's or static file's URL is the index of, or undefined. */
export function indexedFolder(url: string): string | undefined {
  const m = INDEX_URL.exec(url);
  return m ? m[1].toLowerCase() : undefined;
}

/**
 * The documents of one site by source path, and the ones Jekyll writes by destination. GitHub Pages
 * serves `/about` from `about.html` and `/dir` and `/dir/` from `dir/index.html`: `at` answers for a
 * URL as the server does.
 */
export class DocumentIndex {
  private readonly byPath = new Map<string, SiteDocument>();
  private byDestination: Map<string, SiteDocument> | undefined;
  private list: SiteDocument[] | undefined;
  /** The READMEs jekyll-readme-index makes folder indexes, by path, worked out when first asked. */
  private readmes: Map<string, SiteDocument> | undefined;

  /**
   * `staticIndex(folderUrl)` says whether a published file that is no document of the index is the
   * folder's index (`dir/index.xhtml`, a `dir/index.xml` not read as a page).
   */
  constructor(private readonly staticIndex: (folderUrl: string) => boolean = () => false) {}

  get size(): number {
    return this.byPath.size;
  }

  set(doc: SiteDocument): void {
    const before = this.byPath.get(doc.path);
    this.byPath.set(doc.path, doc);
    // A body edit leaves where the document is served as it was: the lookups stay.
    if (before && before.destination === doc.destination && before.url === doc.url && before.title === doc.title && before.kind === doc.kind && before.readme?.copied === doc.readme?.copied && before.layout === doc.layout && String(before.redirects) === String(doc.redirects) && before.copiedToo === doc.copiedToo && before.collection === doc.collection) return;
    this.changed();
  }

  delete(path: string): void {
    if (!this.byPath.delete(path)) return;
    this.changed();
  }

  /** Forgets what was worked out from the documents (the site's files changed, or a document did). */
  changed(): void {
    this.list = undefined;
    this.byDestination = undefined;
    this.readmes = undefined;
  }

  /** A document as the site serves it: a README that is its folder's index with that URL. */
  get(path: string): SiteDocument | undefined {
    const doc = this.byPath.get(path);
    return doc?.readme ? (this.readmeIndexes().get(path) ?? doc) : doc;
  }

  /** Every document, sorted by source path. */
  all(): readonly SiteDocument[] {
    if (this.list) return this.list;
    const readmes = this.readmeIndexes();
    const list = [...this.byPath.values()].map((d) => (d.readme ? (readmes.get(d.path) ?? d) : d));
    return (this.list = list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)));
  }

  /**
   * jekyll-readme-index's verdicts: each README (by path) whose folder has no index, with the folder's
   * URL. A folder has an index when a page's or a published static file's URL is '/dir/' or
   * '/dir/index.html' (.htm, .xhtml, .xml), in any letter case; posts do not count. A README made an
   * index is one from then on: of two READMEs in one folder, the first by path is the index.
   */
  private readmeIndexes(): Map<string, SiteDocument> {
    if (this.readmes) return this.readmes;
    const out = new Map<string, SiteDocument>();
    const candidates: SiteDocument[] = [];
    const indexed = new Set<string>();
    for (const d of this.byPath.values()) {
      if (d.readme) candidates.push(d);
      if (d.kind === 'page' && d.url !== undefined) {
        const folder = indexedFolder(d.url);
        if (folder !== undefined) indexed.add(folder);
      }
    }
    candidates.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const d of candidates) {
      const readme = d.readme as NonNullable<SiteDocument['readme']>;
      const folder = readme.folderUrl.toLowerCase();
      if (indexed.has(folder) || this.staticIndex(readme.folderUrl)) continue;
      indexed.add(folder);
      out.set(d.path, { ...d, url: readme.folderUrl, destination: readme.folderUrl + 'index.html', readme: { ...readme, index: true }, ...(readme.copied ? { copiedToo: true } : {}) });
    }
    return (this.readmes = out);
  }

  /**
   * The document the server answers with for a decoded URL path under the site root (no baseurl, no
   * query or fragment): the exact file, else `URL.html`, else `URL/index.html`. Case-sensitive, as
   * GitHub Pages is. The first document by source path when several land on one destination.
   */
  at(urlPath: string): SiteDocument | undefined {
    if (!this.byDestination) {
      this.byDestination = new Map();
      for (const d of this.all()) if (d.destination !== undefined && !this.byDestination.has(d.destination)) this.byDestination.set(d.destination, d);
      // jekyll-redirect-from's pages come after the site's own (they never replace one): the browser lands on their document.
      for (const d of this.all()) for (const r of d.redirects ?? []) if (!this.byDestination.has(r)) this.byDestination.set(r, d);
    }
    const map = this.byDestination;
    const path = urlPath.startsWith('/') ? urlPath : '/' + urlPath;
    if (path.endsWith('/')) return map.get(path + 'index.html');
    return map.get(path) ?? map.get(path + '.html') ?? map.get(path + '/index.html');
  }
}
