/**
 * Liquid that breaks the build (see liquidSyntax.ts): a syntax error in a post or page that Jekyll
 * renders, at its place, and in a layout or include that such a page uses (reported once, at its place
 * in the template, with the pages whose build it stops). Under GitHub Pages the tags of Liquid 4,
 * Jekyll and its active plugins are all there is; under plain Jekyll, whose plugins are the Gemfile's
 * and _plugins/'s, a tag of a name Liquid does not know is let pass.
 *
 * Liquid runs before Markdown, so a code block or code span does not keep Liquid-looking text (Liquid
 * documented, Handlebars, Jinja) from it: where the error stands in one, the fix wraps that code in
 * {% raw %}…{% endraw %} — only when the text so fixed parses up to the end of that code.
 *
 * Not rendered, so never reported: a file copied as it is (no front matter, or a Markdown one that
 * jekyll-optional-front-matter leaves alone), an unpublished or excluded one, a future post without
 * `future: true`, and under plain Jekyll 4 a document with `render_with_liquid: false` (Jekyll 3.10,
 * GitHub Pages', does not know that key and renders it). A post's excerpt, which Jekyll parses on its
 * own where a page shows it, is not checked apart from its post.
 */
import type { Finding, Fix } from '../findings';
import { rendersAsDocument, rendersAsPage } from '../githubPages';
import { firstLiquidError, knownTags, LIQUID5_TAGS, LiquidSyntaxError, PLUGIN_TAGS } from '../liquidSyntax';
import { activePlugins } from '../pagesPlugins';
import { ignoredPostSegment, isMarkdownPath } from '../permalink';
import { excludedRanges, fencedCodeRanges, indentedCodeBlocks } from '../references';
import type { Site } from '../site';
import { siteDocumentOf, unpublished } from '../siteDocuments';
import { parseFrontMatter } from '../frontMatter';
import type { PageContext } from '../locate';
import type { OffsetRange } from '../text';
import { includesOf, templatesOf, templatesUsed } from './links';
import { Codes, DocumentCheck, DocumentCheckInput, findingMaker, SiteCheck, SiteCheckInput } from './types';

const CODES = {
  'liquid-syntax': { severity: 'error', summary: 'A Liquid syntax error (an unclosed {% or {{, an unknown tag, a block without its end) in a page, post, layout or include: the build fails and nothing is deployed.' },
} as const satisfies Codes;

const finding = findingMaker(CODES);

const tagsOf = new WeakMap<Site, { data: unknown; tags: Set<string> }>();

/**
 * The plugins a theme gem brings: Jekyll requires a theme's runtime dependencies that the build allows
 * (under GitHub Pages its allow-list), without their being named in `plugins:`. minima's are
 * jekyll-feed and jekyll-seo-tag; the jekyll-theme-* gems' jekyll-seo-tag. Both are taken for any
 * `theme:`, so that a tag the theme makes work is never called unknown. (jekyll-remote-theme does not
 * load a remote theme's dependencies.)
 */
const THEME_PLUGINS = ['jekyll-feed', 'jekyll-seo-tag'];

/** The tags the site's build knows (kept per site until its config changes). */
function siteTags(site: Site): Set<string> {
  const cached = tagsOf.get(site);
  if (cached && cached.data === site.config.data) return cached.tags;
  const plugins = activePlugins(site.config.data, site.githubPages);
  const theme = site.config.data.theme;
  if (typeof theme === 'string' && theme.trim() !== '') for (const p of THEME_PLUGINS) plugins.add(p);
  const tags = knownTags(plugins);
  tagsOf.set(site, { data: site.config.data, tags });
  return tags;
}

/** Whether `exclude:` leaves the path out (Jekyll's filter also applies to the files under _posts/). */
function excludedByConfig(site: Site, path: string): boolean {
  return site.excludedBy(path) !== undefined;
}

