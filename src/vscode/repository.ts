import * as vscode from 'vscode';
import type { RepositoryContext } from '../core/build';
import { VscodeFileSystem } from './vscodeFileSystem';

const MAX_LEVELS = 12;

async function readSmall(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > 1_000_000) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

function resolveUri(base: vscode.Uri, path: string): vscode.Uri {
  return path.startsWith('/') ? base.with({ path }) : vscode.Uri.joinPath(base, path);
}

/** The git config of the working tree whose `.git` is at `dotGit` (a folder, or a worktree's `gitdir:` file). */
async function gitConfigAt(dotGit: vscode.Uri, isDirectory: boolean): Promise<string | undefined> {
  if (isDirectory) return readSmall(vscode.Uri.joinPath(dotGit, 'config'));
  const pointer = /^gitdir:\s*(.+?)\s*$/m.exec((await readSmall(dotGit)) ?? '')?.[1];
  if (!pointer) return undefined;
  const gitDir = resolveUri(vscode.Uri.joinPath(dotGit, '..'), pointer);
  const common = (await readSmall(vscode.Uri.joinPath(gitDir, 'commondir')))?.trim();
  const configDir = common ? resolveUri(gitDir, common) : gitDir;
  return (await readSmall(vscode.Uri.joinPath(configDir, 'config'))) ?? readSmall(vscode.Uri.joinPath(gitDir, 'config'));
}

/** The git repository around a site folder: the nearest folder above it (or itself) with `.git`. */
export async function findRepository(siteRoot: vscode.Uri): Promise<RepositoryContext | undefined> {
  let dir = siteRoot;
  const segments: string[] = [];
  for (let level = 0; level < MAX_LEVELS; level++) {
    const dotGit = vscode.Uri.joinPath(dir, '.git');
    try {
      const stat = await vscode.workspace.fs.stat(dotGit);
      const isDirectory = (stat.type & vscode.FileType.Directory) !== 0;
      return { fs: new VscodeFileSystem(dir), sitePath: segments.reverse().join('/'), gitConfig: await gitConfigAt(dotGit, isDirectory) };
    } catch {
      // Not here: one folder up.
    }
    const path = dir.path.replace(/\/+$/, '');
    const slash = path.lastIndexOf('/');
    if (slash < 0 || path === '') break;
    segments.push(path.slice(slash + 1));
    dir = dir.with({ path: slash === 0 ? '/' : path.slice(0, slash) });
  }
  return undefined;
}
