/**
 * `ipe-author mv SOURCE… DEST`: moves files and folders of a site and rewrites the links and images
 * that landed on them, in the form they were written, as the editor does when a file is renamed in its
 * explorer. Everything is worked out on the site as it will be before anything moves; then the files
 * move (with `git mv` when git tracks them, so the rename is staged), then each edited file is written
 * only if it still holds the bytes that were read. Nothing is ever moved onto an existing file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, renameSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve as resolvePath } from 'node:path';
import type { CliIo } from './cli';
import type { BuildModel } from './core/projectConfig';
import { NodeFileSystem } from './core/nodeFileSystem';
import { findInstalledTheme, findRepository } from './core/nodeRepository';
import { planMove, MovePlan } from './core/movePlan';
import { configFilesOf } from './core/site';
import { describeMoveEdits } from './core/moves';
import { LineIndex, plural } from './core/text';
import { applyEdits, FilePlan, unifiedDiff, writePlan } from './cliFix';
import { buildOption, configList, loadProjectConfig, siteOfFile, toPosix, UsageError, walkArguments } from './cliShared';

export const MOVE_COMMAND = `  ipe-author mv SOURCE… DEST [options]      move files or folders of a site, and rewrite the links
                                            and images that land on them`;

export const MOVE_OPTIONS = `Options for mv:
  --dry-run               print the edits as a unified diff and change nothing
  --format FORMAT         text (default) or json
  --no-git                move with a plain rename even where git tracks the files
  --config, --build, --image-key, --ipe-config, --no-ipe-config   as for check
  DEST is a new path, or an existing folder to move into; an existing file is never replaced.`;

interface MoveArgs {
  paths: string[];
  dryRun: boolean;
  format: 'text' | 'json';
  git: boolean;
  configFiles?: string[];
  build?: BuildModel;
  imageKeys: string[];
  ipeConfig: string | false | undefined;
}

function parseMoveArgs(args: string[]): MoveArgs {
  const parsed: MoveArgs = { paths: [], dryRun: false, format: 'text', git: true, imageKeys: [], ipeConfig: undefined };
  walkArguments(args, (a) => parsed.paths.push(a), (flag, value, a) => {
    switch (flag) {
      case '--dry-run': parsed.dryRun = true; break;
      case '--no-git': parsed.git = false; break;
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json') throw new UsageError(`mv takes --format text or json, not '${v}'`);
        parsed.format = v;
        break;
      }
      case '--json': parsed.format = 'json'; break;
      case '--config': parsed.configFiles = configList(value()); break;
      case '--image-key': parsed.imageKeys.push(value()); break;
      case '--ipe-config': parsed.ipeConfig = value(); break;
      case '--no-ipe-config': parsed.ipeConfig = false; break;
      case '--build': parsed.build = buildOption(value()); break;
      default:
        throw new UsageError(`unknown option ${a} for mv`);
    }
  });
  if (parsed.paths.length < 2) throw new UsageError('mv needs a SOURCE and a DEST');
  return parsed;
}

/** A path's real location, its missing tail kept as written (a destination does not exist yet). */
function realOrNew(abs: string): string {
  let existing = abs;
  const tail: string[] = [];
  while (!existsSync(existing)) {
    const up = dirname(existing);
    if (up === existing) break;
    tail.unshift(basename(existing));
    existing = up;
  }
  return join(realpathSync(existing), ...tail);
}

