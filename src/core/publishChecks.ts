/**
 * Publish checks: what Jekyll (4.3) silently skips, moves or overwrites when it builds the site.
 *
 * - a post dated in the future is skipped ("has a future date") unless the config says `future: true`
 *   (front matter cannot override it);
 * - a post whose front matter does not parse is still published, without it, dated by the build and
 *   titled by its whole file name (`/2026/11/23/2022-05-01-yaml.html`);
 * - files that land on one output path overwrite each other ("Conflict: … shared by multiple files");
 * - an unknown `layout:` renders the content with no layout at all;
 * - a front matter date (or the site's time zone) that moves a post off its file name's day;
 * - `published: false`, a date Jekyll cannot read, and `_posts` files without a `YYYY-MM-DD-` name.
 *
 * Importing this module registers the checks with the engine.
 */
import { registerDocumentCheck, makeFinding, DocumentAnalysis } from './analyzeDocument';
import { registerSiteCheck, SiteCheckInput } from './checkSite';
import type { Finding, Fix } from './findings';
import type { Site } from './site';
import type { OffsetRange } from './text';
import { decodePath, editDistance } from './resolve';
import { strftime } from './render/jekyllTime';
import { parsePostName, parsePostDate, siteTimeZone, wallClock, outputExtension, documentKind, WallClock } from './permalink';

type Analysis = Omit<DocumentAnalysis, 'findings' | 'references'>;

const pad = (n: number) => String(n).padStart(2, '0');

/** `page.date | date: '%B %d, %Y'`, as the post layout shows it. */
export function shownDate(clock: WallClock): string {
  return strftime(clock, '%B %d, %Y');
}

function isoDay(clock: WallClock): string {
  return `${clock.year}-${pad(clock.month)}-${pad(clock.day)}`;
}

/** Where a finding about a front matter key goes: its value, else its key, else the opening `---`. */
function keyRange(a: Analysis, key: string): OffsetRange {
  const v = a.frontMatter.values.get(key);
  return v?.valueRange ?? v?.keyRange ?? firstLine(a);
}

function firstLine(a: Analysis): OffsetRange {
  return a.frontMatter.present ? { start: 0, end: 3 } : { start: 0, end: 0 };
}

/** Whether Jekyll leaves this document out because of `published: false` (unless the config's `unpublished: true`). */
function unpublished(site: Site, a: Analysis): boolean {
  return a.data.published === false && site.config.data.unpublished !== true;
}

/** Whether Jekyll renders this file as a document (a post, or a page with front matter). */
function rendered(a: Analysis): boolean {
  return a.kind === 'post' || (a.kind === 'page' && a.frontMatter.present);
}

function fullUrl(site: Site, url: string): string {
  return site.config.basePath + url;
}

/** Whether the post is left out for its date: in the future (without `future: true`). */
function inFuture(site: Site, a: Analysis, now: number): boolean {
  return !site.config.future && a.url.date !== undefined && !a.url.dateUnread && a.url.date.instant > now;
}

function layoutFindings(site: Site, a: Analysis): Finding[] {
  const layout = a.data.layout;
  if (typeof layout !== 'string' || layout === '' || layout === 'none' || site.layouts.has(layout)) return [];
  // A theme gem brings layouts the workspace does not show: no claim.
  if (!site.hasOwnLayouts && typeof site.config.data.theme === 'string' && site.config.data.theme !== '') return [];
  const known = [...site.layouts.keys()].sort((x, y) => editDistance(layout, x) - editDistance(layout, y) || x.localeCompare(y));
  const value = a.frontMatter.values.get('layout');
  const range = value?.valueRange ?? firstLine(a);
  const fixes: Fix[] = value?.valueRange
    ? known.slice(0, 3).map((name, i) => ({ title: `Use the layout '${name}'`, edits: [{ range: value.valueRange as OffsetRange, newText: name }], preferred: i === 0 }))
    : [];
  const where = value ? '' : ' (set by defaults: in the config)';
  const names = known.length ? ` Known layouts: ${known.join(', ')}.` : '';
  return [
    makeFinding(
      'unknown-layout',
      a.path,
      range,
      `There is no layout '${layout}'${where}: Jekyll warns "Layout '${layout}' requested in ${a.path} does not exist." and writes the content with no layout at all (no masthead, no menu, no styles).${names}`,
      fixes,
      { resolved: a.kind === 'post' || a.kind === 'page' ? fullUrl(site, a.url.url) : undefined },
    ),
  ];
}