/** Whether Jekyll builds this document: a post or page it renders (its layouts then run too). */
function jekyllBuilds(site: Site, a: SiteCheckInput): boolean {
  // A collection's document with front matter is rendered, written or not (`output: false` still renders it).
  if (a.kind === 'collection') return rendersAsDocument(site, a) && !unpublished(site, a);
  if (a.kind !== 'post' && a.kind !== 'page') return false;
  if (!rendersAsPage(site, a)) return false;
  if (a.kind === 'page' ? !site.publication(a.path).published : ignoredPostSegment(a.path) !== undefined || excludedByConfig(site, a.path)) return false;
  // published: false, a future post without `future: true`, a post name Jekyll does not read (the
  // index's record of the document, made when it was analysed).
  return (site.documentOf(a.path) ?? siteDocumentOf(site, a)).destination !== undefined;
}

/** Whether Jekyll runs Liquid on the document's own content. */
function liquidRendersContent(site: Site, a: SiteCheckInput): boolean {
  // Jekyll 4's render_with_liquid: false; GitHub Pages' Jekyll 3.10 does not know it.
  return site.githubPages || a.data.render_with_liquid !== false;
}

const RAW_OPEN = '{% raw %}';
const RAW_CLOSE = '{% endraw %}';

const within = (r: OffsetRange, e: OffsetRange) => r.start <= e.start && e.end <= r.end;

/** The code spans of Markdown text (each span on its own, not merged with what touches it). */
function codeSpans(text: string, from: number, fences: readonly OffsetRange[]): OffsetRange[] {
  const out: OffsetRange[] = [];
  for (const r of excludedRanges(text, from, true)) {
    if (text.charCodeAt(r.start) !== 96 || fences.some((f) => f.start === r.start)) continue;
    let n = 0;
    while (text.charCodeAt(r.start + n) === 96) n++;
    // The span closes at the first run of as many backticks.
    for (let i = text.indexOf('`', r.start + n); i >= 0 && i < r.end; ) {
      let j = i;
      while (text.charCodeAt(j) === 96) j++;
      if (j - i === n) {
        out.push({ start: r.start, end: j });
        break;
      }
      i = text.indexOf('`', j);
    }
  }
  return out;
}

interface CodeRegion {
  readonly range: OffsetRange;
  readonly what: string;
}

/** The code the error stands in (or the code that opened the block it stands in), innermost first. */
function codeRegions(text: string, from: number, error: LiquidSyntaxError, markdown: boolean): CodeRegion[] {
  const out: CodeRegion[] = [];
  const places = [error.range, ...[...error.open].reverse().map((b) => b.range)];
  // A {% highlight %} block's code: between its tags.
  for (const b of [...error.open].reverse()) {
    if (b.name !== 'highlight') continue;
    const end = /\{%-?[ \t\n\v\f\r]*endhighlight[ \t\n\v\f\r]*-?%\}/g;
    end.lastIndex = b.range.end;
    const m = end.exec(text);
    if (m && within({ start: b.range.end, end: m.index }, error.range)) out.push({ range: { start: b.range.end, end: m.index }, what: "the highlight block's code" });
    break;
  }
  const html = htmlCodeElements(text, from);
  const fences = markdown ? fencedCodeRanges(text, from) : [];
  const blocks = markdown ? [...fences.map((range) => ({ range, what: 'the code block' })), ...indentedCodeBlocks(text, from).map((range) => ({ range, what: 'the code block' }))] : [];
  const spans = markdown ? codeSpans(text, from, fences).map((range) => ({ range, what: 'the code span' })) : [];
  for (const place of places) {
    // Markdown's code first (an HTML sample in a code block is the block's), then the innermost HTML element.
    const region = blocks.find((b) => within(b.range, place)) ?? spans.find((s) => within(s.range, place)) ?? html.filter((h) => within(h.range, place)).sort((a, b) => a.range.end - a.range.start - (b.range.end - b.range.start))[0];
    if (region && !out.some((o) => o.range.start === region.range.start)) out.push(region);
  }
  return out;
}

const HTML_CODE_ELEMENT = /<(pre|code)(?=[\s>])[^>]*>/gi;

