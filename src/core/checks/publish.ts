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
 * (Files that land on one URL are the site check in urlConflicts.ts.)
 */
import { rendersAsPage } from '../githubPages';
import type { Finding, Fix } from '../findings';
import type { Site } from '../site';
import type { OffsetRange } from '../text';
import { editDistance } from '../locate';
import { strftime } from '../render/jekyllTime';
import { collectionFileOf, ignoredPostSegment, parsePostName, parsePostDate, siteTimeZone, wallClock, WallClock } from '../permalink';
import { firstLine, fullUrl, inFuture, unpublished } from '../siteDocuments';
import { Codes, DocumentCheck, findingMaker, SiteCheckInput } from './types';

const CODES = {
  'post-future-date': { severity: 'error', summary: 'A post dated in the future: Jekyll skips it unless future: true.' },
  'unknown-layout': { severity: 'error', summary: 'The layout does not exist; the page renders without any layout.' },
  'theme-layout': { severity: 'information', summary: "The layout comes from the site's theme, whose files are not on this machine: it cannot be checked." },
  'post-date-moved': { severity: 'information', summary: "The post's URL or shown date differs from its file name (front matter date, time zone)." },
  'post-invalid-date': { severity: 'error', summary: 'A date Jekyll cannot read; the build stops.' },
  'post-ignored': { severity: 'warning', summary: "A file in _posts whose name starts with '_' or '.': Jekyll never reads it, so nothing inside is checked." },
  'post-bad-filename': { severity: 'warning', summary: 'A file in _posts whose name is not YYYY-MM-DD-title.ext; Jekyll ignores it.' },
  'post-dated-by-build': { severity: 'warning', summary: "A post whose front matter does not parse: Jekyll publishes it at a URL made from the build's day and the whole file name." },
  'post-unpublished': { severity: 'information', summary: 'published: false; Jekyll does not build this file.' },
} as const satisfies Codes;

const makeFinding = findingMaker(CODES);

type Analysis = SiteCheckInput;

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

/** Whether Jekyll renders this file as a document (a post, or a page with front matter). */
function rendered(site: Site, a: Analysis): boolean {
  return rendersAsPage(site, a);
}

function layoutFindings(site: Site, a: Analysis): Finding[] {
  const layout = a.data.layout;
  if (typeof layout !== 'string' || layout === '' || layout === 'none' || site.layouts.has(layout)) return [];
  const value0 = a.frontMatter.values.get('layout');
  // A theme brings layouts the site does not have; without its files on this machine, no claim.
  if (site.theme && !site.theme.root) {
    return [
      makeFinding(
        'theme-layout',
        a.path,
        value0?.valueRange ?? firstLine(a),
        `The layout '${layout}' is not in _layouts/: it comes from the ${site.theme.remote ? 'remote theme' : 'theme'} '${site.theme.name}', whose files are not on this machine${site.theme.remote ? ' (the build fetches them)' : ' (install its gem to check it)'}, so this page's layout cannot be checked.`,
        [],
      ),
    ];
  }
  const known = [...site.layouts.keys()].sort((x, y) => editDistance(layout, x) - editDistance(layout, y) || x.localeCompare(y));
  const value = a.frontMatter.values.get('layout');
  const range = value?.valueRange ?? firstLine(a);
  const fixes: Fix[] = value?.valueRange
    ? known.slice(0, 3).map((name, i) => ({ title: `Use the layout '${name}'`, edits: [{ range: value.valueRange as OffsetRange, newText: name }], preferred: i === 0 }))
    : [];
  const where = (value ? '' : ' (set by defaults: in the config)') + (site.theme?.root ? ` in the site or its theme '${site.theme.name}'` : '');
  const names = known.length ? ` Known layouts: ${known.join(', ')}.` : '';
  return [
    makeFinding(
      'unknown-layout',
      a.path,
      range,
      `There is no layout '${layout}'${where}: Jekyll warns "Layout '${layout}' requested in ${a.path} does not exist." and writes the content with no layout at all (no masthead, no menu, no styles).${names}`,
      fixes,
      { resolved: a.kind === 'post' || a.kind === 'page' || (a.kind === 'collection' && collectionFileOf(site.config, a.path)?.collection.output) ? fullUrl(site, a.url.url) : undefined },
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
  const ignored = ignoredPostSegment(a.path);
  if (ignored !== undefined) {
    return [
      makeFinding(
        'post-ignored',
        a.path,
        firstLine(a),
        `Jekyll ignores this file: '${ignored}' starts with '${ignored[0] === '~' || ignored.endsWith('~') ? '~' : ignored[0]}', so it is never built or published, and nothing inside it is checked. Rename it without the '${ignored[0]}' to publish it.`,
      ),
    ];
  }
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
  if (a.kind === 'post' && ignoredPostSegment(a.path) !== undefined) return postFindings(site, a, now);
  if (!rendered(site, a)) return [];
  // A document of a collection Jekyll does not write: published: false changes nothing on the site.
  const collection = a.kind === 'collection' ? collectionFileOf(site.config, a.path)?.collection : undefined;
  if (unpublished(site, a) && (a.kind !== 'collection' || collection?.output)) {
    return [
      makeFinding(
        'post-unpublished',
        a.path,
        keyRange(a, 'published'),
        `published: false${a.frontMatter.values.has('published') ? '' : ' (from defaults: in the config)'}: Jekyll does not build this ${a.kind === 'post' ? 'post' : a.kind === 'collection' ? `document of the collection '${collection?.name ?? ''}'` : 'page'}; ${fullUrl(site, a.url.url)} will not exist.`,
      ),
    ];
  }
  const out: Finding[] = [];
  if (a.kind === 'post') out.push(...postFindings(site, a, now));
  if (!a.url.frontMatterDropped) out.push(...layoutFindings(site, a));
  return out;
}

export const publishChecks: DocumentCheck<typeof CODES> = {
  name: 'publish',
  needs: 'document',
  codes: CODES,
  check: (site, analysis) => publishFindings(site, analysis),
};
