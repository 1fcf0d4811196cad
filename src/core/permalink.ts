import type { Site } from './site';
import { BoundedMemo } from './memo';
import { isBuiltInPermalinkStyle, permalinkPattern } from './siteConfig';
import type { CollectionConfig, SiteConfig } from './siteConfig';

/** What a source file becomes on the site: 'collection' for a document of a collection of `collections:` other than posts. */
export type DocumentKind = 'post' | 'page' | 'collection' | 'layout' | 'include' | 'data' | 'other';

/** What the engine needs of the config to tell a collection's documents. */
export type CollectionsConfig = Pick<SiteConfig, 'collections' | 'collectionsDir'>;

/** A file of a collection: the collection, and its path below `<collections_dir>/_NAME/`. */
export interface CollectionFile {
  readonly collection: CollectionConfig;
  readonly relative: string;
}

/**
 * The collection a file belongs to, when the config names one whose folder (`<collections_dir>/_NAME/`)
 * holds it and Jekyll's filter reads it (an entry whose path or name starts with '.', '_', '#' or '~',
 * or a name ending in '~', is left out).
 */
export function collectionFileOf(config: CollectionsConfig | undefined, path: string): CollectionFile | undefined {
  if (!config || config.collections.length === 0) return undefined;
  const dir = config.collectionsDir === '' ? '' : config.collectionsDir + '/';
  if (!path.startsWith(dir + '_')) return undefined;
  for (const collection of config.collections) {
    const prefix = dir + '_' + collection.name + '/';
    if (!path.startsWith(prefix)) continue;
    const relative = path.slice(prefix.length);
    const base = relative.slice(relative.lastIndexOf('/') + 1);
    if (/^[._#~]/.test(relative) || /^[._#~]/.test(base) || base.endsWith('~')) return undefined;
    return { collection, relative };
  }
  return undefined;
}

/** Jekyll's post file name rule: `YYYY-MM-DD-title.ext` directly or deeper in a `_posts` folder. */
const POST_NAME = /^(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^./]+)$/;
const MARKUP = /\.(md|markdown|mkdown|mkdn|mkd|html|htm|xml|txt)$/i;

/** What a file is; with the config, a file of one of its collections is a 'collection' document. */
export function documentKind(path: string, config?: CollectionsConfig): DocumentKind {
  if (/(^|\/)_posts\//.test(path)) return 'post';
  if (config && collectionFileOf(config, path)) return 'collection';
  if (path.startsWith('_layouts/')) return 'layout';
  if (path.startsWith('_includes/')) return 'include';
  if (path.startsWith('_data/')) return 'data';
  if (MARKUP.test(path) && !HIDDEN_SEGMENT.test(path)) return 'page';
  return 'other';
}

/**
 * The part of a post's path below `_posts/` that makes Jekyll skip the file (its EntryFilter: a name
 * starting with '_', '.', '#' or ending with '~'), or undefined when Jekyll reads it:
 * `_posts/_unpublished_2016-09-28-second-post.markdown` is never built.
 */
export function ignoredPostSegment(path: string): string | undefined {
  const at = path.indexOf('_posts/');
  if (at < 0) return undefined;
  const m = /(?:^|\/)_posts\/(.*)$/.exec(path);
  if (!m) return undefined;
  // The common case, a name Jekyll reads, in one test.
  if (!/(?:^|\/)[_.#]|~(?:\/|$)/.test(m[1])) return undefined;
  return m[1].split('/').find((s) => /^[_.#]/.test(s) || s.endsWith('~'));
}

/** A path segment that starts with '_' or '.'. */
const HIDDEN_SEGMENT = /(?:^|\/)[_.]/;

export function isMarkdownPath(path: string): boolean {
  return /\.(md|markdown|mkdown|mkdn|mkd)$/i.test(path);
}

export function outputExtension(path: string): string {
  if (isMarkdownPath(path)) return '.html';
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(dot) : '';
}

export interface PostName {
  readonly date: string;
  readonly slug: string;
  readonly ext: string;
  /** Categories from the folders above `_posts`. */
  readonly folderCategories: readonly string[];
}

/** Answers of {@link parsePostName} by path: a check asks for each post's name several times. */
const postNames = new BoundedMemo(50_000, readPostName);

export function parsePostName(path: string): PostName | undefined {
  return postNames.get(path);
}

function readPostName(path: string): PostName | undefined {
  const marker = path.lastIndexOf('_posts/');
  if (marker < 0) return undefined;
  const rest = path.slice(marker + '_posts/'.length);
  const base = rest.slice(rest.lastIndexOf('/') + 1);
  const m = POST_NAME.exec(base);
  if (!m) return undefined;
  const folderCategories = path.slice(0, marker).split('/').filter((s) => s !== '');
  return { date: m[1], slug: m[2], ext: m[3], folderCategories };
}

/** Calendar fields of an instant in a time zone. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Offset from UTC in minutes in that zone at that instant. */
  readonly offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The UTC calendar fields of an instant, by arithmetic on days since the epoch (the proleptic Gregorian
 * calendar in eras of 400 years, as Date does): the common case (no `timezone:` in the config) needs
 * neither Intl nor a Date object. Instants Date cannot hold give NaN fields, as Date does.
 */
export function utcClock(instant: number): WallClock {
  if (!Number.isFinite(instant) || Math.abs(instant) > 8.64e15) return { year: NaN, month: NaN, day: NaN, hour: NaN, minute: NaN, second: NaN, offsetMinutes: 0 };
  // Date keeps whole milliseconds, cut toward zero (TimeClip), then the fields count down from there.
  const ms = Math.floor(Math.trunc(instant) / 1000) * 1000;
  const days = Math.floor(ms / 86400000);
  const secondsOfDay = (ms - days * 86400000) / 1000;
  // Days since 0000-03-01, in eras of 146,097 days (400 years); a year starts in March.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day, hour: Math.floor(secondsOfDay / 3600), minute: Math.floor((secondsOfDay % 3600) / 60), second: secondsOfDay % 60, offsetMinutes: 0 };
}

/** The day of the year a clock shows, 1 for January 1st. */
export function dayOfYear(clock: WallClock): number {
  return Math.floor((Date.UTC(clock.year, clock.month - 1, clock.day) - Date.UTC(clock.year, 0, 1)) / 86400000) + 1;
}

export function wallClock(instant: number, timeZone: string): WallClock {
  if (timeZone === 'UTC') return utcClock(instant);
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  const offsetMinutes = Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60000);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second, offsetMinutes };
}

/** The instant at which a zone's clock shows the given fields (the earlier one in a fold). */
function instantOfWallTime(fields: [number, number, number, number, number, number], timeZone: string): number {
  const naive = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5]);
  // UTC's clock is the instant itself (GitHub Pages builds in UTC).
  if (timeZone === 'UTC') return naive;
  let guess = naive;
  for (let i = 0; i < 3; i++) guess = naive - wallClock(guess, timeZone).offsetMinutes * 60000;
  return guess;
}

export interface ParsedDate {
  /** Milliseconds since the epoch. */
  readonly instant: number;
  /** True when the text carries its own UTC offset. */
  readonly hasOffset: boolean;
  readonly hasTime: boolean;
}

const DATE_TEXT =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d*)?)?)?[ \t]*(Z|[+-]\d{1,2}(?::?\d{2})?)?$/;
/** Other date-only forms Ruby's Time.parse reads, as [pattern, (match) => [year, month, day]]. */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthNumber = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
const OTHER_DATE_FORMS: [RegExp, (m: RegExpExecArray) => number[]][] = [
  [/^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, (m) => [+m[1], +m[2], +m[3]]], // 2022/01/12
  [/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, (m) => [+m[3], +m[2], +m[1]]], // 12.01.2022
  [/^([A-Za-z]{3,9})\.?[ \t]+(\d{1,2})(?:st|nd|rd|th)?,?[ \t]+(\d{4})$/, (m) => [+m[3], monthNumber(m[1]), +m[2]]], // Jan 9 2022
  [/^(\d{1,2})(?:st|nd|rd|th)?[ \t]+([A-Za-z]{3,9})\.?,?[ \t]+(\d{4})$/, (m) => [+m[3], monthNumber(m[2]), +m[1]]], // 9 January 2022
];

