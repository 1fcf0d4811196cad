import { decodeText } from './text';

/**
 * The engine sees a site only through this interface. Paths are site-relative, POSIX style, without a
 * leading slash ('' is the site root, '_posts/2022-11-21-1.md' a post). The extension backs it with
 * `vscode.workspace.fs`, the command line with Node's `fs`, tests with {@link MemoryFileSystem}.
 */
export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

export interface DirectoryEntry {
  readonly name: string;
  readonly type: EntryType;
}

export interface SiteFileSystem {
  /** Reads a whole file; rejects when it does not exist or is not a file. */
  readFile(path: string): Promise<Uint8Array>;
  /**
   * Lists a directory; rejects (or, answering at once, throws) when it does not exist. Symbolic links
   * are reported as 'symlink'. A file system whose calls are synchronous may answer at once, without a
   * promise: the listing then takes no turn of the event loop per folder.
   */
  readDirectory(path: string): DirectoryEntry[] | Promise<DirectoryEntry[]>;
  /** Size of a file, or undefined when there is none. */
  /** `mtime` (milliseconds) when the file system knows it: the preview prefers a built stylesheet only when it is newer than its sources. */
  stat(path: string): Promise<{ type: EntryType; size: number; mtime?: number } | undefined>;
  /**
   * Reads a file only when it holds at most `maxBytes`, and gives what `use` makes of its bytes (which
   * are valid only during that call: an implementation may lend its own buffer); otherwise gives the
   * file's size and reads nothing. A file system whose calls are synchronous answers at once (and
   * throws), instead of through a promise: the checker then takes no turn of the event loop per file.
   * Optional: without it the checker calls `stat`, then `readFile`.
   */
  readFileUpTo?<T>(path: string, maxBytes: number, use: (data: Uint8Array) => T): ReadUpTo<T> | Promise<ReadUpTo<T>>;
}

/** What {@link SiteFileSystem.readFileUpTo} gives: what was made of the bytes, or the size of a file too large. */
export type ReadUpTo<T> = { readonly read: T } | { readonly size: number };

/** An in-memory tree, for tests and for documents that only exist in an editor. */
export class MemoryFileSystem implements SiteFileSystem {
  private readonly files = new Map<string, Uint8Array>();

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) this.write(path, content);
  }

  write(path: string, content: string | Uint8Array): void {
    this.files.set(normalizeRelative(path), typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }

  delete(path: string): void {
    this.files.delete(normalizeRelative(path));
  }

  async readFile(path: string): Promise<Uint8Array> {
    const data = this.files.get(normalizeRelative(path));
    if (!data) throw new Error(`ENOENT: ${path}`);
    return data;
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const dir = normalizeRelative(path);
    const prefix = dir === '' ? '' : dir + '/';
    const seen = new Map<string, EntryType>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) seen.set(rest, 'file');
      else seen.set(rest.slice(0, slash), 'directory');
    }
    if (seen.size === 0 && dir !== '') throw new Error(`ENOENT: ${path}`);
    return [...seen].map(([name, type]) => ({ name, type }));
  }

  async stat(path: string): Promise<{ type: EntryType; size: number } | undefined> {
    const p = normalizeRelative(path);
    const data = this.files.get(p);
    if (data) return { type: 'file', size: data.byteLength };
    const prefix = p === '' ? '' : p + '/';
    for (const file of this.files.keys()) if (file.startsWith(prefix)) return { type: 'directory', size: 0 };
    return undefined;
  }
}

export function normalizeRelative(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.?\/+/, '').replace(/\/+$/, '');
}

export function joinRelative(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** A file's text, or undefined when it cannot be read or is not text (binary, undecodable). */
export async function readTextFile(fs: SiteFileSystem, path: string): Promise<string | undefined> {
  try {
    const decoded = decodeText(await fs.readFile(path));
    return decoded.kind === 'text' ? decoded.text : undefined;
  } catch {
    return undefined;
  }
}
