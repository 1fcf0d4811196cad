/**
 * Links: every internal link, stylesheet and include of the site, judged the way the deployed site
 * serves it — in posts and pages, and in the layouts and includes they use (judged for each page that
 * uses them, reported once at their place). Fragments are checked against the ids the target page
 * will have. `{% post_url %}`, `{% link %}` and `{% include %}` that name nothing stop the build.
 */
import type { Finding, Fix } from '../findings';
import { shiftFixes } from '../fixes';
import type { Site } from '../site';
import type { Reference } from '../references';
import type { Anchor } from '../anchors';
import { documentAnchors, nearestAnchor } from '../anchors';
import { extractLinks } from '../linkReferences';
import type { PageContext } from '../locate';
import { decodePath, editDistance, folderOf, joinSitePath } from '../locate';
import { linkTagFile, linkTagName, linkText, locateLink, LocatedLink, postNamed, postNameOf, postNames, servedAt, Served } from '../links';
import { collectionFileOf, documentUrl, parsePostName } from '../permalink';
import { fullUrl, SiteDocument } from '../siteDocuments';
import { parseFrontMatter } from '../frontMatter';
import { Codes, findingMaker, SiteCheck, SiteCheckInput } from './types';

const CODES = {
  'link-missing': { severity: 'error', summary: 'No page, post or file of the site serves the link: a 404.' },
  'link-relative': { severity: 'error', summary: "A relative link resolves against the page's URL (e.g. /ipe/2022/11/22/1.html), not against its source folder: a 404." },
  'link-case': { severity: 'error', summary: 'The link names a page or file with other letter case; GitHub Pages is case-sensitive.' },
  'link-baseurl-doubled': { severity: 'error', summary: 'The link has the baseurl twice (/ipe/ipe/…): a 404.' },
  'link-outside-baseurl': { severity: 'error', summary: 'A root-relative link without the baseurl: the site lives under /ipe, the browser asks the domain root.' },
  'link-source-file': { severity: 'error', summary: 'The link names a source file (about.md) that the site serves at another URL (/about.html).' },
  'link-unpublished': { severity: 'error', summary: "The link names a file that Jekyll does not publish (a name starting with '_' or '.', or exclude:)." },
  'anchor-missing': { severity: 'warning', summary: 'The #fragment names no heading or id of the target page.' },
  'post-url-missing': { severity: 'error', summary: '{% post_url %} names no post: the build fails and nothing is deployed.' },
  'link-tag-missing': { severity: 'error', summary: '{% link %} names no file: the build fails and nothing is deployed.' },
  'include-missing': { severity: 'error', summary: '{% include %} names no file in _includes: the build fails and nothing is deployed.' },
  'include-loop': { severity: 'error', summary: 'An include that includes itself, directly or through others: the build fails.' },
} as const satisfies Codes;

type Code = keyof typeof CODES;
const makeFinding = findingMaker(CODES);

/** What the links check keeps of a document. */
export interface LinkSummary {
  readonly path: string;
  readonly page: PageContext;
  readonly links: readonly Reference[];
  readonly anchors: () => readonly Anchor[];
}

/** A verdict on one link on one page. */
interface LinkVerdict {
  readonly code: Code;
  readonly message: string;
  readonly fixes: Fix[];
  readonly resolved?: string;
}

interface Context {
  readonly site: Site;
  readonly anchorsByDoc: Map<string, () => readonly Anchor[]>;
  /** The ids a layout name adds to a page (its chain and the includes they pull in), memoised; undefined when unknown. */
  readonly layoutAnchors: Map<string, { ids: readonly Anchor[]; certain: boolean } | undefined>;
}

