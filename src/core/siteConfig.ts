import { parseDocument, isMap, isScalar } from 'yaml';
import { parseFlatYaml } from './frontMatter';
import type { OffsetRange } from './text';
import { PluginEntry, pagesAllows, pluginEntries } from './pagesPlugins';

/** The part of `_config.yml` the engine uses, with where the baseurl is written. */
export interface SiteConfig {
  readonly file: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** `baseurl` as written ('' when absent). */
  readonly baseurlRaw: string;
  /** Where the baseurl value stands in the config file, when it is there. */
  readonly baseurlRange?: OffsetRange;
  /** The path the site is served under: '' or '/ipe' (leading slash, no trailing one). */
  readonly basePath: string;
  /** `url` ('' when absent), without a trailing slash. */
  readonly url: string;
  readonly timezone?: string;
  readonly future: boolean;
  readonly permalink: string;
  readonly exclude: readonly string[];
  readonly include: readonly string[];
  readonly defaults: readonly FrontMatterDefault[];
  /** The collections of `collections:` other than posts (a list of names, or a map of name → options). */
  readonly collections: readonly CollectionConfig[];
  /** `collections_dir:`, the folder the collections' `_NAME` folders are in ('' for the site's root). */
  readonly collectionsDir: string;
  readonly problems: readonly ConfigProblem[];
  /** The entries of `plugins:` and `gems:` in force, with where each is written (from the file that sets each list last). */
  readonly pluginEntries?: readonly PluginEntry[];
}

/** A collection of `collections:`: its documents are the files under `<collections_dir>/_NAME/`. */
export interface CollectionConfig {
  readonly name: string;
  /** `output: true`: each document is written at its URL; otherwise nothing is written (the documents are still read). */
  readonly output: boolean;
  /** The collection's `permalink:`, when it sets one. */
  readonly permalink?: string;
}

/** The collections a config names, as Jekyll's Configuration#add_default_collections reads them; `posts` left out (modelled on its own). */
export function collectionsOf(value: unknown): CollectionConfig[] {
  const out: CollectionConfig[] = [];
  const add = (name: unknown, options: unknown) => {
    if (typeof name !== 'string' && typeof name !== 'number') return;
    // Collection#sanitize_label: only letters, digits, '_', '-' and '.' are kept.
    const label = String(name).replace(/[^a-z0-9_\-.]/gi, '');
    if (label === '' || label === 'posts' || out.some((c) => c.name === label)) return;
    const o = options !== null && typeof options === 'object' && !Array.isArray(options) ? (options as Record<string, unknown>) : {};
    const permalink = typeof o.permalink === 'string' && o.permalink.trim() !== '' ? o.permalink.trim() : undefined;
    out.push({ name: label, output: o.output !== undefined && o.output !== null && o.output !== false, ...(permalink ? { permalink } : {}) });
  };
  if (Array.isArray(value)) for (const name of value) add(name, {});
  else if (value !== null && typeof value === 'object' && !(value instanceof Date)) for (const [name, options] of Object.entries(value)) add(name, options);
  return out;
}

export interface FrontMatterDefault {
  readonly path: string;
  readonly type?: string;
  readonly values: Readonly<Record<string, unknown>>;
}

export type ConfigProblemCode =
  | 'config-yaml-error'
  | 'baseurl-no-leading-slash'
  | 'baseurl-trailing-slash'
  | 'baseurl-full-url'
  | 'baseurl-root'
  | 'config-missing';

export interface ConfigProblem {
  readonly code: ConfigProblemCode;
  /** The config file the range is in. */
  readonly file: string;
  readonly message: string;
  readonly range: OffsetRange;
  /** Replacement text for the range, when the fix is clear. */
  readonly fix?: { readonly title: string; readonly newText: string };
}

/** Jekyll 4.3's default `exclude:` list; a site's own list is added to it. */
export const DEFAULT_EXCLUDES = [
  '.sass-cache',
  '.jekyll-cache',
  'gemfiles',
  'Gemfile',
  'Gemfile.lock',
  'node_modules',
  'vendor/bundle/',
  'vendor/cache/',
  'vendor/gems/',
  'vendor/ruby/',
];