/** The date text that puts the post on the file name's day, keeping a written time (with the site's offset). */
function dateFromFileName(site: Site, fileDay: string, written: string, yamlTimestamp: boolean): string | undefined {
  const zone = siteTimeZone(site);
  const time = /^\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|[ \t]+)(\d{1,2}:\d{2}(?::\d{2})?)/.exec(written.trim())?.[1];
  const candidates: string[] = [];
  if (time) {
    const local = parsePostDate(`${fileDay} ${time}`, zone, false);
    if (local) {
      const offset = wallClock(local.instant, zone).offsetMinutes;
      const abs = Math.abs(offset);
      candidates.push(`${fileDay} ${time.length === 5 ? time + ':00' : time} ${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`);
    }
  }
  candidates.push(fileDay);
  for (const c of candidates) {
    const p = parsePostDate(c, zone, yamlTimestamp);
    if (p && isoDay(wallClock(p.instant, zone)) === fileDay) return c;
  }
  return undefined;
}

function postFindings(site: Site, a: Analysis, now: number): Finding[] {
  const out: Finding[] = [];
  const name = parsePostName(a.path);
  if (!name) {
    return [
      makeFinding(
        'post-bad-filename',
        a.path,
        firstLine(a),
        `Jekyll ignores this file and publishes nothing for it: a post's file name must start with its date, YYYY-MM-DD-${a.path.slice(a.path.lastIndexOf('/') + 1)}.`,
      ),
    ];
  }
  const url = a.url;
  if (url.frontMatterDropped) {
    return [
      makeFinding(
        'post-dated-by-build',
        a.path,
        firstLine(a),
        `Jekyll drops this post's front matter (it does not parse) and still publishes it, without its layout and title, at a URL made from the day of the build and the whole file name: ${fullUrl(site, url.url)} for a build today. Fix the front matter to put it back at its own URL.`,
        [],
        { resolved: fullUrl(site, url.url) },
      ),
    ];
  }
  const dateValue = a.frontMatter.values.get('date');
  if (url.invalidDate) {
    return [
      makeFinding(
        'post-invalid-date',
        a.path,
        keyRange(a, 'date'),
        `Jekyll cannot read the date '${dateValue?.source ?? String(a.data.date)}' ("Invalid date … does not have a valid date in the YAML front matter") and the whole build stops. Write it as YYYY-MM-DD or YYYY-MM-DD HH:MM:SS +/-HHMM.`,
      ),
    ];
  }
  if (!url.date || url.dateUnread) return out;
  const zone = siteTimeZone(site);
  const clock = url.date;
  if (inFuture(site, a, now)) {
    out.push(
      makeFinding(
        'post-future-date',
        a.path,
        url.dateSource === 'front matter' ? keyRange(a, 'date') : firstLine(a),
        `This post is dated ${isoDay(clock)} ${pad(clock.hour)}:${pad(clock.minute)} (${zone}), in the future: Jekyll skips it ("has a future date") and publishes nothing for it until a build after that time, unless the config sets future: true (front matter cannot).`,
      ),
    );
    return out;
  }
  const fileParsed = parsePostDate(name.date, zone, false);
  if (url.dateSource === 'front matter' && dateValue?.valueRange && fileParsed) {
    const fileDay = isoDay(wallClock(fileParsed.instant, zone));
    const day = isoDay(clock);
    if (day !== fileDay) {
      const written = dateValue.source ?? '';
      const writtenDay = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(written.trim());
      const sameWrittenDay = writtenDay !== null && `${writtenDay[1]}-${pad(Number(writtenDay[2]))}-${pad(Number(writtenDay[3]))}` === fileDay;
      const why = sameWrittenDay
        ? `'${written}' is ${day} ${pad(clock.hour)}:${pad(clock.minute)} on the site's clock (${zone}${site.config.timezone ? ', timezone: in the config' : ', as GitHub Pages builds without timezone:'})`
        : `the front matter date '${written}' overrides the file name's date`;
      const fixes: Fix[] = [];
      const dir = a.path.slice(0, a.path.lastIndexOf('/') + 1);
      const target = `${dir}${day}-${name.slug}${name.ext}`;
      if (!site.hasFile(target) && site.caseVariants(target).length === 0) {
        fixes.push({ title: `Rename the file to ${day}-${name.slug}${name.ext} (the day the site uses)`, renameTo: target, preferred: true });
      }
      const newDate = dateFromFileName(site, fileDay, written, dateValue.style === 'PLAIN');
      if (newDate !== undefined && newDate !== written) {
        fixes.push({ title: `Set the date to ${newDate} (the file name's day)`, edits: [{ range: dateValue.valueRange, newText: newDate }], preferred: fixes.length === 0 });
      }
      out.push(
        makeFinding(
          'post-date-moved',
          a.path,
          dateValue.valueRange,
          `The file name says ${fileDay}, but ${why}: Jekyll serves this post at ${fullUrl(site, url.url)} and shows it as "${shownDate(clock)}".`,
          fixes,
          { resolved: fullUrl(site, url.url) },
        ),
      );
    }
  }
  return out;
}