/**
 * Reads a post date the way Jekyll does on a machine whose clock is in `timeZone`: an explicit offset
 * fixes the instant; a YAML timestamp without one (Psych's form, which needs the seconds) is UTC; a
 * quoted value, a date-only value or a time without seconds is read by Time.parse as local time. A day
 * past the month's end rolls over as Ruby's Time.local does (2022-02-30 is March 2). Returns undefined
 * for text the engine does not read; {@link isUnreadableDate} tells which of those Jekyll rejects.
 */
export function parsePostDate(text: string, timeZone: string, yamlTimestamp: boolean): ParsedDate | undefined {
  const t = text.trim();
  // The ISO form first: it is the one posts use, and no other form reads the same text.
  const iso = DATE_TEXT.exec(t);
  if (iso) return isoDate(iso, timeZone, yamlTimestamp);
  for (const [pattern, fields] of OTHER_DATE_FORMS) {
    const other = pattern.exec(t);
    if (!other) continue;
    const [year, month, day] = fields(other);
    if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
    return { instant: instantOfWallTime([year, month, day, 0, 0, 0], timeZone), hasOffset: false, hasTime: false };
  }
  return undefined;
}

function isoDate(m: RegExpExecArray, timeZone: string, yamlTimestamp: boolean): ParsedDate | undefined {
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const hasTime = m[4] !== undefined;
  const hour = hasTime ? Number(m[4]) : 0;
  const minute = hasTime ? Number(m[5]) : 0;
  const second = hasTime ? Number(m[6] ?? 0) : 0;
  if (hour > 24 || minute > 59 || second > 60) return undefined;
  const zone = m[7];
  if (zone !== undefined) {
    let offset = 0;
    if (zone !== 'Z') {
      // DATE_TEXT took it as a sign, one or two digits of hours, then maybe two of minutes (with a ':').
      const digits = zone.slice(1).replace(':', '');
      const hours = digits.length > 2 ? digits.slice(0, digits.length - 2) : digits;
      const minutes = digits.length > 2 ? digits.slice(-2) : '0';
      offset = (zone[0] === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
    }
    return { instant: Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60000, hasOffset: true, hasTime };
  }
  // Psych reads `2022-01-02 23:30:00` (seconds required) as a UTC timestamp; without seconds it stays text.
  if (m[6] !== undefined && yamlTimestamp) return { instant: Date.UTC(year, month - 1, day, hour, minute, second), hasOffset: false, hasTime };
  return { instant: instantOfWallTime([year, month, day, hour, minute, second], timeZone), hasOffset: false, hasTime };
}

/**
 * Whether Jekyll certainly rejects this date text ("Invalid date", the build stops): a numeric date
 * with a month, day or hour out of range, or text without any digits ('tomorrow'). Other text the
 * engine cannot read may still be something Ruby's Time.parse accepts; no claim is made about it.
 */
export function isUnreadableDate(text: string): boolean {
  const t = text.trim();
  if (!/\d/.test(t)) return true;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}))?/.exec(t);
  if (!m) return false;
  return Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[3]) < 1 || Number(m[3]) > 31 || (m[4] !== undefined && (Number(m[4]) > 24 || Number(m[5]) > 59));
}