const PERMALINK_STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

export function permalinkPattern(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') return PERMALINK_STYLES.date;
  return PERMALINK_STYLES[value] ?? value;
}

export function isBuiltInPermalinkStyle(value: unknown): boolean {
  return typeof value === 'string' && value in PERMALINK_STYLES;
}

function asStringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(String);
  if (typeof value === 'string') return [value];
  return [];
}

/** Parses a config file's text. A file that does not parse still gives a usable config: Jekyll's defaults. */
export function parseSiteConfig(file: string, text: string | undefined): SiteConfig {
  const problems: ConfigProblem[] = [];
  let data: Record<string, unknown> = {};
  let baseurlRange: OffsetRange | undefined;
  let baseurlQuoted = false;
  let flat: ReturnType<typeof parseFlatYaml>;
  if (text === undefined) {
    problems.push({ file, code: 'config-missing', message: `The site has no ${file}; Jekyll's defaults apply (baseurl '').`, range: { start: 0, end: 0 } });
  } else if ((flat = parseFlatYaml(text, 0))) {
    // Flat `key: value` lines: read by the front matter's fast path, which gives what yaml gives.
    data = flat.data;
    const baseurl = flat.values.get('baseurl');
    if (baseurl?.valueRange) {
      baseurlQuoted = baseurl.style === 'QUOTE_SINGLE' || baseurl.style === 'QUOTE_DOUBLE';
      baseurlRange = baseurl.valueRange;
    }
  } else {
    const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: false, strict: false });
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      problems.push({
        file,
        code: 'config-yaml-error',
        message: `${file} is not valid YAML (line ${e.linePos?.[0]?.line ?? '?'}): ${e.message.split('\n')[0]}. Jekyll will stop with an error.`,
        // An error at the end of the file points one past it; keep the range inside the text.
        range: { start: Math.min(e.pos[0], text.length), end: Math.min(Math.max(e.pos[1], e.pos[0] + 1), text.length) },
      });
    } else {
      try {
        const js = doc.toJS({ maxAliasCount: 100 });
        if (js && typeof js === 'object' && !Array.isArray(js)) data = js;
      } catch {
        data = {};
      }
      if (isMap(doc.contents)) {
        for (const pair of doc.contents.items) {
          if (isScalar(pair.key) && pair.key.value === 'baseurl' && isScalar(pair.value) && pair.value.range) {
            const [s, e] = pair.value.range;
            baseurlQuoted = pair.value.type === 'QUOTE_SINGLE' || pair.value.type === 'QUOTE_DOUBLE';
            baseurlRange = baseurlQuoted ? { start: s + 1, end: e - 1 } : { start: s, end: e };
          }
        }
      }
    }
  }
  const config = buildSiteConfig(file, data, baseurlRange, problems);
  // Where each plugin is written is needed only for one GitHub Pages does not allow (a full YAML parse).
  const named = [data.plugins, data.gems].flatMap((v) => (Array.isArray(v) ? v : []));
  const placesNeeded = named.some((n) => typeof n !== 'string' || !pagesAllows(n));
  return text === undefined || !placesNeeded ? config : { ...config, pluginEntries: pluginEntries(file, text) };
}

/**
 * The config in force from parsed data (one file's, or several merged): the baseurl and its problems,
 * url, time zone, permalink style, exclude/include and front matter defaults.
 */
