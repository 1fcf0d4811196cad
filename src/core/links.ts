/**
 * Where a link lands on the deployed site. Resolution locates (the URL the browser asks for, the page
 * or file GitHub Pages answers with); `checks/links.ts` judges.
 *
 * What serves a URL path under the site root (no baseurl), as GitHub Pages does: a post or page at its
 * URL (the document index: `/about` from `about.html`, `/dir/` from `dir/index.html`), a published
 * static file, a stylesheet Jekyll makes from `*.scss`/`*.sass` with front matter, and the files the
 * site's plugins write (`feed.xml`, `sitemap.xml`, `robots.txt`, jekyll-paginate's `/page2/` …).
 */
import type { Site } from './site';
import type { Reference } from './references';
import type { SiteDocument } from './siteDocuments';
import { decodePath, locate, requestedText } from './locate';
import type { PageContext } from './locate';
import { collectionFileOf, documentKind, parsePostName } from './permalink';

/** What answers a URL path on the deployed site. */
export type Served = { readonly doc: SiteDocument } | { readonly file: string } | { readonly generated: string };

function pluginsOf(site: Site): readonly string[] {
  const data = site.config.data as Record<string, unknown>;
  const list = [data.plugins, data.gems].flatMap((v) => (Array.isArray(v) ? v : []));
  return list.filter((v): v is string => typeof v === 'string');
}

/** The pages jekyll-paginate writes after the first: '/posts/page2/' … (from `paginate_path`). */
function paginatedPath(site: Site, urlPath: string): boolean {
  const data = site.config.data as Record<string, unknown>;
  const perPage = Number(data.paginate);
  if (!pluginsOf(site).includes('jekyll-paginate') || !(perPage > 0)) return false;
  const pattern = typeof data.paginate_path === 'string' ? data.paginate_path : '/page:num';
  const prefix = ('/' + pattern).replace(/\/+/g, '/').split(':num')[0];
  if (!urlPath.startsWith(prefix)) return false;
  const m = /^(\d+)\/?(?:index\.html)?$/.exec(urlPath.slice(prefix.length));
  if (!m) return false;
  const n = Number(m[1]);
  const posts = site.documents().filter((d) => d.kind === 'post' && d.url !== undefined).length;
  return n >= 2 && n <= Math.ceil(posts / perPage);
}

/** A static file that GitHub Pages would send for a path: the file, `path.html`, `path/index.html`. */
function staticFileAt(site: Site, path: string): string | undefined {
  const rel = path.replace(/^\/+/, '');
  const candidates = rel === '' || rel.endsWith('/') ? [rel + 'index.html'] : [rel, rel + '.html', rel + '/index.html'];
  for (const file of candidates) {
    if (!site.hasFile(file) || !site.publication(file).published) continue;
    const doc = site.documentOf(file);
    // A rendered document's source is not on the site (about.md is served as /about.html), except one
    // that a Pages plugin renders and copies as it is too (a page without front matter, a README index).
    if (doc && !doc.copiedToo && (doc.kind === 'post' || (doc.destination !== undefined && doc.destination !== '/' + file) || doc.destination === undefined)) continue;
    if (file.startsWith('_')) continue;
    return file;
  }
  return undefined;
}

/** What answers a decoded URL path under the site root, or undefined for a 404. */
export function servedAt(site: Site, urlPath: string): Served | undefined {
  const path = urlPath.startsWith('/') ? urlPath : '/' + urlPath;
  const doc = site.documentAt(path);
  if (doc) return { doc };
  const file = staticFileAt(site, path) ?? site.collectionStaticFileAt(path);
  if (file) return { file };
  const css = /^\/(.*)\.css$/.exec(path);
  if (css) {
    for (const source of [css[1] + '.scss', css[1] + '.sass']) if (site.hasFile(source) && site.publication(source).published) return { generated: source };
  }
  const plugins = pluginsOf(site);
  if (path === '/feed.xml' && plugins.includes('jekyll-feed')) return { generated: 'jekyll-feed' };
  if ((path === '/sitemap.xml' || path === '/robots.txt') && plugins.includes('jekyll-sitemap')) return { generated: 'jekyll-sitemap' };
  if (paginatedPath(site, path)) return { generated: 'jekyll-paginate' };
  return undefined;
}

/** The post `{% post_url NAME %}` names ('2021-11-03-1', or 'folder/2021-11-03-1'), if the site has it. */
export function postNamed(site: Site, name: string): SiteDocument | undefined {
  const wanted = name.replace(/\.(md|markdown|mkdown|mkdn|mkd|html?)$/i, '');
  if (!wanted.includes('/')) return postsByName(site).get(wanted);
  const suffix = '/' + wanted.replace(/^\/+/, '');
  for (const d of site.documents()) if (d.kind === 'post' && d.path.replace(/\.[^.]+$/, '').endsWith(suffix)) return d;
  return undefined;
}

/** The name `{% post_url %}` knows a post by: its file name without the extension ('2021-11-03-1'). */
export function postNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
}

/** The site's posts by file name without extension, made once per list of documents. */
const postIndexes = new WeakMap<readonly SiteDocument[], Map<string, SiteDocument>>();

function postsByName(site: Site): Map<string, SiteDocument> {
  const docs = site.documents();
  let index = postIndexes.get(docs);
  if (!index) {
    index = new Map();
    for (const d of docs) {
      if (d.kind !== 'post') continue;
      const base = postNameOf(d.path);
      if (!index.has(base)) index.set(base, d);
    }
    postIndexes.set(docs, index);
  }
  return index;
}

