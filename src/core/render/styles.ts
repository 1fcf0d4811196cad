import type { Site } from '../site';
import { type SiteFileSystem, readTextFile } from '../fileSystem';
import { parseFrontMatter } from '../frontMatter';
import { folderOf, joinSitePath } from '../locate';

/**
 * The site's own stylesheets without a build, as jekyll-sass-converter makes them: a stylesheet the
 * layout links (`/assets/main.css`) is the output of `assets/main.scss` (or `.sass`) when that file has
 * front matter; it is compiled with `@import`/`@use` looked up beside the importing file, in the
 * `sass_dir` (`_sass/` unless `sass: sass_dir:` says otherwise) and in `sass: load_paths:`. A built copy
 * under `_site/` is used instead only when it is newer than every Sass file of the site.
 */
export interface SiteStylesheet {
  /** The workspace file that holds it: the Sass source, or the built CSS under `_site/`. */
  readonly file: string;
  /** The compiled CSS (absent when `file` is a CSS file to load as it is). */
  readonly css?: string;
  /** Every Sass file the compilation read, site-relative. */
  readonly sources?: readonly string[];
}

const SASS_FILE = /\.(scss|sass)$/i;

/** A site-relative path with '.' and '..' resolved; undefined when it climbs above the root. */
const normalize = (path: string): string | undefined => joinSitePath('', path);

/** The files an `@import "x"` may mean, in Sass's order: partial and plain, .scss/.sass/.css, then index files. */
function candidates(base: string): string[] {
  const dir = folderOf(base);
  const name = base.slice(base.lastIndexOf('/') + 1);
  const join = (n: string) => (dir === '' ? n : `${dir}/${n}`);
  if (/\.(scss|sass|css)$/i.test(name)) return [join(name), join('_' + name)];
  const out: string[] = [];
  for (const ext of ['.scss', '.sass', '.css']) out.push(join('_' + name + ext), join(name + ext));
  for (const ext of ['.scss', '.sass', '.css']) out.push(`${base}/_index${ext}`, `${base}/index${ext}`);
  return out;
}

/**
 * `sass: style:` as jekyll-sass-converter reads it (nested, expanded, compact or compressed; GitHub
 * Pages' 1.5 defaults to compact). Dart Sass writes only expanded and compressed: the other two come
 * out expanded, which looks the same on the page.
 */
function sassStyle(conf: Record<string, unknown>): 'expanded' | 'compressed' {
  return typeof conf.style === 'string' && conf.style.replace(/^:/, '').trim() === 'compressed' ? 'compressed' : 'expanded';
}

function sassConfig(site: Site): { sassDir: string; loadPaths: string[]; style: 'expanded' | 'compressed' } {
  const sass = site.config.data.sass;
  const conf = sass && typeof sass === 'object' && !Array.isArray(sass) ? (sass as Record<string, unknown>) : {};
  const sassDir = typeof conf.sass_dir === 'string' && conf.sass_dir.trim() !== '' ? conf.sass_dir.trim().replace(/^\/+|\/+$/g, '') : '_sass';
  const loadPaths = Array.isArray(conf.load_paths) ? conf.load_paths.filter((p): p is string => typeof p === 'string').map((p) => p.replace(/^\/+|\/+$/g, '')) : [];
  return { sassDir, loadPaths, style: sassStyle(conf) };
}

/** The Sass source Jekyll builds `output` (site-relative, e.g. `assets/main.css`) from, if any. */
export function sassSourceOf(site: Site, output: string): string | undefined {
  if (!/\.css$/i.test(output)) return undefined;
  const stem = output.slice(0, -4);
  return [`${stem}.scss`, `${stem}.sass`].find((f) => site.hasFile(f) && site.publication(f).published);
}

/** The newest modification time of the site's Sass files (undefined when the file system does not say). */
async function newestSass(site: Site, fs: SiteFileSystem): Promise<number | undefined> {
  let newest = 0;
  for (const f of site.allFiles()) {
    if (!SASS_FILE.test(f) || f.startsWith('_site/')) continue;
    const s = await fs.stat(f);
    if (s?.mtime === undefined) return undefined;
    newest = Math.max(newest, s.mtime);
  }
  return newest;
}

/**
 * The stylesheet the site serves at `output`: compiled from its Sass source (or the built copy in
 * `_site/` when that is newer than every Sass file), or undefined when the site has no source for it.
 * Compilation problems are pushed to `errors` and give undefined.
 */
