/**
 * The site map: every source file of a site with what the build makes of it — written or not (and why
 * not), at which URL and into which file of `_site`, with which layout and title, and a post's date —
 * as the build the engine models (GitHub Pages or plain Jekyll) makes it. `ipe-author pages` prints it.
 *
 * Posts and pages are analysed as the checks analyse them (URLs, dates, front matter defaults, the
 * Pages plugins' default layout and title); jekyll-readme-index's folder indexes are worked out once
 * every page is known. Any other published file is copied as it is, unless it starts with front matter:
 * then Jekyll renders it as a page (a Sass file into CSS).
 */
import type { SiteFileSystem } from './fileSystem';
import { decodeText } from './text';
import type { Site } from './site';
import { IMAGE_FILE } from './site';
import { analyzeDocument, defaultsFor, DocumentAnalysis } from './analyzeDocument';
import { parseFrontMatter } from './frontMatter';
import { collectionFileOf, documentKind, documentUrl, fillPermalink, ignoredPostSegment, parsePostName, siteTimeZone } from './permalink';
import { defaultLayoutFor, optionalFrontMatterSkip, rendersAsDocument, titleFromHeading } from './githubPages';
import { indexDocument, inFuture, unpublished } from './siteDocuments';
import { strftime } from './render/jekyllTime';
import { decodePath } from './locate';

/** Why a source file is not written to the site. */
export type NotPublishedReason =
  | 'draft'
  | 'future-date'
  | 'published-false'
  | 'excluded'
  | 'underscore'
  | 'dot'
  | 'special'
  | 'ignored-post-name'
  | 'bad-post-name'
  | 'invalid-date'
  | 'unreadable'
  | 'collection-not-output';

/** What the build writes for a source file. */
export type WrittenAs = 'post' | 'page' | 'document' | 'static' | 'stylesheet';

export interface SiteMapEntry {
  /** Site-relative source path. */
  readonly path: string;
  readonly published: boolean;
  /** What is written: a post or page (rendered), a collection's document (rendered), a static file (copied as it is), a stylesheet (Sass made into CSS); null when nothing is. */
  readonly as: WrittenAs | null;
  /** Its URL under the site root, as Jekyll's `page.url` ('/2022/11/21/x.html'); null when nothing is written. */
  readonly url: string | null;
  /** The URL with the baseurl, as a browser asks for it. */
  readonly href: string | null;
  /** The file written under `_site` ('2022/11/21/x.html'). */
  readonly output: string | null;
  /** A second file written for the same source: a README that is its folder's index is copied as it is too. */
  readonly copy: string | null;
  /** The layout in force, as named (it may not exist: see `note`); null for none. */
  readonly layout: string | null;
  readonly layoutFrom: 'front matter' | 'defaults' | 'jekyll-default-layout' | null;
  readonly title: string | null;
  readonly titleFrom: 'front matter' | 'defaults' | 'jekyll-titles-from-headings' | 'file name' | null;
  /** A post's date on the site's clock, as `{{ page.date }}` writes it ('2022-11-21 00:00:00 +0000'). */
  readonly date: string | null;
  /** Why nothing is written, for a file that is not published. */
  readonly reason: NotPublishedReason | null;
  /** The reason or a remark, as a sentence for people. */
  readonly note: string | null;
}

export interface SiteMap {
  readonly entries: readonly SiteMapEntry[];
  /** True when the site's listing stopped at the file limit. */
  readonly truncated: boolean;
}

export interface SiteMapOptions {
  /** The build's clock (future posts), milliseconds; default now. */
  readonly now?: number;
  /** Front matter keys that hold layout images (as the checks take them); only for the analyses. */
  readonly imageKeys?: readonly string[];
}

/** Files larger than this are not read for front matter (a page this large is not one worth guessing about). */
const MAX_READ = 16 * 1024 * 1024;
/** Extensions of files that never start with front matter: not read. */
const BINARY = /\.(png|jpe?g|gif|webp|avif|bmp|ico|tiff?|pdf|zip|gz|tgz|bz2|xz|7z|woff2?|ttf|otf|eot|mp3|mp4|m4a|ogg|oga|ogv|webm|wav|flac|mov|avi|psd|ai|sketch|exe|dll|so|dylib|class|jar|wasm)$/i;
/** Jekyll's `has_yaml_header?`: the file's first line is `---` (trailing spaces allowed). */
const YAML_HEADER = /^---[ \t]*\r?\n/;

