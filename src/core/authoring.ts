/**
 * Authoring helpers with no editor in them: post names and front matter for new posts, free file
 * names for copied images, the site's centred image block, and the candidate lists that completions
 * offer, each candidate checked with resolveReference so a picked value always resolves.
 */
import type { Site } from './site';
import { BUILT_IN_LAYOUTS } from './site';
import { analyzeDocument } from './analyzeDocument';
import { fixesFor, resolveReference, PageContext, Resolution } from './resolve';
import type { ImageReference, Reference, ReferenceKind } from './references';
import { linkVerdict } from './checks/links';
import { linkTagFile, linkTagName, linkText, postNamed, postNameOf } from './links';
import { linkTarget } from './linkTarget';
import { parseFrontMatter, yamlSingleQuoted } from './frontMatter';
import { siteTimeZone, wallClock, WallClock } from './permalink';

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** A post slug from a title: lower case ASCII letters, digits and single dashes ('post' when nothing is left). */
export function slugify(title: string, maxLength = 60): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '');
  let slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length > maxLength) slug = slug.slice(0, maxLength).replace(/-[^-]*$/, '') || slug.slice(0, maxLength);
  return slug.replace(/-+$/g, '') || 'post';
}

/** '+0200', '-0400', '+0000': the offset form the IPE posts use. */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const m = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(m / 60))}${pad(m % 60)}`;
}

/** The fields of `instant` on the site's clock (its `timezone:`, else UTC as GitHub Pages builds). */
export function siteClock(site: Site, instant: number): WallClock {
  return wallClock(instant, siteTimeZone(site));
}

/** A post `date:` value: '2022-11-21 23:45:13 -0400', on the site's clock with its offset. */
export function formatPostDate(clock: WallClock): string {
  return `${clock.year}-${pad(clock.month)}-${pad(clock.day)} ${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)} ${formatOffset(clock.offsetMinutes)}`;
}

/** '2022-11-21', the date part of a post's file name. */
export function formatFileDate(clock: WallClock): string {
  return `${clock.year}-${pad(clock.month)}-${pad(clock.day)}`;
}

/** A YAML double-quoted scalar (as the site writes titles). */
export function yamlDoubleQuoted(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r?\n/g, ' ')
    .replace(/\t/g, '\\t')
    .replace(/[\u0000-\u001f\u007f]/g, '');
  return `"${escaped}"`;
}

export { yamlSingleQuoted };

/**
 * The first free path for a file: `dir/name.ext`, else `dir/name-1.ext`, `dir/name-2.ext`, ….
 * `exists` must answer for the exact path (and should also answer for letter-case variants on
 * case-insensitive disks).
 */
export function freePath(path: string, exists: (path: string) => boolean, limit = 10_000): string {
  if (!exists(path)) return path;
  const slash = path.lastIndexOf('/');
  const dir = slash >= 0 ? path.slice(0, slash + 1) : '';
  const base = path.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const ext = dot > 0 ? base.slice(dot) : '';
  for (let i = 1; i <= limit; i++) {
    const candidate = `${dir}${stem}-${i}${ext}`;
    if (!exists(candidate)) return candidate;
  }
  throw new Error(`No free name for ${path}`);
}

/**
 * A file name that is safe in a URL, in HTML and in front matter: letters, digits, '.', '_' and '-'
 * (spaces and other characters become '-'); the extension is lower-cased; never starts with '_' or
 * '.' (Jekyll would not publish it).
 */
export function webSafeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const stem = dot >= 0 ? base.slice(0, dot) : base;
  const ext = dot >= 0 ? base.slice(dot).toLowerCase().replace(/[^a-z0-9.]/g, '') : '';
  const cleanStem =
    stem
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-_.]+|[-.]+$/g, '') || 'image';
  return cleanStem + (ext === '.' ? '' : ext);
}

/** The site's centred image block, as the IPE posts write it. */
export function imageHtmlBlock(src: string, alt?: string, width = 600): string {
  const altAttr = alt !== undefined ? ` alt="${escapeAttribute(alt)}"` : '';
  return `<p align="center">\n  <img style="width:${width}px;max-width:100%" src="${escapeAttribute(src)}"${altAttr}>\n</p>`;
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** An alt text from a file name: 'ipe-ietf_meeting-1.png' -> 'ipe ietf meeting 1'. */
export function altFromFileName(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return stem.replace(/[-_]+/g, ' ').trim();
}

/** The layout names a page can use: the site's own `_layouts/`, or the theme's built-in ones. */
export function layoutNames(site: Site): string[] {
  const names = [...site.layouts.keys()];
  return names.length > 0 ? names.sort() : [...BUILT_IN_LAYOUTS];
}

/** The layout a new post uses: 'post' when the site has it, else 'default', else the first. */
export function postLayout(site: Site): string {
  const names = layoutNames(site);
  return names.includes('post') ? 'post' : names.includes('default') ? 'default' : names[0] ?? 'post';
}

export interface KeyInfo {
  readonly key: string;
  readonly documentation: string;
}

const KEY_DOCS: Record<string, string> = {
  layout: 'The layout that wraps the page (from `_layouts/`).',
  title: 'The title in the masthead and the browser tab.',
  subtitle: 'The line under a post title in the masthead.',
  description: 'The line under a page title in the masthead (and the meta description).',
  date: "The post's date and time with its UTC offset, e.g. `2022-11-21 23:45:13 -0400`. It sets the post's URL.",
  background: "The masthead image. The layout prepends `site.baseurl`, so write the path without it: `'/img/posts/posts.jpg'`.",
  author: 'Shown in "Posted by …"; the site\'s `author` when absent.',
  categories: 'Categories; they become folders in the post URL.',
  tags: 'Tags of the post.',
  permalink: 'A URL of its own instead of the default one.',
  published: '`false` keeps the file out of the site.',
};

const KEYS_BY_LAYOUT: Record<string, string[]> = {
  post: ['layout', 'title', 'subtitle', 'date', 'background', 'author', 'categories', 'tags', 'permalink', 'published'],
  page: ['layout', 'title', 'description', 'background', 'permalink', 'published'],
  home: ['layout', 'title', 'description', 'background', 'permalink'],
  default: ['layout', 'title', 'description', 'permalink', 'published'],
};

/** The front matter keys worth offering for a layout (the union for layouts the theme does not know), minus those present. */
export function frontMatterKeys(layout: string | undefined, present: Iterable<string> = []): KeyInfo[] {
  const have = new Set(present);
  const keys = (layout && KEYS_BY_LAYOUT[layout]) || [...new Set(Object.values(KEYS_BY_LAYOUT).flat())];
  return keys.filter((k) => !have.has(k)).map((key) => ({ key, documentation: KEY_DOCS[key] ?? '' }));
}

/** A value for a reference, with the file it resolves to. */
export interface ImageChoice {
  /** The text to write (inside the quotes or parentheses). */
  readonly text: string;
  readonly file: string;
  /** The URL the site requests for it. */
  readonly url: string;
}

function imageFiles(site: Site): string[] {
  return site.imageFiles().filter((f) => site.publication(f).published);
}

function backgroundRank(file: string): number {
  const name = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  if (/\.bak\b|\bcopy\b|\(\d+\)/.test(name)) return 4;
  if (/^bg[-_]|background|^posts?\./.test(name)) return 0;
  if (/\.(jpe?g|webp)$/.test(name)) return 1;
  return 2;
}

/** A reference of `kind` with this text, for checking a candidate. */
function probe(kind: ReferenceKind, raw: string, key?: string): ImageReference {
  return { kind, target: 'image', raw, range: { start: 0, end: raw.length }, key, context: 'completion' };
}

/** Checks that `text`, written as a reference of `kind` in `page`, resolves cleanly to `file`. */
export function verifyChoice(site: Site, page: PageContext, kind: ReferenceKind, text: string, file: string, key?: string): Resolution | undefined {
  const r = resolveReference(site, page, probe(kind, text, key));
  return r.status === 'ok' && r.file === file && !r.problem ? r : undefined;
}

/**
 * The text that makes a reference of `kind` in `page` point at `file`, in the form that resolves
 * from the page's URL (the layout's baseurl rule for front matter; the baseurl for content paths), or
 * undefined when no form resolves (an unpublished file, a layout that does not show the key).
 */
export function referenceTextFor(site: Site, page: PageContext, kind: ReferenceKind, file: string, key = 'background'): ImageChoice | undefined {
  // A probe written as an absolute path: fixesFor then offers the baseurl-absolute form the site uses.
  const raw = '/';
  const fixes = fixesFor(site, page, probe(kind, raw, kind === 'front-matter' ? key : undefined), file);
  for (const fix of fixes) {
    const r = verifyChoice(site, page, kind, fix.newText, file, kind === 'front-matter' ? key : undefined);
    if (r && r.status === 'ok') return { text: fix.newText, file, url: r.url };
  }
  return undefined;
}

/** Background values for this page, each verified to resolve under its layout's rule; the likeliest first. */
export function backgroundChoices(site: Site, page: PageContext, key = 'background'): ImageChoice[] {
  const files = imageFiles(site)
    .filter((f) => !f.includes("'"))
    .sort((a, b) => backgroundRank(a) - backgroundRank(b) || a.localeCompare(b));
  const out: ImageChoice[] = [];
  for (const file of files) {
    const choice = referenceTextFor(site, page, 'front-matter', file, key);
    if (choice) out.push(choice);
  }
  return out;
}

/** Image paths for `src="…"` or `![](…)` in this page, each verified to resolve from the page's URL. */
export function contentImageChoices(site: Site, page: PageContext, kind: 'html-img' | 'markdown-image'): ImageChoice[] {
  const files = imageFiles(site).sort((a, b) => a.localeCompare(b));
  const out: ImageChoice[] = [];
  for (const file of files) {
    const choice = referenceTextFor(site, page, kind, file);
    if (choice) out.push(choice);
  }
  return out;
}

/** The page context of a document with this text (or of a document about to be written). */
export function pageOf(site: Site, path: string, text: string): PageContext {
  return analyzeDocument(site, path, text).page;
}

export interface NewPost {
  /** Site-relative path, `_posts/YYYY-MM-DD-slug.md`. */
  readonly path: string;
  readonly text: string;
  readonly slug: string;
  /** True when the plain name was taken and a suffix was added. */
  readonly suffixed: boolean;
  /** The name that was taken, when suffixed. */
  readonly taken?: string;
  readonly background?: ImageChoice;
}

export interface NewPostOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** Milliseconds; default now. */
  readonly instant?: number;
  /** A site-relative image file for the background; default the likeliest verified background. */
  readonly backgroundFile?: string;
  /** Whether a site-relative path exists (on disk, not only in the model). Default: site.hasFile. */
  readonly exists?: (path: string) => boolean;
  /** Folder of posts; default `_posts`. */
  readonly postsFolder?: string;
}

/** The front matter text of a post. */
export function postFrontMatter(fields: { layout: string; title: string; subtitle?: string; date: string; background?: string }): string {
  const lines = ['---', `layout: ${fields.layout}`, `title: ${yamlDoubleQuoted(fields.title)}`];
  if (fields.subtitle && fields.subtitle.trim() !== '') lines.push(`subtitle: ${yamlDoubleQuoted(fields.subtitle.trim())}`);
  lines.push(`date: ${fields.date}`);
  if (fields.background) lines.push(`background: ${yamlSingleQuoted(fields.background)}`);
  lines.push('---', '', '');
  return lines.join('\n');
}

/**
 * A new post: its free path (`_posts/2025-01-31-my-title.md`, else `…-my-title-2.md`), and its text with
 * the layout, title, optional subtitle, the date now on the site's clock with its offset, and a
 * background that resolves under the layout's rule.
 */
export function planNewPost(site: Site, options: NewPostOptions): NewPost {
  const instant = options.instant ?? Date.now();
  const clock = siteClock(site, instant);
  const title = options.title.trim();
  const slug = slugify(title);
  const folder = (options.postsFolder ?? '_posts').replace(/^\/+|\/+$/g, '');
  const exists = options.exists ?? ((p: string) => site.hasFile(p));
  const lowerExists = (p: string) => exists(p) || site.caseVariants(p).length > 0;
  const stem = `${folder}/${formatFileDate(clock)}-${slug}`;
  let path = `${stem}.md`;
  let suffixed = false;
  // Another post of the same day with the same slug would get the same URL: check the slug with any extension too.
  const taken = (p: string) => {
    const s = p.slice(0, -'.md'.length);
    return ['.md', '.markdown', '.html'].some((ext) => lowerExists(s + ext));
  };
  if (taken(path)) {
    suffixed = true;
    for (let i = 2; ; i++) {
      const candidate = `${stem}-${i}.md`;
      if (!taken(candidate)) {
        path = candidate;
        break;
      }
    }
  }
  const layout = postLayout(site);
  const base = { layout, title, subtitle: options.subtitle, date: formatPostDate(clock) };
  const page = pageOf(site, path, postFrontMatter(base));
  let background: ImageChoice | undefined;
  if (options.backgroundFile) background = referenceTextFor(site, page, 'front-matter', options.backgroundFile);
  else background = backgroundChoices(site, page)[0];
  const text = postFrontMatter({ ...base, background: background?.text });
  return { path, text, slug, suffixed, taken: suffixed ? `${stem}.md` : undefined, background };
}

/** Escapes text for a snippet choice `${1|a,b|}`. */
export function snippetChoiceText(value: string): string {
  return value.replace(/[\\|,$}]/g, (c) => '\\' + c);
}

/** Escapes text for a literal part of a snippet. */
export function snippetLiteral(value: string): string {
  return value.replace(/[\\$}]/g, (c) => '\\' + c);
}

/** A snippet choice placeholder, or a plain placeholder when there is only one value. */
function choice(index: number, values: string[], fallback: string): string {
  if (values.length === 0) return `\${${index}:${snippetLiteral(fallback)}}`;
  if (values.length === 1) return `\${${index}:${snippetLiteral(values[0])}}`;
  return `\${${index}|${values.map(snippetChoiceText).join(',')}|}`;
}

const MAX_CHOICES = 12;

/**
 * The `post` front matter snippet for this site: the date now on the site's clock with its offset,
 * and the site's backgrounds (verified under the post layout's rule) as a choice.
 */
export function postSnippet(site: Site, path: string, instant = Date.now()): string {
  const clock = siteClock(site, instant);
  const layout = postLayout(site);
  const page = pageOf(site, path.includes('_posts/') ? path : '_posts/2000-01-01-snippet.md', `---\nlayout: ${layout}\n---\n`);
  const backgrounds = backgroundChoices(site, page).slice(0, MAX_CHOICES).map((c) => yamlSingleQuoted(c.text));
  return [
    '---',
    `layout: ${layout}`,
    'title: "${1:Title}"',
    'subtitle: "${2:Subtitle}"',
    `date: \${3:${formatPostDate(clock)}}`,
    `background: ${choice(4, backgrounds, "'/img/posts/posts.jpg'")}`,
    '---',
    '',
    '$0',
  ].join('\n');
}

/** The `page` front matter snippet for this site, with its backgrounds as a choice. */
export function pageSnippet(site: Site, path: string): string {
  const layout = layoutNames(site).includes('page') ? 'page' : postLayout(site);
  const page = pageOf(site, path.includes('_posts/') ? 'snippet-page.md' : path, `---\nlayout: ${layout}\n---\n`);
  const backgrounds = backgroundChoices(site, page).slice(0, MAX_CHOICES).map((c) => yamlSingleQuoted(c.text));
  return ['---', `layout: ${layout}`, 'title: "${1:Title}"', 'description: "${2:Description}"', `background: ${choice(3, backgrounds, "'/img/bg-about.jpg'")}`, '---', '', '$0'].join('\n');
}

/** The centred image block snippet for this page, with the site's images (src verified from the page's URL) as a choice. */
export function imageBlockSnippet(site: Site, page: PageContext): string {
  const preferred = site.config.basePath + '/img/posts/';
  const srcs = contentImageChoices(site, page, 'html-img')
    .map((c) => c.text)
    .sort((a, b) => Number(!a.startsWith(preferred)) - Number(!b.startsWith(preferred)) || a.localeCompare(b))
    .slice(0, MAX_CHOICES);
  return `<p align="center">\n  <img style="width:\${2:600}px;max-width:100%" src="${choice(1, srcs, site.config.basePath + '/img/posts/image.png')}" alt="\${3}">\n</p>\n$0`;
}

/** Where the cursor is, for completions. */
export type CompletionSpot =
  | { readonly kind: 'front-matter-key'; readonly start: number; readonly end: number; readonly prefix: string }
  | {
      readonly kind: 'front-matter-value';
      readonly key: string;
      /** The range a picked value replaces (the value inside its quotes, or the whole plain value). */
      readonly start: number;
      readonly end: number;
      /** The quote the value is in, '' when plain. */
      readonly quote: '' | "'" | '"';
      readonly prefix: string;
    }
  | { readonly kind: 'html-src' | 'markdown-link'; readonly start: number; readonly end: number; readonly prefix: string }
  /** A link target: `href="…"`, `[text](…)`, `{% post_url … %}`, `{% link … %}`. */
  | { readonly kind: 'html-href' | 'markdown-page-link' | 'liquid-post-url' | 'liquid-link'; readonly start: number; readonly end: number; readonly prefix: string }
  | { readonly kind: 'body-line-start'; readonly start: number; readonly end: number; readonly prefix: string }
  | { readonly kind: 'document-start'; readonly start: number; readonly end: number; readonly prefix: string };

/** Classifies the position `offset` in a document's text for completions. */
export function completionSpotAt(text: string, offset: number): CompletionSpot | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd);

  const fm = parseFrontMatter(text);
  const opening = /^---[ \t]*\r?\n/.exec(text);
  let inFrontMatter = false;
  if (opening && offset >= opening[0].length) {
    // Unterminated: everything after the fence is being written as front matter.
    inFrontMatter = fm.yamlRange ? lineStart < fm.yamlRange.end : true;
  }
  if (inFrontMatter) {
    const keyValue = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(['"]?)(.*)$/.exec(before);
    if (keyValue) {
      const key = keyValue[1];
      const quote = keyValue[2] as '' | "'" | '"';
      const valueStart = offset - keyValue[3].length;
      let end: number;
      if (quote) {
        const close = after.indexOf(quote);
        end = close >= 0 ? offset + close : offset + after.replace(/[ \t]+$/, '').length;
      } else {
        end = offset + after.replace(/[ \t]+(#.*)?$/, '').length;
      }
      return { kind: 'front-matter-value', key, start: valueStart, end, quote, prefix: keyValue[3] };
    }
    if (/^[A-Za-z_]?[\w-]*$/.test(before)) {
      const end = offset + (/^[\w-]*/.exec(after)?.[0].length ?? 0);
      return { kind: 'front-matter-key', start: lineStart, end, prefix: before };
    }
    return undefined;
  }

  const tag = /\{%-?\s*(post_url|link)\s+([^\s%}]*)$/.exec(before);
  if (tag) {
    const m = /^[^\s%}]*/.exec(after);
    return { kind: tag[1] === 'post_url' ? 'liquid-post-url' : 'liquid-link', start: offset - tag[2].length, end: offset + (m?.[0].length ?? 0), prefix: tag[2] };
  }
  const src = /\b(src|href)[ \t]*=[ \t]*(["'])([^"'<>]*)$/i.exec(before);
  if (src) {
    const quote = src[2];
    const close = after.indexOf(quote);
    const end = close >= 0 ? offset + close : offset + (/^[^\s>]*/.exec(after)?.[0].length ?? 0);
    return { kind: src[1].toLowerCase() === 'href' ? 'html-href' : 'html-src', start: offset - src[3].length, end, prefix: src[3] };
  }
  const link = /\]\((<?)([^()\s<>]*)$/.exec(before);
  if (link) {
    const m = /^[^()\s<>]*/.exec(after);
    // An image's ![alt]( or a link's [text]( : the '[' that opens the bracket before '](' says which.
    const close = link.index;
    let depth = 0;
    let open = -1;
    for (let i = close - 1; i >= 0; i--) {
      if (before[i] === ']') depth++;
      else if (before[i] === '[') {
        if (depth === 0) {
          open = i;
          break;
        }
        depth--;
      }
    }
    const image = open > 0 && before[open - 1] === '!';
    return { kind: image ? 'markdown-link' : 'markdown-page-link', start: offset - link[2].length, end: offset + (m?.[0].length ?? 0), prefix: link[2] };
  }
  if (!fm.present && lineStart === 0 && /^[\w-]*$/.test(before)) return { kind: 'document-start', start: 0, end: offset, prefix: before };
  if (/^[\w-]*$/.test(before)) return { kind: 'body-line-start', start: lineStart, end: offset, prefix: before };
  return undefined;
}

/** The reference whose text holds `offset` (its range, inclusive of the end). */
export function referenceAt<T extends { ref: ImageReference }>(references: readonly T[], offset: number): T | undefined {
  return references.find((r) => r.ref.range.start <= offset && offset <= r.ref.range.end);
}

/** What a hover says about a resolved image path: the URL requested and the file (or why none). */
export function describeImage(site: Site, ref: ImageReference, resolution: Resolution): { url?: string; file?: string; status: Resolution['status']; why?: string } {
  switch (resolution.status) {
    case 'ok':
      return { status: 'ok', url: resolution.url, file: resolution.file, why: resolution.problem?.message };
    case 'remote':
      return { status: 'remote', url: resolution.url, why: resolution.problem?.message ?? 'Another host serves it; not checked.' };
    case 'broken':
      return { status: 'broken', url: resolution.url, why: resolution.problem.message };
    default:
      return { status: 'unknown', why: `Not checked: ${resolution.reason}.` };
  }
}

/**
 * The content reference for an image file of the site, or for one about to be written there: the
 * site model is told of the file for the check and left as it was.
 */
export function imageReferenceForFile(site: Site, page: PageContext, file: string, kind: 'html-img' | 'markdown-image' = 'html-img'): ImageChoice | undefined {
  const known = site.hasFile(file);
  if (!known) site.addFile(file);
  try {
    return referenceTextFor(site, page, kind, file);
  } finally {
    if (!known) site.removeFile(file);
  }
}

/** A link target offered by completion: the text to insert, and the page it lands on. */
export interface LinkChoice {
  readonly text: string;
  readonly title?: string;
  /** The source file of the target. */
  readonly file: string;
  /** Its URL with the baseurl. */
  readonly url: string;
}

/**
 * Link targets for a completion spot, each written in the form the spot needs and checked to land
 * on its page: the site's pages, posts and written collection documents (by URL in `](…)` and `href="…"`), post names in
 * `{% post_url %}`, source paths in `{% link %}`.
 */
export function linkChoices(site: Site, page: PageContext, kind: 'html-href' | 'markdown-page-link' | 'liquid-post-url' | 'liquid-link'): LinkChoice[] {
  const base = site.config.basePath;
  const out: LinkChoice[] = [];
  const docs = site.documents().filter((d) => d.url !== undefined && (d.kind === 'page' || d.kind === 'post' || d.kind === 'collection') && d.path !== page.path);
  for (const d of docs) {
    const url = d.url as string;
    let text: string;
    let ref: Reference;
    if (kind === 'liquid-post-url') {
      if (d.kind !== 'post') continue;
      text = postNameOf(d.path);
      ref = { kind: 'liquid-post-url', target: 'link', raw: text, range: { start: 0, end: 0 } };
    } else if (kind === 'liquid-link') {
      text = linkTagName(site, d.path);
      ref = { kind: 'liquid-link', target: 'link', raw: text, range: { start: 0, end: 0 } };
    } else {
      const shown = url.replace(/index\.html$/, '');
      text = base === '' ? shown : kind === 'html-href' ? `{{ '${shown}' | relative_url }}` : `{{ site.baseurl }}${shown}`;
      ref = { kind: kind === 'html-href' ? 'html-href' : 'markdown-link', target: 'link', raw: text, range: { start: 0, end: 0 } };
    }
    if (linkVerdict(site, page, ref)) continue;
    out.push({ text, title: d.title, file: d.path, url: base + url });
  }
  // Pages first, then posts newest first.
  const rank = (c: LinkChoice) => (c.file.startsWith('_posts/') ? 1 : 0);
  return out.sort((a, b) => rank(a) - rank(b) || (rank(a) === 1 ? (a.file < b.file ? 1 : -1) : a.file < b.file ? -1 : 1));
}

/** What a link of a page does on the deployed site: where it lands (the page's source and title), or why it fails. */
export interface LinkDescription {
  readonly status: 'ok' | 'broken' | 'external' | 'unknown';
  /** What the browser asks for (path on the site's origin, or the full URL of another host). */
  readonly url?: string;
  /** The source file that serves it. */
  readonly file?: string;
  readonly title?: string;
  readonly why?: string;
}

/** The link of `links` at an offset, if any. */
export function linkAt(links: readonly Reference[], offset: number): Reference | undefined {
  return links.find((l) => l.range.start <= offset && offset <= l.range.end);
}

export function describeLink(site: Site, page: PageContext, ref: Reference): LinkDescription {
  const verdict = linkVerdict(site, page, ref);
  if (ref.target === 'include') {
    const file = '_includes/' + ref.raw;
    return site.hasFile(file) ? { status: 'ok', file } : { status: ref.raw.includes('{') ? 'unknown' : 'broken', why: ref.raw.includes('{') ? 'The name is computed by Liquid.' : `${file} does not exist: the build fails.` };
  }
  if (ref.kind === 'liquid-post-url') {
    const doc = postNamed(site, ref.raw);
    return doc ? { status: 'ok', url: site.config.basePath + (doc.url ?? ''), file: doc.path, title: doc.title } : { status: 'broken', why: verdict?.message };
  }
  if (ref.kind === 'liquid-link') {
    const file = linkTagFile(site, ref.raw);
    const doc = file === undefined ? undefined : site.documentOf(file);
    return file !== undefined ? { status: 'ok', file, url: site.config.basePath + (doc?.url ?? '/' + file), title: doc?.title } : { status: 'broken', why: verdict?.message };
  }
  const text = linkText(site, page, ref);
  if (!text.ok) return { status: 'unknown', why: `Not judged: ${text.reason}.` };
  const target = linkTarget(site, page, text.value);
  if (target.kind === 'external') return { status: 'external', url: target.url };
  if (target.kind === 'unreadable') return { status: 'unknown', why: 'Not a URL a browser can read.' };
  if (verdict) return { status: 'broken', url: target.url, why: verdict.message };
  switch (target.kind) {
    case 'same-page':
      return { status: 'ok', url: target.url + (target.fragment ? '#' + target.fragment : ''), file: page.path, title: site.documentOf(page.path)?.title };
    case 'page':
      return { status: 'ok', url: target.url, file: target.path, title: target.title };
    case 'file':
      return { status: 'ok', url: target.url, file: target.path };
    case 'generated':
      return { status: 'ok', url: target.url, why: `Written by ${target.by}.` };
    case 'broken':
      // The check finds nothing wrong with what the build makes of it: jekyll-relative-links rewrites it.
      return { status: 'ok', url: target.url, why: 'GitHub Pages rewrites this Markdown link to the page (jekyll-relative-links).' };
  }
}

/** A link of the site that lands on a given file. */
export interface LinkToFile {
  /** The document the link is in. */
  readonly path: string;
  readonly ref: Reference;
}

/** A link of a document that works, with where it lands; a tag inside a link's destination is that link. */
export interface WorkingLink {
  readonly ref: Reference;
  readonly info: LinkDescription & { readonly status: 'ok' };
}

/** A `{% post_url %}` or `{% link %}` tag. */
export const isLinkTag = (r: Reference): boolean => r.kind === 'liquid-post-url' || r.kind === 'liquid-link';

/** The link whose destination holds a tag (`[x]({% post_url a %})`), when the tag stands in one. */
export function linkHolding(links: readonly Reference[], tag: Reference): Reference | undefined {
  return links.find((o) => o !== tag && !isLinkTag(o) && o.range.start <= tag.range.start && tag.range.end <= o.range.end);
}

/**
 * The links of a document that work (a missing fragment aside), as the deployed site resolves them. A tag in a link's destination
 * is that link: whether it lands is the whole destination's verdict (`{{ site.baseurl }}{% post_url … %}`
 * has the baseurl twice where the tag adds it).
 */
export function workingLinks(site: Site, doc: { readonly page: PageContext; readonly links: readonly Reference[] }): WorkingLink[] {
  const out: WorkingLink[] = [];
  for (const ref of doc.links) {
    if (isLinkTag(ref) && linkHolding(doc.links, ref) !== undefined) continue;
    const info = landing(site, doc.page, ref);
    if (info) out.push({ ref, info });
  }
  return out;
}

/**
 * Where a link lands, its fragment aside (a link whose `#id` the page lacks still opens the page), or
 * undefined when it does not work.
 */
