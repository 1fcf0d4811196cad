/**
 * The checker's own config file, `.ipe-author.yml` (or `.ipe-author.yaml`, `.ipe-author.json`), found
 * from the site's folder upward the way markdownlint's `.markdownlint*` and ESLint's configs are: the
 * nearest one wins, and the search stops at the folder that holds `.git` (the repository's root).
 *
 *   severity:                 # per code: error, warning, information, hint or off
 *     post-date-moved: off
 *   imageKeys: [thumbnail]    # front matter keys besides background that hold images
 *   exclude: ['drafts/**']    # site-relative globs of files not to check
 *   configFile: [_config.yml, _config.prod.yml]   # the Jekyll config files in force (or 'a.yml,b.yml')
 *   build: github-pages       # the build model: auto, github-pages or jekyll
 *
 * The command line's options and the editor's settings override it. A value that is not understood is
 * a finding at its place in the file, and only that setting is dropped (the codes are declared by
 * `checks/ipeConfig.ts`).
 */
import { parseDocument, isMap, isScalar, isSeq, Node, Scalar } from 'yaml';
import type { Finding, Severity } from './findings';
import { ipeConfigFinding } from './checks/ipeConfig';
import type { KnownCode } from './checks/types';
import type { OffsetRange } from './text';

export const PROJECT_CONFIG_NAMES = ['.ipe-author.yml', '.ipe-author.yaml', '.ipe-author.json'] as const;

export const BUILD_MODELS = ['auto', 'github-pages', 'jekyll'] as const;
export type BuildModel = (typeof BUILD_MODELS)[number];

const LEVELS = ['error', 'warning', 'information', 'hint', 'off'] as const;

/** What a config file sets; a key is absent when the file does not set it (or sets it wrongly). */
export interface ProjectSettings {
  readonly severities?: Readonly<Record<string, Severity | 'off'>>;
  readonly imageKeys?: readonly string[];
  readonly exclude?: readonly string[];
  readonly configFiles?: readonly string[];
  readonly build?: BuildModel;
}

export interface ProjectConfig {
  /** The file as findings name it (relative to the site's folder, e.g. `../.ipe-author.yml`). */
  readonly file: string;
  readonly settings: ProjectSettings;
  readonly findings: readonly Finding[];
}

const KEYS = ['severity', 'imageKeys', 'exclude', 'configFile', 'build'] as const;

function finding(code: 'ipe-config-syntax' | 'ipe-config-value', file: string, range: OffsetRange, message: string): Finding {
  return ipeConfigFinding(code, file, range, message);
}

function rangeOf(node: Node | null | undefined, fallback: OffsetRange): OffsetRange {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

function describe(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'empty' : typeof node.value === 'string' ? `the text '${node.value}'` : `${typeof node.value} ${String(node.value)}`;
  return 'empty';
}

/** Parses one config file's text. Never throws; every problem is a finding at its place. */
export function parseProjectConfig(file: string, text: string, isCode: KnownCode): ProjectConfig {
  const findings: Finding[] = [];
  const whole = { start: 0, end: Math.min(text.length, Math.max(0, text.search(/\r?\n|$/))) };
  let doc;
  try {
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    return { file, settings: {}, findings: [finding('ipe-config-syntax', file, whole, `${file} could not be read: ${error instanceof Error ? error.message : String(error)}`)] };
  }
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const [start, end] = e.pos ?? [0, 0];
      const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      findings.push(finding('ipe-config-syntax', file, { start, end: Math.max(end, start) }, `${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${message}. None of its settings apply.`));
    }
    return { file, settings: {}, findings };
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { file, settings: {}, findings };
  if (!isMap(root)) {
    findings.push(finding('ipe-config-value', file, rangeOf(root as Node, whole), `${file} must be a mapping of settings (severity, imageKeys, exclude, configFile, build), not ${describe(root)}.`));
    return { file, settings: {}, findings };
  }
  const settings: { -readonly [K in keyof ProjectSettings]: ProjectSettings[K] } = {};
  const strings = (node: unknown, key: string, allowCommaText: boolean): string[] | undefined => {
    if (isScalar(node) && typeof node.value === 'string' && allowCommaText) {
      return node.value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    }
    if (!isSeq(node)) {
      findings.push(finding('ipe-config-value', file, rangeOf(node as Node, whole), `'${key}' must be a list of texts${allowCommaText ? ' (or one comma-separated text)' : ''}, not ${describe(node)}; it does not apply.`));
      return undefined;
    }
    const out: string[] = [];
    for (const item of node.items) {
      if (isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '') out.push(item.value.trim());
      else findings.push(finding('ipe-config-value', file, rangeOf(item as Node, rangeOf(node, whole)), `Each entry of '${key}' must be a non-empty text, not ${describe(item)}; this entry does not apply.`));
    }
    return out;
  };
  for (const pair of root.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String((keyNode as Scalar).value) : undefined;
    const keyRange = rangeOf(keyNode, whole);
    const value = pair.value as Node | null;
    if (key === undefined || !(KEYS as readonly string[]).includes(key)) {
      findings.push(finding('ipe-config-value', file, keyRange, `Unknown setting '${key ?? describe(keyNode)}' in ${file}; the settings are ${KEYS.join(', ')}.`));
      continue;
    }
    switch (key) {
      case 'severity': {
        if (!isMap(value)) {
          findings.push(finding('ipe-config-value', file, rangeOf(value, keyRange), `'severity' must map codes to error, warning, information, hint or off, not ${describe(value)}; it does not apply.`));
          break;
        }
        const severities: Record<string, Severity | 'off'> = {};
        for (const item of value.items) {
          const codeNode = item.key as Node | null;
          const code = isScalar(codeNode) ? String((codeNode as Scalar).value) : '';
          if (!isCode(code)) {
            findings.push(finding('ipe-config-value', file, rangeOf(codeNode, keyRange), `'${code}' is not a code of IPE Author (\`ipe-author codes\` lists them); its severity does not apply.`));
            continue;
          }
          const level = item.value as Node | null;
          const v = isScalar(level) ? (level as Scalar).value : undefined;
          // YAML 1.1 readers take a bare `off` for false: accept that spelling too.
          const text = v === false ? 'off' : typeof v === 'string' ? v : undefined;
          if (text === undefined || !(LEVELS as readonly string[]).includes(text)) {
            findings.push(finding('ipe-config-value', file, rangeOf(level, rangeOf(codeNode, keyRange)), `The severity of '${code}' must be error, warning, information, hint or off, not ${describe(level)}; it does not apply.`));
            continue;
          }
          severities[code] = text as Severity | 'off';
        }
        settings.severities = severities;
        break;
      }
      case 'imageKeys': {
        const list = strings(value, key, false);
        if (list) settings.imageKeys = list;
        break;
      }
      case 'exclude': {
        const list = strings(value, key, false);
        if (list) settings.exclude = list;
        break;
      }
      case 'configFile': {
        const list = strings(value, key, true);
        if (list && list.length > 0) settings.configFiles = list;
        else if (list) findings.push(finding('ipe-config-value', file, rangeOf(value, keyRange), `'configFile' names no file; it does not apply.`));
        break;
      }
      case 'build': {
        const v = isScalar(value) ? (value as Scalar).value : undefined;
        if (typeof v === 'string' && (BUILD_MODELS as readonly string[]).includes(v)) settings.build = v as BuildModel;
        else findings.push(finding('ipe-config-value', file, rangeOf(value, keyRange), `'build' must be ${BUILD_MODELS.join(', ')}, not ${describe(value)}; it does not apply.`));
        break;
      }
    }
  }
  return { file, settings, findings };
}

