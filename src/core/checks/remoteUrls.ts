/** Remote URLs: a remote background made local by the layout, a path made protocol-relative, http: on an https: site. */
import { imageExpression, siteOrigin } from '../locate';
import { Codes, problemMaker, ReferenceCheck } from './types';

const CODES = {
  'mangled-remote': { severity: 'error', summary: "A remote URL that the layout's prepend/replace turns into a local path." },
  'protocol-relative': { severity: 'error', summary: "A path that the baseurl or layout turns into '//host/…', a URL on another host." },
  'insecure-http': { severity: 'warning', summary: 'An http: image on an https: site is blocked or flagged as mixed content.' },
} as const satisfies Codes;

const problem = problemMaker(CODES);

export const remoteUrlChecks: ReferenceCheck<typeof CODES> = {
  name: 'remote-urls',
  needs: 'reference',
  codes: CODES,
  judge({ site, page, ref, requested, where, located, url }) {
    // A remote background that the layout's prepend/replace turned into a path on this site.
    if (ref.kind === 'front-matter' && (where === 'outside-baseurl' || where === 'absent') && /^\s*https?:\/\//i.test(ref.raw)) {
      return {
        status: 'broken',
        problem: problem('mangled-remote', `The layout writes this background as '${requested}' (${imageExpression(site, page.layout, ref.key ?? 'background')}), so the remote image ${ref.raw} becomes a path on this site: ${url}.`),
      };
    }
    if (where !== 'remote' || !located) return undefined;
    if (requested.startsWith('//') && !ref.raw.trim().startsWith('//')) {
      return {
        status: 'broken',
        problem: problem('protocol-relative', `'${ref.raw}' becomes '${requested}' on the page, a protocol-relative URL: the browser asks the host '${located.absolute.host}' for ${located.absolute.pathname}.`),
      };
    }
    if (located.absolute.protocol === 'http:' && siteOrigin(site).startsWith('https:')) {
      const https = ref.raw.replace(/^http:/i, 'https:');
      return {
        status: 'remote',
        problem: problem('insecure-http', `The site is served over https; the browser blocks or flags the http: image ${located.absolute.href}. Use https: if the host offers it.`, [{ title: 'Use https:', newText: https }]),
      };
    }
    return undefined;
  },
};
