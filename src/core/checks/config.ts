/** The site's config files: the baseurl's form, YAML errors, a configured file that is missing. */
import { ConfigProblem, isBaseurlProblem, parseSiteConfig } from '../siteConfig';
import type { Finding } from '../findings';
import { Codes, ConfigCheck, findingMaker } from './types';

const CODES = {
  'baseurl-no-leading-slash': { severity: 'error', summary: "_config.yml: baseurl without a leading slash ('ipe')." },
  'baseurl-trailing-slash': { severity: 'warning', summary: "_config.yml: baseurl with a trailing slash ('/ipe/')." },
  'baseurl-full-url': { severity: 'error', summary: '_config.yml: baseurl is a full URL; it must be a path.' },
  'baseurl-root': { severity: 'warning', summary: "_config.yml: baseurl '/' (the root is ''); '{{ site.baseurl }}/img' becomes '//img', another host." },
  'config-yaml-error': { severity: 'error', summary: '_config.yml is not valid YAML; Jekyll stops.' },
  'config-missing': { severity: 'information', summary: 'The configured config file is missing; Jekyll defaults apply.' },
} as const satisfies Codes;

const finding = findingMaker(CODES);

function problemFinding(p: ConfigProblem): Finding {
  return finding(p.code, p.file, p.range, p.message, p.fix ? [{ title: p.fix.title, preferred: true, edits: [{ range: p.range, newText: p.fix.newText }] }] : []);
}

export const configChecks: ConfigCheck<typeof CODES> = {
  name: 'config',
  needs: 'config',
  codes: CODES,
  check(site) {
    return site.config.problems.map(problemFinding);
  },
  checkFile(site, file, text) {
    // Baseurl problems belong only to the file whose baseurl is in force.
    const owner = site.config.file;
    return parseSiteConfig(file, text)
      .problems.filter((p) => p.code !== 'config-missing' && (!isBaseurlProblem(p.code) || file === owner))
      .map(problemFinding);
  },
};
