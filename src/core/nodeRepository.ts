import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

/**
 * The folder of an installed theme gem: Bundler's and RubyGems' gem folders (GEM_HOME, GEM_PATH, the
 * user's ~/.gem and ~/.local/share/gem, /var/lib/gems, /usr/local/lib/ruby/gems) and Debian's
 * rubygems-integration folders, newest version first. Only a folder with `_layouts/` counts.
 */
export function findInstalledTheme(name: string): { root: string; fs: NodeFileSystem } | undefined {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) return undefined;
  const env = process.env;
  const bases = [
    ...(env.GEM_HOME ? [env.GEM_HOME] : []),
    ...(env.GEM_PATH ? env.GEM_PATH.split(':') : []),
    ...(env.HOME ? [join(env.HOME, '.gem/ruby'), join(env.HOME, '.local/share/gem/ruby')] : []),
    '/var/lib/gems',
    '/usr/local/lib/ruby/gems',
    '/usr/lib/ruby/gems',
    '/usr/share/rubygems-integration/all',
    '/usr/lib/x86_64-linux-gnu/rubygems-integration',
    '/usr/lib/aarch64-linux-gnu/rubygems-integration',
  ];
  const candidates: string[] = [];
  const look = (gemsDir: string) => {
    try {
      for (const entry of readdirSync(gemsDir)) {
        if (entry.startsWith(name + '-') && /^\d/.test(entry.slice(name.length + 1))) candidates.push(join(gemsDir, entry));
      }
    } catch {
      // Not there.
    }
  };
  for (const base of bases) {
    look(join(base, 'gems'));
    // Versioned folders: ~/.gem/ruby/3.1.0/gems, /var/lib/gems/3.1.0/gems.
    try {
      for (const v of readdirSync(base)) if (/^\d/.test(v)) look(join(base, v, 'gems'));
    } catch {
      // Not there.
    }
  }
  const version = (p: string) => p.slice(p.lastIndexOf(name + '-') + name.length + 1).split(/[.-]/).map((n) => Number.parseInt(n, 10) || 0);
  candidates.sort((a, b) => {
    const x = version(a);
    const y = version(b);
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
    return 0;
  });
  for (const root of candidates) {
    try {
      if (statSync(join(root, '_layouts')).isDirectory()) return { root, fs: new NodeFileSystem(root) };
    } catch {
      // No layouts: not a theme.
    }
  }
  return undefined;
}
