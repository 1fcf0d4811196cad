/** The checker's own settings file, `.ipe-author.yml` / `.ipe-author.json` (`projectConfig.ts` reads it). */
import { parseProjectConfig } from '../projectConfig';
import { Codes, findingMaker, SettingsCheck } from './types';

const CODES = {
  'ipe-config-syntax': { severity: 'error', summary: '.ipe-author.yml (or .json) is not valid YAML or JSON; none of its settings apply.' },
  'ipe-config-value': { severity: 'error', summary: '.ipe-author.yml: an unknown key or code, or a value of the wrong type; that setting does not apply.' },
} as const satisfies Codes;

export const ipeConfigFinding = findingMaker(CODES);

export const ipeConfigChecks: SettingsCheck<typeof CODES> = {
  name: 'ipe-config',
  needs: 'settings',
  codes: CODES,
  check(file, text, isCode) {
    return [...parseProjectConfig(file, text, isCode).findings];
  },
};
