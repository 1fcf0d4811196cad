import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { DirectoryEntry, EntryType, ReadUpTo, SiteFileSystem } from './fileSystem';

/** A '..' segment, with either kind of slash around it. */
const PARENT_SEGMENT = /(?:^|[\\/])\.\.(?:[\\/]|$)/;

/** What path.join would change: '.' segments, doubled or trailing slashes, backslashes, a leading slash. */
const UNUSUAL_PATH = /(?:^|\/)\.(?:\/|$)|\/\/|\/$|^\/|\\/;

/** One read buffer for the checker's reads, large enough for any ordinary post or page. */
const scratch = Buffer.allocUnsafe(256 * 1024);

/**
 * The site on disk, for the command line and tests. Never follows symbolic links when listing, and
 * never reads a file whose real path is outside the site (a link pointing out is refused).
 *
 * The calls are synchronous (under the promise interface, and `readFileUpTo` answers at once): for the
 * many small files of a site they are several times faster than Node's asynchronous file API, and the
 * checker yields to the event loop between slices of files anyway.
 */
export class NodeFileSystem implements SiteFileSystem {
  private realRoot: string | undefined;
  /** Folders whose real path was found inside the site, so that each is resolved once per instance. */
  private readonly insideFolders = new Set<string>();

  private readonly rootWithSlash: string;

  constructor(readonly root: string) {
    this.rootWithSlash = root.endsWith(sep) || root.endsWith('/') ? root : root + sep;
  }

  private abs(path: string): string {
    if (PARENT_SEGMENT.test(path)) throw new Error(`path leaves the site: ${path}`);
    // Paths from the listing are already normal: joined without path.join's normalising pass.
    if (path !== '' && !UNUSUAL_PATH.test(path)) return this.rootWithSlash + path;
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

  /** Throws unless the folder's real path is inside the site; each folder is resolved once, the root never. */
  private checkFolder(folder: string): void {
    if (folder === '' || this.insideFolders.has(folder)) return;
    this.inside(this.abs(folder));
    this.insideFolders.add(folder);
  }

  async readFile(path: string): Promise<Uint8Array> {
    // The checker's read, with the lent bytes copied out and no size limit.
    const result = this.readFileUpTo(path, Number.MAX_SAFE_INTEGER, (data) => new Uint8Array(data));
    if ('read' in result) return result.read;
    throw new Error(`file too large: ${path}`);
  }

  /**
   * The checker's read: one open that refuses a symbolic link as the last component (and never waits
   * on a FIFO), one read into a scratch buffer that holds any ordinary post, and the folder's real path
   * checked once per folder. Only a file that fills the buffer is measured and read in full. A link (or a
   * system without O_NOFOLLOW) takes the general path: the link's target must be inside the site.
   * Synchronous: it answers at once and throws.
   */
  readFileUpTo<T>(path: string, maxBytes: number, use: (data: Uint8Array) => T): ReadUpTo<T> {
    const abs = this.abs(path);
    if (constants.O_NOFOLLOW === undefined) return this.readCheckedUpTo(abs, maxBytes, use);
    this.checkFolder(path.slice(0, Math.max(0, path.lastIndexOf('/'))));
    let fd: number;
    try {
      fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW | (constants.O_NONBLOCK ?? 0));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOOP') return this.readCheckedUpTo(abs, maxBytes, use);
      throw error;
    }
    try {
      const n = readSync(fd, scratch, 0, scratch.length, 0);
      // Lent, not copied: `use` is done with the bytes before the next read reuses the buffer.
      if (n < scratch.length) return n > maxBytes ? { size: n } : { read: use(scratch.subarray(0, n)) };
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw new Error(`not a file: ${path}`);
      if (stat.size > maxBytes) return { size: stat.size };
      const data = Buffer.allocUnsafe(stat.size);
      let read = 0;
      while (read < stat.size) {
        const more = readSync(fd, data, read, stat.size - read, read);
        if (more === 0) break;
        read += more;
      }
      return { read: use(read < stat.size ? data.subarray(0, read) : data) };
    } finally {
      closeSync(fd);
    }
  }

  private readCheckedUpTo<T>(abs: string, maxBytes: number, use: (data: Uint8Array) => T): ReadUpTo<T> {
    const real = this.inside(abs);
    const size = lstatSync(real).size;
    return size > maxBytes ? { size } : { read: use(readFileSync(real)) };
  }

  /** Answers at once (and throws), as `readFileUpTo` does. */
  readDirectory(path: string): DirectoryEntry[] {
    this.checkFolder(path);
    const entries: DirectoryEntry[] = readdirSync(path === '' ? this.root : this.abs(path), { withFileTypes: true }).map((e) => ({
      name: e.name,
      type: e.isDirectory() ? 'directory' : e.isFile() ? 'file' : e.isSymbolicLink() ? 'symlink' : 'other',
    }));
    // A folder that is not a link, inside a folder of the site, is inside the site too: no need to resolve it.
    for (const e of entries) if (e.type === 'directory') this.insideFolders.add(path === '' ? e.name : `${path}/${e.name}`);
    return entries;
  }

  async stat(path: string): Promise<{ type: EntryType; size: number; mtime?: number } | undefined> {
    try {
      const s = lstatSync(this.abs(path));
      return { type: s.isDirectory() ? 'directory' : s.isFile() ? 'file' : s.isSymbolicLink() ? 'symlink' : 'other', size: s.size, mtime: s.mtimeMs };
    } catch {
      return undefined;
    }
  }
}