/** The time zone Jekyll's clock runs in for this site: `timezone:` from the config, else UTC (as GitHub Pages builds). */
export function siteTimeZone(site: Site): string {
  const tz = site.config.timezone;
  return tz && isValidTimeZone(tz) ? tz : 'UTC';
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Jekyll's "pretty" slug mode, cased. */
export function slugifyPretty(text: string): string {
  // A slug already made of kept characters, not starting or ending with '-', is its own slug.
  if (KEPT_SLUG.test(text)) return text;
  // In ASCII text the letters and digits are A-Z, a-z and 0-9: the same rule without Unicode classes, which are slower.
  const kept = ASCII.test(text) ? text.replace(/[^A-Za-z0-9._~!$&'()+,;=@]+/g, '-') : text.replace(/[^\p{L}\p{N}._~!$&'()+,;=@]+/gu, '-');
  return kept.replace(/^-+|-+$/g, '');
}

const ASCII = /^[\x00-\x7f]*$/;
/** Runs of kept characters joined by single dashes: what the pretty slug leaves as it is. */
const KEPT_SLUG = /^(?:[A-Za-z0-9._~!$&'()+,;=@]+(?:-[A-Za-z0-9._~!$&'()+,;=@]+)*)?$/;

function categoriesOf(data: Readonly<Record<string, unknown>>, folder: readonly string[]): string[] {
  if (folder.length === 0 && data.category === undefined && data.categories === undefined) return [];
  const out: string[] = [...folder];
  for (const key of ['category', 'categories']) {
    const v = data[key];
    if (typeof v === 'string') out.push(...v.split(/\s+/).filter(Boolean));
    else if (Array.isArray(v)) out.push(...v.map(String));
  }
  const seen = new Set<string>();
  return out.map((c) => c.toLowerCase()).filter((c) => (seen.has(c) ? false : (seen.add(c), true)));
}

