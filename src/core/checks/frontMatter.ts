/** Front matter Jekyll cannot read: broken YAML, no closing '---', not a mapping. */
import { Codes, DocumentCheck, findingMaker } from './types';

const CODES = {
  'yaml-error': { severity: 'error', summary: 'Front matter that is not valid YAML; Jekyll drops all of it (no layout, no title).' },
  'front-matter-unterminated': { severity: 'error', summary: "Front matter without its closing '---'." },
  'front-matter-not-mapping': { severity: 'error', summary: 'Front matter that is not a list of key: value lines.' },
} as const satisfies Codes;

const finding = findingMaker(CODES);

export const frontMatterChecks: DocumentCheck<typeof CODES> = {
  name: 'front-matter',
  needs: 'document',
  codes: CODES,
  check(_site, { path, frontMatter }) {
    return frontMatter.problems.map((p) =>
      finding(p.kind === 'unterminated' ? 'front-matter-unterminated' : p.kind === 'not-a-mapping' ? 'front-matter-not-mapping' : 'yaml-error', path, p.range, p.message),
    );
  },
};
