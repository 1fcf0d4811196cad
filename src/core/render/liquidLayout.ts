import { Liquid, Template, TagToken, TopLevelToken, Context, Emitter } from 'liquidjs';
import type { TagImplOptions } from 'liquidjs/dist/template/tag-options-adapter';
import type { FS } from 'liquidjs/dist/fs/fs';
import type { Site } from '../site';
import { type SiteFileSystem, readTextFile } from '../fileSystem';
import { parseFrontMatter } from '../frontMatter';
import { relativeUrl, absoluteUrl } from '../liquidUrl';
import { documentUrl, siteTimeZone, documentKind } from '../permalink';
import { JekyllTime, toInstant } from './jekyllTime';
import { renderMarkdown } from './markdown';
import { escapeHtml } from './sanitize';

/** A layout file of the site: its front matter and its template text. */
export interface ThemeLayout {
  readonly name: string;
  readonly file: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly body: string;
  readonly parent?: string;
}

/** A post as `site.posts` shows it to layouts (the home page's list). */
export interface PostSummary {
  readonly path: string;
  readonly url: string;
  readonly date?: JekyllTime;
  readonly data: Readonly<Record<string, unknown>>;
  readonly content: string;
  readonly excerpt: string;
  /** Front matter `categories`/`category` with the folders above `_posts/`, as Jekyll merges them. */
  readonly categories: readonly string[];
  readonly tags: readonly string[];
}

/** A front matter list as Jekyll reads it: a YAML list, or a space-separated string. */
export function wordList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(String);
  if (typeof value === 'string') return value.split(/\s+/).filter((s) => s !== '');
  if (typeof value === 'number') return [String(value)];
  return [];
}

/** A post's categories: the folders above `_posts/`, then `category:` and `categories:`, without repeats. */
export function postCategories(path: string, data: Readonly<Record<string, unknown>>): string[] {
  const folders = path.slice(0, Math.max(0, path.lastIndexOf('_posts/'))).split('/').filter((s) => s !== '');
  return [...new Set([...folders, ...wordList(data.category), ...wordList(data.categories)])];
}

/** The site's own `_layouts/` and `_includes/`, read once and reused until a theme file changes. */
export interface Theme {
  readonly layouts: ReadonlyMap<string, ThemeLayout>;
  readonly includes: ReadonlyMap<string, string>;
  /** Parsed templates, by file. */
  readonly parsed: Map<string, Template[]>;
  liquid?: Liquid;
  posts?: Promise<PostSummary[]>;
}

/** Reads every layout and include of the site. */
export async function loadTheme(site: Site, fs: SiteFileSystem): Promise<Theme> {
  const layouts = new Map<string, ThemeLayout>();
  const includes = new Map<string, string>();
  const files = [...site.allFiles()].filter((f) => f.startsWith('_layouts/') || f.startsWith('_includes/'));
  await Promise.all(
    files.map(async (file) => {
      const text = await readTextFile(fs, file);
      if (text === undefined) return;
      if (file.startsWith('_includes/')) {
        includes.set(file.slice('_includes/'.length), text);
        return;
      }
      if (!/^_layouts\/[^/]+\.html?$/i.test(file)) return;
      const name = file.slice('_layouts/'.length).replace(/\.html?$/i, '');
      const fm = parseFrontMatter(text);
      const parent = typeof fm.data.layout === 'string' && fm.data.layout !== 'none' && fm.data.layout !== '' ? fm.data.layout : undefined;
      layouts.set(name, { name, file, data: fm.data, body: text.slice(fm.bodyOffset), parent });
    }),
  );
  return { layouts, includes, parsed: new Map() };
}

