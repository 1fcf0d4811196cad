/**
 * Every check of the engine, in one explicit list (as markdownlint's rules and ESLint's rules are).
 *
 * To add a check: write `src/core/checks/<family>.ts` that declares its codes (`{ code: { severity,
 * summary } }`) and exports one object of a shape from `types.ts` — `needs: 'reference'` (judges a
 * located reference), `'document'` (one document's analysis and text), `'site'` (a summary of every
 * document, judged together), `'config'` (the config files), `'file'` (a file that cannot be parsed),
 * `'findings'` (every finding, after the other checks: suppressions) or `'settings'` (`.ipe-author.yml`)
 * — then add one line to CHECKS below. Its codes then exist everywhere: `FINDING_CODES`, the
 * `FindingCode` type, `ipe-author codes`, the severity settings, and the README's table (a test holds
 * the table to this list). Nothing is registered by importing a module.
 *
 * Order matters in two ways: reference checks are asked in this order and the first verdict stands
 * (the most specific cause first), and a document's findings are listed in this order (its reference
 * findings together, in the order of the text, where the first reference check stands).
 */
import { fileLimitChecks } from './fileLimits';
import { configChecks } from './config';
import { pluginChecks } from './plugins';
import { frontMatterChecks } from './frontMatter';
import { remoteUrlChecks } from './remoteUrls';
import { baseurlChecks } from './baseurl';
import { targetFileChecks } from './targetFile';
import { backslashChecks } from './backslash';
import { publishChecks } from './publish';
import { liquidChecks, liquidTemplateChecks } from './liquid';
import { urlConflictChecks } from './urlConflicts';
import { linkChecks } from './links';
import { suppressionChecks } from './suppressions';
import { ipeConfigChecks } from './ipeConfig';
import type { Check, ConfigCheck, DocumentCheck, FileCheck, FindingsCheck, ReferenceCheck, SettingsCheck, SiteCheck } from './types';

export const CHECKS = [
  configChecks,
  pluginChecks,
  fileLimitChecks,
  frontMatterChecks,
  remoteUrlChecks,
  baseurlChecks,
  targetFileChecks,
  backslashChecks,
  publishChecks,
  liquidChecks,
  liquidTemplateChecks,
  urlConflictChecks,
  linkChecks,
  suppressionChecks,
  ipeConfigChecks,
] as const;

type CodesOf<T> = T extends { readonly codes: infer C } ? keyof C & string : never;

/** Every code that some check declares. */
export type CheckCode = CodesOf<(typeof CHECKS)[number]>;

const byNeed = <N extends Check['needs']>(need: N) => (CHECKS as readonly Check[]).filter((c): c is Extract<Check, { needs: N }> => c.needs === need);

/** The reference checks in the order they judge (the most specific cause first). */
export const REFERENCE_CHECKS: readonly ReferenceCheck[] = byNeed('reference');
export const DOCUMENT_CHECKS: readonly DocumentCheck[] = byNeed('document');
export const SITE_CHECKS: readonly SiteCheck[] = byNeed('site') as readonly SiteCheck[];
export const CONFIG_CHECKS: readonly ConfigCheck[] = byNeed('config');
export const FILE_CHECKS: readonly FileCheck[] = byNeed('file');
/** After every other check: suppression comments. */
export const FINDINGS_CHECKS: readonly FindingsCheck[] = byNeed('findings');
export const SETTINGS_CHECKS: readonly SettingsCheck[] = byNeed('settings');
