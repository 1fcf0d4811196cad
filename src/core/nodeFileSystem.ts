import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { DirectoryEntry, EntryType, SiteFileSystem } from './fileSystem';

/** The site on disk, for the command line and tests. Never follows symbolic links when listing. */
export class NodeFileSystem implements SiteFileSystem {
  constructor(readonly root: string) {}

  private abs(path: string): string {
    if (path.split(/[\\/]/).includes('..')) throw new Error(`path leaves the site: ${path}`);
    return join(this.root, path);
  }

  async readFile(path: string): Promise<Uint8Array> {
    return fs.readFile(this.abs(path));
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const entries = await fs.readdir(this.abs(path), { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, type: e.isDirectory() ? 'directory' : e.isFile() ? 'file' : e.isSymbolicLink() ? 'symlink' : 'other' }));
  }

  async stat(path: string): Promise<{ type: EntryType; size: number } | undefined> {
    try {
      const s = await fs.lstat(this.abs(path));
      return { type: s.isDirectory() ? 'directory' : s.isFile() ? 'file' : s.isSymbolicLink() ? 'symlink' : 'other', size: s.size };
    } catch {
      return undefined;
    }
  }
}
