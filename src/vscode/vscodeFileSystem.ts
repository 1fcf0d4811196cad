import * as vscode from 'vscode';
import type { DirectoryEntry, EntryType, SiteFileSystem } from '../core/fileSystem';

function entryType(type: vscode.FileType): EntryType {
  if (type & vscode.FileType.SymbolicLink) return 'symlink';
  if (type & vscode.FileType.Directory) return 'directory';
  if (type & vscode.FileType.File) return 'file';
  return 'other';
}

/** The engine's file-system interface over `vscode.workspace.fs`, rooted at a site folder. */
export class VscodeFileSystem implements SiteFileSystem {
  constructor(readonly root: vscode.Uri) {}

  uriOf(path: string): vscode.Uri {
    if (path.split('/').includes('..')) throw new Error(`path leaves the site: ${path}`);
    return path === '' ? this.root : vscode.Uri.joinPath(this.root, ...path.split('/'));
  }

  async readFile(path: string): Promise<Uint8Array> {
    return vscode.workspace.fs.readFile(this.uriOf(path));
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const entries = await vscode.workspace.fs.readDirectory(this.uriOf(path));
    return entries.map(([name, type]) => ({ name, type: entryType(type) }));
  }

  async stat(path: string): Promise<{ type: EntryType; size: number; mtime?: number } | undefined> {
    try {
      const s = await vscode.workspace.fs.stat(this.uriOf(path));
      return { type: entryType(s.type), size: s.size, mtime: s.mtime };
    } catch {
      return undefined;
    }
  }
}
