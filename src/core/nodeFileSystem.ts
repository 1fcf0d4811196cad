import { lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { DirectoryEntry, EntryType, SiteFileSystem } from './fileSystem';

/**
 * The site on disk, for the command line and tests. Never follows symbolic links when listing, and
 * never reads a file whose real path is outside the site (a link pointing out is refused).
 *
 * The calls are synchronous under the promise interface: for the many small files of a site they are
 * several times faster than Node's asynchronous file API, and the checker yields to the event loop
 * between slices of files anyway.
 */
export class NodeFileSystem implements SiteFileSystem {
  private realRoot: string | undefined;

  constructor(readonly root: string) {}

  private abs(path: string): string {
    if (path.split(/[\\/]/).includes('..')) throw new Error(`path leaves the site: ${path}`);
    return join(this.root, path);
  }

  /** The file's real path, when it is inside the site's real root. */
  private inside(abs: string): string {
    this.realRoot ??= realpathSync.native(this.root);
    const real = realpathSync.native(abs);
    if (real !== this.realRoot && !real.startsWith(this.realRoot.endsWith(sep) ? this.realRoot : this.realRoot + sep)) {
      throw new Error(`path leaves the site through a symbolic link: ${abs}`);
    }
    return real;
  }

  async readFile(path: string): Promise<Uint8Array> {
    return readFileSync(this.inside(this.abs(path)));
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const entries = readdirSync(this.inside(this.abs(path)), { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, type: e.isDirectory() ? 'directory' : e.isFile() ? 'file' : e.isSymbolicLink() ? 'symlink' : 'other' }));
  }

  async stat(path: string): Promise<{ type: EntryType; size: number } | undefined> {
    try {
      const s = lstatSync(this.abs(path));
      return { type: s.isDirectory() ? 'directory' : s.isFile() ? 'file' : s.isSymbolicLink() ? 'symlink' : 'other', size: s.size };
    } catch {
      return undefined;
    }
  }
}