export function buildSiteConfig(file: string, data: Record<string, unknown>, baseurlRange: OffsetRange | undefined, problems: ConfigProblem[]): SiteConfig {
  const baseurlRaw = data.baseurl === null || data.baseurl === undefined ? '' : String(data.baseurl);
  const url = data.url === null || data.url === undefined ? '' : String(data.url).replace(/\/+$/, '');

  let basePath = baseurlRaw.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(basePath)) {
    let path = '';
    try {
      path = new URL(basePath).pathname;
    } catch {
      path = '';
    }
    problems.push({
      file,
      code: 'baseurl-full-url',
      message: `baseurl must be the path the site is served under, not a full URL: '${baseurlRaw}'. Put the host in url: and the path here${path && path !== '/' ? ` ('${path.replace(/\/+$/, '')}')` : " ('')"}.`,
      range: baseurlRange ?? { start: 0, end: 0 },
      fix: baseurlRange ? { title: `Change baseurl to '${path.replace(/\/+$/, '')}'`, newText: path.replace(/\/+$/, '') } : undefined,
    });
    basePath = path;
  } else if (basePath !== '' && basePath !== '/') {
    if (!basePath.startsWith('/')) {
      problems.push({
        file,
        code: 'baseurl-no-leading-slash',
        message: `baseurl '${baseurlRaw}' has no leading slash: relative_url and the layout's prepend produce URLs like '${basePath.replace(/\/+$/, '')}/img/x.png' that the browser resolves against each page's own folder.`,
        range: baseurlRange ?? { start: 0, end: 0 },
        fix: baseurlRange ? { title: `Change baseurl to '/${basePath.replace(/^\/+|\/+$/g, '')}'`, newText: `/${basePath.replace(/^\/+|\/+$/g, '')}` } : undefined,
      });
    }
    if (basePath.endsWith('/')) {
      problems.push({
        file,
        code: 'baseurl-trailing-slash',
        message: `baseurl '${baseurlRaw}' ends with a slash: prepend: site.baseurl then gives '${basePath}/img/…' (the theme's replace: '//', '/' hides it there, but other links get a double slash).`,
        range: baseurlRange ?? { start: 0, end: 0 },
        fix: baseurlRange ? { title: `Change baseurl to '/${basePath.replace(/^\/+|\/+$/g, '')}'`, newText: `/${basePath.replace(/^\/+|\/+$/g, '')}` } : undefined,
      });
    }
  }
  if (basePath === '/') {
    problems.push({
      file,
      code: 'baseurl-root',
      message: "baseurl '/' means the site root, which Jekyll writes as ''. With '/', '{{ site.baseurl }}/img/x.png' becomes '//img/x.png', a URL on another host named 'img'.",
      range: baseurlRange ?? { start: 0, end: 0 },
      fix: baseurlRange ? { title: "Change baseurl to ''", newText: '' } : undefined,
    });
  }
  // Where the site really lives: one leading slash, no trailing one ('' for the root).
  basePath = basePath.replace(/^\/*/, '/').replace(/\/+$/, '');

  const defaults: FrontMatterDefault[] = [];
  if (Array.isArray(data.defaults)) {
    for (const entry of data.defaults) {
      if (!entry || typeof entry !== 'object') continue;
      const scope = (entry as Record<string, unknown>).scope as Record<string, unknown> | undefined;
      const values = (entry as Record<string, unknown>).values;
      if (!values || typeof values !== 'object') continue;
      defaults.push({
        path: typeof scope?.path === 'string' ? scope.path.replace(/^\/+|\/+$/g, '') : '',
        type: typeof scope?.type === 'string' ? scope.type : undefined,
        values: values as Record<string, unknown>,
      });
    }
  }

  return {
    file,
    data,
    baseurlRaw,
    baseurlRange,
    basePath,
    url,
    timezone: typeof data.timezone === 'string' && data.timezone.trim() !== '' ? data.timezone.trim() : undefined,
    future: data.future === true,
    permalink: permalinkPattern(data.permalink),
    exclude: [...DEFAULT_EXCLUDES, ...asStringList(data.exclude)],
    include: ['.htaccess', ...asStringList(data.include)],
    defaults,
    collections: collectionsOf(data.collections),
    collectionsDir: typeof data.collections_dir === 'string' ? data.collections_dir.replace(/^\/+|\/+$/g, '') : '',
    problems,
  };
}

/** Problems about the baseurl itself: they belong to the config file whose baseurl is in force. */
export function isBaseurlProblem(code: ConfigProblemCode): boolean {
  return code === 'baseurl-no-leading-slash' || code === 'baseurl-trailing-slash' || code === 'baseurl-full-url' || code === 'baseurl-root';
}