/** The post names of the site ('2021-11-03-1'), for fixes and completion. */
export function postNames(site: Site): { name: string; doc: SiteDocument }[] {
  const out: { name: string; doc: SiteDocument }[] = [];
  for (const d of site.documents()) if (d.kind === 'post' && parsePostName(d.path)) out.push({ name: postNameOf(d.path), doc: d });
  return out;
}

/** Whether Jekyll reads the file as a document of a collection (posts included), whose name leaves collections_dir out. */
function collected(site: Site, path: string): boolean {
  return documentKind(path, site.config) === 'post' || collectionFileOf(site.config, path) !== undefined;
}

/**
 * The site file `{% link NAME %}` names: a page or static file by its path, a post or collection's
 * document by its path below `collections_dir` (Jekyll's Document#relative_path leaves the folder out:
 * `{% link _posts/2022-01-02-a.md %}` for `col/_posts/2022-01-02-a.md`, and the full path names nothing).
 */
export function linkTagFile(site: Site, name: string): string | undefined {
  const path = name.replace(/^\/+/, '');
  const dir = site.config.collectionsDir;
  if (dir !== '') {
    const inDir = `${dir}/${path}`;
    if (site.hasFile(inDir) && collected(site, inDir)) return inDir;
    if (path.startsWith(dir + '/') && collected(site, path)) return undefined;
  }
  return site.hasFile(path) ? path : undefined;
}

/** The name `{% link %}` knows a site file by (see {@link linkTagFile}). */
export function linkTagName(site: Site, file: string): string {
  const dir = site.config.collectionsDir;
  return dir !== '' && file.startsWith(dir + '/') && collected(site, file) ? file.slice(dir.length + 1) : file;
}

/** What `{% post_url %}` and `{% link %}` write: the URL, with the baseurl on Jekyll 4, without on GitHub Pages' Jekyll 3.10. */
export function tagOutput(site: Site, kind: 'post_url' | 'link', arg: string): string | undefined {
  let url: string | undefined;
  if (kind === 'post_url') url = postNamed(site, arg)?.url;
  else {
    const file = linkTagFile(site, arg);
    if (file === undefined) return undefined;
    url = site.documentOf(file)?.url ?? '/' + file;
  }
  if (url === undefined) return undefined;
  return site.githubPages ? url : site.config.basePath + url;
}

const TAG_IN_VALUE = /\{%-?\s*(post_url|link)\s+([^%]*?)\s*-?%\}/g;

/** The text a link's HTML carries: `{% post_url %}`/`{% link %}` replaced by their output, then `{{ … }}` evaluated. */
export function linkText(site: Site, page: PageContext, ref: Reference, raw = ref.raw): { ok: true; value: string } | { ok: false; reason: string } {
  let text = raw;
  // A page whose Liquid the build does not render carries its tags as written.
  if (text.includes('{%') && !ref.literal) {
    let missing = false;
    text = text.replace(TAG_IN_VALUE, (_m, tag: 'post_url' | 'link', arg: string) => {
      const out = tagOutput(site, tag, arg.trim());
      if (out === undefined) missing = true;
      return out ?? '';
    });
    if (missing) return { ok: false, reason: 'a tag that names nothing (reported on the tag)' };
  }
  // Layouts and includes read page.url (canonical links, active navbar items).
  return requestedText(site, withUrl(page), ref.kind === 'html-href' ? ref : { ...ref, kind: 'html-href' }, text);
}

const scopedPages = new WeakMap<PageContext, PageContext>();

/** The page with `page.url` in its data, made once per page (a page has many links). */
function withUrl(page: PageContext): PageContext {
  if (page.data.url !== undefined) return page;
  let scoped = scopedPages.get(page);
  if (!scoped) scopedPages.set(page, (scoped = { ...page, data: { ...page.data, url: page.url } }));
  return scoped;
}

/** A link's URL, split: the path the browser asks for, and its fragment. */
export interface LocatedLink {
  /** 'external': another host or scheme; 'outside-baseurl': this host, not under the baseurl; 'site': under the baseurl. */
  readonly where: 'external' | 'outside-baseurl' | 'site' | 'unreadable' | 'same-page';
  /** The decoded path under the site root ('/about.html'), for 'site'; the path from the domain root for 'outside-baseurl'. */
  readonly urlPath?: string;
  /** The path and query the browser asks for, for messages. */
  readonly url: string;
  readonly fragment?: string;
}

const NOT_WEB = /^(?:mailto|tel|sms|javascript|data|ftp|file|irc|news|callto|skype|geo|urn|about|blob):/i;

/** Where the browser goes for a link's text on this page. */
export function locateLink(site: Site, page: PageContext, requested: string): LocatedLink {
  const text = requested.trim();
  if (text === '' || NOT_WEB.test(text)) return { where: 'external', url: text };
  const hash = text.indexOf('#');
  const fragment = hash >= 0 ? text.slice(hash + 1) : undefined;
  const withoutFragment = hash >= 0 ? text.slice(0, hash) : text;
  if (withoutFragment === '') return { where: 'same-page', url: site.config.basePath + page.url, fragment };
  const query = withoutFragment.indexOf('?');
  const pathPart = query >= 0 ? withoutFragment.slice(0, query) : withoutFragment;
  if (pathPart === '') return { where: 'same-page', url: site.config.basePath + page.url, fragment };
  const located = locate(site, page, pathPart);
  if (!located) return { where: 'unreadable', url: text };
  if (!located.local) return { where: 'external', url: located.absolute.href };
  const path = decodePath(located.absolute.pathname);
  const base = site.config.basePath;
  if (base !== '' && path !== base && !path.startsWith(base + '/')) return { where: 'outside-baseurl', urlPath: path, url: located.absolute.pathname, fragment };
  const urlPath = path.slice(base.length) || '/';
  return { where: 'site', urlPath, url: located.absolute.pathname, fragment };
}