/** The content of each HTML `<pre>` and `<code>` element (from its start tag to its end tag, none nested), after `from`. */
function htmlCodeElements(text: string, from: number): CodeRegion[] {
  const out: CodeRegion[] = [];
  let lower: string | undefined;
  HTML_CODE_ELEMENT.lastIndex = from;
  for (let m = HTML_CODE_ELEMENT.exec(text); m; m = HTML_CODE_ELEMENT.exec(text)) {
    const name = m[1].toLowerCase();
    const start = m.index + m[0].length;
    const close = (lower ??= text.toLowerCase()).indexOf(`</${name}`, start);
    if (close < 0) break;
    out.push({ range: { start, end: close }, what: `the <${name}> element's content` });
    HTML_CODE_ELEMENT.lastIndex = start;
  }
  return out;
}

/**
 * The fix that wraps the code holding the error in {% raw %}…{% endraw %}, offered only when the fixed
 * text parses up to the end of that code. Nothing but the two markers is added: each edit takes the
 * code's first or last character along (and writes it back), so that the editor, which checks that an
 * edit's range still holds what it held, does not apply the fix to a text that has changed.
 */
function rawFix(text: string, from: number, error: LiquidSyntaxError, markdown: boolean, tags: ReadonlySet<string>, strict: boolean): { fixes: Fix[]; inCode: boolean } {
  const regions = codeRegions(text, from, error, markdown);
  for (const region of regions) {
    const { what } = region;
    // Line breaks at the ends stay outside: an edit that takes half of a '\r\n' along is not one an editor makes.
    let { start, end } = region.range;
    while (start < end && (text[start] === '\r' || text[start] === '\n')) start++;
    while (end > start && (text[end - 1] === '\r' || text[end - 1] === '\n')) end--;
    const range = { start, end };
    if (!within(range, error.range) && !error.open.some((b) => within(range, b.range))) continue;
    // A fenced block at the start of its line gets the markers on lines of their own, where they read
    // best and leave the fence where Markdown (and the editor's highlighting) finds it.
    const atLineStart = range.start === 0 || text[range.start - 1] === '\n';
    const fence = what === 'the code block' && atLineStart && /^(?:`{3}|~{3})/.test(text.slice(range.start, range.start + 3));
    const eol = /\r?\n/.exec(text.slice(range.start, range.end))?.[0] ?? '\n';
    const open = fence ? RAW_OPEN + eol : RAW_OPEN;
    const close = fence ? eol + RAW_CLOSE : RAW_CLOSE;
    const fixed = text.slice(0, range.start) + open + text.slice(range.start, range.end) + close + text.slice(range.end);
    const again = firstLiquidError(fixed, from, tags, strict);
    if (again && again.range.start < range.end + open.length + close.length) continue;
    return {
      inCode: true,
      fixes: [
        {
          title: `Wrap ${what} in {% raw %}…{% endraw %}`,
          preferred: true,
          edits:
            range.end - range.start >= 2
              ? [
                  { range: { start: range.start, end: range.start + 1 }, newText: open + text[range.start] },
                  { range: { start: range.end - 1, end: range.end }, newText: text[range.end - 1] + close },
                ]
              : [{ range, newText: open + text.slice(range.start, range.end) + close }],
        },
      ],
    };
  }
  return { fixes: [], inCode: regions.length > 0 };
}

/** The finding's message: Liquid's words, that the build fails, and what may be behind it. */
function describe(site: Site, error: LiquidSyntaxError, inCode: boolean): string {
  const where = site.githubPages ? "GitHub Pages' build" : 'The Jekyll build';
  // An unknown operator is raised while rendering: Liquid's words already say 'Liquid error'.
  let out = `${error.kind === 'unknown-operator' ? '' : 'Liquid syntax error: '}${error.message}. ${where} stops at it: it fails and nothing is deployed.`;
  const tag = error.tag;
  if (error.kind === 'unknown-tag' && tag !== undefined && site.githubPages) {
    const plugin = Object.keys(PLUGIN_TAGS).find((p) => PLUGIN_TAGS[p].includes(tag));
    if (LIQUID5_TAGS.includes(tag)) out += ` {% ${tag} %} is Liquid 5's; GitHub Pages runs Jekyll 3.10 with Liquid 4, which has no such tag${tag === 'render' ? ' (use {% include %})' : ''}.`;
    else if (plugin) out += ` {% ${tag} %} is ${plugin}'s tag: name the plugin under plugins: in _config.yml.`;
  }
  if (inCode) out += ' Liquid runs before Markdown, so code does not keep Liquid-looking text from it.';
  return out;
}

function documentFindings(site: Site, file: string, text: string, from: number, error: LiquidSyntaxError): Finding[] {
  const tags = siteTags(site);
  const strict = site.githubPages;
  const { fixes, inCode } = rawFix(text, from, error, isMarkdownPath(file), tags, strict);
  return [finding('liquid-syntax', file, error.range, describe(site, error, inCode), fixes)];
}

export const liquidChecks: DocumentCheck<typeof CODES> = {
  name: 'liquid',
  needs: 'document',
  codes: CODES,
  check(site, a: DocumentCheckInput, text): Finding[] {
    if (!liquidRendersContent(site, a)) return [];
    // Most documents parse: whether Jekyll builds this one is asked only of those that do not.
    const tags = siteTags(site);
    const error = firstLiquidError(text, a.frontMatter.bodyOffset, tags, site.githubPages);
    if (!error || !jekyllBuilds(site, a)) return [];
    return documentFindings(site, a.path, text, a.frontMatter.bodyOffset, error);
  },
};

/** What the template check keeps of a document Jekyll builds: its layout and the includes of its own text. */
interface TemplateUse {
  readonly path: string;
  readonly page: PageContext;
  readonly includes: readonly string[];
}

const MAX_LISTED = 5;

/**
 * Layouts and includes: each one that a built page uses is parsed once (a layout after its front
 * matter; an include whole, as Jekyll reads it) and its error is reported at its place.
 */
export const liquidTemplateChecks: SiteCheck<Record<never, never>, TemplateUse | undefined> = {
  name: 'liquid-templates',
  needs: 'site',
  // Its findings are liquid-syntax, which the document check declares.
  codes: {},
  summarize(site, a): TemplateUse | undefined {
    // No layouts or includes in the workspace: nothing to judge.
    if (site.templates.size === 0 || !jekyllBuilds(site, a)) return undefined;
    return { path: a.path, page: a.page, includes: liquidRendersContent(site, a) ? includesOf(a.links) : [] };
  },
  judge(site, summaries): Finding[] {
    if (site.templates.size === 0) return [];
    const templates = templatesOf(site);
    const pagesOf = new Map<string, string[]>();
    const usedBy = new Map<string, string[]>();
    for (const s of summaries) {
      if (!s) continue;
      const key = `${s.page.layout ?? ''}\u0000${s.includes.join('\u0000')}`;
      let used = usedBy.get(key);
      if (!used) usedBy.set(key, (used = templatesUsed(site, templates, s.page, s.includes)));
      for (const file of used) {
        const list = pagesOf.get(file);
        if (list) list.push(s.path);
        else pagesOf.set(file, [s.path]);
      }
    }
    const out: Finding[] = [];
    for (const [file, pages] of [...pagesOf].sort((a, b) => a[0].localeCompare(b[0]))) {
      const text = site.templates.get(file);
      if (text === undefined) continue;
      const from = file.startsWith('_layouts/') ? parseFrontMatter(text).bodyOffset : 0;
      const error = firstLiquidError(text, from, siteTags(site), site.githubPages);
      if (!error) continue;
      for (const f of documentFindings(site, file, text, from, error)) {
        const listed = pages.slice(0, MAX_LISTED).join(', ') + (pages.length > MAX_LISTED ? `, and ${pages.length - MAX_LISTED} more` : '');
        out.push({ ...f, message: `${f.message} It stops the build of every page that uses ${file}: ${pages.length === 1 ? '' : `${pages.length} pages, `}${listed}.`, pages: pages.map((p) => ({ file: p })) });
      }
    }
    return out;
  },
};