/** A permalink pattern split into literal text (even indexes) and placeholder names (odd indexes), split once. */
const compiledPatterns = new BoundedMemo(201, (pattern: string) => pattern.split(/:([a-z_]+)/));

function compilePattern(pattern: string): string[] {
  return compiledPatterns.get(pattern);
}

/** Fills a permalink pattern; `value` gives each placeholder's text, or undefined to leave it as written. */
export function fillPermalink(pattern: string, value: (placeholder: string) => string | undefined): string {
  const parts = compilePattern(pattern);
  let filled = parts[0];
  for (let i = 1; i < parts.length; i += 2) filled += (value(parts[i]) ?? ':' + parts[i]) + parts[i + 1];
  return sanitizedUrl(filled);
}

/**
 * Jekyll's URL sanitising: no empty, '.' or '..' segments, one leading slash, a trailing slash kept
 * (unless nothing is left but the root). One pass over the segments, without splitting.
 */
function sanitizedUrl(filled: string): string {
  let url = '';
  const n = filled.length;
  for (let start = 0; start <= n; ) {
    let end = filled.indexOf('/', start);
    if (end < 0) end = n;
    const length = end - start;
    const dots = length <= 2 && filled.charCodeAt(start) === 46 && (length === 1 || filled.charCodeAt(start + 1) === 46);
    if (length > 0 && !dots) url += '/' + filled.slice(start, end);
    start = end + 1;
  }
  if (url === '') return '/';
  return filled.charCodeAt(n - 1) === 47 ? url + '/' : url;
}

export interface DocumentUrl {
  readonly kind: DocumentKind;
  /** The page's URL path under the site root, without the baseurl ('/2022/11/22/1.html'). */
  readonly url: string;
  /** For posts: the date Jekyll uses, as fields of the site's clock. */
  readonly date?: WallClock & { readonly instant: number };
  readonly dateSource?: 'front matter' | 'file name';
  /** True when the date text cannot be read by Jekyll. */
  readonly invalidDate?: boolean;
  /** True when the engine cannot read the date text but Jekyll may (the URL's date is then a guess). */
  readonly dateUnread?: boolean;
  /** True for a post whose front matter Jekyll drops: dated by the build, titled by its whole file name. */
  readonly frontMatterDropped?: boolean;
}

export interface DocumentUrlOptions {
  /**
   * The front matter does not parse (or is not a mapping): Jekyll keeps only the config's defaults and
   * never reads the post's file name, so the post is dated by the build and titled by its file name
   * (`/2026/11/23/2022-05-01-yaml.html`).
   */
  readonly frontMatterDropped?: boolean;
  /** The build's clock (Jekyll's site.time), milliseconds; default now. */
  readonly now?: number;
  /** A collection's file without front matter: a static file of the collection (its URL keeps its extension). */
  readonly staticFile?: boolean;
}

/**
 * The URL Jekyll gives a post or page, from its path and front matter (`permalink:`, `date:`,
 * categories, `slug:`), with the site's permalink style and clock.
 */
