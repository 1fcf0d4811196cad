import { SiteFileSystem, joinRelative, normalizeRelative, readTextFile } from './fileSystem';
import { buildSiteConfig, isBaseurlProblem, parseSiteConfig, SiteConfig } from './siteConfig';
import { parseFrontMatter } from './frontMatter';
import { BoundedMemo } from './memo';
import { DocumentIndex, SiteDocument } from './siteDocuments';
import { BuildInfo, BuildSetting, detectBuild, RepositoryContext } from './build';
import { collectionFileOf, documentUrl } from './permalink';
import { decodePath } from './locate';

/** What a layout does with the front matter `background`. */
export interface LayoutInfo {
  readonly name: string;
  /** The layout file ('' for the built-in Clean Blog layouts). */
  readonly file: string;
  readonly parent?: string;
  /** The Liquid output expression that writes the background, e.g. `page.background | prepend: site.baseurl | replace: '//', '/'`. */
  readonly backgroundExpression?: string;
  /** Every `{{ page.KEY … }}` output expression of the layout, by front matter key (the first one of each). */
  readonly pageExpressions?: ReadonlyMap<string, string>;
  /** The theme the layout comes from, when it is the theme's (its file is then relative to the theme's folder). */
  readonly theme?: string;
}

/** The theme a site names (`theme:` or `remote_theme:`), and whether its files are on this machine. */
export interface SiteTheme {
  readonly name: string;
  readonly remote: boolean;
  /** The installed theme's folder (a gem folder), when found. */
  readonly root?: string;
  /** The installed theme's includes ('footer.html', 'icons/x.svg'), when its folder was read. */
  readonly includes?: readonly string[];
}

/** The files under an installed theme's `_includes/` (three folders deep at most, 2,000 files at most). */
async function themeIncludes(fs: SiteFileSystem): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries: Awaited<ReturnType<SiteFileSystem['readDirectory']>>;
    try {
      entries = await fs.readDirectory(dir);
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= 2000) return;
      const path = `${dir}/${e.name}`;
      if (e.type === 'file') out.push(path.slice('_includes/'.length));
      else if (e.type === 'directory' && depth < 3) await walk(path, depth + 1);
    }
  };
  await walk('_includes', 0);
  return out;
}

/** Where an installed theme's files are: a file system rooted at the theme's folder. */
export type ThemeLocator = (name: string) => { readonly root: string; readonly fs: SiteFileSystem } | undefined;

/** The Clean Blog theme's masthead rule, used when the site's own layouts are not in the workspace. */
export const DEFAULT_BACKGROUND_EXPRESSION = "page.background | prepend: site.baseurl | replace: '//', '/'";
export const BUILT_IN_LAYOUTS = ['default', 'home', 'page', 'post'];

export interface SiteOptions {
  /** Config files, later ones overriding earlier ones (Jekyll's `--config a,b`). Default `_config.yml`. */
  readonly configFiles?: readonly string[];
  /** Stop listing after this many files (a guard against runaway trees). */
  readonly maxFiles?: number;
  /** Which build to model: worked out from the site's files ('auto', the default), or named. */
  readonly build?: BuildSetting;
  /** The git repository around the site, when it is not the site's own folder (its workflows, remote, Gemfile). */
  readonly repository?: RepositoryContext;
  /** Finds an installed theme gem by name (on disk: the system's and Bundler's gem folders). */
  readonly findTheme?: ThemeLocator;
}

/** What a site is taken as when nothing says how it is built (a site made in memory). */
const PLAIN_JEKYLL: BuildInfo = { model: 'jekyll', reason: 'nothing names another build', source: 'detected' };

export type Publication =
  | { readonly published: true }
  | { readonly published: false; readonly reason: 'underscore' | 'dot' | 'special' | 'excluded'; readonly segment: string };

const PUBLISHED: Publication = { published: true };

/** Image files a browser shows: what the checker suggests and the authoring features insert. */
export const IMAGE_FILE = /\.(png|jpe?g|gif|svg|webp|avif|bmp|ico)$/i;

