/**
 * What GitHub Pages' always-on plugins do to a document, as their sources say (the versions Debian
 * packages: jekyll-default-layout, jekyll-optional-front-matter, jekyll-titles-from-headings):
 * - a Markdown page without front matter is rendered as a page, unless its name is README, LICENSE and
 *   the like (or the config sets `optional_front_matter: {enabled: false}` or `require_front_matter`);
 * - a Markdown post or page without a `layout` key gets `home` (the page at '/'), `page` (pages),
 *   `post` (posts) or `default`, the first that exists;
 * - a Markdown page without a `title` takes its first heading (atx `#`–`###` or setext) when it starts
 *   the content;
 * - (jekyll-readme-index) a README that jekyll-optional-front-matter left alone, in a folder that has no
 *   index of its own, is rendered as that folder's index ('/dir/'), and copied as it is too.
 * Plain Jekyll does none of this: a page without front matter is copied as it is.
 */
import { typographicSymbols } from './typography';
import type { Site } from './site';
import { DocumentKind, isMarkdownPath } from './permalink';
import type { FrontMatter } from './frontMatter';

/** What the plugins' rules read of a source file. */
export interface SourceFacts {
  readonly path: string;
  readonly kind: DocumentKind;
  readonly frontMatter: FrontMatter;
}

/** The names jekyll-optional-front-matter leaves alone (compared in upper case, without the extension). */
export const OPTIONAL_FRONT_MATTER_EXCEPTED = ['README', 'LICENSE', 'LICENCE', 'COPYING', 'CODE_OF_CONDUCT', 'CONTRIBUTING', 'ISSUE_TEMPLATE', 'PULL_REQUEST_TEMPLATE'];

function pluginOption(site: Site, plugin: string, key: string): unknown {
  const section = site.config.data[plugin];
  return section && typeof section === 'object' ? (section as Record<string, unknown>)[key] : undefined;
}

function basenameOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
}

/** Why a Markdown page without front matter is not made a page under GitHub Pages, or undefined when it is. */
export function optionalFrontMatterSkip(site: Site, path: string): string | undefined {
  if (!site.githubPages) return 'plain Jekyll copies a file without front matter as it is';
  if (!isMarkdownPath(path)) return 'only Markdown files are rendered without front matter';
  if (pluginOption(site, 'optional_front_matter', 'enabled') === false) return 'the config sets optional_front_matter.enabled: false';
  if (site.config.data.require_front_matter) return 'the config sets require_front_matter';
  const include = site.config.data.include;
  const included = Array.isArray(include) && include.some((p) => typeof p === 'string' && (p === path || p.replace(/^\/+/, '') === path));
  if (!included && OPTIONAL_FRONT_MATTER_EXCEPTED.includes(basenameOf(path).toUpperCase())) return `jekyll-optional-front-matter leaves ${basenameOf(path)} files alone`;
  return undefined;
}

/**
 * Whether a page that jekyll-optional-front-matter renders (a Markdown page without front matter) is
 * copied as it is too: the plugin keeps the original unless `optional_front_matter.remove_originals`
 * or `require_front_matter` is set.
 */
export function optionalFrontMatterKeepsOriginal(site: Site): boolean {
  return pluginOption(site, 'optional_front_matter', 'remove_originals') !== true && !site.config.data.require_front_matter;
}

/** Whether Jekyll renders the file as a post or page (rather than copying it, or not reading it). */
export function rendersAsDocument(site: Site, a: SourceFacts): boolean {
  if (a.kind === 'post') return true;
  if (a.kind === 'collection') return a.frontMatter.present;
  if (a.kind !== 'page') return false;
  return a.frontMatter.present || optionalFrontMatterSkip(site, a.path) === undefined;
}

/** The layout jekyll-default-layout gives a Markdown document without a `layout` key, or undefined. */
export function defaultLayoutFor(site: Site, kind: DocumentKind, path: string, url: string): string | undefined {
  if (!site.githubPages || !isMarkdownPath(path) || (kind !== 'post' && kind !== 'page')) return undefined;
  if (url === '/' && site.layouts.has('home')) return 'home';
  if (kind === 'page' && site.layouts.has('page')) return 'page';
  if (kind === 'post' && site.layouts.has('post')) return 'post';
  if (site.layouts.has('default')) return 'default';
  return undefined;
}

