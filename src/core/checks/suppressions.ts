/** Suppression comments (`ipe-author-disable-next-line CODE` …), applied after every other check. */
import { SuppressionContext, suppressFindings } from '../suppressions';
import { Codes, findingMaker, FindingsCheck, KnownCode } from './types';

const CODES = {
  'unused-suppression': { severity: 'warning', summary: 'An ipe-author-disable comment that suppresses no problem any more, or names an unknown code.' },
} as const satisfies Codes;

const finding = findingMaker(CODES);

export function suppressionContext(isCode: KnownCode): SuppressionContext {
  return { unused: (file, range, message, fixes) => finding('unused-suppression', file, range, message, fixes), isCode };
}

export const suppressionChecks: FindingsCheck<typeof CODES> = {
  name: 'suppressions',
  needs: 'findings',
  codes: CODES,
  apply(findings, texts, settings, isCode) {
    return suppressFindings(suppressionContext(isCode), findings, texts, settings);
  },
};