export function documentUrl(
  site: Site,
  path: string,
  data: Readonly<Record<string, unknown>>,
  dateSource?: { text: string; yamlTimestamp: boolean },
  options: DocumentUrlOptions = {},
): DocumentUrl {
  const kind = documentKind(path, site.config);
  if (kind === 'collection') return collectionDocumentUrl(site, path, data, dateSource, options);
  const ext = outputExtension(path);
  const base = path.slice(path.lastIndexOf('/') + 1);
  const basename = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  const ownPermalink = typeof data.permalink === 'string' && data.permalink.trim() !== '' ? data.permalink.trim() : undefined;

  if (kind === 'post') {
    const dropped = options.frontMatterDropped === true;
    const name = dropped ? undefined : parsePostName(path);
    const zone = siteTimeZone(site);
    let parsed: ParsedDate | undefined;
    let source: 'front matter' | 'file name' = 'file name';
    let invalidDate = false;
    let dateUnread = false;
    if (dropped) {
      parsed = { instant: options.now ?? Date.now(), hasOffset: false, hasTime: true };
    } else if (dateSource) {
      parsed = parsePostDate(dateSource.text, zone, dateSource.yamlTimestamp);
      source = 'front matter';
      if (!parsed) {
        if (isUnreadableDate(dateSource.text)) invalidDate = true;
        else dateUnread = true;
      }
    }
    if (!parsed && name) {
      parsed = parsePostDate(name.date, zone, false);
      source = 'file name';
    }
    const clock = parsed ? { ...wallClock(parsed.instant, zone), instant: parsed.instant } : undefined;
    const slug = typeof data.slug === 'string' && data.slug.trim() !== '' ? data.slug : (name?.slug ?? basename);
    const pattern = ownPermalink ? permalinkPattern(ownPermalink) : site.config.permalink;
    // Only the placeholders the pattern names are computed.
    const value = (placeholder: string): string | undefined => {
      switch (placeholder) {
        case 'categories':
          return categoriesOf(data, name?.folderCategories ?? []).join('/');
        case 'title':
          return slugifyPretty(slug);
        case 'slug':
          return slugifyPretty(slug).toLowerCase();
        case 'name':
          return slugifyPretty(basename).toLowerCase();
        case 'output_ext':
          return ext;
        case 'collection':
          return 'posts';
        case 'path':
          return path.replace(/\.[^./]+$/, '');
      }
      return clock ? datePlaceholder(clock, placeholder) : undefined;
    };
    return { kind, url: fillPermalink(pattern, value), date: clock, dateSource: source, invalidDate, dateUnread, frontMatterDropped: dropped };
  }

  if (kind === 'page') {
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    let pattern: string;
    if (ownPermalink) pattern = ownPermalink;
    else if (ext !== '.html') pattern = '/:path/:basename:output_ext';
    else if (basename === 'index') pattern = '/:path/';
    else {
      const style = site.config.data.permalink;
      const sitePattern = site.config.permalink;
      const pretty = style === 'pretty' || (!isBuiltInPermalinkStyle(style) && sitePattern.endsWith('/'));
      pattern = pretty ? '/:path/:basename/' : '/:path/:basename:output_ext';
    }
    const values: Record<string, string> = { path: dir, basename, output_ext: ext, title: basename };
    return { kind, url: fillPermalink(pattern, (placeholder) => (Object.hasOwn(values, placeholder) ? values[placeholder] : undefined)) };
  }
  return { kind, url: '/' + path };
}

/** A permalink's date placeholder (:year, :month, … :y_day) on a wall clock, or undefined for another name. */
function datePlaceholder(clock: WallClock, placeholder: string): string | undefined {
  switch (placeholder) {
    case 'year':
      return String(clock.year);
    case 'month':
      return pad(clock.month);
    case 'day':
      return pad(clock.day);
    case 'i_month':
      return String(clock.month);
    case 'i_day':
      return String(clock.day);
    case 'short_year':
      return pad(clock.year % 100);
    case 'hour':
      return pad(clock.hour);
    case 'minute':
      return pad(clock.minute);
    case 'second':
      return pad(clock.second);
    case 'y_day':
      return pad(dayOfYear(clock), 3);
  }
  return undefined;
}

