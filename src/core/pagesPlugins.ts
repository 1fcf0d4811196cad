/**
 * The plugins a build runs. GitHub Pages builds in safe mode with the github-pages gem's allow-list
 * (its `lib/github-pages/plugins.rb`): a plugin named in `plugins:` (or the older `gems:`) that is not
 * on the list is skipped without an error, and `_plugins/*.rb` files are never loaded. Its default
 * plugins always run, whatever the config says.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { OffsetRange } from './text';

/** The plugins GitHub Pages always runs (the pages gem's DEFAULT_PLUGINS). */
export const PAGES_DEFAULT_PLUGINS: readonly string[] = [
  'jekyll-coffeescript',
  'jekyll-commonmark-ghpages',
  'jekyll-gist',
  'jekyll-github-metadata',
  'jekyll-paginate',
  'jekyll-relative-links',
  'jekyll-optional-front-matter',
  'jekyll-readme-index',
  'jekyll-default-layout',
  'jekyll-titles-from-headings',
];

/** The plugins GitHub Pages runs when a site names them (the pages gem's PLUGIN_WHITELIST). */
export const PAGES_ALLOWED_PLUGINS: readonly string[] = [
  'jekyll-coffeescript',
  'jekyll-commonmark-ghpages',
  'jekyll-feed',
  'jekyll-gist',
  'jekyll-github-metadata',
  'jekyll-paginate',
  'jekyll-redirect-from',
  'jekyll-seo-tag',
  'jekyll-sitemap',
  'jekyll-avatar',
  'jemoji',
  'jekyll-mentions',
  'jekyll-relative-links',
  'jekyll-optional-front-matter',
  'jekyll-readme-index',
  'jekyll-default-layout',
  'jekyll-titles-from-headings',
  'jekyll-include-cache',
  'jekyll-octicons',
  'jekyll-remote-theme',
];

/** The themes the pages gem bundles: chosen with `theme:`, not run as plugins. */
export const PAGES_THEMES: readonly string[] = [
  'minima',
  'jekyll-swiss',
  'jekyll-theme-primer',
  'jekyll-theme-architect',
  'jekyll-theme-cayman',
  'jekyll-theme-dinky',
  'jekyll-theme-hacker',
  'jekyll-theme-leap-day',
  'jekyll-theme-merlot',
  'jekyll-theme-midnight',
  'jekyll-theme-minimal',
  'jekyll-theme-modernist',
  'jekyll-theme-slate',
  'jekyll-theme-tactile',
  'jekyll-theme-time-machine',
];

/** What a deployed site lacks without a well-known plugin, said only where it is certain. */
export const PLUGIN_LOSSES: Readonly<Record<string, string>> = {
  'jekyll-archives': 'no archive pages for its categories, tags or dates',
  'jekyll-paginate-v2': 'no pages from its pagination: and autopages: settings',
  'jekyll-last-modified-at': 'no page.last_modified_at, and a page that uses its {% last_modified_at %} tag fails the build',
  'jekyll-scholar': 'no bibliographies, and a page that uses its {% bibliography %} or {% cite %} tag fails the build',
  'jekyll-admin': 'its admin panel is for jekyll serve on your own machine; the built site lacks nothing',
};

/** One entry of `plugins:` or `gems:` in a config file, with where its name is written. */
export interface PluginEntry {
  readonly file: string;
  readonly key: 'plugins' | 'gems';
  readonly name: string;
  readonly range: OffsetRange;
}

const PLUGIN_KEYS = /^(?:plugins|gems)[ \t]*:/m;

/** The entries of the top-level `plugins:` and `gems:` lists of a config file's text, in order. */
export function pluginEntries(file: string, text: string): PluginEntry[] {
  if (!PLUGIN_KEYS.test(text)) return [];
  const out: PluginEntry[] = [];
  try {
    const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: false, strict: false });
    if (doc.errors.length > 0 || !isMap(doc.contents)) return [];
    // A key written twice: the last one stands (as Psych reads it).
    const lists = new Map<'plugins' | 'gems', PluginEntry[]>();
    for (const pair of doc.contents.items) {
      if (!isScalar(pair.key) || (pair.key.value !== 'plugins' && pair.key.value !== 'gems')) continue;
      const key = pair.key.value;
      const entries: PluginEntry[] = [];
      if (isSeq(pair.value)) {
        for (const item of pair.value.items) {
          if (!isScalar(item) || item.value === null || item.value === undefined || !item.range) continue;
          const [s, e] = item.range;
          const quoted = item.type === 'QUOTE_SINGLE' || item.type === 'QUOTE_DOUBLE';
          entries.push({ file, key, name: String(item.value), range: quoted ? { start: s + 1, end: e - 1 } : { start: s, end: e } });
        }
      }
      lists.set(key, entries);
    }
    for (const key of ['plugins', 'gems'] as const) out.push(...(lists.get(key) ?? []));
  } catch {
    return [];
  }
  return out;
}

/** Whether GitHub Pages runs a plugin that a site names. */
export function pagesAllows(name: string): boolean {
  return PAGES_ALLOWED_PLUGINS.includes(name);
}

/**
 * The plugins a build runs for a config's data: under GitHub Pages its defaults and the allowed ones
 * the config names (jekyll-remote-theme too when `remote_theme:` is set); under plain Jekyll the ones
 * the config names.
 */
export function activePlugins(data: Readonly<Record<string, unknown>>, githubPages: boolean): Set<string> {
  const named: string[] = [];
  for (const key of ['plugins', 'gems']) {
    const v = data[key];
    if (Array.isArray(v)) for (const p of v) if (typeof p === 'string') named.push(p);
  }
  if (!githubPages) return new Set(named);
  const on = new Set(PAGES_DEFAULT_PLUGINS);
  for (const p of named) if (pagesAllows(p)) on.add(p);
  if (typeof data.remote_theme === 'string' && data.remote_theme.trim() !== '') on.add('jekyll-remote-theme');
  return on;
}