export function landing(site: Site, page: PageContext, ref: Reference): WorkingLink['info'] | undefined {
  try {
    const info = describeLink(site, page, ref);
    if (info.status === 'ok') return info as WorkingLink['info'];
    const hash = ref.raw.lastIndexOf('#');
    if (info.status !== 'broken' || hash < 0 || ref.raw.indexOf('}', hash) >= 0) return undefined;
    const without = describeLink(site, page, { ...ref, raw: ref.raw.slice(0, hash) });
    return without.status === 'ok' && without.file !== undefined ? (without as WorkingLink['info']) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every link of the given documents that lands on `file` (a page or post by its URL, `{% post_url %}`
 * and `{% link %}`, a file the site serves, an include by `{% include %}`), as the deployed site
 * resolves it: by document path, then by place. Links that do not work are not counted.
 */
export function linksTo(site: Site, documents: Iterable<{ readonly path: string; readonly page: PageContext; readonly links: readonly Reference[] }>, file: string): LinkToFile[] {
  const out: LinkToFile[] = [];
  for (const doc of documents) {
    for (const { ref, info } of workingLinks(site, doc)) if (info.file === file) out.push({ path: doc.path, ref });
  }
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.ref.range.start - b.ref.range.start || b.ref.range.end - a.ref.range.end));
  // One link once: a tag inside a link's destination (`[x]({% link about.md %})`) is the same link.
  return out.filter((l, i) => {
    const prev = out[i - 1];
    return !(prev && prev.path === l.path && prev.ref.range.start <= l.ref.range.start && l.ref.range.end <= prev.ref.range.end);
  });
}