const NOTHING = { as: null, url: null, href: null, output: null, copy: null, layout: null, layoutFrom: null, title: null, titleFrom: null, date: null } as const;

function notPublished(path: string, reason: NotPublishedReason, note: string, extra: Partial<SiteMapEntry> = {}): SiteMapEntry {
  return { path, published: false, ...NOTHING, reason, note, ...extra };
}

/** Ruby's `capitalize` for each '-' part of a slug, joined by spaces (Jekyll's `titleize_slug`). */
function titleizeSlug(slug: string): string {
  return slug
    .split('-')
    .map((w) => (w === '' ? w : w[0].toUpperCase() + w.slice(1).toLowerCase()))
    .join(' ');
}

/** Reads a text file, or undefined when it cannot be read, is binary or too large. */
async function readText(fs: SiteFileSystem, path: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(path);
    if (!stat || stat.size > MAX_READ) return undefined;
    const decoded = decodeText(await fs.readFile(path));
    return decoded.kind === 'text' ? decoded.text : undefined;
  } catch {
    return undefined;
  }
}

const PUBLICATION_NOTES = {
  excluded: (segment: string) => `exclude: names ${segment}`,
  underscore: (segment: string) => `'${segment}' starts with '_': Jekyll does not publish it`,
  dot: (segment: string) => `'${segment}' starts with '.': Jekyll does not publish it`,
  special: (segment: string) => `'${segment}' is a backup or special name Jekyll does not publish`,
} as const;

