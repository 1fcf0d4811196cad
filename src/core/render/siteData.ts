import { parse as parseYaml } from 'yaml';
import type { Site } from '../site';
import { type SiteFileSystem, readTextFile } from '../fileSystem';
import { parseFrontMatter } from '../frontMatter';
import { collectionFileOf, documentKind, documentUrl } from '../permalink';
import { defaultsFor } from '../analyzeDocument';
import { renderMarkdown } from './markdown';

/**
 * What Liquid sees of the site beyond its config and posts: `site.data`, `site.pages`,
 * `site.static_files` and `site.github` as far as it can be known offline. Each is read once per site
 * (the render cache holds it) and only when a template names it.
 */

/** Rows of a CSV or TSV file, as Ruby's CSV reads them: quoted fields, doubled quotes, CRLF. */
export function parseDelimited(text: string, separator: ',' | '\t'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === separator) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** A CSV/TSV data file as Jekyll reads it: one hash per row, keyed by the header row. */
function tableOf(text: string, separator: ',' | '\t'): Record<string, string | null>[] {
  const [header, ...rows] = parseDelimited(text, separator);
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? null])));
}

/** `site.data`: `_data/**\/*.yml|yaml|json|csv|tsv`, nested by folder, keyed by file name without extension. */
export async function loadData(site: Site, fs: SiteFileSystem, errors: string[] = []): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {};
  const files = [...site.allFiles()].filter((f) => f.startsWith('_data/') && /\.(ya?ml|json|csv|tsv)$/i.test(f)).sort();
  await Promise.all(
    files.map(async (file) => {
      const text = await readTextFile(fs, file);
      if (text === undefined) return;
      const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
      let value: unknown;
      try {
        if (ext === 'json') value = JSON.parse(text);
        else if (ext === 'csv') value = tableOf(text, ',');
        else if (ext === 'tsv') value = tableOf(text, '\t');
        else value = parseYaml(text, { maxAliasCount: 1000 });
      } catch (error) {
        errors.push(`${file} does not parse: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
        return;
      }
      const parts = file.slice('_data/'.length).replace(/\.[^./]+$/, '').split('/');
      let node = data;
      for (const p of parts.slice(0, -1)) {
        const next = node[p];
        node = (node[p] = next && typeof next === 'object' && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
      }
      node[parts[parts.length - 1]] = value;
    }),
  );
  return data;
}

/** `site.pages`: every published page (with front matter, or Markdown under optional-front-matter). */
export async function loadPages(site: Site, fs: SiteFileSystem, limit = 2000): Promise<Record<string, unknown>[]> {
  const paths = [...site.allFiles()].filter((f) => documentKind(f) === 'page' && site.publication(f).published).sort().slice(0, limit);
  const out: Record<string, unknown>[] = [];
  for (const path of paths) {
    const text = await readTextFile(fs, path);
    if (text === undefined) continue;
    const fm = parseFrontMatter(text);
    if (!fm.present && !/\.(md|markdown)$/i.test(path)) continue;
    const name = path.slice(path.lastIndexOf('/') + 1);
    const dir = '/' + path.slice(0, path.lastIndexOf('/') + 1);
    out.push({ ...fm.data, path, name, dir, url: documentUrl(site, path, fm.data).url });
  }
  return out;
}

/** A collection as Liquid sees it: `site.NAME` is its documents, `site.collections` lists each with its label and documents. */
export interface CollectionDrop {
  readonly label: string;
  readonly docs: Record<string, unknown>[];
  /** The collection's files without front matter (static files of the collection). */
  readonly files: Record<string, unknown>[];
  readonly output: boolean;
  readonly permalink?: string;
  readonly relative_directory: string;
}

/**
 * The collections of `collections:` (posts aside) with their documents, as Liquid sees them: each
 * document with front matter (not `published: false`), its data with the config's defaults, its URL,
 * collection, relative path, slug and title (the file name's when it has none) and its content (Markdown
 * converted, Liquid left as written); in Jekyll's default order (date, then path). A collection's
 * `sort_by:` and `order:` are not applied.
 */
export async function loadCollections(site: Site, fs: SiteFileSystem, limit = 2000): Promise<CollectionDrop[]> {
  const byName = new Map<string, Record<string, unknown>[]>();
  const filesOf = new Map<string, Record<string, unknown>[]>();
  for (const c of site.config.collections) {
    byName.set(c.name, []);
    filesOf.set(c.name, []);
  }
  const staticFile = (path: string, collection: string) => {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const dot = name.lastIndexOf('.');
    filesOf.get(collection)?.push({ path: '/' + path, name, basename: dot > 0 ? name.slice(0, dot) : name, extname: dot > 0 ? name.slice(dot) : '', collection });
  };
  const all = [...site.allFiles()].filter((f) => collectionFileOf(site.config, f) !== undefined).sort().slice(0, limit);
  const paths: string[] = [];
  for (const f of all) {
    if (/\.(md|markdown|mkdown|mkdn|mkd|html?)$/i.test(f)) paths.push(f);
    else staticFile(f, (collectionFileOf(site.config, f) as NonNullable<ReturnType<typeof collectionFileOf>>).collection.name);
  }
  const dated: { doc: Record<string, unknown>; instant: number }[] = [];
  for (const path of paths) {
    const file = collectionFileOf(site.config, path);
    if (!file) continue;
    const text = await readTextFile(fs, path);
    if (text === undefined) continue;
    const fm = parseFrontMatter(text);
    if (!fm.present) {
      staticFile(path, file.collection.name);
      continue;
    }
    const data = { ...defaultsFor(site.config.defaults, path, 'collection', file.collection.name), ...fm.data };
    if (data.published === false && site.config.data.unpublished !== true) continue;
    const dateValue = fm.values.get('date');
    const dateSource = dateValue?.source !== undefined ? { text: dateValue.source, yamlTimestamp: dateValue.style === 'PLAIN' } : undefined;
    const url = documentUrl(site, path, data, dateSource);
    const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
    const slug = base.replace(/^\d{2,4}-\d{1,2}-\d{1,2}-/, '').replace(/\.+$/, '');
    const body = text.slice(fm.bodyOffset);
    const doc: Record<string, unknown> = {
      title: slug.split('-').map((w) => (w === '' ? w : w[0].toUpperCase() + w.slice(1).toLowerCase())).join(' '),
      slug,
      ...data,
      path,
      relative_path: site.config.collectionsDir === '' ? path : path.slice(site.config.collectionsDir.length + 1),
      url: url.url,
      collection: file.collection.name,
      output: file.collection.output,
      content: /\.html?$/i.test(path) ? body : renderMarkdown(body),
    };
    byName.get(file.collection.name)?.push(doc);
    dated.push({ doc, instant: url.date?.instant ?? 0 });
  }
  const order = new Map(dated.map((d) => [d.doc, d.instant]));
  return site.config.collections.map((c) => ({
    label: c.name,
    docs: (byName.get(c.name) ?? []).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0) || String(a.path).localeCompare(String(b.path))),
    files: (filesOf.get(c.name) ?? []).sort((a, b) => String(a.path).localeCompare(String(b.path))),
    output: c.output,
    ...(c.permalink ? { permalink: c.permalink } : {}),
    relative_directory: '_' + c.name,
  }));
}

/** `site.static_files`: published files without front matter that Jekyll copies as they are, and the collections' files (Markdown and HTML without front matter aside, which would need a read). */
export function staticFiles(site: Site, limit = 20_000): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const path of site.allFiles()) {
    if (out.length >= limit) break;
    // A collection's image or other file is one of the site's static files too (Collection#read adds it, written or not).
    const collection = /\.(md|markdown|mkdown|mkdn|mkd|html?)$/i.test(path) ? undefined : collectionFileOf(site.config, path)?.collection.name;
    if (collection === undefined && (documentKind(path) === 'page' || documentKind(path) !== 'other' || !site.publication(path).published)) continue;
    const name = path.slice(path.lastIndexOf('/') + 1);
    const dot = name.lastIndexOf('.');
    // A collection's file is named by its path below collections_dir, without a leading slash (its relative_path).
    const shown = collection === undefined ? '/' + path : site.config.collectionsDir === '' ? path : path.slice(site.config.collectionsDir.length + 1);
    out.push({ path: shown, name, basename: dot > 0 ? name.slice(0, dot) : name, extname: dot > 0 ? name.slice(dot) : '', collection: collection ?? null });
  }
  // The site's own files first, then each collection's, in the config's order (as Jekyll reads them).
  const rank = new Map(site.config.collections.map((c, i) => [c.name, i]));
  const rankOf = (f: Record<string, unknown>) => (f.collection === null ? -1 : (rank.get(String(f.collection)) ?? 0));
  return out.sort((a, b) => rankOf(a) - rankOf(b) || String(a.path).localeCompare(String(b.path)));
}

/**
 * `site.github` as jekyll-github-metadata gives it without the GitHub API: the repository from the
 * workspace's git remote, the build revision from HEAD, and the site's URL.
 */
export async function githubMetadata(site: Site, fs: SiteFileSystem): Promise<Record<string, unknown>> {
  const config = (await readTextFile(fs, '.git/config')) ?? '';
  const remote = /\[remote "origin"\][^[]*?url\s*=\s*(\S+)/.exec(config)?.[1] ?? '';
  const nwo = /github\.com[:/]([^/\s]+\/[^/\s]+?)(?:\.git)?\/?$/.exec(remote)?.[1];
  let revision: string | undefined;
  const head = (await readTextFile(fs, '.git/HEAD'))?.trim();
  if (head && /^[0-9a-f]{40}$/.test(head)) revision = head;
  else if (head?.startsWith('ref: ')) revision = (await readTextFile(fs, `.git/${head.slice(5)}`))?.trim();
  const [owner, repo] = nwo ? nwo.split('/') : [undefined, undefined];
  const userPage = repo !== undefined && owner !== undefined && repo.toLowerCase() === `${owner.toLowerCase()}.github.io`;
  const url = site.config.url + site.config.basePath;
  return {
    environment: 'development',
    pages_env: 'development',
    hostname: 'github.com',
    pages_hostname: 'github.io',
    api_url: 'https://api.github.com',
    help_url: 'https://help.github.com',
    repository_nwo: nwo ?? null,
    repository_name: repo ?? null,
    project_title: repo ?? null,
    owner_name: owner ?? null,
    owner_url: owner ? `https://github.com/${owner}` : null,
    repository_url: nwo ? `https://github.com/${nwo}` : null,
    clone_url: nwo ? `https://github.com/${nwo}.git` : null,
    issues_url: nwo ? `https://github.com/${nwo}/issues` : null,
    zip_url: nwo ? `https://github.com/${nwo}/archive/HEAD.zip` : null,
    is_user_page: nwo ? userPage : null,
    is_project_page: nwo ? !userPage : null,
    build_revision: revision ?? null,
    url,
    baseurl: site.config.basePath,
  };
}
