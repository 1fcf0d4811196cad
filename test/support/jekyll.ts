/**
 * Builds small sites with the real `jekyll` (Debian's 4.3.1) and reads what it wrote, for tests that
 * compare the engine with Jekyll itself.
 *
 * Builds run with `--safe`, as GitHub Pages builds: no custom plugins, symbolic links not followed.
 * The clock is UTC (env TZ=UTC) unless a test passes another zone; a site's own `timezone:` wins.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, statSync, existsSync, readFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { readStartTag, srcsetCandidates, cssUrls } from '../../src/core/references';

let available: boolean | undefined;

/** Whether `jekyll` runs here; tests skip with this message when it does not. */
export function jekyllAvailable(): boolean {
  if (available === undefined) {
    const r = spawnSync('jekyll', ['--version'], { encoding: 'utf8' });
    available = r.status === 0 && /jekyll 4\./.test(r.stdout);
  }
  return available;
}

export const JEKYLL_MISSING = 'jekyll not installed: apt-get install jekyll';

/** The Clean Blog layouts, reduced to what matters here: the masthead background rule and the content. */
export const CLEAN_BLOG_LAYOUTS: Record<string, string> = {
  '_layouts/default.html': '<!DOCTYPE html>\n<html><body>\n{{ content }}\n</body></html>\n',
  '_layouts/post.html':
    "---\nlayout: default\n---\n{% if page.background %}<header class=\"masthead\" style=\"background-image: url('{{ page.background | prepend: site.baseurl | replace: '//', '/' }}')\">{% else %}<header class=\"masthead\">{% endif %}\n<h1>{{ page.title }}</h1><span class=\"meta\">Posted on {{ page.date | date: '%B %d, %Y' }}</span></header>\n<article>{{ content }}</article>\n",
  '_layouts/page.html':
    "---\nlayout: default\n---\n{% if page.background %}<header class=\"masthead\" style=\"background-image: url('{{ page.background | prepend: site.baseurl | replace: '//', '/' }}')\">{% else %}<header class=\"masthead\">{% endif %}\n<h1>{{ page.title }}</h1></header>\n<main>{{ content }}</main>\n",
  '_layouts/home.html':
    "---\nlayout: default\n---\n{% if page.background %}<header class=\"masthead\" style=\"background-image: url('{{ page.background | prepend: site.baseurl | replace: '//', '/' }}')\">{% else %}<header class=\"masthead\">{% endif %}\n<h1>{{ page.title }}</h1></header>\n<main>{{ content }}</main>\n",
};

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ipe-${prefix}-`));
}

/** Writes files (site-relative paths) under a folder. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

/** Copies a site into a temp folder and adds the layouts (for snapshots kept without theirs). */
export function copyWithLayouts(source: string, prefix: string): string {
  const dir = tempDir(prefix);
  cpSync(source, dir, { recursive: true });
  writeTree(dir, CLEAN_BLOG_LAYOUTS);
  return dir;
}

export interface JekyllBuild {
  readonly source: string;
  readonly ok: boolean;
  /** Jekyll's messages (stdout and stderr, colours removed). */
  readonly log: string;
  /** Every file written under _site, relative to it. */
  readonly files: Set<string>;
  readonly seconds: number;
}

/** Runs `jekyll build --safe` on a folder; resolves when it is done (several builds may run at once). */
export function buildSite(source: string, options: { tz?: string } = {}): Promise<JekyllBuild> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('jekyll', ['build', '--safe', '--disable-disk-cache', '-s', source, '-d', join(source, '_site')], {
      env: { ...process.env, TZ: options.tz ?? 'UTC', JEKYLL_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const site = join(source, '_site');
      resolve({
        source,
        ok: code === 0,
        // eslint-disable-next-line no-control-regex
        log: log.replace(/\x1b\[[0-9;]*m/g, ''),
        files: new Set(existsSync(site) ? listTree(site) : []),
        seconds: (Date.now() - started) / 1000,
      });
    });
  });
}

export function listTree(root: string, dir = root, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) listTree(root, p, out);
    else out.push(relative(root, p).split('\\').join('/'));
  }
  return out;
}

export function readOutput(build: JekyllBuild, file: string): string {
  return readFileSync(join(build.source, '_site', file), 'utf8');
}

export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|#x27|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", apos: "'" })[e] as string);
}

/** The image URLs an HTML page makes the browser fetch, in document order: img/source src and srcset, style url(). */
export function imageUrlsInHtml(html: string): { kind: string; value: string }[] {
  const out: { kind: string; value: string }[] = [];
  for (const tag of startTagsIn(html)) {
    for (const attr of tag.attributes) {
      const value = decodeEntities(attr.value);
      if (attr.name === 'src' && (tag.name === 'img' || tag.name === 'source') && value.trim() !== '') out.push({ kind: 'src', value: value.trim() });
      else if (attr.name === 'srcset' && (tag.name === 'img' || tag.name === 'source')) {
        for (const r of srcsetCandidates(value)) out.push({ kind: 'srcset', value: value.slice(r.start, r.end) });
      } else if (attr.name === 'style') {
        for (const r of cssUrls(value)) out.push({ kind: 'style', value: value.slice(r.start, r.end) });
      }
    }
  }
  return out;
}

/** The start tags of an HTML text outside comments, in document order. */
function* startTagsIn(html: string): Generator<NonNullable<ReturnType<typeof readStartTag>>> {
  for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i);
      if (end < 0) return;
      i = end;
      continue;
    }
    const tag = readStartTag(html, i);
    if (!tag) continue;
    yield tag;
    i = tag.range.end - 1;
  }
}

/** The hrefs of a built page's a, area and link tags, outside comments and scripts, in document order. */
export function hrefsInHtml(html: string): string[] {
  const out: string[] = [];
  const body = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<script\b[\s\S]*?<\/script>/gi, '');
  for (let i = body.indexOf('<'); i >= 0; i = body.indexOf('<', i + 1)) {
    const tag = readStartTag(body, i);
    if (!tag || !['a', 'area', 'link'].includes(tag.name)) continue;
    const href = tag.attributes.find((a) => a.name === 'href');
    if (href && href.value.trim() !== '') out.push(decodeEntities(href.value.trim()));
    i = tag.range.end - 1;
  }
  return out;
}

/**
 * What a browser gets for a URL on the built site: the `_site` file that serves it, or undefined (404).
 * The site is served under `basePath`; a folder URL serves its index.html; repeated slashes are merged
 * (as nginx and GitHub Pages do); with `extensionless`, /about serves about.html (as GitHub Pages does).
 */
export function servedFile(build: JekyllBuild, url: URL, origin: string, basePath: string, options: { extensionless?: boolean } = {}): string | undefined {
  if (url.origin !== origin) return undefined;
  let path = url.pathname.replace(/\/{2,}/g, '/');
  try {
    path = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (basePath !== '' && path !== basePath && !path.startsWith(basePath + '/')) return undefined;
  let rel = path.slice(basePath.length).replace(/^\/+/, '');
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  if (build.files.has(rel)) return rel;
  if (build.files.has(rel + '/index.html')) return rel + '/index.html';
  // GitHub Pages also serves /about from about.html.
  if (options.extensionless && build.files.has(rel + '.html')) return rel + '.html';
  return undefined;
}

/** The URL a browser shows for an output file: a folder URL for index.html. */
export function pageUrlOf(file: string): string {
  return '/' + file.replace(/(^|\/)index\.html$/, '$1');
}

/**
 * Every fragment target of a built page, in document order: each element's `id` and each `<a name>`,
 * outside comments, scripts and styles (footnote ids `fn:…`/`fnref:…` included).
 */
export function readOutputIds(html: string): string[] {
  const out: string[] = [];
  for (const tag of startTagsIn(html)) {
    for (const attr of tag.attributes) {
      if (attr.name === 'id' || (attr.name === 'name' && tag.name === 'a')) out.push(decodeEntities(attr.value));
    }
  }
  return out;
}