export async function siteStylesheet(site: Site, fs: SiteFileSystem, output: string, errors: string[]): Promise<SiteStylesheet | undefined> {
  const source = sassSourceOf(site, output);
  if (!source) return undefined;
  const built = `_site/${output}`;
  const builtStat = await fs.stat(built);
  if (builtStat?.type === 'file' && builtStat.mtime !== undefined) {
    const newest = await newestSass(site, fs);
    if (newest !== undefined && builtStat.mtime > newest) return { file: built };
  }
  const text = await readTextFile(fs, source);
  if (text === undefined) return undefined;
  const fm = parseFrontMatter(text);
  if (!fm.present) return undefined; // Jekyll copies a Sass file without front matter as it is.
  const { sassDir, loadPaths, style } = sassConfig(site);
  const roots = [sassDir, ...loadPaths];
  const read: string[] = [source];
  const find = (url: string, from: string): string | undefined => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('site:')) return undefined;
    const bases: string[] = [];
    const rel = normalize(`${folderOf(from)}/${url}`);
    if (rel !== undefined) bases.push(rel);
    for (const r of roots) {
      const p = normalize(`${r}/${url}`);
      if (p !== undefined) bases.push(p);
    }
    for (const b of bases) for (const c of candidates(b)) if (site.hasFile(c)) return c;
    return undefined;
  };
  let sass: typeof import('sass');
  try {
    const loaded = (await import('sass')) as typeof import('sass') & { default?: typeof import('sass') };
    sass = typeof loaded.compileStringAsync === 'function' ? loaded : loaded.default!;
  } catch (error) {
    errors.push(`The Sass compiler is not available: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const sourceUrl = new URL(`site:/${source}`);
  const toUrl = (path: string) => new URL(`site:/${path.split('/').map(encodeURIComponent).join('/')}`);
  const importer: import('sass').Importer<'async'> = {
    canonicalize(url, context) {
      if (url.startsWith('site:/')) {
        const base = normalize(decodeURIComponent(url.slice('site:/'.length)));
        const hit = base === undefined ? undefined : candidates(base).find((c) => site.hasFile(c));
        return hit === undefined ? null : toUrl(hit);
      }
      const from = context.containingUrl?.protocol === 'site:' ? decodeURIComponent(context.containingUrl.pathname.slice(1)) : source;
      const path = find(url, from);
      return path === undefined ? null : toUrl(path);
    },
    async load(canonical) {
      const path = decodeURIComponent(canonical.pathname.slice(1));
      const contents = await readTextFile(fs, path);
      if (contents === undefined) return null;
      read.push(path);
      return { contents, syntax: /\.sass$/i.test(path) ? 'indented' : /\.css$/i.test(path) ? 'css' : 'scss' };
    },
  };
  try {
    const result = await sass.compileStringAsync(text.slice(fm.bodyOffset), {
      syntax: /\.sass$/i.test(source) ? 'indented' : 'scss',
      url: sourceUrl,
      style,
      logger: sass.Logger.silent,
      // Relative loads come to canonicalize resolved against the importing file (`site:/…`); when that
      // finds nothing, Sass asks again with the URL as written, looked up in the load paths.
      importer,
      importers: [importer],
    });
    return { file: source, css: result.css, sources: read };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    errors.push(`Sass error in ${source}: ${message}`);
    return undefined;
  }
}

/**
 * Rewrites the `url(…)` of compiled CSS served at `output` to what the preview may load: a site file
 * through `local` (relative URLs resolve against the stylesheet's own URL), `data:` and `https:` as
 * they are, anything else to `none`.
 */
export async function rewriteStylesheetUrls(css: string, output: string, basePath: string, local: (file: string) => string | Promise<string>, exists: (file: string) => boolean): Promise<string> {
  const re = /url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)'"\s]*))\s*\)/gi;
  const tokens = [...css.matchAll(re)];
  if (tokens.length === 0) return css;
  const values = await Promise.all(
    tokens.map(async (m) => {
      const raw = (m[1] ?? m[2] ?? m[3] ?? '').trim();
      if (raw === '' || raw.startsWith('#') || /^data:/i.test(raw)) return m[0];
      if (/^https:/i.test(raw) || raw.startsWith('//')) return m[0];
      if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) return 'none';
      const path = raw.replace(/[?#].*$/, '');
      let file: string | undefined;
      if (path.startsWith('/')) {
        const under = basePath !== '' && (path === basePath || path.startsWith(basePath + '/')) ? path.slice(basePath.length) : path;
        file = normalize(under);
      } else file = normalize(`${folderOf(output)}/${path}`);
      if (file === undefined || !exists(file)) return m[0];
      return `url("${String(await local(file)).replace(/["\\\n]/g, (c) => '\\' + c)}")`;
    }),
  );
  let out = '';
  let last = 0;
  tokens.forEach((m, i) => {
    out += css.slice(last, m.index) + values[i];
    last = m.index! + m[0].length;
  });
  return out + css.slice(last);
}

/** The web fonts the preview serves itself, by Google Fonts family name (the CSS files under media/fonts/). */
export const PACKAGED_FONTS: Readonly<Record<string, string>> = { lora: 'lora.css', 'open sans': 'open-sans.css' };

/**
 * For a Google Fonts stylesheet link (`https://fonts.googleapis.com/css?family=Lora:400,700|…` or
 * `css2?family=…`), the packaged font CSS files that replace it; undefined for any other link.
 */
export function packagedFontsFor(href: string): string[] | undefined {
  let url: URL;
  try {
    url = new URL(href.trim().startsWith('//') ? 'https:' + href.trim() : href.trim());
  } catch {
    return undefined;
  }
  if (url.hostname !== 'fonts.googleapis.com' || !/^\/css2?$/.test(url.pathname)) return undefined;
  const families = url.searchParams.getAll('family').flatMap((f) => f.split('|'));
  const out: string[] = [];
  for (const f of families) {
    const css = PACKAGED_FONTS[f.split(':')[0].replace(/\+/g, ' ').trim().toLowerCase()];
    if (css && !out.includes(css)) out.push(css);
  }
  return out;
}
