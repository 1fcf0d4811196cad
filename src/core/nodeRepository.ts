import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { NodeFileSystem } from './nodeFileSystem';
import type { RepositoryContext } from './build';

/** How many folders above a site the search for its repository goes. */
const MAX_LEVELS = 12;

function readSmall(path: string): string | undefined {
  try {
    return statSync(path).size <= 1_000_000 ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The git config of a working tree whose `.git` is at `dotGit`: a folder holds `config`; a file
 * (a linked worktree or a submodule) names the git folder with `gitdir:`, whose `commondir` leads to
 * the shared config.
 */
export function gitConfigAt(dotGit: string): string | undefined {
  try {
    if (statSync(dotGit).isDirectory()) return readSmall(join(dotGit, 'config'));
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readSmall(dotGit) ?? '')?.[1];
    if (!pointer) return undefined;
    const gitDir = isAbsolute(pointer) ? pointer : resolve(dirname(dotGit), pointer);
    const common = readSmall(join(gitDir, 'commondir'))?.trim();
    const configDir = common ? (isAbsolute(common) ? common : resolve(gitDir, common)) : gitDir;
    return readSmall(join(configDir, 'config')) ?? readSmall(join(gitDir, 'config'));
  } catch {
    return undefined;
  }
}

/** The git repository that holds a site folder on disk (its nearest folder with `.git`), if any. */
export function findRepository(siteRoot: string): RepositoryContext | undefined {
  let dir = resolve(siteRoot);
  for (let level = 0; level < MAX_LEVELS; level++) {
    const dotGit = join(dir, '.git');
    if (existsSync(dotGit)) {
      return { fs: new NodeFileSystem(dir), sitePath: relative(dir, resolve(siteRoot)).split(sep).join('/'), gitConfig: gitConfigAt(dotGit) };
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
