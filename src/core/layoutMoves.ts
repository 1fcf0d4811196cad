/**
 * Layouts that are renamed: a page names its layout by name (`layout: post`), not by path, so renaming
 * `_layouts/post.html` leaves every page that names it without a layout (Jekyll warns and writes the
 * content bare). These are the `layout:` values to rename with it: in the documents' own front matter,
 * in the layouts that build on it, and in the config's `defaults:`.
 */
import { parseDocument, isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { Site } from './site';
import type { Moves, MoveEdit } from './moves';
import { parseFrontMatter } from './frontMatter';
import { defaultsFor, yamlScalarSource } from './analyzeDocument';
import type { DocumentAnalysis } from './analyzeDocument';
import { defaultLayoutFor } from './githubPages';

const LAYOUT_FILE = /^_layouts\/([^/]+)\.html?$/i;

/** The layouts that the moves rename: old name → new name. A layout moved out of `_layouts/` has none. */
function layoutRenames(site: Site, moves: Moves): Map<string, string> {
  const out = new Map<string, string>();
  for (const [from, to] of moves) {
    const a = LAYOUT_FILE.exec(from)?.[1];
    const b = LAYOUT_FILE.exec(to)?.[1];
    if (a === undefined || b === undefined || a === b) continue;
    // Only the layout the site uses under that name (not one that a same-named .htm shadows).
    if (site.layouts.get(a)?.file !== from) continue;
    out.set(a, b);
  }
  return out;
}

/** The files (paths before the move) whose text may name a renamed layout: a quick filter, not the verdict. */
function mayNameLayout(text: string, renames: ReadonlyMap<string, string>): boolean {
  if (!/\blayout\s*:/.test(text)) return false;
  for (const name of renames.keys()) if (text.includes(name)) return true;
  return false;
}

function scalarEdit(path: string, text: string, start: number, end: number, style: string | undefined, name: string): MoveEdit {
  return { path, range: { start, end }, oldText: text.slice(start, end), newText: yamlScalarSource(name, style), layout: true };
}

/**
 * The edits that rename the layouts in one file's text: its front matter's `layout:` (a document or a
 * layout), or, for the config, each `defaults:` entry's `values: layout:`. `path` is the file's path
 * after the move.
 */
function layoutEdits(path: string, text: string, renames: ReadonlyMap<string, string>, isConfig: boolean): MoveEdit[] {
  if (renames.size === 0 || !mayNameLayout(text, renames)) return [];
  if (!isConfig) {
    const value = parseFrontMatter(text).values.get('layout');
    const now = typeof value?.value === 'string' ? renames.get(value.value) : undefined;
    if (now === undefined || !value?.valueRange) return [];
    return [scalarEdit(path, text, value.valueRange.start, value.valueRange.end, value.style, now)];
  }
  const out: MoveEdit[] = [];
  try {
    const doc = parseDocument(text);
    if (doc.errors.length > 0) return [];
    const defaults = doc.get('defaults', true);
    if (!isSeq(defaults)) return [];
    for (const entry of defaults.items) {
      if (!isMap(entry)) continue;
      const values = entry.get('values', true);
      if (!isMap(values)) continue;
      const layout = values.get('layout', true);
      if (!isScalar(layout) || typeof layout.value !== 'string' || !layout.range) continue;
      const now = renames.get(layout.value);
      if (now === undefined) continue;
      const scalar = layout as Scalar<string>;
      const [start, end] = scalar.range as [number, number, number];
      const quoted = scalar.type === Scalar.QUOTE_SINGLE || scalar.type === Scalar.QUOTE_DOUBLE;
      // Inside the quotes, so that the quoting stays as written.
      const from = quoted ? start + 1 : start;
      const to = quoted ? end - 1 : end;
      // A value written with escapes is left alone.
      if (text.slice(from, to) !== layout.value) continue;
      out.push(scalarEdit(path, text, from, to, scalar.type ?? 'PLAIN', now));
    }
  } catch {
    return [];
  }
  return out;
}

/**
 * The layout that GitHub Pages' jekyll-default-layout gives a document naming none (neither in its front
 * matter nor through the config's `defaults:`): `post` for a post, `page` or `home` for a page, else
 * `default`. Renamed, the document would silently get another one; undefined when it names its own.
 */
function defaultLayoutOf(site: Site, a: DocumentAnalysis): string | undefined {
  const layout = a.data.layout;
  if (typeof layout !== 'string' || Object.prototype.hasOwnProperty.call(a.frontMatter.data, 'layout')) return undefined;
  if (Object.prototype.hasOwnProperty.call(defaultsFor(site.config.defaults, a.path, a.kind), 'layout')) return undefined;
  return defaultLayoutFor(site, a.kind, a.path, a.page.url) === layout ? layout : undefined;
}

/**
 * For a document that got a renamed layout from jekyll-default-layout: `layout: NEW` written at the end of
 * its front matter, so that it keeps the layout it had (the plugin would now pick another). None when
 * the document has no front matter that Jekyll reads: it is left as it is.
 */
function defaultLayoutEdit(path: string, text: string, layout: string, renames: ReadonlyMap<string, string>): MoveEdit | undefined {
  const now = renames.get(layout);
  if (now === undefined) return undefined;
  const fm = parseFrontMatter(text);
  if (!fm.present || fm.yamlRange === undefined || fm.problems.some((p) => p.kind === 'yaml-error' || p.kind === 'not-a-mapping')) return undefined;
  if (Object.prototype.hasOwnProperty.call(fm.data, 'layout')) return undefined;
  const at = fm.yamlRange.end;
  const eol = text.charCodeAt(fm.yamlRange.start - 2) === 13 ? '\r\n' : '\n';
  return { path, range: { start: at, end: at }, oldText: '', newText: `layout: ${yamlScalarSource(now, 'PLAIN')}${eol}`, layout: true };
}

/** Where renaming layouts writes, worked out on the site before the move (paths after it). */
export interface LayoutRenameTargets {
  /** Old name → new name. */
  readonly renames: ReadonlyMap<string, string>;
  /** The documents and layouts whose `layout:` may name a renamed layout, and the config files. */
  readonly files: readonly string[];
  /** Documents that got a renamed layout from jekyll-default-layout: that layout's old name. */
  readonly byDefault: ReadonlyMap<string, string>;
  readonly configFiles: readonly string[];
}

/** What renaming the layouts of `moves` must rewrite; undefined when no layout is renamed. */
export function layoutRenameTargets(site: Site, analyses: Iterable<DocumentAnalysis>, moves: Moves, configFiles: readonly string[]): LayoutRenameTargets | undefined {
  const renames = layoutRenames(site, moves);
  if (renames.size === 0) return undefined;
  const after = (path: string) => moves.get(path) ?? path;
  const files = new Set<string>();
  const byDefault = new Map<string, string>();
  for (const a of analyses) {
    const layout = a.frontMatter.values.get('layout')?.value;
    if (typeof layout === 'string' && renames.has(layout)) files.add(after(a.path));
    const given = defaultLayoutOf(site, a);
    if (given !== undefined && renames.has(given)) byDefault.set(after(a.path), given);
  }
  for (const [path, text] of site.templates) if (path.startsWith('_layouts/') && mayNameLayout(text, renames)) files.add(after(path));
  for (const config of configFiles) files.add(config);
  return { renames, files: [...files], byDefault, configFiles };
}

/** The edits that rename the layouts, on the files' texts after the move (a file without text is passed over). */
export function layoutRenameEdits(targets: LayoutRenameTargets, textOf: (path: string) => string | undefined): MoveEdit[] {
  const out: MoveEdit[] = [];
  for (const path of targets.files) {
    const text = textOf(path);
    if (text !== undefined) out.push(...layoutEdits(path, text, targets.renames, targets.configFiles.includes(path)));
  }
  for (const [path, layout] of targets.byDefault) {
    const text = textOf(path);
    const edit = text !== undefined ? defaultLayoutEdit(path, text, layout, targets.renames) : undefined;
    if (edit) out.push(edit);
  }
  return out;
}
