import { parseFrontMatter, FrontMatter, yamlSingleQuoted } from './frontMatter';
import { Exclusions, extractReferences, ImageReference, Reference } from './references';
import { extractLinks } from './linkReferences';
import { Anchor, documentAnchors } from './anchors';
import { resolveReference, PageContext, Resolution } from './resolve';
import type { Site } from './site';
import { collectionFileOf, documentUrl, documentKind, DocumentUrl, isMarkdownPath, DocumentKind, ignoredPostSegment } from './permalink';
import { Finding, applySeverity, FindingSettings, makeFinding } from './findings';
import { CHECKS } from './checks/index';
import type { Check, DocumentCheckInput } from './checks/types';

export { makeFinding };
import { FrontMatterDefault } from './siteConfig';
import { hasLiquid } from './liquidUrl';
import type { OffsetRange } from './text';
import { defaultLayoutFor, readmeIndexUrl, rendersAsDocument, rendersLiquid, titleFromHeading } from './githubPages';

export interface AnalyzeOptions extends FindingSettings {
  /** Front matter keys that hold layout images. Default ['background']. */
  readonly imageKeys?: readonly string[];
  /** Run the checks (default true); false leaves `findings` empty, for a caller that does not show them (the preview). */
  readonly findings?: boolean;
}

export interface ResolvedReference {
  readonly ref: ImageReference;
  readonly resolution: Resolution;
}

/** Everything the engine knows about one document: what the preview, hovers and diagnostics share. */
export interface DocumentAnalysis {
  readonly path: string;
  readonly kind: DocumentKind;
  readonly frontMatter: FrontMatter;
  /** Front matter with the config's `defaults:` applied underneath. */
  readonly data: Readonly<Record<string, unknown>>;
  /** The page as it is rendered: its `url` is where it is served (a README that jekyll-readme-index makes an index: its folder's). */
  readonly page: PageContext;
  /** The URL Jekyll gives the file from its path and front matter, before any plugin moves it. */
  readonly url: DocumentUrl;
  readonly references: readonly ResolvedReference[];
  /** Links, stylesheets and includes, unresolved: the links check judges them with the whole site at hand. */
  readonly links: readonly Reference[];
  /** The ids the built page has for `#fragments` (worked out when first asked). */
  readonly anchors: () => readonly Anchor[];
  readonly findings: readonly Finding[];
}

/** The config's `defaults:` for a file; `collection` names the collection of a 'collection' document (its `scope: {type: NAME}`). */
export function defaultsFor(defaults: readonly FrontMatterDefault[], path: string, kind: DocumentKind, collection?: string): Record<string, unknown> {
  const type = kind === 'post' ? 'posts' : kind === 'page' ? 'pages' : kind === 'collection' ? collection : undefined;
  const out: Record<string, unknown> = {};
  // Jekyll applies the more specific scope last.
  const applicable = defaults
    .filter((d) => (d.path === '' || path === d.path || path.startsWith(d.path + '/')) && (!d.type || d.type === type))
    .sort((a, b) => a.path.length - b.path.length || Number(Boolean(a.type)) - Number(Boolean(b.type)));
  for (const d of applicable) Object.assign(out, d.values);
  return out;
}

