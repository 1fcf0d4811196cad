import type { Site } from './site';
import { applySeverity, Finding, FindingSettings } from './findings';
import { CONFIG_CHECKS } from './checks/index';

/** Findings on the site's config files as loaded (baseurl form, YAML errors), each in its own file. */
export function configFindings(site: Site, options: FindingSettings = {}): Finding[] {
  return applySeverity(
    CONFIG_CHECKS.flatMap((c) => c.check(site)),
    options,
  );
}

/**
 * Findings for one config file of the site, judged on the given text (an editor's unsaved text, so
 * that ranges and fixes match what is on screen). Baseurl problems belong only to the file whose
 * baseurl is in force.
 */
export function configFileFindings(site: Site, file: string, text: string, options: FindingSettings = {}): Finding[] {
  return applySeverity(
    CONFIG_CHECKS.flatMap((c) => c.checkFile(site, file, text)),
    options,
  );
}
