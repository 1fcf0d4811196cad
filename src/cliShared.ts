/**
 * What the command line's commands share: bad usage, the site a file belongs to, the checker's settings.
 */
import { dirname, join, resolve as resolvePath, sep } from 'node:path';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isFindingCode } from './core/findings';
import { BUILD_MODELS, BuildModel, findProjectConfig, parseProjectConfig, ProjectConfig, relativeToSite } from './core/projectConfig';

/** Bad usage: the message and the usage are printed, and the exit status is 2. */
export class UsageError extends Error {}

/** `--build`'s value: auto, github-pages or jekyll. */
export function buildOption(v: string): BuildModel {
  if (!(BUILD_MODELS as readonly string[]).includes(v)) throw new UsageError(`--build must be auto, github-pages or jekyll, not '${v}'`);
  return v as BuildModel;
}

/** `--config a.yml,b.yml`: the config files in the order the build reads them. */
export const configList = (v: string): string[] => v.split(',').map((s) => s.trim()).filter(Boolean);

export const toPosix = (p: string) => (sep === '/' ? p : p.split(sep).join('/'));

/** The site a file belongs to: the nearest folder upward with the (first) Jekyll config file. */
export function siteOfFile(file: string, configName: string): string | undefined {
  let dir = dirname(file);
  for (;;) {
    if (existsSync(join(dir, configName))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export async function loadProjectConfig(root: string, choice: string | false | undefined, cwd: string): Promise<ProjectConfig | undefined> {
  if (choice === false) return undefined;
  const read = (path: string) => {
    try {
      return statSync(path).isFile() ? readFileSync(path, 'utf8').replace(/^\uFEFF/, '') : undefined;
    } catch {
      return undefined;
    }
  };
  let found: { path: string; text: string } | undefined;
  if (typeof choice === 'string') {
    const path = resolvePath(cwd, choice);
    const text = read(path);
    if (text === undefined) throw new UsageError(`no such settings file: ${choice}`);
    found = { path, text };
  } else {
    found = await findProjectConfig(toPosix(root), { read, exists: (path) => existsSync(path) });
  }
  if (!found) return undefined;
  const config = parseProjectConfig(relativeToSite(toPosix(root), toPosix(found.path)), found.text, isFindingCode);
  return Object.assign(config, { text: found.text });
}

/**
 * Walks a command's arguments: each path (and everything after `--`) to `path`, each option to `option`
 * with its name and `value()`, which takes the option's value (`--x=v`, or the next argument).
 */
export function walkArguments(args: readonly string[], path: (a: string) => void, option: (name: string, value: () => string, written: string) => void): void {
  let onlyPaths = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (onlyPaths || !a.startsWith('-') || a === '-') {
      path(a);
      continue;
    }
    if (a === '--') {
      onlyPaths = true;
      continue;
    }
    const name = a.startsWith('--') ? a.split('=')[0] : a;
    const value = () => {
      const v = a.includes('=') && a.startsWith('--') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    };
    option(name, value, a);
  }
}