/** Jekyll's default slug mode: runs of anything but letters, marks and digits become '-', lowercased. */
export function slugifyDefault(text: string): string {
  return text.replace(/[^\p{M}\p{L}\p{Nd}]+/gu, '-').replace(/^-+|-+$/g, '').toLowerCase();
}

/** A collection's URL template (Collection#url_template): its `permalink:`, else `/:collection/:path` with the site style's ending. */
export function collectionTemplate(site: Site, collection: CollectionConfig): string {
  if (collection.permalink) return collection.permalink;
  const style = site.config.data.permalink;
  const name = typeof style === 'string' ? style : style === undefined || style === null ? 'date' : String(style);
  if (name === 'pretty') return '/:collection/:path/';
  if (name === 'date' || name === 'ordinal' || name === 'none') return '/:collection/:path:output_ext';
  return '/:collection/:path' + (name.endsWith('/') ? '/' : '') + (name.endsWith(':output_ext') ? ':output_ext' : '');
}

/**
 * The URL of a collection's document, as Jekyll's Document#url and UrlDrop make it: the document's own
 * `permalink:`, else the collection's template, filled with :collection, :path (below `_NAME/`, without
 * the extension), :name, :title, :slug, :categories, :output_ext and the date ones (the front matter's
 * date, the file name's, else the build's clock). A file without front matter is a static file of the
 * collection: the template filled with :collection, :path and :name, without a trailing slash, and its
 * own extension after it.
 */
function collectionDocumentUrl(
  site: Site,
  path: string,
  data: Readonly<Record<string, unknown>>,
  dateSource: { text: string; yamlTimestamp: boolean } | undefined,
  options: DocumentUrlOptions,
): DocumentUrl {
  const file = collectionFileOf(site.config, path) as CollectionFile;
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const extname = dot > 0 ? base.slice(dot) : '';
  const withoutExt = file.relative.slice(0, file.relative.length - extname.length).replace(/\.+$/, '');
  const cleanedPath = '/' + withoutExt;
  const template = collectionTemplate(site, file.collection);
  if (options.staticFile) {
    const values: Record<string, string> = { collection: file.collection.name, path: cleanedPath, output_ext: '', name: (dot > 0 ? base.slice(0, dot) : base).replace(/\.+$/, ''), title: '' };
    const url = fillPermalink(template, (p) => (Object.hasOwn(values, p) ? values[p] : undefined));
    return { kind: 'collection', url: (url.length > 1 && url.endsWith('/') ? url.slice(0, -1) : url) + extname };
  }
  const ext = outputExtension(path);
  const basenameWithoutExt = dot > 0 ? base.slice(0, dot) : base;
  const dated = /^(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$/.exec(base);
  const fileSlug = (dated ? dated[2] : basenameWithoutExt).replace(/\.+$/, '');
  const slugText = typeof data.slug === 'string' && data.slug.trim() !== '' ? data.slug : typeof data.slug === 'number' ? String(data.slug) : fileSlug;
  const zone = siteTimeZone(site);
  let parsed = dateSource ? parsePostDate(dateSource.text, zone, dateSource.yamlTimestamp) : undefined;
  if (!parsed && dated) parsed = parsePostDate(dated[1], zone, false);
  const instant = parsed?.instant ?? options.now ?? Date.now();
  let clock: WallClock | undefined;
  const own = typeof data.permalink === 'string' && data.permalink.trim() !== '' ? data.permalink.trim() : undefined;
  const value = (placeholder: string): string | undefined => {
    switch (placeholder) {
      case 'collection':
        return file.collection.name;
      case 'path':
        return cleanedPath;
      case 'name':
        return slugifyDefault(basenameWithoutExt);
      case 'title':
        return slugifyPretty(slugText);
      case 'slug':
        return slugifyDefault(slugText);
      case 'output_ext':
        return ext;
      case 'categories':
        return categoriesOf(data, []).join('/');
    }
    clock ??= wallClock(instant, zone);
    return datePlaceholder(clock, placeholder);
  };
  const url = fillPermalink(own ?? template, value);
  return { kind: 'collection', url, ...(parsed ? { date: { ...wallClock(parsed.instant, zone), instant: parsed.instant } } : {}) };
}
