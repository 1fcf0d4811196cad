/**
 * A site's files as they will be once files and folders are moved, without touching them: every path
 * under a move's destination reads the file at its source, and the sources are gone. What a move
 * changes is worked out on this view first (the site read as it will be, the edits checked there);
 * only then is anything moved or written.
 */
import type { DirectoryEntry, EntryType, ReadUpTo, SiteFileSystem } from './fileSystem';
import { joinRelative, normalizeRelative } from './fileSystem';

const under = (path: string, dir: string) => path === dir || path.startsWith(dir + '/');

function missing(path: string): Error {
  return Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
}

export class MovedFileSystem implements SiteFileSystem {
  private readonly pairs: readonly (readonly [string, string])[];

  /** `pairs`: site-relative file or folder → where it goes. A destination must not lie inside its own source. */
  constructor(
    private readonly base: SiteFileSystem,
    pairs: readonly (readonly [string, string])[],
  ) {
    this.pairs = pairs.map(([from, to]) => [normalizeRelative(from), normalizeRelative(to)] as const).filter(([from, to]) => from !== to && from !== '' && to !== '');
  }

  /** Where a path of the moved view is read from, or undefined when the move takes it away. */
  sourceOf(path: string): string | undefined {
    const p = normalizeRelative(path);
    for (const [from, to] of this.pairs) if (under(p, to)) return from + p.slice(to.length);
    for (const [from] of this.pairs) if (under(p, from)) return undefined;
    return p;
  }

  readFile(path: string): Promise<Uint8Array> {
    const source = this.sourceOf(path);
    return source === undefined ? Promise.reject(missing(path)) : this.base.readFile(source);
  }

  async stat(path: string): Promise<{ type: EntryType; size: number; mtime?: number } | undefined> {
    const p = normalizeRelative(path);
    const source = this.sourceOf(p);
    const stat = source === undefined ? undefined : await this.base.stat(source);
    if (stat) return stat;
    // A folder that only the move makes (the destination's parents).
    return this.pairs.some(([, to]) => to.startsWith(p === '' ? '' : p + '/')) ? { type: 'directory', size: 0 } : undefined;
  }

  readFileUpTo<T>(path: string, maxBytes: number, use: (data: Uint8Array) => T): ReadUpTo<T> | Promise<ReadUpTo<T>> {
    const source = this.sourceOf(path);
    if (source === undefined) throw missing(path);
    if (this.base.readFileUpTo) return this.base.readFileUpTo(source, maxBytes, use);
    return this.base.readFile(source).then((data) => (data.byteLength > maxBytes ? { size: data.byteLength } : { read: use(data) }));
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const dir = normalizeRelative(path);
    const source = this.sourceOf(dir);
    const entries = new Map<string, EntryType>();
    let found = false;
    if (source !== undefined) {
      try {
        for (const e of await this.base.readDirectory(source)) {
          // An entry the move takes away (a moved file, or a moved folder beside it) is not listed.
          if (this.sourceOf(joinRelative(dir, e.name)) === undefined) continue;
          entries.set(e.name, e.type);
        }
        found = true;
      } catch {
        // A folder that only the move makes is listed below.
      }
    }
    for (const [from, to] of this.pairs) {
      if (!to.startsWith(dir === '' ? '' : dir + '/')) continue;
      const rest = to.slice(dir === '' ? 0 : dir.length + 1);
      const slash = rest.indexOf('/');
      found = true;
      if (slash >= 0) entries.set(rest.slice(0, slash), 'directory');
      else entries.set(rest, (await this.base.stat(from))?.type ?? 'file');
    }
    if (!found) throw missing(path);
    return [...entries].map(([name, type]) => ({ name, type }));
  }
}