/** How a new value must be written in place of a front matter scalar's source, for its quoting style. */
export function yamlScalarSource(value: string, style: string | undefined): string {
  if (style === 'QUOTE_SINGLE') return value.replace(/'/g, "''");
  if (style === 'QUOTE_DOUBLE') return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  // A plain scalar stays plain only when YAML reads it back unchanged as a string.
  if (/^[A-Za-z0-9/._~-][^:#'"{}\[\],&*!|>%@`]*$/.test(value) && !/\s$/.test(value) && !/^(?:true|false|yes|no|on|off|null|~|-?\d[\d._:-]*)$/i.test(value)) return value;
  return yamlSingleQuoted(value);
}

const DEFAULT_IMAGE_KEYS: readonly string[] = ['background'];
const DROPPED = { frontMatterDropped: true } as const;
const STATIC_FILE = { staticFile: true } as const;

/** Parses, resolves and judges one document's text against its site. Never throws on bad input. */
export function analyzeDocument(site: Site, path: string, text: string, options: AnalyzeOptions = {}): DocumentAnalysis {
  const frontMatter = parseFrontMatter(text);
  const kind = documentKind(path, site.config);
  const collection = kind === 'collection' ? collectionFileOf(site.config, path)?.collection : undefined;
  // Without `defaults:` in the config (the usual case) the front matter is the data as it stands.
  const given = site.config.defaults.length === 0 ? frontMatter.data : { ...defaultsFor(site.config.defaults, path, kind, collection?.name), ...frontMatter.data };
  const dateValue = frontMatter.values.get('date');
  const dateSource =
    dateValue?.source !== undefined && dateValue.value !== null && dateValue.value !== undefined
      ? { text: dateValue.source, yamlTimestamp: dateValue.style === 'PLAIN' }
      : undefined;
  // Front matter Jekyll cannot read is dropped whole, and a post then loses its file name's date too.
  const frontMatterDropped = frontMatter.problems.some((p) => p.kind === 'yaml-error' || p.kind === 'not-a-mapping');
  const url = documentUrl(site, path, given, frontMatterDropped ? undefined : dateSource, frontMatterDropped ? DROPPED : collection && !frontMatter.present ? STATIC_FILE : undefined);
  // A README that jekyll-readme-index makes its folder's index is a page at the folder's URL.
  const readmeUrl = kind === 'page' && !frontMatterDropped ? readmeIndexUrl(site, path) : undefined;
  const pageUrl = readmeUrl ?? url.url;
  const data = githubPagesData(site, kind, path, pageUrl, readmeUrl !== undefined, given, text, frontMatter);
  const layout = typeof data.layout === 'string' ? data.layout : undefined;
  const page: PageContext = { path, url: pageUrl, data, layout };

  // A page without front matter is a static file: Jekyll copies it as it is and renders nothing in it
  // (except under GitHub Pages, whose jekyll-optional-front-matter renders a Markdown one).
  // A file Jekyll skips (`_posts/_draft.md`) has nothing inside that reaches the site.
  // A collection's document is rendered when it has front matter; only one that is written (`output:
  // true`) puts its images and links on the site, so only those are judged.
  const rendered =
    kind === 'post' ? ignoredPostSegment(path) === undefined : kind === 'collection' ? frontMatter.present && collection?.output === true : kind !== 'page' || readmeUrl !== undefined || rendersAsDocument(site, { path, kind, frontMatter });
  const references: ResolvedReference[] = [];
  const markdown = isMarkdownPath(path);
  // Images and links skip the same code and comments: the ranges are worked out once, when first asked.
  // Plain Jekyll leaves the content's Liquid as written under `render_with_liquid: false`.
  const liquid = rendersLiquid(site, data);
  const exclusions = rendered ? new Exclusions(text, frontMatter.bodyOffset, markdown, liquid) : undefined;
  if (rendered) {
    for (const found of extractReferences(text, frontMatter, { imageKeys: options.imageKeys ?? DEFAULT_IMAGE_KEYS, markdown, exclusions })) {
      const ref = !liquid && found.kind !== 'front-matter' && hasLiquid(found.raw) ? { ...found, literal: true } : found;
      references.push({ ref, resolution: resolveReference(site, page, ref) });
    }
  }

  const links = rendered ? extractLinks(text, frontMatter, markdown, exclusions, liquid) : [];
  let anchorList: readonly Anchor[] | undefined;
  const anchors = () => (anchorList ??= rendered ? documentAnchors(text, { markdown, liquid: { site: site.config.data, page: data }, liquidRendered: liquid }) : []);

  // Findings in the order of the checks in the index; the references' where the first reference check stands.
  const partial: DocumentCheckInput = { path, kind, frontMatter, data, page, url, references, links, anchors };
  const findings: Finding[] = [];
  let referencesReported = false;
  for (const check of options.findings === false ? [] : (CHECKS as readonly Check[])) {
    if (check.needs === 'reference') {
      if (!referencesReported) referenceFindings(partial, findings);
      referencesReported = true;
    } else if (check.needs === 'document') {
      try {
        for (const f of check.check(site, partial, text)) findings.push(f);
      } catch {
        // A check that fails on odd input must not take the others down.
      }
    }
  }
  // Of a file Jekyll never reads, only that is said: nothing inside it reaches the site.
  const reported = kind === 'post' && !rendered ? findings.filter((f) => f.code === 'post-ignored') : findings;
  return { path, kind, frontMatter, data, page, url, references, links, anchors, findings: applySeverity(reported, options) };
}

/** The data with what GitHub Pages' plugins add: the default layout, the title from the first heading. `readmeIndex`: a README made its folder's index, a page too. */
function githubPagesData(site: Site, kind: DocumentKind, path: string, url: string, readmeIndex: boolean, data: Readonly<Record<string, unknown>>, text: string, frontMatter: FrontMatter): Readonly<Record<string, unknown>> {
  if (!site.githubPages || (kind !== 'post' && kind !== 'page')) return data;
  if (kind === 'page' && !readmeIndex && !rendersAsDocument(site, { path, kind, frontMatter })) return data;
  let out: Record<string, unknown> | undefined;
  if (!Object.prototype.hasOwnProperty.call(data, 'layout')) {
    const layout = defaultLayoutFor(site, kind, path, url);
    if (layout) out = { ...data, layout };
  }
  const title = titleFromHeading(site, kind, path, data, text.slice(frontMatter.bodyOffset));
  if (title !== undefined) out = { ...(out ?? data), title };
  return out ?? data;
}

/** The findings of a document's references: each check's verdict at the reference's range, its fixes as edits there. */
function referenceFindings({ path, frontMatter, references }: DocumentCheckInput, out: Finding[]): void {
  for (const { ref, resolution } of references) {
    if (resolution.status === 'unknown' || !resolution.problem) continue;
    const p = resolution.problem;
    const suggestion = p.fixes[0] ? ` Quick fix: '${p.fixes[0].newText}'.` : '';
    out.push(
      makeFinding(p.code, path, ref.range, p.message + suggestion, p.fixes.map((f) => ({ title: f.title, preferred: f.preferred, edits: [{ range: ref.range, newText: ref.kind === 'front-matter' ? yamlScalarSource(f.newText, frontMatter.values.get(ref.key ?? '')?.style) : f.newText }] })), {
        raw: ref.raw,
        resolved: resolution.url,
        target: ref.target,
      }),
    );
  }
}