/** The folders searched for a config file, from the site's folder upward (POSIX-style absolute paths). */
export function configSearchFolders(siteRoot: string): string[] {
  const out: string[] = [];
  let dir = siteRoot.replace(/\/+$/, '') || '/';
  for (;;) {
    out.push(dir);
    if (dir === '/' || /^[A-Za-z]:$/.test(dir) || dir === '') break;
    const up = dir.slice(0, dir.lastIndexOf('/')) || '/';
    if (up === dir) break;
    dir = up;
  }
  return out;
}

export interface ConfigLookup {
  /** The file's text, or undefined when there is none. */
  read(path: string): Promise<string | undefined> | string | undefined;
  /** Whether a file or folder of this name exists (for `.git`). */
  exists(path: string): Promise<boolean> | boolean;
}

/**
 * The config file in force for a site: the first of {@link PROJECT_CONFIG_NAMES} in the site's folder,
 * then its parents, up to the repository's root. Paths are POSIX-style absolute paths.
 */
export async function findProjectConfig(siteRoot: string, lookup: ConfigLookup): Promise<{ path: string; text: string } | undefined> {
  for (const dir of configSearchFolders(siteRoot)) {
    for (const name of PROJECT_CONFIG_NAMES) {
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      const text = await lookup.read(path);
      if (text !== undefined) return { path, text };
    }
    if (await lookup.exists(dir === '/' ? '/.git' : `${dir}/.git`)) return undefined;
  }
  return undefined;
}

/** How a config file above the site's folder is named in findings: relative to that folder. */
export function relativeToSite(siteRoot: string, path: string): string {
  const from = siteRoot.replace(/\/+$/, '').split('/');
  const to = path.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...from.slice(i).map(() => '..'), ...to.slice(i)].join('/');
}

/** The settings a site is checked with, once the config file and the editor's settings are merged. */
export interface EffectiveSettings {
  readonly severities: Readonly<Record<string, Severity | 'off'>>;
  /** `background` first, then the other keys, each once. */
  readonly imageKeys: readonly string[];
  readonly exclude: readonly string[];
  readonly configFiles: readonly string[];
  readonly build: BuildModel;
}

/**
 * The config file's settings with the editor's on top. `editor` holds only what the user set
 * explicitly (a setting left at its default is absent), so the file decides everything else:
 * severities are merged code by code, every other setting is taken whole from the editor when set
 * there. What neither sets has the checker's default.
 */
export function mergeSettings(project: ProjectSettings | undefined, editor: ProjectSettings): EffectiveSettings {
  const p = project ?? {};
  const extraKeys = editor.imageKeys ?? p.imageKeys ?? [];
  const configFiles = editor.configFiles && editor.configFiles.length > 0 ? editor.configFiles : p.configFiles && p.configFiles.length > 0 ? p.configFiles : ['_config.yml'];
  return {
    severities: { ...(p.severities ?? {}), ...(editor.severities ?? {}) },
    imageKeys: ['background', ...extraKeys].filter((k, i, all) => all.indexOf(k) === i),
    exclude: [...(editor.exclude ?? p.exclude ?? [])],
    configFiles: [...configFiles],
    build: editor.build ?? p.build ?? 'auto',
  };
}
