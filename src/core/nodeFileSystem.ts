import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
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
  /** Folders whose real path was found inside the site, so that each is resolved once per instance. */
  private readonly insideFolders = new Set<string>();

  constructor(readonly root: string) {}

  private abs(path: string): string {
    if (path.split(/[\\/]/).includes('..')) throw new Error(`path leaves the site: ${path}`);
    return join(this.root, path);
  }

  private isInsideRoot(real: string): boolean {
    this.realRoot ??= realpathSync.native(this.root);
    return real === this.realRoot || real.startsWith(this.realRoot.endsWith(sep) ? this.realRoot : this.realRoot + sep);
  }

  /** The file's real path, when it is inside the site's real root. */
  private inside(abs: string): string {
    const real = realpathSync.native(abs);
    if (!this.isInsideRoot(real)) throw new Error(`path leaves the site through a symbolic link: ${abs}`);
    return real;
  }

  async readFile(path: string): Promise<Uint8Array> {
    return readFileSync(this.inside(this.abs(path)));
  }

  /**
   * The checker's read: one open that refuses a symbolic link as the last component, the size from the
   * open file, and the folder's real path checked once per folder. A link (or a system without
   * O_NOFOLLOW) takes the general path: the link's target must be inside the site.
   */
  async readFileUpTo(path: string, maxBytes: number): Promise<Uint8Array | { size: number }> {
    const abs = this.abs(path);
    const folder = dirname(abs);
    if (constants.O_NOFOLLOW === undefined) return this.readCheckedUpTo(abs, maxBytes);
    if (!this.insideFolders.has(folder)) {
      this.inside(folder);
      this.insideFolders.add(folder);
    }
    let fd: number;
    try {
      fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOOP') return this.readCheckedUpTo(abs, maxBytes);
      throw error;
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw new Error(`not a file: ${path}`);
      if (stat.size > maxBytes) return { size: stat.size };
      const data = Buffer.allocUnsafe(stat.size);
      let read = 0;
      while (read < stat.size) {
        const n = readSync(fd, data, read, stat.size - read, read);
        if (n === 0) break;
        read += n;
      }
      return read < stat.size ? data.subarray(0, read) : data;
    } finally {
      closeSync(fd);
    }
  }

  private readCheckedUpTo(abs: string, maxBytes: number): Uint8Array | { size: number } {
    const real = this.inside(abs);
    const size = lstatSync(real).size;
    return size > maxBytes ? { size } : readFileSync(real);
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
