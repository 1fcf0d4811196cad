/**
 * Plugins the deployed site will not run: under GitHub Pages, an entry of `plugins:` or `gems:` that is
 * not on the pages gem's allow-list (skipped without an error), and `_plugins/*.rb` (safe mode never
 * loads them). Under plain Jekyll the site's own build runs what it names: nothing is said.
 */
import type { Finding } from '../findings';
import { parseSiteConfig } from '../siteConfig';
import { PAGES_THEMES, PLUGIN_LOSSES, PluginEntry, pagesAllows } from '../pagesPlugins';
import type { Site } from '../site';
import { Codes, ConfigCheck, findingMaker } from './types';

const CODES = {
  'plugin-not-allowed': { severity: 'warning', summary: '_config.yml: a plugin GitHub Pages does not allow; the deployed site is built without it.' },
  'plugins-folder-ignored': { severity: 'warning', summary: '_plugins/*.rb: GitHub Pages builds in safe mode and never runs them.' },
} as const satisfies Codes;

const finding = findingMaker(CODES);

function entryFinding(e: PluginEntry): Finding {
  const loss = PLUGIN_LOSSES[e.name];
  const theme = PAGES_THEMES.includes(e.name) ? ` (${e.name} is a theme: theme: chooses it, plugins: is not needed for it)` : '';
  return finding(
    'plugin-not-allowed',
    e.file,
    e.range,
    `GitHub Pages will not run the plugin '${e.name}': it is not on the github-pages gem's allow-list, so the build skips it silently${loss ? `: ${loss}` : ''}${theme}. Build with a workflow of your own to run it.`,
  );
}

function pluginFindings(site: Site, entries: readonly PluginEntry[] | undefined): Finding[] {
  if (!site.githubPages || !entries) return [];
  return entries.filter((e) => !pagesAllows(e.name)).map(entryFinding);
}

/** The folders a site keeps plugins in: `_plugins`, and `plugins_dir:` when the config names another. */
function pluginFolders(site: Site): string[] {
  const folders = ['_plugins'];
  const dir = site.config.data.plugins_dir;
  if (typeof dir === 'string') {
    const rel = dir.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    if (rel !== '' && !rel.startsWith('/') && !folders.includes(rel)) folders.push(rel);
  }
  return folders;
}

function pluginsFolderFinding(site: Site): Finding[] {
  if (!site.githubPages) return [];
  const folders = pluginFolders(site).map((f) => f + '/');
  const rb: string[] = [];
  for (const path of site.allFiles()) if (/\.rb$/i.test(path) && folders.some((f) => path.startsWith(f))) rb.push(path);
  if (rb.length === 0) return [];
  rb.sort();
  const folder = rb[0].slice(0, rb[0].lastIndexOf('/'));
  const more = rb.length > 1 ? ` nor the ${rb.length - 1} other .rb file${rb.length > 2 ? 's' : ''} there` : '';
  return [
    finding(
      'plugins-folder-ignored',
      rb[0],
      { start: 0, end: 0 },
      `GitHub Pages builds in safe mode and never loads ${folder}/: it will not run ${rb[0]}${more}, so the deployed site has nothing they make. Build with a workflow of your own to run them.`,
    ),
  ];
}

export const pluginChecks: ConfigCheck<typeof CODES> = {
  name: 'plugins',
  needs: 'config',
  codes: CODES,
  check(site) {
    return [...pluginFindings(site, site.config.pluginEntries), ...pluginsFolderFinding(site)];
  },
  checkFile(site, file, text) {
    return pluginFindings(site, parseSiteConfig(file, text).pluginEntries);
  },
};
