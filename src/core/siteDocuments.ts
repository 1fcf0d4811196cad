/**
 * The site's documents as it serves them: for each post and page, the URL it is served at and the file
 * Jekyll writes for it. One index per site (`Site.documents()`, `Site.documentAt(url)`), filled from
 * the documents' analyses as they are read (a whole-site check, the editor's scan) and kept current as
 * documents change, are added or go (the editor's watchers). Links, URL conflicts and completion all
 * read it.
 */
import { rendersAsDocument } from './githubPages';
import type { Site } from './site';
import type { FrontMatter } from './frontMatter';
import type { DocumentKind, DocumentUrl } from './permalink';
import { outputExtension, parsePostName } from './permalink';
import { decodePath } from './locate';
import type { OffsetRange } from './text';

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
  /** The front matter title, when it has one. */
  readonly title?: string;
  /** Where the URL comes from in the source (permalink, date, else the first line), for findings about it; none for a page copied as it is. */
  readonly range?: OffsetRange;
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
  const title = typeof a.data.title === 'string' ? a.data.title : undefined;
  if (a.kind !== 'post' && a.kind !== 'page') return { path: a.path, kind: a.kind };
  if (a.kind === 'page' && !rendersAsDocument(site, a)) return { path: a.path, kind: a.kind, destination: '/' + a.path, url: '/' + a.path };
  if (unpublished(site, a)) return { path: a.path, kind: a.kind, title };
  if (a.kind === 'post' && (!parsePostName(a.path) || a.url.invalidDate || a.url.dateUnread || inFuture(site, a, now))) return { path: a.path, kind: a.kind, title };
  const fm = a.frontMatter;
  const range = fm.values.get('permalink')?.valueRange ?? fm.values.get('date')?.valueRange ?? firstLine(a);
  return { path: a.path, kind: a.kind, title, destination: destinationOf(a.url.url, outputExtension(a.path)), url: a.url.url, range };
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

  get size(): number {
    return this.byPath.size;
  }

  set(doc: SiteDocument): void {
    const before = this.byPath.get(doc.path);
    this.byPath.set(doc.path, doc);
    // A body edit leaves where the document is served as it was: the lookups stay.
    if (before && before.destination === doc.destination && before.url === doc.url && before.title === doc.title && before.kind === doc.kind) return;
    this.list = undefined;
    this.byDestination = undefined;
  }

  delete(path: string): void {
    if (!this.byPath.delete(path)) return;
    this.list = undefined;
    this.byDestination = undefined;
  }

  get(path: string): SiteDocument | undefined {
    return this.byPath.get(path);
  }

  /** Every document, sorted by source path. */
  all(): readonly SiteDocument[] {
    return (this.list ??= [...this.byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)));
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
    }
    const map = this.byDestination;
    const path = urlPath.startsWith('/') ? urlPath : '/' + urlPath;
    if (path.endsWith('/')) return map.get(path + 'index.html');
    return map.get(path) ?? map.get(path + '.html') ?? map.get(path + '/index.html');
  }
}
