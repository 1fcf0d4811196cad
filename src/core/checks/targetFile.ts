/**
 * The file at the URL: not published, missing (and why: a relative path read from the source folder,
 * letter case), or not a URL at all. The most specific cause is said first.
 */
import { hasLiquid } from '../liquidUrl';
import { fixesFor, nearestFiles, relativeCandidates } from '../locate';
import { Codes, problemMaker, ReferenceCheck } from './types';

const CODES = {
  'relative-path': { severity: 'error', summary: "A relative path that resolves against the page's URL (e.g. /ipe/2022/11/22/1.html), not against the source folder." },
  'case-mismatch': { severity: 'error', summary: 'The file exists with other letter case; GitHub Pages is case-sensitive.' },
  'missing-file': { severity: 'error', summary: 'No file in the site serves the URL.' },
  'unpublished-file': { severity: 'error', summary: "The file exists but Jekyll does not publish it (a folder or name starting with '_' or '.', or exclude:)." },
} as const satisfies Codes;

const problem = problemMaker(CODES);

export const targetFileChecks: ReferenceCheck<typeof CODES> = {
  name: 'target-file',
  needs: 'reference',
  codes: CODES,
  judge({ site, page, ref, requested, where, url, file }) {
    if (where === 'unreadable') return { status: 'broken', problem: problem('missing-file', `'${requested}' is not a URL a browser can read.`) };
    if (where === 'unpublished' && file !== undefined) {
      const pub = site.publication(file);
      const why = pub.published
        ? ''
        : pub.reason === 'excluded'
          ? `exclude: ${pub.segment}`
          : pub.reason === 'special'
            ? `'${pub.segment}' starts with '#' or '~' or is a backup ending in '~'`
            : `'${pub.segment}' starts with '${pub.reason === 'dot' ? '.' : '_'}'`;
      return { status: 'broken', problem: problem('unpublished-file', `${url} maps to ${file}, which Jekyll does not publish (${why}).`) };
    }
    if (where !== 'absent' || file === undefined) return undefined;

    const isRelative = !/^([a-z][a-z0-9+.-]*:|\/|\{\{)/i.test(ref.raw.trim());
    if (isRelative) {
      const found = relativeCandidates(page.path, requested).find((c) => site.hasFile(c) && site.publication(c).published);
      if (found) {
        return {
          status: 'broken',
          problem: problem(
            'relative-path',
            `Relative paths resolve against the page's URL, ${site.config.basePath}${page.url}, not the source folder: the site requests ${url}. The file is ${found}.`,
            fixesFor(site, page, ref, found),
          ),
        };
      }
    }

    const variants = site.caseVariants(file).filter((v) => site.publication(v).published);
    if (variants.length > 0) {
      return {
        status: 'broken',
        problem: problem('case-mismatch', `${url} does not match the file ${variants[0]} in letter case; GitHub Pages is case-sensitive.`, fixesFor(site, page, ref, variants[0])),
      };
    }

    const fixes = nearestFiles(site, file, 3).flatMap((n) => fixesFor(site, page, ref, n));
    if (ref.literal) {
      return {
        status: 'broken',
        problem: problem('missing-file', `The page's Liquid is not rendered (render_with_liquid: false, which Jekyll 4 honours): it carries '${requested}' as written, so the site requests ${url}.`, fixes),
      };
    }
    if (ref.kind === 'front-matter' && hasLiquid(ref.raw)) {
      return {
        status: 'broken',
        problem: problem('missing-file', `Jekyll does not render Liquid in front matter: the layout writes '${requested}' as it stands, so the site requests ${url}.`, fixes),
      };
    }
    return {
      status: 'broken',
      problem: problem('missing-file', `No file serves ${url}${ref.kind === 'front-matter' ? ` (the layout writes '${requested}')` : ''}: ${file} is not in the site.`, fixes),
    };
  },
};
