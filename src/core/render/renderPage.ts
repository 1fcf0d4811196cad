import type { Site } from '../site';
import type { SiteFileSystem } from '../fileSystem';
import { analyzeDocument, DocumentAnalysis } from '../analyzeDocument';
import { resolveReference, pageAbsoluteUrl, Resolution } from '../resolve';
import { hasLiquid, evaluateExpression } from '../liquidUrl';
import { collectionFileOf, isMarkdownPath, siteTimeZone } from '../permalink';
import { DEFAULT_BACKGROUND_EXPRESSION } from '../site';
import { renderMarkdown } from './markdown';
import { JekyllTime } from './jekyllTime';
import { createLiquid, loadTheme, loadPosts, parseCached, postDrop, postsBy, postCategories, wordList, excerptOf, titleFromSlug, PostSummary, Theme } from './liquidLayout';
import { loadCollections, loadData, loadPages, staticFiles, githubMetadata, CollectionDrop } from './siteData';
import { paginationOf, paginatorDrop } from './pagination';
import { siteStylesheet, rewriteStylesheetUrls, packagedFontsFor, SiteStylesheet } from './styles';
import { renderBuiltInLayout } from './builtInLayout';
import { prepareHtml, finishHtml, Verdict, SanitizeReport, SanitizeHooks, PreparedHtml } from './sanitize';
import { RenderMemo, MarkdownBlock, BlockRender, BlockSplit, renderBlocks } from './incremental';
import { shellEntry, blockEntry, finishSpliced, SanitizedBlock, SLOT_MARKUP, ShellEntry } from './splice';
import { renderedLinkProblem } from '../linkTarget';
import { rendersLiquid } from '../githubPages';

/** Per-site state worth keeping between renders (the theme's files, the posts list). Drop it when the site changes. */
export interface RenderCache {
  theme?: Promise<Theme>;
  posts?: Promise<PostSummary[]>;
  /** The collections of `collections:` with their documents (site.NAME, site.collections). */
  collections?: Promise<CollectionDrop[]>;
  data?: Promise<{ data: Record<string, unknown>; errors: string[] }>;
  /** Compiled Sass by output path: dropped with the cache when a Sass file changes. */
  styles?: Map<string, Promise<{ sheet?: SiteStylesheet; errors: string[] }>>;
  pages?: Promise<Record<string, unknown>[]>;
  github?: Promise<Record<string, unknown>>;
  /** The built CSS the built-in layout uses (BUILT_CSS_CANDIDATES): dropped with the cache when a stylesheet changes. */
  builtCss?: Promise<string | undefined>;
  /** The last render's blocks, rendered and sanitized, for the next update of the same page. */
  incremental?: { blocks: RenderMemo<MarkdownBlock>; split?: BlockSplit; sanitized: RenderMemo<SanitizedBlock>; shells: RenderMemo<ShellEntry>; excerpt?: { source: string; html: string }; links?: { base: string; results: Map<string, string | undefined> } };
}

export interface RenderOptions {
  /** How the preview shows a local file that the site serves (a webview URI, a data: URI, a file: URL). */
  imageUrl(file: string): string | Promise<string>;
  readonly imageKeys?: readonly string[];
  /** Mark blocks with data-line for scroll sync (default true). */
  readonly sourceLines?: boolean;
  readonly cache?: RenderCache;
  /** The clock for `site.time` and the footer's year (tests fix it). */
  readonly now?: number;
  /** Render the site's own `_layouts/` and `_includes/` (default true); false shows the built-in layout. */
  readonly siteTemplates?: boolean;
  /** For the page jekyll-paginate paginates: which of its pages to show (1 = the page itself, 2 = `/page2/`…). */
  readonly paginatorPage?: number;
  /** Reuse what the last render of the page made of its unchanged blocks (default true; the output is the same). */
  readonly incremental?: boolean;
}