const inside = (path: string, dir: string) => {
  const r = relative(dir, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
};

/** The site and its moves, site-relative; what cannot be moved is bad usage, before anything happens. */
function movesOf(parsed: MoveArgs, cwd: string): { root: string; pairs: [string, string][] } {
  const configName = configFilesOf(parsed)[0];
  const sources = parsed.paths.slice(0, -1);
  const destArg = parsed.paths[parsed.paths.length - 1];
  const destAbs = realOrNew(resolvePath(cwd, destArg));
  const destIsFolder = existsSync(destAbs) && statSync(destAbs).isDirectory();
  if (sources.length > 1 && !destIsFolder) throw new UsageError(`moving ${sources.length} files: the destination ${destArg} must be an existing folder`);
  let root: string | undefined;
  const pairs: [string, string][] = [];
  for (const s of sources) {
    const abs = resolvePath(cwd, s);
    if (!existsSync(abs)) throw new UsageError(`no such file or folder: ${s}`);
    const real = join(realpathSync(dirname(abs)), basename(abs));
    if (statSync(real).isDirectory() && existsSync(join(real, configName))) throw new UsageError(`${s} is a site's own folder: move its files, or the folder with your file manager`);
    const site = siteOfFile(real, configName);
    if (site === undefined) throw new UsageError(`${s} is not in a Jekyll site (no ${configName} in its folder or above)`);
    if (root !== undefined && site !== root) throw new UsageError(`${s} is in another site than ${sources[0]}`);
    root = site;
    const to = destIsFolder ? join(destAbs, basename(real)) : destAbs;
    if (!inside(to, site)) throw new UsageError(`${destArg} is outside the site ${relative(cwd, site) || '.'}: links cannot follow a file out of its site`);
    if (inside(to, real)) throw new UsageError(`cannot move ${s} into itself`);
    // Only a change of letter case on a file system that ignores it names the same file.
    if (existsSync(to) && !sameFile(real, to)) throw new UsageError(`${relative(cwd, to)} exists: mv never replaces a file`);
    pairs.push([toPosix(relative(site, real)), toPosix(relative(site, to))]);
  }
  return { root: root as string, pairs };
}

/** Whether git tracks anything at `path` (a file, or files in a folder) in the work tree around `root`. */
function gitTracks(root: string, path: string): boolean {
  const r = spawnSync('git', ['-C', root, 'ls-files', '-z', '--', path], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.length > 0;
}

/** Moves one file or folder; the reason when it could not. */
function moveOnDisk(root: string, from: string, to: string, git: boolean): { by: 'git mv' | 'rename' } | { error: string } {
  const src = join(root, ...from.split('/'));
  const dest = join(root, ...to.split('/'));
  try {
    mkdirSync(dirname(dest), { recursive: true });
  } catch (error) {
    return { error: `cannot make the folder ${dirname(to)}: ${(error as Error).message}` };
  }
  if (existsSync(dest) && !sameFile(src, dest)) return { error: `${to} exists` };
  if (git && gitTracks(root, from)) {
    const r = spawnSync('git', ['-C', root, 'mv', '--', from, to], { encoding: 'utf8' });
    if (r.status === 0) return { by: 'git mv' };
    return { error: `git mv failed: ${(r.stderr || r.error?.message || '').trim()}` };
  }
  try {
    renameSync(src, dest);
    return { by: 'rename' };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
  }
}

/** The plan's edits as one file plan per document. */
function filePlans(plan: MovePlan): FilePlan[] {
  const out: FilePlan[] = [];
  for (const [file, before] of [...plan.texts].sort((a, b) => a[0].localeCompare(b[0]))) {
    const edits = plan.edits.filter((e) => e.path === file);
    out.push({ file, before, after: applyEdits(before, edits.map((e) => ({ range: e.range, newText: e.newText }))), fixed: [] });
  }
  return out;
}

export async function runMove(args: string[], io: CliIo): Promise<number> {
  const parsed = parseMoveArgs(args);
  const { root, pairs } = movesOf(parsed, io.cwd);
  const project = await loadProjectConfig(root, parsed.ipeConfig, io.cwd);
  const s = project?.settings ?? {};
  const configFiles = parsed.configFiles ?? (s.configFiles ? [...s.configFiles] : undefined);
  const build: BuildModel | undefined = parsed.build ?? s.build;
  const imageKeys = ['background', ...(s.imageKeys ?? []), ...parsed.imageKeys].filter((k, i, all) => all.indexOf(k) === i);
  const fs = new NodeFileSystem(root);
  const plan = await planMove(fs, pairs, { configFiles, build, repository: findRepository(root), findTheme: findInstalledTheme }, { imageKeys, excludeGlobs: [...(s.exclude ?? [])], severities: s.severities ?? {} });
  const plans = filePlans(plan);
  const site = relative(io.cwd, root) || '.';
  const indexes = new Map<string, LineIndex>();
  const at = (file: string, offset: number) => {
    let index = indexes.get(file);
    if (!index) indexes.set(file, (index = new LineIndex(plan.texts.get(file) ?? '')));
    const p = index.positionAt(offset);
    return { line: p.line + 1, column: p.character + 1 };
  };
  const edits = plan.edits.map((e) => ({ file: e.path, ...at(e.path, e.range.start), oldText: e.oldText, newText: e.newText, ...(e.layout ? { layout: true } : {}) })).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const unresolved = plan.unresolved.map((k) => ({ file: k.path, raw: k.ref.raw, target: k.target }));
  const moved: { from: string; to: string; by?: string; error?: string }[] = pairs.map(([from, to]) => ({ from, to }));

  if (parsed.dryRun) {
    if (parsed.format === 'json') {
      io.out(JSON.stringify({ site, dryRun: true, moved, files: plan.moves.size, edits, unresolved, notWritten: [] }, null, 2) + '\n');
    } else {
      io.out(unifiedDiff(plans));
      for (const m of moved) io.err(`would move ${m.from} → ${m.to}\n`);
      io.err(`${describeMoveEdits(edits)} in ${plural(plans.length, 'file')} would be rewritten (dry run: nothing was moved or written).\n`);
      for (const u of unresolved) io.err(`would be left as it is: ${u.file}: ${u.raw} (no text lands on ${u.target})\n`);
    }
    return 0;
  }

  // The moves first: links rewritten to a file that did not move would be broken.
  let failed = false;
  for (const m of moved) {
    const r = moveOnDisk(root, m.from, m.to, parsed.git);
    if ('error' in r) {
      m.error = r.error;
      failed = true;
      break;
    }
    m.by = r.by;
  }
  const notWritten: { file: string; reason: string }[] = [];
  const done = moved.filter((m) => m.by !== undefined);
  if (failed) {
    // What moved stays moved; its links are rewritten only if every move was made.
    for (const p of plans) notWritten.push({ file: p.file, reason: 'not every file could be moved' });
  } else {
    for (const p of plans) {
      const outcome = writePlan(root, p);
      if (outcome !== 'written') notWritten.push({ file: p.file, reason: outcome === 'changed' ? 'it changed while the move was worked out' : outcome === 'not-utf8' ? 'it is not valid UTF-8, so it cannot be rewritten byte for byte' : 'it could not be written' });
    }
  }
  const written = plans.filter((p) => !notWritten.some((n) => n.file === p.file)).map((p) => p.file);
  const writtenEdits = edits.filter((e) => written.includes(e.file));
  if (parsed.format === 'json') {
    io.out(JSON.stringify({ site, dryRun: false, moved, files: plan.moves.size, edits: writtenEdits, unresolved, notWritten }, null, 2) + '\n');
  } else {
    for (const m of moved) {
      if (m.by) io.out(`moved ${m.from} → ${m.to}${m.by === 'git mv' ? ' (git mv)' : ''}\n`);
      else if (m.error) io.out(`not moved ${m.from}: ${m.error}\n`);
    }
    // An insertion (a layout written into front matter) shows its line, without its line break.
    for (const e of writtenEdits) io.out(`  ${e.file}:${e.line}:${e.column}: ${e.oldText === '' ? `inserted ${e.newText.replace(/\r?\n$/, '')}` : `${e.oldText} → ${e.newText}`}\n`);
    for (const n of notWritten) io.out(`not rewritten ${n.file}: ${n.reason}\n`);
    for (const u of unresolved) io.out(`left as it is: ${u.file}: ${u.raw} (no text lands on ${u.target}; 'ipe-author check' reports it)\n`);
    io.out(`${plural(done.length, 'move')} in ${site}; ${describeMoveEdits(writtenEdits)} rewritten in ${plural(written.length, 'file')}${unresolved.length > 0 ? `, ${unresolved.length} left as ${unresolved.length === 1 ? 'it is' : 'they are'}` : ''}.\n`);
  }
  if (failed) return 2;
  return notWritten.length > 0 || unresolved.length > 0 ? 1 : 0;
}
