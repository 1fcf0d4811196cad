/** Suppression comments (`ipe-author-disable-next-line CODE` …), applied after every other check. */
import { suppressFindings } from '../suppressions';
import type { Codes, FindingsCheck } from './types';

const CODES = {
  'unused-suppression': { severity: 'warning', summary: 'An ipe-author-disable comment that suppresses no problem any more, or names an unknown code.' },
} as const satisfies Codes;

export const suppressionChecks: FindingsCheck<typeof CODES> = {
  name: 'suppressions',
  needs: 'findings',
  codes: CODES,
  apply(findings, texts, settings) {
    return suppressFindings(findings, texts, settings);
  },
};