export interface RenderedStylesheet {
  /** As written in the layout's head. */
  readonly href: string;
  /** The workspace file that holds it (site-relative; may be under _site/, or the Sass source it was compiled from). */
  readonly file: string;
  /** The stylesheet's text when the preview made it (compiled Sass, its url()s rewritten): shown inline. */
  readonly css?: string;
}

export interface RenderedPage {
  /** The page's body as the preview shows it (sanitized inner HTML of <body>). */
  readonly html: string;
  readonly title: string;
  readonly bodyClass: string;
  /** Which layout rendered it: the site's own (Liquid), the built-in Clean Blog-like one, or none. */
  readonly layoutSource: 'site' | 'built-in' | 'none';
  readonly layout?: string;
  /** The site's own stylesheets: files of the workspace, or compiled from its Sass (empty: use the built-in CSS). */
  readonly stylesheets: readonly RenderedStylesheet[];
  /** Packaged font stylesheets (under media/fonts/) that stand in for the layout's Google Fonts links. */
  readonly fonts: readonly string[];
  readonly report: SanitizeReport;
  /** Liquid or layout problems, shown at the top of the preview. */
  readonly errors: readonly string[];
  /** The page's analysis, without findings (the checks are the diagnostics' to run). */
  readonly analysis: DocumentAnalysis;
  /** Where the site will serve this page: `url` + baseurl + the page's permalink. */
  readonly servedAt: string;
}

/** Where the theme's built CSS may be found in a workspace when no layout names it. */
const BUILT_CSS_CANDIDATES = ['css/clean-blog.min.css', 'css/clean-blog.css', 'assets/main.css', 'assets/css/main.css', '_site/css/clean-blog.min.css', '_site/css/clean-blog.css', '_site/assets/main.css', '_site/assets/css/main.css'];

function lineOf(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Jekyll's (GitHub Pages') default layouts when front matter names none. */
function defaultLayout(analysis: DocumentAnalysis): string | undefined {
  if (analysis.kind === 'post') return 'post';
  if (analysis.kind === 'page') return /(^|\/)index\.(md|markdown|html)$/i.test(analysis.path) ? 'home' : 'page';
  return undefined;
}

async function fileExists(fs: SiteFileSystem, path: string): Promise<boolean> {
  const s = await fs.stat(path);
  return s?.type === 'file';
}

/**
 * Renders a post or page as the deployed site shows it: Liquid in the content, Markdown (kramdown-like),
 * the site's own layouts with a real Liquid engine when the workspace has them (else the built-in
 * Clean Blog-like layout), then the sanitizer, with every image judged by the same engine as the
 * diagnostics. Never throws for bad input: problems come back in `errors`.
 */
