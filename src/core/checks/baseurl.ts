/** The baseurl in a reference: missing (the domain root is asked) or added twice (/ipe/ipe/…). */
import { decodePath, fixesFor } from '../locate';
import { Codes, problemMaker, ReferenceCheck } from './types';

const CODES = {
  'baseurl-doubled': { severity: 'error', summary: 'The baseurl is in the path and the layout (or relative_url) adds it again: /ipe/ipe/…' },
  'outside-baseurl': { severity: 'error', summary: 'A root-relative path without the baseurl: the site lives under /ipe, the browser asks the domain root.' },
} as const satisfies Codes;

const problem = problemMaker(CODES);

export const baseurlChecks: ReferenceCheck<typeof CODES> = {
  name: 'baseurl',
  needs: 'reference',
  codes: CODES,
  judge({ site, page, ref, where, located, url, file }) {
    if (where === 'outside-baseurl' && located) {
      const atRoot = decodePath(located.absolute.pathname).replace(/^\/+/, '');
      const exists = site.hasFile(atRoot) && site.publication(atRoot).published;
      const fixes = exists ? fixesFor(site, page, ref, atRoot) : [];
      return {
        status: 'broken',
        problem: problem(
          'outside-baseurl',
          `The site is served under ${site.config.basePath}/; this page requests ${located.absolute.pathname}, which is outside it${exists ? ` (the file is ${atRoot}; its URL is ${site.config.basePath}/${atRoot})` : ''}.`,
          fixes,
        ),
      };
    }
    const base = site.config.basePath;
    if (where !== 'absent' || file === undefined || base === '' || !('/' + file).startsWith(base + '/')) return undefined;
    const stripped = file.slice(base.length).replace(/^\/+/, '');
    if (!site.hasFile(stripped) || !site.publication(stripped).published) return undefined;
    const how = ref.kind === 'front-matter' ? `the layout prepends site.baseurl ('${site.config.baseurlRaw}')` : 'relative_url adds the baseurl';
    return {
      status: 'broken',
      problem: problem('baseurl-doubled', `The baseurl is added twice: ${how} to '${ref.raw}', so the site requests ${url}, which does not exist. The file is ${stripped}.`, fixesFor(site, page, ref, stripped)),
    };
  },
};