const INCLUDE_TAG = /\{%-?\s*include\s+([^\s%]+)/g;

/**
 * The ids a layout adds to every page in it: those of each layout of its chain and of the includes
 * they (and those includes) name. Undefined when a layout of the chain is not in the workspace (a
 * theme's); not certain when an include is named by a variable or is not in the workspace.
 */
function layoutIds(ctx: Context, layout: string): { ids: readonly Anchor[]; certain: boolean } | undefined {
  if (ctx.layoutAnchors.has(layout)) return ctx.layoutAnchors.get(layout);
  const { site } = ctx;
  let result: { ids: Anchor[]; certain: boolean } | undefined = { ids: [], certain: true };
  const seen = new Set<string>();
  const read = (file: string, text: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const ids = documentAnchors(text, { markdown: false });
    result!.ids.push(...ids);
    if (ids.some((a) => a.dynamic)) result!.certain = false;
    for (const m of text.matchAll(INCLUDE_TAG)) {
      const name = m[1];
      if (name.includes('{')) {
        result!.certain = false;
        continue;
      }
      const included = site.templates.get(`_includes/${name}`);
      if (included === undefined) result!.certain = false;
      else read(`_includes/${name}`, included);
    }
  };
  const chain = site.layoutChain(layout);
  for (const l of chain) {
    const text = l.theme === undefined ? site.templates.get(l.file) : undefined;
    if (text === undefined) {
      result = undefined;
      break;
    }
    read(l.file, text);
  }
  // The chain stopped at a layout that is not known (or went round in a circle).
  if (result && (chain.length === 0 || chain[chain.length - 1].parent !== undefined)) result = undefined;
  ctx.layoutAnchors.set(layout, result);
  return result;
}

const BUILD_FAILS = 'The build fails (Liquid error), and GitHub Pages deploys nothing.';

function describe(site: Site, served: Served): string {
  if ('doc' in served) return served.doc.title ? `'${served.doc.title}' (${served.doc.path})` : served.doc.path;
  if ('file' in served) return served.file;
  return `the file ${served.generated} writes`;
}

/** The ids a served page has: its own, and its layouts'. Undefined when they cannot be known. */
function anchorsOf(ctx: Context, served: Served): { ids: readonly Anchor[]; certain: boolean } | undefined {
  if (!('doc' in served)) return undefined;
  const own = ctx.anchorsByDoc.get(served.doc.path);
  if (!own) return undefined;
  const ids = [...own()];
  let certain = !ids.some((a) => a.dynamic);
  if (served.doc.layout !== undefined) {
    const fromLayout = layoutIds(ctx, served.doc.layout);
    if (!fromLayout) return undefined;
    ids.push(...fromLayout.ids);
    if (!fromLayout.certain) certain = false;
  }
  return { ids, certain };
}

/** The form of a replacement URL path that fits how the link was written, checked to land on `target`. */
function candidateTexts(site: Site, ref: Reference, urlPath: string, fragment: string | undefined): string[] {
  const base = site.config.basePath;
  const raw = ref.raw.trim();
  const hash = fragment !== undefined ? '#' + fragment : '';
  const out: string[] = [];
  const relativeUrl = /^\{\{-?\s*(['"])(.*?)\1\s*\|\s*(relative_url|absolute_url)\s*-?\}\}/.exec(raw);
  if (relativeUrl) out.push(raw.slice(0, relativeUrl.index) + raw.slice(relativeUrl.index).replace(relativeUrl[2], urlPath + hash));
  if (/^\{\{-?\s*site\.baseurl\s*-?\}\}/.test(raw)) out.push(raw.replace(/^(\{\{-?\s*site\.baseurl\s*-?\}\}).*$/s, `$1${urlPath}${hash}`));
  if (ref.kind === 'html-href' && base !== '') out.push(`{{ '${urlPath}' | relative_url }}${hash}`);
  // A plain path that has the baseurl written in stays plain; one without it gets {{ site.baseurl }}, which
  // follows the baseurl when it changes.
  if (!raw.includes('{') && base !== '' && raw.startsWith(base + '/')) out.push(base + urlPath + hash);
  if (base !== '') out.push(`{{ site.baseurl }}${urlPath}${hash}`);
  out.push(base + urlPath + hash);
  return [...new Set(out)].filter((t) => t !== raw);
}

/** The post_url form for a link to a post: `{{ site.baseurl }}{% post_url … %}` where the link needs the baseurl. */
function postUrlText(site: Site, doc: SiteDocument, fragment: string | undefined): string | undefined {
  if (!parsePostName(doc.path)) return undefined;
  const name = postNameOf(doc.path);
  const hash = fragment !== undefined ? '#' + fragment : '';
  return site.githubPages && site.config.basePath !== '' ? `{{ site.baseurl }}{% post_url ${name} %}${hash}` : `{% post_url ${name} %}${hash}`;
}

/**
 * Texts for a link to `doc` or `urlPath` in the forms that fit how it was written, the `{% post_url %}`
 * form first for a post; not yet checked to land there.
 */
export function linkTextsTo(site: Site, ref: Reference, urlPath: string, fragment: string | undefined, doc?: SiteDocument): string[] {
  const texts = candidateTexts(site, ref, urlPath, fragment);
  if (doc?.kind === 'post' && ref.kind !== 'markdown-link-definition') {
    const form = postUrlText(site, doc, fragment);
    if (form) texts.unshift(form);
  }
  return texts;
}

/** Replacement texts for a link to `doc` or `urlPath`, each checked to land there. */
function fixesTo(ctx: Context, page: PageContext, ref: Reference, urlPath: string, fragment: string | undefined, doc?: SiteDocument): Fix[] {
  const fixes: Fix[] = [];
  for (const text of linkTextsTo(ctx.site, ref, urlPath, fragment, doc)) {
    const check = judgeLink(ctx, page, { ...ref, raw: text }, false);
    if (check !== undefined) continue;
    fixes.push({ title: `Change to '${text}'`, preferred: fixes.length === 0, edits: [{ range: ref.range, newText: text }] });
    if (fixes.length >= 2) break;
  }
  return fixes;
}

/** Site URLs near a path (by URL, slug and title), nearest first. */
function nearestDocuments(site: Site, urlPath: string, linkLabel: string | undefined): SiteDocument[] {
  const slug = (s: string) => s.replace(/\.html$/, '').replace(/\/$/, '').split('/').pop()?.toLowerCase() ?? '';
  const wanted = slug(urlPath);
  const limit = Math.max(2, Math.floor(urlPath.length / 3));
  const bare = (u: string) => u.replace(/(?:\/index)?\.html$/, '').replace(/\/$/, '').toLowerCase();
  const wantedBare = bare(urlPath);
  const scored: { doc: SiteDocument; score: number }[] = [];
  for (const doc of site.documents()) {
    if (doc.url === undefined || doc.kind === undefined) continue;
    let score = editDistance(wantedBare, bare(doc.url), limit);
    const s = slug(doc.url);
    if (wanted !== '' && s === wanted) score = Math.min(score, 1);
    if (linkLabel && doc.title && doc.title.trim().toLowerCase() === linkLabel.trim().toLowerCase()) score = 0;
    if (score <= limit) scored.push({ doc, score });
  }
  return scored.sort((a, b) => a.score - b.score || (a.doc.path < b.doc.path ? -1 : 1)).slice(0, 3).map((s) => s.doc);
}

/** Where a relative path leads from the source file's folder (where the author may have meant it). */
function fromSourceFolder(sourcePath: string, raw: string): string | undefined {
  const clean = raw.split(/[?#]/)[0];
  if (clean === '' || clean.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(clean) || clean.includes('{')) return undefined;
  return joinSitePath(folderOf(sourcePath), clean);
}

/** A fix that writes the nearest of `names` (within `limit` edits of `wanted`) in place of the reference's text. */
function nearestNameFix(ref: Reference, names: Iterable<string>, wanted: string, limit: number): Fix[] {
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const name of names) {
    const d = editDistance(name, wanted, limit);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best === undefined ? [] : [{ title: `Change to '${best}'`, preferred: true, edits: [{ range: ref.range, newText: best }] }];
}

/** Under GitHub Pages, jekyll-relative-links rewrites a Markdown link in a page to a Markdown file of the site. */
function rewrittenByRelativeLinks(site: Site, page: PageContext, ref: Reference): SiteDocument | undefined {
  if (!site.githubPages || (ref.kind !== 'markdown-link' && ref.kind !== 'markdown-link-definition') || ref.context === 'autolink') return undefined;
  if (page.path.startsWith('_')) return undefined;
  const raw = ref.raw.trim().split('#')[0];
  if (!/\.(md|markdown|mkdown|mkdn|mkd)$/i.test(raw) || /^[a-z][a-z0-9+.-]*:/i.test(raw)) return undefined;
  const path = raw.startsWith('/') ? raw.slice(1) : fromSourceFolder(page.path, raw);
  if (path === undefined) return undefined;
  const doc = site.documentOf(decodePath(path));
  return doc?.url !== undefined && doc.kind === 'page' ? doc : undefined;
}

/** Same URL, other letter case: a served page or file. */
function caseVariant(site: Site, urlPath: string): string | undefined {
  const lower = urlPath.toLowerCase();
  for (const doc of site.documents()) {
    if (doc.url === undefined) continue;
    for (const u of [doc.url, doc.url.replace(/\.html$/, ''), doc.url.replace(/index\.html$/, '')]) if (u !== urlPath && u.toLowerCase() === lower) return u;
  }
  for (const variant of site.caseVariants(urlPath.replace(/^\/+/, ''))) {
    if (variant !== urlPath.slice(1) && servedAt(site, '/' + variant)) return '/' + variant;
  }
  return undefined;
}

/**
 * The verdict on a link on a page, or undefined when it works (or cannot be judged). `withFixes`
 * false: only whether it works (the fixes' own check).
 */
function judgeLink(ctx: Context, page: PageContext, ref: Reference, withFixes = true): LinkVerdict | undefined {
  const site = ctx.site;
  if (ref.target === 'include') return undefined;
  if (ref.kind === 'liquid-post-url') {
    if (ref.raw.includes('{')) return undefined;
    if (postNamed(site, ref.raw)) return undefined;
    const fixes = withFixes ? nearestNameFix(ref, postNames(site).map((p) => p.name), ref.raw, 6) : [];
    return { code: 'post-url-missing', message: `{% post_url ${ref.raw} %} names no post in _posts/. ${BUILD_FAILS}`, fixes };
  }
  if (ref.kind === 'liquid-link') {
    if (ref.raw.includes('{')) return undefined;
    const path = ref.raw.replace(/^\/+/, '');
    const file = linkTagFile(site, path);
    // The tag finds only files that are written: none of a collection without output: true.
    const unwritten = file !== undefined ? collectionFileOf(site.config, file)?.collection : undefined;
    if (unwritten && !unwritten.output) return { code: 'link-tag-missing', message: `{% link ${ref.raw} %} names a file of the collection '${unwritten.name}', which has no output: true: Jekyll writes nothing for it and the tag finds no such file. ${BUILD_FAILS}`, fixes: [] };
    if (file !== undefined) return undefined;
    const dir = site.config.collectionsDir;
    const why = dir !== '' && path.startsWith(dir + '/') && site.hasFile(path) ? ` Under collections_dir: ${dir}, the tag names a collection's file without the folder: {% link ${linkTagName(site, path)} %}.` : '';
    const fixes = withFixes ? nearestNameFix(ref, site.documents().map((d) => linkTagName(site, d.path)), path, 4) : [];
    return { code: 'link-tag-missing', message: `{% link ${ref.raw} %} names no file of the site.${why} ${BUILD_FAILS}`, fixes };
  }
  const text = linkText(site, page, ref);
  if (!text.ok) return undefined;
  return judgeLocatedLink(ctx, page, ref, locateLink(site, page, text.value), withFixes);
}

function judgeLocatedLink(ctx: Context, page: PageContext, ref: Reference, located: LocatedLink, withFixes: boolean): LinkVerdict | undefined {
  const site = ctx.site;
  const base = site.config.basePath;
  const what = ref.target === 'stylesheet' ? 'stylesheet' : 'link';
  if (located.where === 'external' || located.where === 'unreadable') return undefined;
  if (located.where === 'same-page') {
    if (located.fragment === undefined || located.fragment === '' || located.fragment === 'top') return undefined;
    const self = site.documentOf(page.path);
    return self ? fragmentVerdict(ctx, page, ref, { doc: self }, located, withFixes) : undefined;
  }
  if (located.where === 'outside-baseurl') {
    const atRoot = located.urlPath ?? '/';
    const served = servedAt(site, atRoot);
    return {
      code: 'link-outside-baseurl',
      message: `The site is served under ${base}/; this ${what} asks for ${located.url}, outside it${served ? ` (${describe(site, served)} is at ${base}${atRoot})` : ''}.`,
      fixes: served && withFixes ? fixesTo(ctx, page, ref, atRoot, located.fragment, 'doc' in served ? served.doc : undefined) : [],
      resolved: located.url,
    };
  }
  const urlPath = located.urlPath ?? '/';
  const served = servedAt(site, urlPath);
  if (served) return located.fragment ? fragmentVerdict(ctx, page, ref, served, located, withFixes) : undefined;
  const rewritten = rewrittenByRelativeLinks(site, page, ref);
  if (rewritten) return undefined;
  if (!withFixes) return { code: 'link-missing', message: '', fixes: [] };

  const asked = located.url;
  // The baseurl twice.
  if (base !== '' && (urlPath === base || urlPath.startsWith(base + '/'))) {
    const stripped = urlPath.slice(base.length) || '/';
    const target = servedAt(site, stripped);
    if (target) return { code: 'link-baseurl-doubled', message: `The baseurl is added twice: this ${what} asks for ${asked}, which does not exist; ${describe(site, target)} is at ${base}${stripped}.`, fixes: fixesTo(ctx, page, ref, stripped, located.fragment, 'doc' in target ? target.doc : undefined), resolved: asked };
  }
  // Letter case.
  const variant = caseVariant(site, urlPath);
  if (variant) {
    const target = servedAt(site, variant);
    return { code: 'link-case', message: `GitHub Pages is case-sensitive: this ${what} asks for ${asked}, and the site has ${base}${variant}${target ? ` (${describe(site, target)})` : ''}.`, fixes: fixesTo(ctx, page, ref, variant, located.fragment, target && 'doc' in target ? target.doc : undefined), resolved: asked };
  }
  // A relative path meant from the source folder.
  const fromFolder = fromSourceFolder(page.path, ref.raw.trim());
  if (fromFolder !== undefined) {
    const doc = site.documentOf(fromFolder);
    const target = doc?.url !== undefined ? ({ doc } as Served) : servedAt(site, '/' + fromFolder);
    if (target) {
      const url = 'doc' in target ? (target.doc.url as string) : '/' + fromFolder;
      return {
        code: 'link-relative',
        message: `A relative link resolves against the page's URL (${fullUrl(site, page.url)}), not against its source folder: the browser asks for ${asked}, which does not exist. ${describe(site, target)} is at ${base}${url}.`,
        fixes: fixesTo(ctx, page, ref, url, located.fragment, 'doc' in target ? target.doc : undefined),
        resolved: asked,
      };
    }
  }
  // A source file named where its page is served elsewhere.
  const sourcePath = urlPath.replace(/^\/+/, '');
  const sourceDoc = site.documentOf(sourcePath);
  if (sourceDoc && sourceDoc.url !== undefined && sourceDoc.url !== urlPath) {
    return { code: 'link-source-file', message: `${sourcePath} is a source file: the site serves it as ${base}${sourceDoc.url}, and ${asked} does not exist.`, fixes: fixesTo(ctx, page, ref, sourceDoc.url, located.fragment, sourceDoc), resolved: asked };
  }
  if (site.hasFile(sourcePath) && !site.publication(sourcePath).published) {
    return { code: 'link-unpublished', message: `${sourcePath} exists, but Jekyll does not publish it (${publicationReason(site, sourcePath)}): ${asked} is a 404.`, fixes: [], resolved: asked };
  }
  const near = nearestDocuments(site, urlPath, ref.linkText);
  const fixes: Fix[] = [];
  for (const doc of near) {
    for (const f of fixesTo(ctx, page, ref, doc.url as string, located.fragment, doc)) {
      if (fixes.some((o) => newTextOf(o) === newTextOf(f))) continue;
      fixes.push({ ...f, preferred: fixes.length === 0 });
      break;
    }
  }
  if (ref.span && ref.linkText !== undefined && ref.kind === 'markdown-link') {
    fixes.push({ title: `Remove the link, keep its text '${ref.linkText}'`, preferred: fixes.length === 0 ? false : false, edits: [{ range: ref.span, newText: ref.linkText }] });
  }
  // A root link to a page no one wrote yet (the navbar's /members): the page, created.
  if (near.length === 0 && ref.raw.trim() !== '' && !/^\.|^[^/{]/.test(ref.raw.trim())) {
    const create = createPageFix(site, urlPath);
    if (create) fixes.push(create);
  }
  const relative = !ref.raw.trim().startsWith('/') && !ref.raw.includes('{');
  const literal = ref.literal ? ` The page's Liquid is not rendered (render_with_liquid: false, which Jekyll 4 honours): it carries '${ref.raw.trim()}' as written.` : '';
  return {
    code: 'link-missing',
    message: `No page or file of the site serves ${asked}${relative ? ` (the relative ${what} '${ref.raw.trim()}' resolves against the page's URL, ${fullUrl(site, page.url)})` : ''}: a 404.${literal}${near.length ? ` Nearest: ${near.map((d) => base + d.url).join(', ')}.` : ''}`,
    fixes,
    resolved: asked,
  };
}

function fragmentVerdict(ctx: Context, page: PageContext, ref: Reference, served: Served, located: LocatedLink, withFixes: boolean): LinkVerdict | undefined {
  const fragment = decodePath(located.fragment ?? '');
  if (fragment === '') return undefined;
  const known = anchorsOf(ctx, served);
  if (!known || !known.certain) return undefined;
  if (known.ids.some((a) => a.id === fragment)) return undefined;
  if (!withFixes) return { code: 'anchor-missing', message: '', fixes: [] };
  const near = nearestAnchor(known.ids, fragment);
  const fixes: Fix[] = [];
  if (near) {
    const raw = ref.raw;
    const hash = raw.lastIndexOf('#');
    if (hash >= 0) {
      const start = ref.range.start + (ref.raw.length - ref.raw.trimStart().length) + hash + 1;
      const newRaw = raw.slice(0, hash + 1) + near.id;
      if (judgeLink(ctx, page, { ...ref, raw: newRaw }, false) === undefined) fixes.push({ title: `Change to '#${near.id}' (${near.label})`, preferred: true, edits: [{ range: { start, end: ref.range.end }, newText: near.id }] });
    }
  }
  const where = 'doc' in served ? served.doc.path : 'the page';
  return { code: 'anchor-missing', message: `#${fragment} names no heading or id of ${where}${near ? `; the nearest is #${near.id} (${near.label})` : ''}.`, fixes, resolved: `${located.url}#${located.fragment}` };
}

/** Words of a URL segment as a title: 'working-groups' → 'Working Groups'. */
function titleOfSegment(segment: string): string {
  return segment
    .split(/[-_\s]+/)
    .filter((w) => w !== '')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * The fix that creates the Markdown page a URL asks for ('/members' → members.md, '/dir/' →
 * dir/index.md), offered only where no file is in the way and the new page would be served there.
 */
function createPageFix(site: Site, urlPath: string): Fix | undefined {
  let path: string;
  let name: string;
  if (urlPath.endsWith('/')) {
    const dir = urlPath.slice(1, -1);
    path = dir === '' ? 'index.md' : `${dir}/index.md`;
    name = dir.slice(dir.lastIndexOf('/') + 1) || 'Home';
  } else {
    const last = urlPath.slice(urlPath.lastIndexOf('/') + 1);
    const stem = last.replace(/\.html$/i, '');
    // A file with another extension (an image, a PDF) is not a page to write.
    if (stem === '' || stem.includes('.')) return undefined;
    path = urlPath.slice(1, urlPath.length - last.length) + stem + '.md';
    name = stem;
  }
  if (path.split('/').some((s) => s === '' || s.startsWith('_') || s.startsWith('.') || /[\u0000-\u001f\\:*?"<>|]/.test(s))) return undefined;
  const stem = path.slice(0, -3);
  for (const other of [path, `${stem}.markdown`, `${stem}.html`, `${stem}.htm`]) if (site.hasFile(other) || site.caseVariants(other).length > 0) return undefined;
  const layout = site.layoutChain('page').length > 0 ? 'page' : site.layoutChain('default').length > 0 ? 'default' : undefined;
  const title = titleOfSegment(name);
  const data: Record<string, unknown> = { ...(layout ? { layout } : {}), title };
  const url = documentUrl(site, path, data).url;
  if (url === undefined || !site.publication(path).published) return undefined;
  const served = url === urlPath || url === `${urlPath}.html` || (urlPath.endsWith('/') && url === `${urlPath}index.html`) || url.replace(/\.html$/, '') === urlPath.replace(/\.html$/, '');
  if (!served) return undefined;
  const text = `---\n${layout ? `layout: ${layout}\n` : ''}title: ${JSON.stringify(title)}\n---\n\n`;
  return { title: `Create the page ${path} (served at ${site.config.basePath}${urlPath})`, createFile: { path, text } };
}

const newTextOf = (f: Fix) => f.edits?.[0]?.newText ?? (f.createFile ? `create ${f.createFile.path}` : undefined);

function publicationReason(site: Site, path: string): string {
  const p = site.publication(path);
  if (p.published) return 'published';
  return p.reason === 'excluded' ? `exclude: names ${p.segment}` : p.reason === 'underscore' ? `'${p.segment}' starts with '_'` : p.reason === 'dot' ? `'${p.segment}' starts with '.'` : `'${p.segment}' is not published`;
}

/** The include names a text uses literally (`{% include navbar.html %}`). */
export function includesOf(refs: readonly Reference[]): string[] {
  return refs.filter((r) => r.target === 'include' && !r.raw.includes('{')).map((r) => r.raw);
}

export interface Template {
  readonly file: string;
  readonly refs: readonly Reference[];
  readonly includes: readonly string[];
}

/** The links, stylesheets and includes of a layout's or include's text. */
export function templateLinks(file: string, text: string): Reference[] {
  return extractLinks(text, parseFrontMatter(text), /\.(md|markdown)$/i.test(file));
}

export function templatesOf(site: Site): Map<string, Template> {
  const out = new Map<string, Template>();
  for (const [file, text] of site.templates) {
    const refs = templateLinks(file, text);
    out.set(file, { file, refs, includes: includesOf(refs) });
  }
  return out;
}

/** The templates a page's text uses: its layout chain and every include they and the page name, transitively. */
export function templatesUsed(site: Site, templates: Map<string, Template>, page: PageContext, ownIncludes: readonly string[]): string[] {
  const out = new Set<string>();
  const queue: string[] = [];
  for (const layout of site.layoutChain(page.layout)) if (layout.file && !layout.theme) queue.push(layout.file);
  for (const name of ownIncludes) queue.push('_includes/' + name);
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (out.has(file) || !templates.has(file)) continue;
    out.add(file);
    for (const name of (templates.get(file) as Template).includes) queue.push('_includes/' + name);
  }
  return [...out];
}

/**
 * Include findings: a name that is not in _includes, a loop. `includeNames` is every file under the
 * site's _includes/ (none when the folder is not in the workspace: then nothing is said missing).
 */
function includeFindings(site: Site, file: string, refs: readonly Reference[], templates: Map<string, Template>, includeNames: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const ref of refs) {
    if (ref.target !== 'include' || ref.raw.includes('{')) continue;
    const target = '_includes/' + ref.raw;
    if (!site.hasFile(target)) {
      const theme = site.theme;
      if (theme) {
        // The theme's includes count when its files are on this machine; otherwise it may have it.
        if (!theme.includes || theme.includes.includes(ref.raw)) continue;
        const names = [...includeNames, ...theme.includes];
        out.push(makeFinding('include-missing', file, ref.range, `{% include ${ref.raw} %}: neither _includes/${ref.raw} nor the theme ${theme.name}'s has it. ${BUILD_FAILS}`, nearestNameFix(ref, names, ref.raw, 4)));
        continue;
      }
      // A workspace without the site's _includes/ cannot say.
      if (includeNames.length === 0) continue;
      out.push(makeFinding('include-missing', file, ref.range, `{% include ${ref.raw} %}: _includes/${ref.raw} does not exist. ${BUILD_FAILS}`, nearestNameFix(ref, includeNames, ref.raw, 4)));
      continue;
    }
    // A loop: the included file leads back to this one.
    if (file.startsWith('_includes/')) {
      const seen = new Set<string>();
      const queue = [target];
      let loop = false;
      while (queue.length > 0 && !loop) {
        const f = queue.pop() as string;
        if (f === file) loop = true;
        if (seen.has(f)) continue;
        seen.add(f);
        for (const n of templates.get(f)?.includes ?? []) queue.push('_includes/' + n);
      }
      if (loop) out.push(makeFinding('include-loop', file, ref.range, `{% include ${ref.raw} %} leads back to ${file}: Liquid stops with "Nesting too deep". ${BUILD_FAILS}`));
    }
  }
  return out;
}

const MAX_LISTED = 5;
const NONE: readonly string[] = [];

/** The files under the site's _includes/, relative to it. */
function includeNamesOf(site: Site): string[] {
  const out: string[] = [];
  for (const f of site.allFiles()) if (f.startsWith('_includes/')) out.push(f.slice('_includes/'.length));
  return out;
}

const sameRange = (a: { start: number; end: number } | undefined, b: { start: number; end: number }) => a !== undefined && a.start === b.start && a.end === b.end;

/** A verdict worked out for one link, for another written the same way elsewhere: its fixes' edits moved to the other's place. */
function relocated(verdict: LinkVerdict | undefined, from: Reference, to: Reference): LinkVerdict | undefined {
  if (verdict === undefined || from === to) return verdict;
  const delta = to.range.start - from.range.start;
  return delta === 0 ? verdict : { ...verdict, fixes: shiftFixes(verdict.fixes, delta) };
}

/**
 * Whether two links with the same text would get the same verdict (when their text names no page
 * variable): written the same way (kind, target, rendered or literal, their Markdown text and where
 * that stands around them) and, for a Markdown link, both on pages jekyll-relative-links rewrites or neither.
 */
function sameWriting(a: Reference, aPage: PageContext, b: Reference, bPage: PageContext): boolean {
  if (a.kind !== b.kind || a.target !== b.target || a.literal !== b.literal || a.context !== b.context || a.linkText !== b.linkText) return false;
  if ((aPage.path.charCodeAt(0) === 95) !== (bPage.path.charCodeAt(0) === 95)) return false;
  if (a.span === undefined || b.span === undefined) return a.span === b.span;
  return a.range.start - a.span.start === b.range.start - b.span.start && a.span.end - a.range.end === b.span.end - b.range.end;
}

/**
 * The links check's judge with what is shared between links worked out once: a link whose text names
 * no page variable has the same text on every page (its Liquid evaluated once), and one whose text is a
 * path from the root or a full URL lands in the same place from every page, so its verdict is made once
 * (a navbar's links on thousands of pages, every post's link to the about page) and moved to each
 * link's place. A relative link is located from each page.
 */
function sharedJudge(ctx: Context): (page: PageContext, ref: Reference) => LinkVerdict | undefined {
  const site = ctx.site;
  type Shared = { readonly ref: Reference; readonly page: PageContext; readonly text: ReturnType<typeof linkText>; readonly everywhere: boolean; readonly verdict: LinkVerdict | undefined };
  // By the link's text, then by how it is written (few ways for one text).
  const shared = new Map<string, Shared[]>();
  return (page, ref) => {
    if (ref.raw.includes('page')) return judgeLink(ctx, page, ref);
    let same = shared.get(ref.raw);
    if (same === undefined) shared.set(ref.raw, (same = []));
    for (const known of same) {
      if (!sameWriting(known.ref, known.page, ref, page)) continue;
      if (known.everywhere) return relocated(known.verdict, known.ref, ref);
      return known.text.ok ? judgeLocatedLink(ctx, page, ref, locateLink(site, page, known.text.value), true) : undefined;
    }
    if (ref.kind === 'liquid-post-url' || ref.kind === 'liquid-link') {
      const verdict = judgeLink(ctx, page, ref);
      same.push({ ref, page, text: { ok: false, reason: 'a tag' }, everywhere: true, verdict });
      return verdict;
    }
    const text = linkText(site, page, ref);
    const value = text.ok ? text.value.trim() : '';
    const everywhere = !text.ok || (((value.startsWith('/') && !value.startsWith('//')) || /^https?:/i.test(value)) && fromSourceFolder(page.path, ref.raw.trim()) === undefined);
    const verdict = text.ok ? judgeLocatedLink(ctx, page, ref, locateLink(site, page, text.value), true) : undefined;
    same.push({ ref, page, text, everywhere, verdict });
    return verdict;
  };
}

function judgeLinks(site: Site, summaries: readonly LinkSummary[]): Finding[] {
  const templates = templatesOf(site);
  const includeNames = includeNamesOf(site);
  const ctx: Context = { site, anchorsByDoc: new Map(summaries.map((s) => [s.path, s.anchors])), layoutAnchors: new Map() };
  const out: Finding[] = [];
  const verdictFinding = (file: string, ref: Reference, v: LinkVerdict, extra = '', pages?: Finding['pages']) =>
    makeFinding(v.code, file, ref.range, v.message + extra + (v.fixes[0] ? (sameRange(v.fixes[0].edits?.[0]?.range, ref.range) ? ` Quick fix: '${newTextOf(v.fixes[0])}'.` : ` Quick fix: ${v.fixes[0].title.charAt(0).toLowerCase()}${v.fixes[0].title.slice(1)}.`) : ''), v.fixes, { raw: ref.raw, resolved: v.resolved, target: ref.target, ...(pages ? { pages } : {}) });

  // Per template ref: the pages it fails on, and how many use it.
  type Tally = { ref: Reference; users: number; failing: { page: string; verdict: LinkVerdict }[] };
  const judgeShared = sharedJudge(ctx);
  const usedBy = new Map<string, string[]>();
  const tallies = new Map<string, Map<Reference, Tally>>();
  for (const s of summaries) {
    let includes = false;
    for (const ref of s.links) {
      if (ref.target === 'include') {
        includes = true;
        continue;
      }
      const v = judgeShared(s.page, ref);
      if (v) out.push(verdictFinding(s.path, ref, v));
    }
    // Most pages include nothing of their own: their templates are their layout's.
    const own = includes ? includesOf(s.links) : NONE;
    if (includes) out.push(...includeFindings(site, s.path, s.links, templates, includeNames));
    const usedKey = own.length === 0 ? (s.page.layout ?? '') : `${s.page.layout ?? ''}\u0000${own.join('\u0000')}`;
    let used = usedBy.get(usedKey);
    if (!used) usedBy.set(usedKey, (used = templatesUsed(site, templates, s.page, own)));
    for (const file of used) {
      const t = templates.get(file) as Template;
      let byRef = tallies.get(file);
      if (!byRef) tallies.set(file, (byRef = new Map()));
      for (const ref of t.refs) {
        if (ref.target === 'include') continue;
        let tally = byRef.get(ref);
        if (!tally) byRef.set(ref, (tally = { ref, users: 0, failing: [] }));
        tally.users++;
        const v = judgeShared(s.page, ref);
        if (v) tally.failing.push({ page: s.path, verdict: v });
      }
    }
  }
  for (const [file, t] of templates) out.push(...includeFindings(site, file, t.refs, templates, includeNames));
  for (const [file, byRef] of tallies) {
    for (const tally of byRef.values()) {
      if (tally.failing.length === 0) continue;
      const first = tally.failing[0].verdict;
      const pages = tally.failing.map((f) => f.page);
      const listed = pages.slice(0, MAX_LISTED).join(', ') + (pages.length > MAX_LISTED ? `, and ${pages.length - MAX_LISTED} more` : '');
      const some = tally.failing.length < tally.users;
      const extra = ` It fails on ${tally.failing.length} of the ${tally.users} pages that use ${file} (${listed})${some ? '; on the others it works, because a relative link resolves against each page\'s own URL' : ''}.`;
      // A fix that holds on every page, else none.
      const fixes = first.fixes.filter((f) => tally.failing.every((x) => x.verdict.fixes.some((g) => newTextOf(g) === newTextOf(f))));
      out.push(verdictFinding(file, tally.ref, { ...first, fixes }, extra, tally.failing.map((f) => ({ file: f.page, resolved: f.verdict.resolved }))));
    }
  }
  return out;
}

export const linkChecks: SiteCheck<typeof CODES, LinkSummary> = {
  name: 'links',
  needs: 'site',
  codes: CODES,
  summarize: (_site: Site, a: SiteCheckInput) => ({ path: a.path, page: a.page, links: a.links, anchors: a.anchors }),
  judge: judgeLinks,
};

/**
 * The verdict on one link of a page with the site as it is (no other page's ids known): undefined when
 * it works. For completion, hovers and the preview.
 */
export function linkVerdict(site: Site, page: PageContext, ref: Reference, anchors?: ReadonlyMap<string, () => readonly Anchor[]>): { code: string; message: string; fixes: readonly Fix[] } | undefined {
  const ctx: Context = { site, anchorsByDoc: new Map(anchors ?? []), layoutAnchors: new Map() };
  try {
    return judgeLink(ctx, page, ref);
  } catch {
    return undefined;
  }
}
