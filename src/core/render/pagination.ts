import type { Site } from '../site';

/**
 * jekyll-paginate (v1, the one GitHub Pages runs): when the site sets `paginate:` and lists the plugin,
 * the `index.html` in the folder of `paginate_path` (or the nearest one above it) is the list's first
 * page, and `paginate_path` with `:num` names the others (`/posts/page2/`…). Only that page has a
 * `paginator`; its paths are without the baseurl.
 */
export interface Pagination {
  /** The page jekyll-paginate paginates (site-relative source path). */
  readonly template: string;
  readonly perPage: number;
  /** `paginate_path` with a leading slash. */
  readonly pathPattern: string;
  /** The first page's URL path (the template's folder). */
  readonly firstPage: string;
}

function pluginListed(site: Site): boolean {
  const lists = [site.config.data.plugins, site.config.data.gems];
  return lists.some((l) => Array.isArray(l) && l.some((p) => p === 'jekyll-paginate'));
}

/** The site's pagination, when the page at `path` is the one paginated (or any page when `path` is omitted). */
export function paginationOf(site: Site, path?: string): Pagination | undefined {
  const perPage = Number(site.config.data.paginate);
  if (!Number.isInteger(perPage) || perPage <= 0 || !pluginListed(site)) return undefined;
  const raw = site.config.data.paginate_path;
  const pattern = '/' + (typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : '/page:num').replace(/^\/+/, '');
  if (!pattern.includes(':num')) return undefined;
  // The folders from paginate_path's own up to the root: the deepest one with an index.html wins.
  const dirs: string[] = [];
  for (let d = pattern.replace(/\/+$/, '').replace(/\/[^/]*$/, ''); ; d = d.replace(/\/[^/]*$/, '')) {
    dirs.push(d.replace(/^\//, ''));
    if (d === '') break;
  }
  const template = dirs.map((d) => (d === '' ? 'index.html' : `${d}/index.html`)).find((f) => site.hasFile(f) && site.publication(f).published);
  if (!template || (path !== undefined && path !== template)) return undefined;
  const dir = template.slice(0, template.length - 'index.html'.length);
  return { template, perPage, pathPattern: pattern, firstPage: '/' + dir };
}

/** The URL path (without baseurl) of page `n` of the list. */
export function paginatePath(p: Pagination, n: number): string {
  return n <= 1 ? p.firstPage : p.pathPattern.replace(':num', String(n));
}

/** The URL paths of every page of the list, for `total` posts: the first is the template's own. */
export function paginatedPages(p: Pagination, total: number): string[] {
  const pages = Math.max(1, Math.ceil(total / p.perPage));
  return Array.from({ length: pages }, (_, i) => paginatePath(p, i + 1));
}

/** The `paginator` object of page `n` (clamped to the pages there are), over the posts newest first. */
export function paginatorDrop(p: Pagination, posts: readonly unknown[], n: number): Record<string, unknown> {
  const totalPages = Math.max(1, Math.ceil(posts.length / p.perPage));
  const page = Math.min(Math.max(1, Math.floor(n)), totalPages);
  const previous = page > 1 ? page - 1 : null;
  const next = page < totalPages ? page + 1 : null;
  return {
    page,
    per_page: p.perPage,
    posts: posts.slice((page - 1) * p.perPage, page * p.perPage),
    total_posts: posts.length,
    total_pages: totalPages,
    previous_page: previous,
    previous_page_path: previous === null ? null : paginatePath(p, previous),
    next_page: next,
    next_page_path: next === null ? null : paginatePath(p, next),
  };
}
