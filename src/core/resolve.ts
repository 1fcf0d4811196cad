/**
 * Resolution locates, checks judge: what the site requests for a reference and where that lands
 * (`locate.ts`), then the reference checks of `checks/index.ts` in their order, the first verdict
 * standing.
 *
 * The steps of {@link resolveOnPage}, each a place to change one rule:
 * 1. the text the page's HTML carries (`requestedText`: the layout's expression, Liquid, entities);
 * 2. what is not a local path at all (empty, `data:`, other schemes) gives no claim or a remote result;
 * 3. the URL the browser asks for and the file there (`locateReference`);
 * 4. the checks judge the located reference.
 */
import type { Site } from './site';
import type { ImageReference } from './references';
import { ByExpressionAndKey, imageExpression, LocatedReference, locatedOffRootSinceWatch, locateReference, memoOf, readsOnlyPageKey, requestedText, watchOffRoot } from './locate';
import type { PageContext, Resolution } from './locate';
import { REFERENCE_CHECKS } from './checks/index';
import type { ReferenceVerdict } from './checks/types';

export * from './locate';

/**
 * What the site requests for a reference and whether a published file serves it, judged by Jekyll's
 * URL rules: the layout's expression for front matter, the page's own URL for relative content paths,
 * the baseurl, publication rules and letter case.
 */
export function resolveReference(site: Site, page: PageContext, ref: ImageReference): Resolution {
  const shared = ref.kind === 'front-matter' ? sharedResolutions(site, page, ref) : undefined;
  if (!shared) return resolveOnPage(site, page, ref);
  const known = shared.get(ref.raw);
  if (known) return known;
  watchOffRoot();
  const resolution = resolveOnPage(site, page, ref);
  // Only paths from the site's root are judged alike on every page: a relative one depends on the
  // page's URL. That holds for every text located on the way, the fixes' checks included (a layout
  // may turn a fix's '/img/a.png' into 'a.png').
  if (!locatedOffRootSinceWatch()) {
    if (shared.size >= 10_000) shared.clear();
    shared.set(ref.raw, resolution);
  }
  return resolution;
}

/** The owner of a site's shared resolutions of front matter images (Site.derivedFromFiles). */
const SHARED_RESOLUTIONS = {};

/**
 * Where the resolution of a front matter image can be kept for other pages: posts share a few
 * backgrounds, and when the layout's expression reads no other page variable and the value is a path
 * from the site's root, what the site requests, whether a file serves it, the message and the fixes
 * are the same on every page. Undefined for any other reference.
 */
function sharedResolutions(site: Site, page: PageContext, ref: ImageReference): Map<string, Resolution> | undefined {
  if (ref.raw.charCodeAt(0) !== 47) return undefined;
  const key = ref.key ?? 'background';
  const expression = imageExpression(site, page.layout, key);
  if (!expression || !readsOnlyPageKey(expression, key)) return undefined;
  return memoOf(site.derivedFromFiles<ByExpressionAndKey<Resolution>>(SHARED_RESOLUTIONS, () => new Map()), expression, key);
}

/** {@link resolveReference} worked out for this page. */
function resolveOnPage(site: Site, page: PageContext, ref: ImageReference): Resolution {
  // 1. The text on the page.
  const text = requestedText(site, page, ref);
  if (!text.ok) return { status: 'unknown', reason: text.reason };
  let requested = text.value.trim();
  // 2. What is not a path on a web site.
  if (requested === '') return { status: 'unknown', reason: 'the path is empty' };
  // A path that starts with '/' has no scheme: the usual case skips the scheme tests.
  if (requested.charCodeAt(0) !== 47) {
    if (/^data:/i.test(requested)) return { status: 'remote', requested, url: requested.slice(0, 40) };
    if (/^[a-z][a-z0-9+.-]*:/i.test(requested) && !/^https?:/i.test(requested)) return { status: 'unknown', reason: 'not a web URL' };
  }
  // Browsers read backslashes as slashes (the backslash check says so).
  if (ref.raw.includes('\\')) requested = requested.replace(/\\/g, '/');
  // 3. Where the browser goes, and what is there.
  const located = locateReference(site, page, ref, requested);
  // 4. The checks judge.
  return judgeLocated(located);
}

/** The first verdict of the reference checks on a located reference, as a resolution. */
export function judgeLocated(located: LocatedReference): Resolution {
  for (const check of REFERENCE_CHECKS) {
    const verdict = check.judge(located);
    if (verdict) return asResolution(located, verdict);
  }
  const { requested, url } = located;
  if (located.where === 'served') return { status: 'ok', requested, url, file: located.file as string };
  if (located.where === 'remote') return { status: 'remote', requested, url };
  // Every other place has a check that judges it; this is a guard, not a rule.
  return { status: 'unknown', reason: 'no check judged it' };
}

function asResolution(located: LocatedReference, verdict: ReferenceVerdict): Resolution {
  const { requested, url } = located;
  if (verdict.status === 'ok' && located.file !== undefined) return { status: 'ok', requested, url, file: located.file, problem: verdict.problem };
  if (verdict.status === 'remote') return { status: 'remote', requested, url, problem: verdict.problem };
  return { status: 'broken', requested, url, problem: verdict.problem };
}
