/** Backslashes in a URL that otherwise loads: browsers read them as slashes, servers and tools do not. */
import { Codes, problemMaker, ReferenceCheck } from './types';

const CODES = {
  backslash: { severity: 'warning', summary: 'Backslashes in a URL: browsers may turn them into slashes, servers and other tools do not.' },
} as const satisfies Codes;

const problem = problemMaker(CODES);

export const backslashChecks: ReferenceCheck<typeof CODES> = {
  name: 'backslash',
  needs: 'reference',
  codes: CODES,
  judge({ ref, where }) {
    if ((where !== 'served' && where !== 'remote') || !ref.raw.includes('\\')) return undefined;
    const fixed = ref.raw.replace(/\\/g, '/');
    return {
      status: where === 'served' ? 'ok' : 'remote',
      problem: problem('backslash', `The path '${ref.raw}' uses backslashes. Browsers may read them as slashes, but the web server, html-proofer and feeds do not: write '${fixed}'.`, [
        { title: `Use slashes: '${fixed}'`, newText: fixed, preferred: true },
      ]),
    };
  },
};