/** What the build makes of every source file of the site, sorted by path. Fills the site's document index. */
export async function siteMap(fs: SiteFileSystem, site: Site, options: SiteMapOptions = {}): Promise<SiteMap> {
  const now = options.now ?? Date.now();
  const files = [...site.allFiles()].sort();
  const analyses = new Map<string, { analysis: DocumentAnalysis; text: string }>();
  const entries = new Map<string, SiteMapEntry>();

  for (const path of files) {
    const kind = documentKind(path, site.config);
    if (kind === 'collection' && !DOCUMENT_FILE.test(path)) {
      // A collection's image or other file: copied as it is at the collection's URL, when the collection is written.
      const collection = collectionFileOf(site.config, path)?.collection;
      if (!collection?.output) entries.set(path, notPublished(path, 'collection-not-output', notOutputNote(collection?.name ?? '')));
      else {
        const url = documentUrl(site, path, {}, undefined, { staticFile: true }).url;
        entries.set(path, { path, published: true, ...NOTHING, as: 'static', url, href: site.config.basePath + url, output: decodePath(url).replace(/^\/+/, ''), reason: null, note: `a file of the collection '${collection.name}', copied as it is` });
      }
      continue;
    }
    if (kind === 'post' || kind === 'collection') {
      const text = await readText(fs, path);
      if (text === undefined) {
        entries.set(path, notPublished(path, 'unreadable', 'the file cannot be read as text'));
        continue;
      }
      const analysis = analyzeDocument(site, path, text, { imageKeys: options.imageKeys });
      indexDocument(site, analysis, now);
      analyses.set(path, { analysis, text });
      continue;
    }
    const publication = site.publication(path);
    if (!publication.published) {
      if (/(^|\/)_drafts\//.test(path)) entries.set(path, notPublished(path, 'draft', 'a draft: built only with jekyll build --drafts, which GitHub Pages does not run'));
      else entries.set(path, notPublished(path, publication.reason, PUBLICATION_NOTES[publication.reason](publication.segment)));
      continue;
    }
    if (kind === 'page') {
      const text = await readText(fs, path);
      if (text === undefined) {
        entries.set(path, staticEntry(site, path, 'not read as text: copied as it is'));
        continue;
      }
      const analysis = analyzeDocument(site, path, text, { imageKeys: options.imageKeys });
      indexDocument(site, analysis, now);
      analyses.set(path, { analysis, text });
      continue;
    }
    // Any other file: copied, unless it starts with front matter.
    const text = IMAGE_FILE.test(path) || BINARY.test(path) ? undefined : await readText(fs, path);
    entries.set(path, text !== undefined && YAML_HEADER.test(text) ? frontMatterFile(site, path, text) : staticEntry(site, path));
  }

  for (const [path, { analysis, text }] of analyses) entries.set(path, documentEntry(site, analysis, text, now));
  return { entries: files.map((f) => entries.get(f) as SiteMapEntry), truncated: site.truncated };
}

/** Files the checks read as documents: Markdown and HTML. */
const DOCUMENT_FILE = /\.(md|markdown|mkdown|mkdn|mkd|html?)$/i;

function notOutputNote(name: string): string {
  return `a document of the collection '${name}', which has no output: true: Jekyll reads and renders it (its Liquid can stop the build) but writes nothing`;
}

function staticEntry(site: Site, path: string, note?: string): SiteMapEntry {
  const url = '/' + path;
  return { path, published: true, ...NOTHING, as: 'static', url, href: site.config.basePath + url, output: path, reason: null, note: note ?? null };
}

/** A file that is no post or page by its extension but starts with front matter: Jekyll renders it as a page. */
function frontMatterFile(site: Site, path: string, text: string): SiteMapEntry {
  const fm = parseFrontMatter(text);
  const data = { ...defaultsFor(site.config.defaults, path, 'page'), ...fm.data };
  if (unpublished(site, { data })) return notPublished(path, 'published-false', 'published: false');
  const sass = /\.s[ac]ss$/i.test(path);
  const ext = sass ? '.css' : path.includes('.', path.lastIndexOf('/') + 1) ? path.slice(path.lastIndexOf('.')) : '';
  const base = path.slice(path.lastIndexOf('/') + 1);
  const basename = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const permalink = typeof data.permalink === 'string' && data.permalink.trim() !== '' ? data.permalink.trim() : '/:path/:basename:output_ext';
  const values: Record<string, string> = { path: dir, basename, output_ext: ext, title: basename };
  const url = fillPermalink(permalink, (p) => (Object.hasOwn(values, p) ? values[p] : undefined));
  let output = url.replace(/^\/+/, '');
  if (output === '' || output.endsWith('/')) output += 'index' + (ext || '.html');
  const layout = !sass && typeof data.layout === 'string' ? data.layout : null;
  const title = typeof data.title === 'string' ? data.title : null;
  return {
    path,
    published: true,
    ...NOTHING,
    as: sass ? 'stylesheet' : 'page',
    url,
    href: site.config.basePath + url,
    output,
    layout,
    layoutFrom: layout === null ? null : Object.hasOwn(fm.data, 'layout') ? 'front matter' : 'defaults',
    title,
    titleFrom: title === null ? null : Object.hasOwn(fm.data, 'title') ? 'front matter' : 'defaults',
    reason: null,
    note: sass ? 'Sass with front matter: converted to CSS' : null,
  };
}

function sourceOf(fmData: Readonly<Record<string, unknown>>, given: Readonly<Record<string, unknown>>, key: string): 'front matter' | 'defaults' | undefined {
  if (Object.hasOwn(fmData, key)) return 'front matter';
  if (Object.hasOwn(given, key)) return 'defaults';
  return undefined;
}

function documentEntry(site: Site, a: DocumentAnalysis, text: string, now: number): SiteMapEntry {
  const path = a.path;
  const doc = site.documentOf(path);
  const given = { ...defaultsFor(site.config.defaults, path, a.kind, doc?.collection), ...a.frontMatter.data };
  if (a.kind === 'collection') {
    if (!collectionFileOf(site.config, path)?.collection.output) return notPublished(path, 'collection-not-output', notOutputNote(doc?.collection ?? ''));
    if (!a.frontMatter.present) {
      const url = a.url.url;
      return { path, published: true, ...NOTHING, as: 'static', url, href: site.config.basePath + url, output: (doc?.destination ?? url).replace(/^\/+/, ''), reason: null, note: `no front matter: a file of the collection '${doc?.collection ?? ''}', copied as it is` };
    }
  }
  if (a.kind === 'post') {
    const ignored = ignoredPostSegment(path);
    if (ignored !== undefined) return notPublished(path, 'ignored-post-name', `'${ignored}' starts with '${ignored[0]}': Jekyll never reads it`);
    if (!parsePostName(path)) return notPublished(path, 'bad-post-name', "the file name does not start with the post's date (YYYY-MM-DD-title.ext): Jekyll ignores it");
  }
  if (unpublished(site, a)) return notPublished(path, 'published-false', 'published: false');
  if (a.kind === 'post' && a.url.invalidDate) return notPublished(path, 'invalid-date', `Jekyll cannot read the date '${a.frontMatter.values.get('date')?.source ?? String(a.data.date)}': the whole build stops`);
  const date = (a.kind === 'post' || a.kind === 'collection') && a.url.date ? strftime(a.url.date, '%Y-%m-%d %H:%M:%S %z') : null;
  if ((a.kind === 'post' || a.kind === 'collection') && inFuture(site, a, now)) return notPublished(path, 'future-date', `dated ${date} (${siteTimeZone(site)}), in the future: Jekyll skips it unless the config sets future: true`, { date });

  // A page Jekyll copies as it is (no front matter), unless jekyll-readme-index made it its folder's index.
  const readmeIndex = doc?.readme?.index === true;
  if (a.kind === 'page' && !readmeIndex && !rendersAsDocument(site, a)) {
    const skip = optionalFrontMatterSkip(site, path);
    return staticEntry(site, path, `no front matter: ${skip ?? 'copied as it is'}`);
  }
  const url = doc?.url ?? a.url.url;
  const output = (doc?.destination ?? '/' + path).replace(/^\/+/, '');

  let layout: string | null;
  let layoutFrom: SiteMapEntry['layoutFrom'];
  let title: string | null;
  let titleFrom: SiteMapEntry['titleFrom'];
  if (a.url.frontMatterDropped) {
    layout = null;
    layoutFrom = null;
    title = titleizeSlug(path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, ''));
    titleFrom = 'file name';
  } else {
    const data: Readonly<Record<string, unknown>> = readmeIndex ? readmeData(site, a, given, text, url) : a.data;
    layout = typeof data.layout === 'string' ? data.layout : null;
    layoutFrom = layout === null ? null : (sourceOf(a.frontMatter.data, given, 'layout') ?? 'jekyll-default-layout');
    title = typeof data.title === 'string' ? data.title : data.title === undefined || data.title === null ? null : String(data.title);
    titleFrom = title === null ? null : (sourceOf(a.frontMatter.data, given, 'title') ?? 'jekyll-titles-from-headings');
    if (title === null && a.kind === 'collection') {
      // Document#populate_title: the file name's slug (without a leading date), titleized.
      const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
      title = titleizeSlug(base.replace(/^\d{2,4}-\d{1,2}-\d{1,2}-/, '').replace(/\.+$/, ''));
      titleFrom = 'file name';
    }
    if (title === null && a.kind === 'post') {
      const name = parsePostName(path);
      if (name) {
        title = titleizeSlug(name.slug);
        titleFrom = 'file name';
      }
    }
  }
  const notes: string[] = [];
  if (a.kind === 'collection') notes.push(`a document of the collection '${doc?.collection ?? ''}'`);
  if (readmeIndex) notes.push(`jekyll-readme-index: the README is the index of ${site.config.basePath}${url}${doc?.copiedToo ? ', and is copied as it is too' : ''}`);
  else if (doc?.copiedToo) notes.push('no front matter: jekyll-optional-front-matter renders it, and it is copied as it is too');
  if (a.url.frontMatterDropped) notes.push('the front matter does not parse: Jekyll drops it and dates the post by the build');
  if (a.url.dateUnread) notes.push(`the engine cannot read the date '${a.frontMatter.values.get('date')?.source ?? ''}': the URL is a guess`);
  if (layout !== null && layout !== 'none' && !site.layouts.has(layout) && !site.theme) notes.push(`the layout '${layout}' does not exist: rendered without a layout`);
  return {
    path,
    published: true,
    as: a.kind === 'post' ? 'post' : a.kind === 'collection' ? 'document' : 'page',
    url,
    href: site.config.basePath + url,
    output,
    copy: doc?.copiedToo ? path : null,
    layout,
    layoutFrom,
    title,
    titleFrom,
    date,
    reason: null,
    note: notes.length > 0 ? notes.join('; ') : null,
  };
}

/** The data of a README that jekyll-readme-index renders as its folder's index: defaults, then the Pages plugins' layout and title. */
function readmeData(site: Site, a: DocumentAnalysis, given: Readonly<Record<string, unknown>>, text: string, url: string): Readonly<Record<string, unknown>> {
  const out: Record<string, unknown> = { ...given };
  if (!Object.hasOwn(out, 'layout')) {
    const layout = defaultLayoutFor(site, 'page', a.path, url);
    if (layout) out.layout = layout;
  }
  const title = titleFromHeading(site, 'page', a.path, out, text.slice(a.frontMatter.bodyOffset));
  if (title !== undefined) out.title = title;
  return out;
}