/** The checks of one document. `now` is the build's clock. */
export function publishFindings(site: Site, a: Analysis, now = Date.now()): Finding[] {
  if (!rendered(a)) return [];
  if (unpublished(site, a)) {
    return [
      makeFinding(
        'post-unpublished',
        a.path,
        keyRange(a, 'published'),
        `published: false${a.frontMatter.values.has('published') ? '' : ' (from defaults: in the config)'}: Jekyll does not build this ${a.kind === 'post' ? 'post' : 'page'}; ${fullUrl(site, a.url.url)} will not exist.`,
      ),
    ];
  }
  const out: Finding[] = [];
  if (a.kind === 'post') out.push(...postFindings(site, a, now));
  if (!a.url.frontMatterDropped) out.push(...layoutFindings(site, a));
  return out;
}

/** The file Jekyll writes for a URL: `index.html` in a folder URL, the output extension added when missing. */
export function destinationOf(url: string, ext: string): string {
  // Without a '%' there is nothing to decode.
  let path = url.includes('%') ? decodePath(url) : url;
  if (path.endsWith('/')) path += 'index';
  if (ext !== '' && !path.endsWith(ext)) path += ext;
  return path;
}

const GENERATED_STATIC = /\.(scss|sass|coffee)$/i;

/** What the URL-conflict check keeps of a document. */
export interface DestinationSummary {
  readonly path: string;
  /** The file Jekyll writes for it under `_site`, when it writes one. */
  readonly destination?: string;
  readonly url?: string;
  /** Where a conflict is reported; a page copied as it is (no front matter) gets no finding. */
  readonly range?: OffsetRange;
}

/** Where Jekyll writes a document, if it does. */
export function summarizeDestination(site: Site, a: SiteCheckInput, now = Date.now()): DestinationSummary {
  if (a.kind !== 'post' && a.kind !== 'page') return { path: a.path };
  if (a.kind === 'page' && !a.frontMatter.present) return { path: a.path, destination: '/' + a.path, url: '/' + a.path };
  if (unpublished(site, a)) return { path: a.path };
  if (a.kind === 'post' && (!parsePostName(a.path) || a.url.invalidDate || a.url.dateUnread || inFuture(site, a, now))) return { path: a.path };
  const fm = a.frontMatter;
  const range = fm.values.get('permalink')?.valueRange ?? fm.values.get('date')?.valueRange ?? firstLine(a);
  return { path: a.path, destination: destinationOf(a.url.url, outputExtension(a.path)), url: a.url.url, range };
}

/** Files that Jekyll writes to one destination: an error on each document, naming the others. */
export function judgeDestinations(site: Site, summaries: readonly DestinationSummary[]): Finding[] {
  type Entry = { readonly path: string; readonly url: string; readonly range?: OffsetRange };
  const byDestination = new Map<string, Entry[]>();
  const add = (dest: string, entry: Entry) => {
    const list = byDestination.get(dest);
    if (list) list.push(entry);
    else byDestination.set(dest, [entry]);
  };
  const documents = new Set<string>();
  for (const s of summaries) {
    documents.add(s.path);
    if (s.destination !== undefined) add(s.destination, { path: s.path, url: s.url ?? s.destination, range: s.range });
  }
  if (byDestination.size === 0) return [];
  // Static files share the output tree: about.html without front matter against about.md.
  for (const file of site.allFiles()) {
    const dest = '/' + file;
    // The destination lookup first: most files (images) land where no document does.
    if (!byDestination.has(dest) || documents.has(file) || GENERATED_STATIC.test(file)) continue;
    const kind = documentKind(file);
    if (kind === 'post' || !site.publication(file).published) continue;
    add(dest, { path: file, url: dest });
  }
  const out: Finding[] = [];
  for (const [dest, entries] of byDestination) {
    if (entries.length < 2) continue;
    for (const e of entries) {
      if (!e.range) continue;
      const others = entries.filter((o) => o !== e).map((o) => o.path);
      out.push(
        makeFinding(
          'post-url-conflict',
          e.path,
          e.range,
          `${others.join(' and ')} ${others.length === 1 ? 'lands' : 'land'} on the same URL, ${fullUrl(site, e.url)}: Jekyll writes both to _site${dest} and one overwrites the other ("Conflict: The following destination is shared by multiple files").`,
          [],
          { resolved: fullUrl(site, e.url) },
        ),
      );
    }
  }
  return out;
}

/** Files that Jekyll writes to one destination, over a set of analyses. */
export function urlConflicts(site: Site, analyses: readonly SiteCheckInput[], now = Date.now()): Finding[] {
  return judgeDestinations(site, analyses.map((a) => summarizeDestination(site, a, now)));
}

registerDocumentCheck((site, analysis) => publishFindings(site, analysis));
registerSiteCheck<DestinationSummary>({ summarize: (site, analysis) => summarizeDestination(site, analysis), judge: judgeDestinations });