export async function renderPage(site: Site, fs: SiteFileSystem, path: string, text: string, options: RenderOptions): Promise<RenderedPage> {
  const cache = options.cache ?? {};
  const errors: string[] = [];
  // The preview shows no findings (the diagnostics do): the checks are not run here.
  const analysis = analyzeDocument(site, path, text, { imageKeys: options.imageKeys, findings: false });
  const zone = siteTimeZone(site);
  const now = options.now ?? Date.now();
  const baseurl = String(site.config.data.baseurl ?? '');

  let theme: Theme | undefined;
  if (site.hasOwnLayouts && options.siteTemplates === false) {
    errors.push("Restricted Mode: the site's own layouts are not rendered until the folder is trusted; showing the built-in layout.");
  } else if (site.hasOwnLayouts) {
    cache.theme ??= loadTheme(site, fs);
    theme = await cache.theme;
  }
  const requestedLayout = Object.prototype.hasOwnProperty.call(analysis.data, 'layout') ? analysis.data.layout : defaultLayout(analysis);
  const layoutName = typeof requestedLayout === 'string' && requestedLayout !== '' && requestedLayout !== 'none' ? requestedLayout : undefined;

  // Layout chain (own theme) and whether it lists posts.
  const chain: NonNullable<ReturnType<Theme['layouts']['get']>>[] = [];
  if (theme && layoutName) {
    const seen = new Set<string>();
    for (let name: string | undefined = layoutName; name && !seen.has(name); ) {
      seen.add(name);
      const l = theme.layouts.get(name);
      if (!l) {
        errors.push(`The layout '${name}' is not in _layouts/: Jekyll renders ${name === layoutName ? 'this page' : `'${chain[chain.length - 1]?.name}'`} without it.`);
        break;
      }
      chain.push(l);
      name = l.parent;
    }
  }
  let body = text.slice(analysis.frontMatter.bodyOffset);
  // Without layouts of its own a site may still have _includes/ for its pages' {% include %} tags.
  let includesOnly: Theme | undefined;
  if (!theme && options.siteTemplates !== false && body.includes('{%') && /\{%-?\s*include\s/.test(body)) {
    cache.theme ??= loadTheme(site, fs);
    includesOnly = await cache.theme;
  }
  const includeSource = theme ?? includesOnly;
  const templates = [...chain.map((l) => l.body), body];
  /** Whether a layout of the chain, the page or any include names this variable. */
  const mentions = (re: RegExp) => templates.some((t) => re.test(t)) || (includeSource !== undefined && includesMention(includeSource, re));
  const pagination = paginationOf(site, path);
  const needsPosts = theme ? pagination !== undefined || mentions(/site\.(posts|categories|tags)\b|paginator|page\.(previous|next)\b/) : layoutName === 'home';
  let posts: PostSummary[] = [];
  if (needsPosts) {
    cache.posts ??= loadPosts(site, fs);
    posts = await cache.posts;
  }

  const date = analysis.url.date ? new JekyllTime(analysis.url.date.instant, zone) : undefined;
  const page: Record<string, unknown> = {
    ...(analysis.kind === 'post' ? { title: titleFromSlug(path) } : {}),
    ...analysis.data,
    url: analysis.page.url,
    path,
    name: path.slice(path.lastIndexOf('/') + 1),
    dir: analysis.kind === 'post' ? undefined : '/' + path.slice(0, path.lastIndexOf('/') + 1),
    id: analysis.kind === 'post' ? analysis.page.url.replace(/\.html$/, '') : undefined,
    date: date ?? (analysis.kind === 'post' ? undefined : analysis.data.date),
    collection: analysis.kind === 'post' ? 'posts' : analysis.kind === 'collection' ? collectionFileOf(site.config, path)?.collection.name : undefined,
    categories: analysis.kind === 'post' ? postCategories(path, analysis.data) : (analysis.data.categories ?? []),
    tags: analysis.kind === 'post' ? wordList(analysis.data.tags) : (analysis.data.tags ?? []),
  };
  // The post being edited takes its place in the list by its date as typed, with the page's own drop.
  if (needsPosts && analysis.kind === 'post') {
    const others = posts.filter((p) => p.path !== path);
    if (others.length !== posts.length || analysis.data.published !== false) {
      const live: PostSummary = { path, url: analysis.page.url, date, data: analysis.data, content: '', excerpt: '', categories: page.categories as string[], tags: page.tags as string[] };
      posts = [...others, live].sort((a, b) => (b.date?.instant ?? 0) - (a.date?.instant ?? 0) || b.path.localeCompare(a.path));
      const i = posts.indexOf(live);
      // Jekyll's `next` is the newer post, `previous` the older one.
      page.next = i > 0 ? postDrop(posts[i - 1]) : null;
      page.previous = i + 1 < posts.length ? postDrop(posts[i + 1]) : null;
    }
  }
  const postDrops = posts.map((p) => (p.path === path ? page : postDrop(p)));
  const siteDrop: Record<string, unknown> = {
    ...site.config.data,
    baseurl,
    url: site.config.url,
    time: new JekyllTime(now, zone),
    posts: postDrops,
    categories: needsPosts ? postsBy(posts, 'categories') : {},
    tags: needsPosts ? postsBy(posts, 'tags') : {},
    pages: [],
    static_files: [],
    html_pages: [],
    documents: [],
    collections: [],
    data: {},
  };
  if (theme || hasLiquid(body)) {
    if (mentions(/site\.data\b/)) {
      cache.data ??= (async () => {
        const errors: string[] = [];
        return { data: await loadData(site, fs, errors), errors };
      })();
      const d = await cache.data;
      siteDrop.data = d.data;
      errors.push(...d.errors);
    }
    if (mentions(/site\.(html_)?pages\b/)) {
      cache.pages ??= loadPages(site, fs);
      siteDrop.pages = await cache.pages;
      siteDrop.html_pages = (siteDrop.pages as Record<string, unknown>[]).filter((p) => /\.(html|md|markdown)$/i.test(String(p.path)));
    }
    // site.NAME for each collection, site.collections and site.documents (posts among them when the page lists posts).
    const names = site.config.collections.map((c) => c.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    if (names.length > 0 && mentions(new RegExp(`site\\.(?:collections|documents|${names.join('|')})\\b|site\\[`))) {
      cache.collections ??= loadCollections(site, fs);
      const collections = await cache.collections;
      // Jekyll's SiteDrop answers a collection's name with its documents, before the config's key of that name.
      for (const c of collections) siteDrop[c.label] = c.docs;
      // The config's collections first, then posts (Configuration#add_default_collections merges it in last).
      siteDrop.collections = [...collections, { label: 'posts', docs: postDrops, files: [], output: true, relative_directory: '_posts' }];
      // Site#documents: every collection's documents and static files.
      siteDrop.documents = [...collections.flatMap((c) => [...c.docs, ...c.files]), ...postDrops];
    }
    if (mentions(/site\.static_files\b/)) siteDrop.static_files = site.derivedFromFiles(staticFiles, () => staticFiles(site));
    if (mentions(/site\.github\b/)) {
      cache.github ??= githubMetadata(site, fs);
      siteDrop.github = await cache.github;
    }
  }
  const paginator = pagination ? paginatorDrop(pagination, posts.filter((p) => p.data.hidden !== true).map((p) => (p.path === path ? page : postDrop(p))), options.paginatorPage ?? 1) : null;

  let liquid: ReturnType<typeof createLiquid> | undefined;
  let currentPosts: PostSummary[] = posts;
  const getLiquid = () => {
    if (theme) return (theme.liquid ??= createLiquid(site, theme, () => currentPosts, fs));
    return (liquid ??= createLiquid(site, { layouts: new Map(), includes: includesOnly?.includes ?? new Map(), parsed: includesOnly?.parsed ?? new Map() }, () => currentPosts, fs));
  };

  currentPosts = posts;
  // Content: Liquid first (Jekyll renders it in posts and pages), then the converter.
  const lineOffset = lineOf(text, analysis.frontMatter.bodyOffset);
  // `render_with_liquid: false` leaves it as written under Jekyll 4; GitHub Pages' Jekyll 3.10 ignores it.
  if (hasLiquid(body) && rendersLiquid(site, analysis.data)) {
    try {
      const l = getLiquid();
      // The content changes with every keystroke: parse it afresh rather than fill the template cache with
      // one copy of the document per edit (only layouts and includes are cached).
      body = await l.render(l.parse(body, path), { page, site: siteDrop, paginator });
    } catch (error) {
      errors.push(`Liquid error in ${path}: ${messageOf(error)}`);
    }
  }
  const markdown = isMarkdownPath(path);
  const incremental = options.incremental === false ? undefined : (cache.incremental ??= { blocks: new RenderMemo(), sanitized: new RenderMemo(), shells: new RenderMemo() });
  incremental?.blocks.begin();
  incremental?.sanitized.begin();
  incremental?.shells.begin();
  const env = { lineOffset, sourceLines: options.sourceLines ?? true };
  const blocks = markdown && incremental ? renderBlocks(body, env, incremental) : undefined;
  const content = blocks ? blocks.html : markdown ? renderMarkdown(body, env) : body;
  // What layouts see (`page.content`, the read time's word count) is the site's HTML: without the
  // preview's own data-line marks.
  if (blocks) {
    // Made when a layout asks for it (the built-in layout has the word count already).
    let plain: string | undefined;
    Object.defineProperty(page, 'content', { get: () => (plain ??= blocks.plain()), enumerable: true, configurable: true });
  } else page.content = markdown ? withoutSourceLines(content) : content;
  // The excerpt (the first paragraph) seldom changes while typing: kept while its source is the same.
  const excerptHtml = (t: string) => {
    if (incremental?.excerpt?.source === t) return incremental.excerpt.html;
    const html = renderMarkdown(t);
    if (incremental) incremental.excerpt = { source: t, html };
    return html;
  };
  page.excerpt = excerptOf(body, markdown ? excerptHtml : undefined);

  // Layout.
  let html: string;
  let wholeDocument = false;
  let layoutSource: RenderedPage['layoutSource'];
  let builtInShell: string | undefined;
  if (!layoutName) {
    html = content;
    layoutSource = 'none';
  } else if (theme && chain.length > 0) {
    try {
      let out = content;
      const l = getLiquid();
      for (const layout of chain) {
        out = await l.render(parseCached(l, theme, layout.file, layout.body), { page, site: siteDrop, content: out, layout: layout.data, paginator });
      }
      html = out;
      wholeDocument = /<html[\s>]|<body[\s>]|<!doctype/i.test(html);
      layoutSource = 'site';
    } catch (error) {
      errors.push(`Liquid error in the layout '${layoutName}': ${messageOf(error)}. Showing the built-in layout instead.`);
      html = builtIn();
      layoutSource = 'built-in';
    }
  } else if (theme) {
    html = content;
    layoutSource = 'none';
  } else {
    html = builtIn();
    layoutSource = 'built-in';
  }

  function builtIn(): string {
    let background: string | undefined;
    const raw = analysis.data.background;
    if (typeof raw === 'string' && raw.trim() !== '') {
      const r = evaluateExpression(DEFAULT_BACKGROUND_EXPRESSION, { site: { ...site.config.data, baseurl }, page: { ...analysis.data } });
      if (r.ok) background = r.value;
    }
    const render = (c: string) =>
      renderBuiltInLayout(
        { layout: layoutName ?? 'default', data: analysis.data, background, dateText: date?.strftime('%B %d, %Y'), content: c, words: blocks?.words },
        { data: site.config.data, baseurl, year: new JekyllTime(now, zone).clock.year, posts },
      );
    if (blocks) {
      // The layout puts the content in one place: its output around a slot is the shell itself.
      const shell = render(SLOT_MARKUP);
      const at = shell.indexOf(SLOT_MARKUP);
      if (at >= 0 && shell.lastIndexOf(SLOT_MARKUP) === at) {
        builtInShell = shell;
        return shell.slice(0, at) + content + shell.slice(at + SLOT_MARKUP.length);
      }
    }
    return render(content);
  }

  // Sanitize, with the engine's verdict for every image: the layout's shell and the content's blocks
  // apart when they can be (see splice.ts), else the whole page.
  const spliced = blocks && incremental ? spliceable(layoutSource === 'built-in' ? builtInShell : undefined, html, content, wholeDocument, blocks, incremental) : undefined;
  const shell = spliced?.shell.prepared;
  let prepared: Omit<PreparedHtml, 'root'> & { root?: PreparedHtml['root'] } = shell ?? prepareHtml(html, wholeDocument);
  const known = new Map<string, Resolution>();
  for (const { resolution } of analysis.references) if (resolution.status !== 'unknown') known.set(resolution.requested.trim(), resolution);
  const verdicts = new Map<string, Verdict>();
  const localUrls = new Map<string, Promise<string>>();
  const judge = (urls: Iterable<string>) =>
    Promise.all(
      [...urls].map(async (raw) => {
        if (verdicts.has(raw)) return;
        const resolution = known.get(raw) ?? resolveReference(site, analysis.page, { kind: 'html-img', target: 'image', raw, range: { start: 0, end: 0 } });
        verdicts.set(raw, await verdictOf(raw, resolution));
      }),
    );
  if (spliced) {
    const urls = new Set(spliced.shell.prepared!.urls);
    for (const b of spliced.blocks) for (const u of b.entry.urls ?? []) urls.add(u);
    await judge(urls);
  } else await judge(prepared.urls);
  async function verdictOf(raw: string, r: Resolution): Promise<Verdict> {
    switch (r.status) {
      case 'ok': {
        let url = localUrls.get(r.file);
        if (!url) localUrls.set(r.file, (url = Promise.resolve(options.imageUrl(r.file))));
        return { kind: 'show', url: await url };
      }
      case 'remote': {
        if (/^data:/i.test(raw)) return /^data:image\//i.test(raw) ? { kind: 'show', url: raw } : { kind: 'blocked', requested: raw.slice(0, 60), reason: 'A data: URL that is not an image is not shown.' };
        const abs = raw.startsWith('//') ? 'https:' + raw : raw;
        if (/^https:/i.test(abs)) return { kind: 'show', url: abs };
        return { kind: 'blocked', requested: raw, reason: r.problem?.message ?? `The preview loads remote images over https: only; ${raw} is http:.` };
      }
      case 'broken':
        return { kind: 'broken', requested: r.requested, reason: r.problem.message };
      default:
        return { kind: 'blocked', requested: raw, reason: `Not shown: ${r.reason}.` };
    }
  }
  const pageUrl = pageAbsoluteUrl(site, analysis.page);
  // What a link's href becomes depends on the page's URL only: kept between updates (a few thousand at most).
  if (incremental && (incremental.links?.base !== pageUrl || incremental.links.results.size > 4096)) incremental.links = { base: pageUrl, results: new Map() };
  const links = incremental?.links?.results;
  const hooks: SanitizeHooks = {
    image: (raw) => verdicts.get(raw) ?? { kind: 'blocked', requested: raw, reason: 'Not judged.' },
    // Links are judged once the site's pages are all known: before, a page not read yet is no 404.
    linkProblem: (raw) => {
      if (!site.documentsIndexed || raw.trim() === '' || raw.trim().startsWith('#')) return undefined;
      return renderedLinkProblem(site, analysis.page, raw);
    },
    link: (raw) => {
      if (links?.has(raw)) return links.get(raw);
      const v = linkHref(raw, pageUrl);
      links?.set(raw, v);
      return v;
    },
  };
  let finished = spliced ? finishSpliced(spliced.shellSource, spliced.shell, spliced.blocks, hooks) : undefined;
  if (!finished) {
    const whole = spliced || !prepared.root ? prepareHtml(html, wholeDocument) : (prepared as PreparedHtml);
    if (spliced) await judge(whole.urls);
    finished = finishHtml(whole, hooks);
  }

  // The site's stylesheet, when a built one is in the workspace.
  const stylesheets: RenderedStylesheet[] = [];
  const fonts: string[] = [];
  for (const href of prepared.stylesheets) {
    if (/^(https?:)?\/\//i.test(href.trim())) {
      for (const f of packagedFontsFor(href) ?? []) if (!fonts.includes(f)) fonts.push(f);
      continue;
    }
    const r = resolveReference(site, analysis.page, { kind: 'html-img', target: 'stylesheet', raw: href, range: { start: 0, end: 0 } });
    if (r.status === 'ok' && /\.css$/i.test(r.file)) stylesheets.push({ href, file: r.file });
    else if (r.status === 'broken' || r.status === 'ok') {
      const rel = decodeURIComponent(new URL(r.requested, pageUrl).pathname.slice(site.config.basePath.length).replace(/^\/+/, ''));
      // The site's Sass, compiled as Jekyll would (or its build, when newer than the sources).
      cache.styles ??= new Map();
      let compiled = cache.styles.get(rel);
      if (!compiled) {
        compiled = (async () => {
          const e: string[] = [];
          return { sheet: await siteStylesheet(site, fs, rel, e), errors: e };
        })();
        cache.styles.set(rel, compiled);
      }
      const { sheet, errors: styleErrors } = await compiled;
      errors.push(...styleErrors);
      if (sheet?.css !== undefined) {
        const css = await rewriteStylesheetUrls(sheet.css, rel, site.config.basePath, (f) => options.imageUrl(f), (f) => site.hasFile(f));
        stylesheets.push({ href, file: sheet.file, css });
      } else if (sheet) stylesheets.push({ href, file: sheet.file });
      else if (await fileExists(fs, `_site/${rel}`)) stylesheets.push({ href, file: `_site/${rel}` });
    }
  }
  if (!theme && stylesheets.length === 0) {
    cache.builtCss ??= (async () => {
      for (const candidate of BUILT_CSS_CANDIDATES) {
        if ((site.hasFile(candidate) || candidate.startsWith('_site/')) && (await fileExists(fs, candidate))) return candidate;
      }
      return undefined;
    })();
    const candidate = await cache.builtCss;
    if (candidate !== undefined) stylesheets.push({ href: candidate, file: candidate });
  }

  return {
    html: finished.html,
    title: prepared.title || String(analysis.data.title ?? ''),
    bodyClass: prepared.bodyClass,
    layoutSource,
    layout: layoutName,
    stylesheets,
    fonts,
    report: finished.report,
    errors,
    analysis,
    servedAt: site.config.url + site.config.basePath + analysis.page.url,
  };
}

/** A link's href as the preview writes it: absolute http(s), mailto:, tel: or a fragment; undefined drops it. */
function linkHref(raw: string, pageUrl: string): string | undefined {
  const t = raw.trim();
  if (t === '' || t.startsWith('#')) return t;
  if (/^(mailto|tel):/i.test(t)) return t;
  try {
    const u = new URL(t, pageUrl);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** The page as a shell with a slot where the content is, and the content's blocks, when they can be sanitized apart. */
function spliceable(
  knownShell: string | undefined,
  html: string,
  content: string,
  wholeDocument: boolean,
  blocks: BlockRender,
  memo: NonNullable<RenderCache['incremental']>,
): { shellSource: string; shell: ShellEntry; blocks: { placed: BlockRender['blocks'][number]; entry: SanitizedBlock }[] } | undefined {
  if (content === '' || blocks.blocks.length === 0) return undefined;
  let shellSource = knownShell;
  if (shellSource === undefined) {
    const at = html.indexOf(content);
    if (at < 0 || html.indexOf(content, at + 1) >= 0) return undefined;
    shellSource = html.slice(0, at) + SLOT_MARKUP + html.slice(at + content.length);
  }
  const shell = shellEntry(memo.shells, shellSource, wholeDocument);
  if (!shell.prepared) return undefined;
  const out: { placed: BlockRender['blocks'][number]; entry: SanitizedBlock }[] = [];
  for (const placed of blocks.blocks) {
    const entry = blockEntry(memo.sanitized, placed.block.marked, shell.prepared.context);
    if (!entry.urls) return undefined;
    out.push({ placed, entry });
  }
  return { shellSource, shell, blocks: out };
}

/** The rendered HTML without the preview's `data-line` marks (the blocks' only attribute the site lacks). */
export function withoutSourceLines(html: string): string {
  return html.replace(/ data-line="\d+"/g, '');
}

const includeMentions = new WeakMap<Theme, Map<string, boolean>>();

/** Whether any include of the theme names `re` (asked once per theme and expression). */
function includesMention(theme: Theme, re: RegExp): boolean {
  let known = includeMentions.get(theme);
  if (!known) includeMentions.set(theme, (known = new Map()));
  let answer = known.get(re.source);
  if (answer === undefined) {
    answer = false;
    for (const t of theme.includes.values()) if (re.test(t)) answer = true;
    known.set(re.source, answer);
  }
  return answer;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