// jekyll-titles-from-headings' TITLE_REGEX: the content's first line is an atx heading of one to three
// '#', or a line underlined with '=' or '-'.
const TITLE = /^\s*(?:#{1,3}[ \t]+([^\r\n]*)|([^\r\n]*)\r?\n[-=]+[ \t]*)(?:\r?\n|$)/;

/** The title jekyll-titles-from-headings gives a Markdown page without one, or undefined. */
export function titleFromHeading(site: Site, kind: DocumentKind, path: string, data: Readonly<Record<string, unknown>>, body: string): string | undefined {
  if (!site.githubPages || kind !== 'page' || !isMarkdownPath(path)) return undefined;
  if (data.title !== undefined && data.title !== null) return undefined;
  if (pluginOption(site, 'titles_from_headings', 'enabled') === false) return undefined;
  const m = TITLE.exec(body);
  if (!m) return undefined;
  const raw = (m[1] ?? m[2] ?? '').replace(/[ \t]+#+[ \t]*$/, '');
  return headingTitle(raw);
}

/** HTML's special characters as kramdown writes them in text; a character reference already written stays. */
function escapeText(text: string): string {
  return text.replace(/&(?!#?[A-Za-z0-9]+;)/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** kramdown's typographic symbols in text: dashes, ellipsis, guillemets, curled quotes (an apostrophe before a digit closes: ’80s). */
function typographic(text: string): string {
  return typographicSymbols(text).replace(/["']/g, (q, at: number, all: string) => {
    const prev = at > 0 ? all[at - 1] : ' ';
    const next = all[at + 1] ?? ' ';
    const opening = /[\s([{\u2014\u2013-]/.test(prev) && !/\s/.test(next) && !(q === "'" && /\d/.test(next));
    if (q === '"') return opening ? '\u201c' : '\u201d';
    return opening ? '\u2018' : '\u2019';
  });
}

/**
 * A heading's text as jekyll-titles-from-headings makes it a title: `markdownify` (kramdown: emphasis
 * and links to their text, typographic symbols, `&` and `<` written as character references, code
 * spans as they stand), then `strip_html` and `normalize_whitespace`, and footnote marks removed:
 * `# Q&A's -- notes` gives 'Q&amp;A’s – notes'.
 */
export function headingTitle(raw: string): string {
  const parts = raw.split(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/);
  let out = '';
  // split gives text, then the backtick run and the code of each code span, in turn.
  for (let i = 0; i < parts.length; i += 3) {
    const text = parts[i]
      .replace(/\[\^[^\]]*\]/g, '')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/(\*\*|__|\*|_)(.+?)\1/g, '$2');
    out += escapeText(typographic(text).replace(/<[^>]*>/g, ''));
    if (i + 2 < parts.length) out += escapeText(parts[i + 2].trim());
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** What jekyll-readme-index may make of a README: its folder's index, if the folder has none (see `DocumentIndex`). */
export interface ReadmeIndexCandidate {
  /** Whether the README's file is copied as it is too (`readme_index.remove_originals` not set). */
  readonly copied: boolean;
}

/** The Markdown extensions the site's converter reads (`markdown_ext`), with their dots, in lower case as Jekyll keeps them. */
function markdownExtensions(site: Site): readonly string[] {
  const ext = site.config.data.markdown_ext;
  const list = typeof ext === 'string' ? ext : 'markdown,mkdown,mkdn,mkd,md';
  return list.split(',').map((e) => '.' + e.trim().toLowerCase()).filter((e) => e !== '.');
}

/**
 * Whether jekyll-readme-index (0.3, the version the github-pages gem pins) takes this file for a README:
 * its name is `readme` in any letter case with one of the converter's Markdown extensions, written in
 * lower case (`Readme.md` is one, `README.MD` is not).
 */
export function isReadmeName(site: Site, path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base.slice(0, 6).toLowerCase() !== 'readme') return false;
  return markdownExtensions(site).includes(base.slice(6));
}

/**
 * What jekyll-readme-index makes of a page, before the rest of the site is known: a README that is a
 * static file (no front matter, left alone by jekyll-optional-front-matter) becomes its folder's index
 * when the folder has none; one rendered as a page does only with `readme_index.with_frontmatter: true`.
 * Undefined for any other file, under plain Jekyll, or with `readme_index.enabled: false`.
 */
export function readmeIndexCandidate(site: Site, a: SourceFacts): ReadmeIndexCandidate | undefined {
  if (!site.githubPages || a.kind !== 'page' || !isReadmeName(site, a.path)) return undefined;
  if (pluginOption(site, 'readme_index', 'enabled') === false) return undefined;
  if (!rendersAsDocument(site, a)) return { copied: pluginOption(site, 'readme_index', 'remove_originals') !== true };
  return pluginOption(site, 'readme_index', 'with_frontmatter') === true ? { copied: false } : undefined;
}

/**
 * The URL of the folder whose index jekyll-readme-index makes this README, as far as the site's document
 * index knows (whether the folder has an index of its own is known once every document has been read),
 * or undefined.
 */
export function readmeIndexUrl(site: Site, path: string): string | undefined {
  const doc = site.documentOf(path);
  return doc?.readme?.index === true ? doc.url : undefined;
}

/**
 * Whether an analysis of a README no longer matches what the site's index says of it: it was analysed
 * as its folder's index and is not one now, or the other way round (analyse it again).
 */
export function readmeIndexChanged(site: Site, a: SourceFacts & { readonly url: { readonly url: string }; readonly page: { readonly url: string } }): boolean {
  return awaitsReadmeIndex(site, a) && (readmeIndexUrl(site, a.path) ?? a.url.url) !== a.page.url;
}

/** Whether what is rendered of this README waits for the whole site: it may become its folder's index. */
export function awaitsReadmeIndex(site: Site, a: SourceFacts): boolean {
  return readmeIndexCandidate(site, a) !== undefined;
}

/**
 * Whether Jekyll renders the file as a post or page: {@link rendersAsDocument}, and a README that
 * jekyll-readme-index makes its folder's index (a page from then on: Liquid, Markdown, a layout from
 * jekyll-default-layout, a title from its heading).
 */
export function rendersAsPage(site: Site, a: SourceFacts): boolean {
  if (rendersAsDocument(site, a)) return true;
  return a.kind === 'page' && site.githubPages && isReadmeName(site, a.path) && readmeIndexUrl(site, a.path) !== undefined;
}

/**
 * Whether the build renders the Liquid of a post's or page's content. Jekyll 4 (4.1 on) leaves it as
 * written when the front matter (or a `defaults:` entry) says `render_with_liquid: false`; GitHub
 * Pages' Jekyll 3.10 has no such key and renders it whatever the page says. Layouts render theirs in
 * either build.
 */
export function rendersLiquid(site: Site, data: Readonly<Record<string, unknown>>): boolean {
  return site.githubPages || data.render_with_liquid !== false;
}