/** The owner of a site's list of image files (Site.derivedFromFiles). */
const IMAGE_FILES = {};
/** The owner of a site's collection files copied as they are, by the URL they are written at. */
const COLLECTION_STATIC_FILES = {};
/** Files the checker reads as documents (their URLs are in the document index). */
const DOCUMENT_EXTENSION = /\.(md|markdown|mkdown|mkdn|mkd|html?)$/i;

/** Letter-case questions answered by going through the files before an index of lowercased paths is built. */
const CASE_SCANS_BEFORE_INDEX = 16;
/** Sites with more files than this build the index of lowercased paths at once. */
const CASE_SCAN_FILES = 500;

/** Folders never worth listing: Jekyll's output, caches, version control. */
const SKIPPED_DIRECTORIES = new Set(['.git', '_site', '.jekyll-cache', '.sass-cache', 'node_modules', '.bundle']);

export class Site {
  /** Files by lowercased path, built when a letter-case question is first asked. */
  private lowerIndex: Map<string, string[]> | undefined;

  constructor(
    readonly config: SiteConfig,
    /** Every file of the source tree (published or not), site-relative. */
    private readonly files: Set<string>,
    readonly layouts: ReadonlyMap<string, LayoutInfo>,
    /** True when the site's own `_layouts/` folder is in the workspace. */
    readonly hasOwnLayouts: boolean,
    /** True when the listing stopped at the file limit. */
    readonly truncated = false,
    /** The build that makes the deployed site, and why the engine thinks so. */
    readonly build: BuildInfo = PLAIN_JEKYLL,
    /** The theme the config names, if any. */
    readonly theme?: SiteTheme,
    /**
     * The text of the site's own layouts and includes (`_layouts/…`, `_includes/…`) by path, as loaded:
     * the links in them are judged for each page that uses them.
     */
    readonly templates: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** True when GitHub Pages' own build (the github-pages gem) makes the deployed site. */
  get githubPages(): boolean {
    return this.build.model === 'github-pages';
  }

  get fileCount(): number {
    return this.files.size;
  }

  allFiles(): IterableIterator<string> {
    return this.files.values();
  }

  /** Answers worked out from the file list by other modules, by their owner: forgotten when files come or go. */
  private readonly derived = new Map<object, unknown>();

  /** The value `owner` keeps for this site's current files, made by `make` when there is none. */
  derivedFromFiles<T>(owner: object, make: () => T): T {
    let value = this.derived.get(owner) as T | undefined;
    if (value === undefined) this.derived.set(owner, (value = make()));
    return value;
  }

  /** The image files of the tree (by extension), listed once until files come or go. */
  imageFiles(): readonly string[] {
    return this.derivedFromFiles(IMAGE_FILES, () => [...this.files].filter((f) => IMAGE_FILE.test(f)));
  }

  hasFile(path: string): boolean {
    return this.files.has(path);
  }

  /**
   * The file of an `output: true` collection that is copied as it is (an image, a PDF: no Markdown or
   * HTML, whose URLs the document index has) to a decoded URL path under the site root, as the server
   * answers: the exact file, `URL.html`, `URL/index.html`.
   */
  collectionStaticFileAt(urlPath: string): string | undefined {
    if (!this.config.collections.some((c) => c.output)) return undefined;
    const byUrl = this.derivedFromFiles(COLLECTION_STATIC_FILES, () => {
      const out = new Map<string, string>();
      for (const file of this.files) {
        if (DOCUMENT_EXTENSION.test(file) || !collectionFileOf(this.config, file)?.collection.output) continue;
        const url = decodePath(documentUrl(this, file, {}, undefined, { staticFile: true }).url);
        if (!out.has(url)) out.set(url, file);
      }
      return out;
    });
    const path = urlPath.startsWith('/') ? urlPath : '/' + urlPath;
    if (path.endsWith('/')) return byUrl.get(path + 'index.html');
    return byUrl.get(path) ?? byUrl.get(path + '.html') ?? byUrl.get(path + '/index.html');
  }

  /** The URL → document index (see siteDocuments.ts): filled as documents are analysed, kept current by the watchers. */
  private readonly documentIndex = new DocumentIndex((folderUrl) => this.hasStaticIndex(folderUrl));

  /**
   * Whether a published file that is no rendered document of the index is a folder's index for
   * jekyll-readme-index: `index.html`, `.htm`, `.xhtml` or `.xml` in the folder, in any letter case
   * (a document rendered elsewhere, `dir/index.html` with its own permalink, is the index's to judge).
   */
  private hasStaticIndex(folderUrl: string): boolean {
    const folder = folderUrl.replace(/^\/+/, '');
    for (const name of ['index.html', 'index.htm', 'index.xhtml', 'index.xml']) {
      const path = folder + name;
      for (const file of this.files.has(path) ? [path, ...this.caseVariants(path)] : this.caseVariants(path)) {
        if (!this.publication(file).published) continue;
        const doc = this.documentIndex.get(file);
        if (doc === undefined || doc.url === '/' + file) return true;
      }
    }
    return false;
  }

  /**
   * Every post and page the index knows, sorted by source path, with its URL (under the site root,
   * without the baseurl), kind and title; `url` is undefined for one Jekyll does not write (a future
   * post, published: false). Complete after a whole-site check (`checkSite`) or the editor's scan.
   */
  documents(): readonly SiteDocument[] {
    return this.documentIndex.all();
  }

  /**
   * The document the deployed site answers with at a decoded URL path under the site root (no baseurl,
   * no query or fragment): '/2022/11/22/1.html', '/about' (about.html), '/dir/' (dir/index.html).
   */
  documentAt(urlPath: string): SiteDocument | undefined {
    return this.documentIndex.at(urlPath);
  }

  /** The index's record of one source file. */
  documentOf(path: string): SiteDocument | undefined {
    return this.documentIndex.get(path);
  }

  /**
   * Whether the index holds every document of the site (set by a whole-site check or the editor's
   * scan). Until then a URL it does not know may still be a page not read yet.
   */
  documentsIndexed = false;

  /** Records (or replaces) a document in the index (see `siteDocumentOf`). */
  setDocument(doc: SiteDocument): void {
    this.documentIndex.set(doc);
  }

  /** Drops a document from the index (its file went, or it is no longer checked). */
  removeDocument(path: string): void {
    this.documentIndex.delete(path);
  }

  /** How many documents the index holds. */
  get documentCount(): number {
    return this.documentIndex.size;
  }

  /** How many letter-case questions were answered by going through the files, before the index is built. */
  private caseScans = 0;

  /** Files whose path differs from `path` only in letter case. */
  caseVariants(path: string): string[] {
    if (!this.lowerIndex) {
      // The first questions go through the files, comparing lengths first: cheaper than lowercasing
      // every path of the site to build the index, which a check of a small site may never need.
      // On a large site a scan costs more than the index would: it is built at the first question.
      if (this.files.size <= CASE_SCAN_FILES && this.caseScans++ < CASE_SCANS_BEFORE_INDEX) return this.scanCaseVariants(path);
      this.lowerIndex = new Map();
      for (const f of this.files) this.indexLower(f);
    }
    return (this.lowerIndex.get(path.toLowerCase()) ?? []).filter((p) => p !== path);
  }

  /** Whether a path of the site holds 'İ' (U+0130), worked out on the first scan; it may stay true after that file goes. */
  private dottedCapitalI: boolean | undefined;

  private scanCaseVariants(path: string): string[] {
    const lower = path.toLowerCase();
    // Lowercasing keeps a path's length, except for 'İ' (U+0130), which becomes two code units.
    if (this.dottedCapitalI === undefined) {
      this.dottedCapitalI = false;
      for (const f of this.files) if (f.includes('\u0130')) this.dottedCapitalI = true;
    }
    const anyLength = this.dottedCapitalI || path.includes('\u0130');
    const out: string[] = [];
    for (const f of this.files) {
      if (f.length !== path.length && !anyLength) continue;
      if (f !== path && f.toLowerCase() === lower) out.push(f);
    }
    return out;
  }

  addFile(path: string): void {
    const p = normalizeRelative(path);
    if (this.files.has(p)) return;
    this.files.add(p);
    if (this.lowerIndex) this.indexLower(p);
    if (p.includes('\u0130')) this.dottedCapitalI = true;
    this.derived.clear();
    this.documentIndex.changed();
  }

  removeFile(path: string): void {
    const p = normalizeRelative(path);
    if (!this.files.delete(p)) return;
    this.documentIndex.delete(p);
    this.documentIndex.changed();
    this.derived.clear();
    if (!this.lowerIndex) return;
    const key = p.toLowerCase();
    const list = (this.lowerIndex.get(key) ?? []).filter((x) => x !== p);
    if (list.length) this.lowerIndex.set(key, list);
    else this.lowerIndex.delete(key);
  }

  /** Verdicts on folders, by path: each folder of the site is judged once (editors ask about paths being typed too). */
  private readonly folderPublications = new BoundedMemo(100_001, (folder: string) => this.judgeFolder(folder));
  private includeList: JekyllPatternList | undefined;
  private excludeList: JekyllPatternList | undefined;

  /** Whether Jekyll copies or renders this source path into the site. */
  publication(path: string): Publication {
    // Jekyll's EntryFilter, applied to each folder level and then the file: an entry is left out when
    // excluded (and not included), or when its name starts with '.', '_', '#' or '~' or ends with '~'
    // (a backup), unless include: names it. Folders are judged once and their verdict kept; a file's
    // own verdict is a few prefix tests, cheaper than keeping it.
    const slash = path.lastIndexOf('/');
    const folder = slash < 0 ? undefined : this.folderPublications.get(path.slice(0, slash));
    return folder && !folder.published ? folder : this.entryPublication(path, path.slice(slash + 1), false);
  }

  private judgeFolder(folder: string): Publication {
    const slash = folder.lastIndexOf('/');
    const parent = slash < 0 ? undefined : this.folderPublications.get(folder.slice(0, slash));
    return parent && !parent.published ? parent : this.entryPublication(folder, folder.slice(slash + 1), true);
  }

  /** The `exclude:` pattern that leaves the path out, one that `include:` also names aside (none: undefined). */
  excludedBy(path: string, isDirectory = false): string | undefined {
    this.excludeList ??= new JekyllPatternList(this.config.exclude.filter((p) => !this.config.include.includes(p)));
    return this.excludeList.find(path, isDirectory);
  }

  /** The filter's verdict on one entry, its folders aside: `rel` is its site-relative path. */
  private entryPublication(rel: string, segment: string, isDirectory: boolean): Publication {
    const include = (this.includeList ??= new JekyllPatternList(this.config.include));
    if (include.find(rel, isDirectory) !== undefined || include.find(segment, isDirectory) !== undefined) return PUBLISHED;
    const hit = this.excludedBy(rel, isDirectory);
    if (hit !== undefined) return { published: false, reason: 'excluded', segment: stripSlashes(hit) };
    if (segment.startsWith('_')) return { published: false, reason: 'underscore', segment };
    if (segment.startsWith('.')) return { published: false, reason: 'dot', segment };
    if (/^[#~]/.test(segment) || segment.endsWith('~')) return { published: false, reason: 'special', segment };
    return PUBLISHED;
  }

  /** The layout chain for a layout name, nearest first, stopping at unknown names and cycles. */
  layoutChain(name: string | undefined): LayoutInfo[] {
    const chain: LayoutInfo[] = [];
    const seen = new Set<string>();
    let current = name;
    while (current && !seen.has(current)) {
      seen.add(current);
      const layout = this.layouts.get(current);
      if (!layout) break;
      chain.push(layout);
      current = layout.parent;
    }
    return chain;
  }

  /** The expression that writes the background for a page with this layout, or undefined when no layout writes one. */
  backgroundExpression(layout: string | undefined): string | undefined {
    return this.pageExpression(layout, 'background');
  }

  /** The expression that writes `page.KEY` in this layout chain, or undefined when none writes it. */
  pageExpression(layout: string | undefined, key: string): string | undefined {
    for (const l of this.layoutChain(layout)) {
      const e = key === 'background' ? l.backgroundExpression ?? l.pageExpressions?.get(key) : l.pageExpressions?.get(key);
      if (e) return e;
    }
    return undefined;
  }

  private indexLower(path: string): void {
    const index = this.lowerIndex as Map<string, string[]>;
    const key = path.toLowerCase();
    const list = index.get(key);
    if (list) list.push(path);
    else index.set(key, [path]);
  }
}

function stripSlashes(p: string): string {
  return p.replace(/^\/+|\/+$/g, '');
}

/**
 * Ruby's File.fnmatch without flags, as Jekyll calls it: `*` matches any run of characters, '/'
 * included; `?` one character; `[…]` a class. Compiled once per pattern; null for a pattern that
 * matches only itself (or does not compile).
 */
const globs = new BoundedMemo(501, compileFnmatch);

function fnmatchRegExp(p: string): RegExp | null {
  return globs.get(p);
}

function compileFnmatch(p: string): RegExp | null {
  // Without '*', '?', '[' or '\\' a pattern matches only itself, which the prefix test already covers.
  if (!/[*?[\\]/.test(p)) return null;
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = p.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        re += '[' + p.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else if (c === '\\' && i + 1 < p.length) re += p[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`, 's');
  } catch {
    return null;
  }
}

/** A pattern as Jekyll's filter uses it: without leading slashes, and its wildcards compiled (null when it has none). */
interface PreparedPattern {
  readonly pattern: string;
  readonly prefix: string;
  readonly glob: RegExp | null;
}

function preparePattern(pattern: string): PreparedPattern | undefined {
  const prefix = pattern.charCodeAt(0) === 47 ? pattern.replace(/^\/+/, '') : pattern;
  return prefix === '' ? undefined : { pattern, prefix, glob: fnmatchRegExp(prefix) };
}

/** {@link matchesJekyllPattern} for a prepared pattern. */
function matchesPrepared(p: PreparedPattern, path: string, isDirectory: boolean): boolean {
  return path.startsWith(p.prefix) || (isDirectory && p.prefix === path + '/') || (p.glob !== null && p.glob.test(path));
}

/**
 * Jekyll's exclude/include matching (EntryFilter#glob_include?): the path matches the pattern as
 * File.fnmatch does, or simply starts with it (so `exclude: [img/draft]` also leaves out
 * `img/draft-1.png`), or is the folder that a pattern ending in '/' names.
 */
export function matchesJekyllPattern(pattern: string, path: string, isDirectory = false): boolean {
  const p = preparePattern(pattern);
  return p !== undefined && matchesPrepared(p, path, isDirectory);
}

/**
 * A list of `exclude:` or `include:` patterns, prepared once for the many paths of a site: the first
 * pattern that matches a path, as {@link matchesJekyllPattern} decides, with a pattern without wildcards
 * passed over at once when its first character is not the path's.
 */
export class JekyllPatternList {
  private readonly entries: PreparedPattern[] = [];

  constructor(patterns: readonly string[]) {
    for (const pattern of patterns) {
      const p = preparePattern(pattern);
      if (p) this.entries.push(p);
    }
  }

  find(path: string, isDirectory = false): string | undefined {
    const first = path.charCodeAt(0);
    for (const e of this.entries) {
      // Both the prefix test and the folder test need the same first character.
      if (e.glob === null && e.prefix.charCodeAt(0) !== first) continue;
      if (matchesPrepared(e, path, isDirectory)) return e.pattern;
    }
    return undefined;
  }
}

/** Lists the tree without following symbolic links (as Jekyll's safe mode), skipping output and caches. */
export async function listFiles(fs: SiteFileSystem, maxFiles = 200_000): Promise<{ files: Set<string>; truncated: boolean }> {
  const files = new Set<string>();
  const queue = [''];
  let truncated = false;
  while (queue.length > 0) {
    const dir = queue.shift() as string;
    let entries;
    try {
      const listed = fs.readDirectory(dir);
      entries = Array.isArray(listed) ? listed : await listed;
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = joinRelative(dir, entry.name);
      if (entry.type === 'directory') {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) queue.push(path);
      } else if (entry.type === 'file') {
        if (files.size >= maxFiles) {
          truncated = true;
          return { files, truncated };
        }
        files.add(path);
      }
    }
  }
  return { files, truncated };
}

export function parseLayout(name: string, file: string, text: string): LayoutInfo {
  const fm = parseFrontMatter(text);
  const parent = typeof fm.data.layout === 'string' && fm.data.layout !== 'none' ? fm.data.layout : undefined;
  const body = text.slice(fm.bodyOffset);
  const pageExpressions = new Map<string, string>();
  for (const m of body.matchAll(/\{\{-?\s*(page\.([A-Za-z0-9_-]+)\b[^}]*?)\s*-?\}\}/g)) {
    if (!pageExpressions.has(m[2])) pageExpressions.set(m[2], m[1].trim());
  }
  return { name, file, parent, backgroundExpression: pageExpressions.get('background'), pageExpressions };
}

/** The config files a build reads, in order: the ones given, else `_config.yml`. */
export function configFilesOf(options: Pick<SiteOptions, 'configFiles'>): readonly string[] {
  return options.configFiles && options.configFiles.length > 0 ? options.configFiles : ['_config.yml'];
}

/** Reads the config and layouts and lists the tree: everything a document check needs about its site. */
export async function loadSite(fs: SiteFileSystem, options: SiteOptions = {}): Promise<Site> {
  const configFiles = configFilesOf(options);
  const [{ files, truncated }, loadedConfig, build] = await Promise.all([
    listFiles(fs, options.maxFiles),
    loadConfig(fs, configFiles),
    detectBuild(fs, options.build ?? 'auto', options.repository),
  ]);
  const config = build.model === 'github-pages' ? withGitHubPagesConfig(loadedConfig, build) : loadedConfig;

  const layouts = new Map<string, LayoutInfo>();
  const templates = new Map<string, string>();
  const layoutFiles = [...files].filter((f) => /^_layouts\/[^/]+\.html?$/i.test(f));
  for (const file of layoutFiles) {
    const name = file.slice('_layouts/'.length).replace(/\.html?$/i, '');
    const text = await readTextFile(fs, file);
    if (text !== undefined) {
      layouts.set(name, parseLayout(name, file, text));
      templates.set(file, text);
    }
  }
  for (const file of files) {
    if (!/^_includes\/.+\.(html?|md|markdown|liquid|xml|txt|svg)$/i.test(file) || templates.size >= 2000) continue;
    const text = await readTextFile(fs, file);
    if (text !== undefined && text.length <= 1_000_000) templates.set(file, text);
  }
  const hasOwnLayouts = layoutFiles.length > 0;
  const theme = siteTheme(config.data);
  let installed: { root: string; fs: SiteFileSystem } | undefined;
  if (theme && !theme.remote && options.findTheme) {
    try {
      installed = options.findTheme(theme.name);
    } catch {
      installed = undefined;
    }
  }
  if (installed) {
    // The theme's layouts, where the site has none of the same name (the site's own win).
    try {
      for (const entry of await installed.fs.readDirectory('_layouts')) {
        if (entry.type !== 'file' || !/\.html?$/i.test(entry.name)) continue;
        const name = entry.name.replace(/\.html?$/i, '');
        if (layouts.has(name)) continue;
        const text = await readTextFile(installed.fs, `_layouts/${entry.name}`);
        if (text !== undefined) layouts.set(name, { ...parseLayout(name, `_layouts/${entry.name}`, text), theme: theme?.name });
      }
    } catch {
      installed = undefined;
    }
  }
  if (!hasOwnLayouts && !theme) {
    for (const name of BUILT_IN_LAYOUTS) {
      layouts.set(name, { name, file: '', parent: name === 'default' ? undefined : 'default', backgroundExpression: name === 'default' ? undefined : DEFAULT_BACKGROUND_EXPRESSION });
    }
  }
  const includesOfTheme = installed ? await themeIncludes(installed.fs) : undefined;
  return new Site(config, files, layouts, hasOwnLayouts, truncated, build, theme ? { ...theme, root: installed?.root, ...(includesOfTheme ? { includes: includesOfTheme } : {}) } : undefined, templates);
}

/** The theme a config names: `theme: minima`, or `remote_theme: owner/name@ref` (fetched by the build). */
export function siteTheme(data: Readonly<Record<string, unknown>>): { name: string; remote: boolean } | undefined {
  if (typeof data.theme === 'string' && data.theme.trim() !== '') return { name: data.theme.trim(), remote: false };
  if (typeof data.remote_theme === 'string' && data.remote_theme.trim() !== '') return { name: data.remote_theme.trim(), remote: true };
  return undefined;
}

export async function loadConfig(fs: SiteFileSystem, configFiles: readonly string[]): Promise<SiteConfig> {
  if (configFiles.length === 1) return parseSiteConfig(configFiles[0], await readTextFile(fs, configFiles[0]));
  // Several files: later keys win; problems and the baseurl position come from the file that sets baseurl last.
  const parsed: SiteConfig[] = [];
  for (const file of configFiles) parsed.push(parseSiteConfig(file, await readTextFile(fs, file)));
  const merged = parsed.reduce<Record<string, unknown>>((acc, c) => deepMerge(acc, c.data as Record<string, unknown>), {});
  const owner = [...parsed].reverse().find((c) => 'baseurl' in c.data) ?? parsed[parsed.length - 1];
  // Each file's own problems, in that file; baseurl problems only from the file whose baseurl is in force.
  const problems = parsed.flatMap((c) => c.problems.filter((p) => !isBaseurlProblem(p.code) || c.file === owner.file));
  const combined = buildSiteConfig(owner.file, merged, owner.baseurlRange, []);
  // Each plugin list is the one of the last file that sets it (lists are replaced, not merged).
  const pluginEntries = (['plugins', 'gems'] as const).flatMap((key) => {
    const setter = [...parsed].reverse().find((c) => key in c.data);
    return (setter?.pluginEntries ?? []).filter((e) => e.key === key);
  });
  // The merged baseurl is the owner's, whose own problems are already in the list.
  return { ...combined, problems, pluginEntries };
}

/** Jekyll's Utils.deep_merge_hashes: nested mappings merge, anything else (lists included) is replaced. */
function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const before = out[key];
    const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
    out[key] = isMap(before) && isMap(value) ? deepMerge(before, value) : value;
  }
  return out;
}

/**
 * The config as the github-pages gem makes it from the site's own: `future: true` unless the site says
 * otherwise, `CNAME` excluded with the default list, and (jekyll-github-metadata) a missing or '/'
 * baseurl replaced by the repository's Pages path when the git remote names the repository.
 */
export function withGitHubPagesConfig(config: SiteConfig, build: BuildInfo): SiteConfig {
  const data: Record<string, unknown> = { ...config.data };
  let changed = false;
  if (!('future' in data) || data.future === null) {
    data.future = true;
    changed = true;
  }
  if (!('exclude' in data) || data.exclude === null) {
    data.exclude = ['CNAME'];
    changed = true;
  }
  let problems = config.problems;
  const repo = build.repository;
  const baseurl = data.baseurl;
  if (repo && (baseurl === undefined || baseurl === null || baseurl === '/')) {
    data.baseurl = repo.pagesPath;
    // The '/' that plain Jekyll keeps is replaced by the repository's path: no '//' problem on Pages.
    problems = problems.filter((p) => p.code !== 'baseurl-root');
    changed = true;
  }
  if (!changed) return config;
  const rebuilt = buildSiteConfig(config.file, data, config.baseurlRange, []);
  return { ...rebuilt, problems, pluginEntries: config.pluginEntries };
}
