/** Files that Jekyll writes to one destination: one overwrites the other ("Conflict: … shared by multiple files"). */
import type { Finding } from '../findings';
import type { Site } from '../site';
import type { OffsetRange } from '../text';
import { documentKind } from '../permalink';
import { fullUrl, indexedRecordOf, siteDocumentOf, SiteDocument } from '../siteDocuments';
export { destinationOf } from '../siteDocuments';
import { Codes, findingMaker, SiteCheck, SiteCheckInput } from './types';

const CODES = {
  'post-url-conflict': { severity: 'error', summary: 'Two files land on one URL; one overwrites the other.' },
} as const satisfies Codes;

const makeFinding = findingMaker(CODES);

const GENERATED_STATIC = /\.(scss|sass|coffee)$/i;

/** What the URL-conflict check keeps of a document: the document as the site's index has it. */
export type DestinationSummary = SiteDocument;

/** Where Jekyll writes a document, if it does (the site index's record of it). */
export function summarizeDestination(site: Site, a: SiteCheckInput, now = Date.now()): DestinationSummary {
  return siteDocumentOf(site, a, now);
}

/** Files that Jekyll writes to one destination: an error on each document, naming the others. */
export function judgeDestinations(site: Site, summaries: readonly DestinationSummary[]): Finding[] {
  type Entry = { readonly path: string; readonly url: string; readonly range?: OffsetRange };
  const byDestination = new Map<string, Entry[]>();
  const add = (dest: string, entry: Entry) => {
    const list = byDestination.get(dest);
    if (list) list.push(entry);
    else byDestination.set(dest, [entry]);
  };
  const documents = new Set<string>();
  for (const summary of summaries) {
    documents.add(summary.path);
    // A README that jekyll-readme-index makes its folder's index is written there (known once every document is).
    const s = summary.readme ? (site.documentOf(summary.path) ?? summary) : summary;
    if (s.destination !== undefined) add(s.destination, { path: s.path, url: s.url ?? s.destination, range: s.range });
  }
  if (byDestination.size === 0) return [];
  // Static files share the output tree: about.html without front matter against about.md.
  for (const file of site.allFiles()) {
    const dest = '/' + file;
    // The destination lookup first: most files (images) land where no document does.
    if (!byDestination.has(dest) || documents.has(file) || GENERATED_STATIC.test(file)) continue;
    const kind = documentKind(file);
    if (kind === 'post' || !site.publication(file).published) continue;
    add(dest, { path: file, url: dest });
  }
  const out: Finding[] = [];
  for (const [dest, entries] of byDestination) {
    if (entries.length < 2) continue;
    for (const e of entries) {
      if (!e.range) continue;
      const others = entries.filter((o) => o !== e).map((o) => o.path);
      out.push(
        makeFinding(
          'post-url-conflict',
          e.path,
          e.range,
          `${others.join(' and ')} ${others.length === 1 ? 'lands' : 'land'} on the same URL, ${fullUrl(site, e.url)}: Jekyll writes both to _site${dest} and one overwrites the other ("Conflict: The following destination is shared by multiple files").`,
          [],
          { resolved: fullUrl(site, e.url) },
        ),
      );
    }
  }
  return out;
}

/** Files that Jekyll writes to one destination, over a set of analyses. */
export function urlConflicts(site: Site, analyses: readonly SiteCheckInput[], now = Date.now()): Finding[] {
  return judgeDestinations(site, analyses.map((a) => summarizeDestination(site, a, now)));
}

export const urlConflictChecks: SiteCheck<typeof CODES, DestinationSummary> = {
  name: 'url-conflicts',
  needs: 'site',
  codes: CODES,
  // The record the site's index was just given for this analysis, when it has it.
  summarize: (site, analysis) => indexedRecordOf(site, analysis) ?? summarizeDestination(site, analysis),
  judge: judgeDestinations,
};