/** Reads the site's posts for `site.posts` (newest first), at most `limit`. */
export async function loadPosts(site: Site, fs: SiteFileSystem, limit = 300): Promise<PostSummary[]> {
  const zone = siteTimeZone(site);
  const paths = [...site.allFiles()].filter((f) => documentKind(f) === 'post' && /\.(md|markdown|html)$/i.test(f) && site.publication(f.replace(/(^|\/)_posts\//, '$1posts/')).published);
  const out: PostSummary[] = [];
  for (const path of paths.slice(0, limit * 2)) {
    const text = await readTextFile(fs, path);
    if (text === undefined) continue;
    const fm = parseFrontMatter(text);
    if (!fm.present || fm.data.published === false) continue;
    const dateValue = fm.values.get('date');
    const dateSource = dateValue?.source !== undefined ? { text: dateValue.source, yamlTimestamp: dateValue.style === 'PLAIN' } : undefined;
    const url = documentUrl(site, path, fm.data, dateSource);
    const body = text.slice(fm.bodyOffset);
    const content = /\.html$/i.test(path) ? body : renderMarkdown(body);
    out.push({
      path,
      url: url.url,
      date: url.date ? new JekyllTime(url.date.instant, zone) : undefined,
      data: fm.data,
      content,
      excerpt: /\.html$/i.test(path) ? excerptOf(body) : excerptOf(body, renderMarkdown),
      categories: postCategories(path, fm.data),
      tags: wordList(fm.data.tags),
    });
  }
  out.sort((a, b) => (b.date?.instant ?? 0) - (a.date?.instant ?? 0) || b.path.localeCompare(a.path));
  return out.slice(0, limit);
}

/**
 * A post's excerpt as Jekyll's default `excerpt_separator` cuts it: the source up to its first blank
 * line, converted (with the link definitions of the rest, so that reference links still resolve).
 */
export function excerptOf(source: string, convert: (text: string) => string = (t) => t): string {
  const text = source.includes('\r') ? source.replace(/\r\n/g, '\n') : source;
  const firstBreak = text.indexOf('\n\n');
  if (firstBreak < 0) return convert(text);
  const rest = text.slice(firstBreak);
  const definitions = (rest.includes(']:') && rest.match(/^ {0,3}\[[^\]\n]+\]:[^\n]*$/gm)) || [];
  return convert(text.slice(0, firstBreak) + (definitions.length ? '\n\n' + definitions.join('\n') : ''));
}

/** Drops of summaries, made once per summary (the same post in site.posts, site.categories and a paginator). */
const drops = new WeakMap<PostSummary, Record<string, unknown>>();

/** The `post` object Liquid sees for a summary. */
export function postDrop(post: PostSummary): Record<string, unknown> {
  let drop = drops.get(post);
  if (!drop) drops.set(post, (drop = makePostDrop(post)));
  return drop;
}

function makePostDrop(post: PostSummary): Record<string, unknown> {
  return {
    title: titleFromSlug(post.path),
    ...post.data,
    categories: post.categories,
    tags: post.tags,
    url: post.url,
    id: post.url.replace(/\.html$/, ''),
    path: post.path,
    date: post.date,
    content: post.content,
    excerpt: post.excerpt,
    collection: 'posts',
    draft: false,
    slug: post.path.replace(/^.*\//, '').replace(/^\d+-\d+-\d+-/, '').replace(/\.[^.]+$/, ''),
  };
}

/** Jekyll's title of a post without `title:`: its slug, words capitalised. */
export function titleFromSlug(path: string): string {
  const slug = path.replace(/^.*\//, '').replace(/^\d+-\d+-\d+-/, '').replace(/\.[^.]+$/, '');
  return slug.split('-').map((w) => (w === '' ? w : w[0].toUpperCase() + w.slice(1))).join(' ');
}

/** `site.categories` or `site.tags`: each name with its posts, newest first. */
export function postsBy(posts: readonly PostSummary[], key: 'categories' | 'tags'): Record<string, Record<string, unknown>[]> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const p of posts) for (const name of p[key]) (out[name] ??= []).push(postDrop(p));
  return out;
}

/** A Liquid file system over the preloaded `_includes/`: nothing else can be read. */
function includesFs(theme: Theme): FS {
  const key = (file: string) => file.replace(/^_includes\//, '');
  return {
    exists: async (file) => theme.includes.has(key(file)),
    existsSync: (file) => theme.includes.has(key(file)),
    readFile: async (file) => {
      const t = theme.includes.get(key(file));
      if (t === undefined) throw new Error(`Could not locate the included file '${key(file)}' in _includes/`);
      return t;
    },
    readFileSync: (file) => {
      const t = theme.includes.get(key(file));
      if (t === undefined) throw new Error(`Could not locate the included file '${key(file)}' in _includes/`);
      return t;
    },
    resolve: (dir, file) => `${dir}/${file}`.replace(/\/+/g, '/'),
    contains: async () => true,
    containsSync: () => true,
    sep: '/',
    dirname: (file) => file.slice(0, file.lastIndexOf('/')),
  };
}

/** A Liquid engine with Jekyll's filters and tags, for one site and theme. */
export function createLiquid(site: Site, theme: Theme, posts: () => PostSummary[] | undefined, fs?: SiteFileSystem): Liquid {
  const liquid = new Liquid({
    fs: includesFs(theme),
    root: ['_includes'],
    partials: ['_includes'],
    layouts: ['_includes'],
    extname: '',
    jekyllInclude: true,
    dynamicPartials: false,
    strictFilters: false,
    strictVariables: false,
    relativeReference: false,
    ownPropertyOnly: true,
    cache: true,
    // A template that loops or includes itself must not hang the editor: stop it with an error.
    renderLimit: 2000,
    parseLimit: 4_000_000,
    memoryLimit: 64_000_000,
  });
  const zone = siteTimeZone(site);
  const baseurl = () => String(site.config.data.baseurl ?? '');
  const time = (v: unknown) => {
    const instant = toInstant(v);
    return instant === undefined ? undefined : new JekyllTime(instant, zone);
  };
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  liquid.registerFilter('relative_url', (v: unknown) => relativeUrl(str(v), baseurl()));
  liquid.registerFilter('absolute_url', (v: unknown) => absoluteUrl(str(v), baseurl(), site.config.url));
  liquid.registerFilter('date', (v: unknown, format?: unknown) => {
    if (v === undefined || v === null || v === '') return v;
    const t = time(v);
    if (!t || format === undefined || format === null || format === '') return t ? t.toString() : v;
    return t.strftime(String(format));
  });
  liquid.registerFilter('date_to_xmlschema', (v: unknown) => time(v)?.strftime('%Y-%m-%dT%H:%M:%S%:z') ?? v);
  liquid.registerFilter('date_to_rfc822', (v: unknown) => time(v)?.strftime('%a, %d %b %Y %H:%M:%S %z') ?? v);
  liquid.registerFilter('date_to_string', (v: unknown, type?: unknown, style?: unknown) => time(v)?.strftime(style === 'US' ? '%b %-d, %Y' : type === 'ordinal' ? '%-d %b %Y' : '%d %b %Y') ?? v);
  liquid.registerFilter('date_to_long_string', (v: unknown, type?: unknown, style?: unknown) => time(v)?.strftime(style === 'US' ? '%B %-d, %Y' : type === 'ordinal' ? '%-d %B %Y' : '%d %B %Y') ?? v);
  // Ruby Liquid divides integers as integers (the theme's read time relies on it).
  liquid.registerFilter('divided_by', (v: unknown, d: unknown) => {
    const a = Number(v);
    const b = Number(d);
    return Number.isInteger(a) && Number.isInteger(b) && !String(d).includes('.') ? Math.floor(a / b) : a / b;
  });
  liquid.registerFilter('markdownify', (v: unknown) => renderMarkdown(str(v)));
  liquid.registerFilter('smartify', (v: unknown) => str(v));
  liquid.registerFilter('number_of_words', (v: unknown) => {
    const t = str(v).trim();
    return t === '' ? 0 : t.split(/\s+/).length;
  });
  liquid.registerFilter('jsonify', (v: unknown) => JSON.stringify(v, (_k, x) => (x instanceof JekyllTime ? x.toString() : x)) ?? 'null');
  liquid.registerFilter('sassify', (v: unknown) => str(v));
  liquid.registerFilter('scssify', (v: unknown) => str(v));

  // Tags of Jekyll and of the plugins GitHub Pages runs that a layout may hold.
  const empty = { parse() {}, render() { return ''; } };
  for (const name of ['seo', 'feed_meta', 'github_edit_link']) liquid.registerTag(name, empty);
  liquid.registerTag('highlight', <TagImplOptions>(<unknown>{
    parse(this: { lang: string; text: string }, token: TagToken, remain: TopLevelToken[]) {
      this.lang = token.args.trim().split(/\s+/)[0] ?? '';
      const parts: string[] = [];
      while (remain.length > 0) {
        const t = remain.shift() as TopLevelToken & { name?: string };
        if (t.name === 'endhighlight') break;
        parts.push(t.getText());
      }
      this.text = parts.join('').replace(/^\n/, '');
    },
    render(this: { lang: string; text: string }) {
      const lang = escapeHtml(this.lang);
      return `<figure class="highlight"><pre><code class="language-${lang}" data-lang="${lang}">${escapeHtml(this.text)}</code></pre></figure>`;
    },
  }));
  liquid.registerTag('post_url', <TagImplOptions>(<unknown>{
    parse(this: { name: string }, token: TagToken) {
      this.name = token.args.trim();
    },
    render(this: { name: string }, ctx: Context) {
      const list = ctx.getSync(['site', 'posts']);
      const drops = Array.isArray(list) ? (list as { path?: unknown; url?: unknown }[]) : (posts() ?? []);
      const match = drops.find((p) => String(p.path ?? '').replace(/^.*_posts\//, '').replace(/\.[^.]+$/, '') === this.name);
      return match ? relativeUrl(String(match.url), baseurl()) : '';
    },
  }));
  // `{% include_relative file param=value %}`: a file beside the page, with `include.param`.
  liquid.registerTag('include_relative', <TagImplOptions>(<unknown>{
    parse(this: { args: string }, token: TagToken) {
      this.args = token.args.trim();
    },
    *render(this: { args: string }, ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      const m = /^(\S+)\s*([\s\S]*)$/.exec(this.args);
      if (!m) throw new Error('include_relative needs a file name');
      let file = m[1];
      if (/\{\{/.test(file)) file = String(yield liquid.parseAndRender(file, ctx));
      if (/(^|\/)\.\.(\/|$)/.test(file) || file.startsWith('/') || !/^[\w@./-]+$/.test(file)) throw new Error(`Invalid syntax for include_relative: '${file}' contains invalid characters or sequences`);
      const params: Record<string, unknown> = {};
      const param = /([\w-]+)\s*=\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s]+)/g;
      for (let p = param.exec(m[2]); p; p = param.exec(m[2])) {
        const v = p[2];
        params[p[1]] = /^["']/.test(v) ? v.slice(1, -1) : yield liquid.evalValue(v, ctx);
      }
      const pagePath = String(ctx.getSync(['page', 'path']) ?? '');
      const target = (pagePath.includes('/') ? pagePath.slice(0, pagePath.lastIndexOf('/') + 1) : '') + file.replace(/^\.\//, '');
      const text = fs ? yield readTextFile(fs, target) : undefined;
      if (typeof text !== 'string') throw new Error(`Could not locate the included file '${file}' beside ${pagePath}`);
      const templates = liquid.parse(text, target);
      ctx.push({ include: params });
      try {
        yield liquid.renderer.renderTemplates(templates, ctx, emitter);
      } finally {
        ctx.pop();
      }
    },
  }));
  liquid.registerTag('link', <TagImplOptions>(<unknown>{
    parse(this: { target: string }, token: TagToken) {
      this.target = token.args.trim();
    },
    render(this: { target: string }) {
      const path = this.target.replace(/^\/+/, '');
      return relativeUrl(documentUrl(site, path, {}).url, baseurl());
    },
  }));
  return liquid;
}

/** Parses a template once per theme and text. */
export function parseCached(liquid: Liquid, theme: Theme, key: string, text: string): Template[] {
  const cacheKey = `${key}\u0000${text.length}\u0000${text}`;
  let t = theme.parsed.get(cacheKey);
  if (!t) {
    t = liquid.parse(text, key);
    if (theme.parsed.size > 200) theme.parsed.clear();
    theme.parsed.set(cacheKey, t);
  }
  return t;
}
