import type { Site } from './site';
import { ConfigProblem, isBaseurlProblem, parseSiteConfig } from './siteConfig';
import { applySeverity, Finding, FindingSettings } from './findings';
import { makeFinding } from './analyzeDocument';

function problemFinding(p: ConfigProblem): Finding {
  return makeFinding(p.code, p.file, p.range, p.message, p.fix ? [{ title: p.fix.title, preferred: true, edits: [{ range: p.range, newText: p.fix.newText }] }] : []);
}

/** Findings on the site's config files as loaded (baseurl form, YAML errors), each in its own file. */
export function configFindings(site: Site, options: FindingSettings = {}): Finding[] {
  return applySeverity(site.config.problems.map(problemFinding), options);
}

/**
 * Findings for one config file of the site, judged on the given text (an editor's unsaved text, so
 * that ranges and fixes match what is on screen). Baseurl problems belong only to the file whose
 * baseurl is in force.
 */
export function configFileFindings(site: Site, file: string, text: string, options: FindingSettings = {}): Finding[] {
  const owner = site.config.file;
  const problems = parseSiteConfig(file, text).problems.filter((p) => p.code !== 'config-missing' && (!isBaseurlProblem(p.code) || file === owner));
  return applySeverity(problems.map(problemFinding), options);
}
