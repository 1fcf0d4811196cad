/**
 * The `ipe-author` command: starts the checker (`cliMain.js`, beside this file) from V8's code cache.
 *
 * A one-shot command spends most of its time before and around the check compiling the checker: the
 * bundle's parse, then each function's bytecode the first time it runs. After a run, V8's code cache of
 * the bundle (with the bytecode of every function that ran) is written beside it, so the next run starts
 * from that instead. V8 refuses a cache made by another Node version or other flags, the launcher one made
 * from another bundle (by its SHA-256), and the cache is then written again. A folder that cannot be written (a read-only install) only means no
 * cache; the cache is never read from anywhere but the bundle's own folder, so it is trusted as much as
 * the bundle itself. `IPE_AUTHOR_CODE_CACHE=0` turns it off.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

interface CliMain {
  run(): void;
}

/** The cache's name says which Node made it, so that two Node versions sharing an install keep one each. */
export function codeCachePath(bundle: string): string {
  return `${bundle}.${process.version}-${process.arch}.v8cache`;
}

/**
 * V8 tells a cache from another bundle only by the source's length: each cache starts with the SHA-256
 * of the bundle it was made from, and a cache of another bundle is not given to V8 at all.
 */
const DIGEST_BYTES = 32;

function readCache(path: string, digest: Buffer): Buffer | undefined {
  try {
    const data = readFileSync(path);
    return data.length > DIGEST_BYTES && data.subarray(0, DIGEST_BYTES).equals(digest) ? data.subarray(DIGEST_BYTES) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache under a temporary name, then renames it: a concurrent run reads a whole file or none. */
function writeCache(path: string, digest: Buffer, data: Buffer): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, 'wx', 0o644);
    try {
      writeSync(fd, digest);
      writeSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was written.
    }
  }
}

/**
 * Loads a CommonJS bundle as `require` would, compiled from its code cache when there is one. `cache`
 * says whether to use it and whether this run may write it (at exit, when there was none or V8 refused it).
 */
export function loadWithCodeCache(bundle: string, cache: { use: boolean; write: boolean }): unknown {
  const bytes = readFileSync(bundle);
  const source = bytes.toString('utf8');
  const cachePath = codeCachePath(bundle);
  const digest = cache.use ? createHash('sha256').update(bytes).digest() : Buffer.alloc(0);
  const cachedData = cache.use ? readCache(cachePath, digest) : undefined;
  // The wrapper Node puts around a CommonJS module.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
  if (cache.use && cache.write && (cachedData === undefined || script.cachedDataRejected)) {
    // Made at exit, so that it holds the bytecode of everything the run compiled.
    process.once('exit', () => writeCache(cachePath, digest, script.createCachedData()));
  }
  const module = { exports: {} as unknown, filename: bundle, id: bundle, loaded: false };
  const wrapper = script.runInThisContext() as (exports: unknown, req: NodeRequire, module: unknown, filename: string, dir: string) => void;
  wrapper.call(module.exports, module.exports, require, module, bundle, dirname(bundle));
  module.loaded = true;
  return module.exports;
}

// Only a check writes the cache: it is the command run again and again (in CI, before each commit), and
// the cache then holds the checker's bytecode rather than, say, that of `--help`.
const main = loadWithCodeCache(join(__dirname, 'cliMain.js'), { use: process.env.IPE_AUTHOR_CODE_CACHE !== '0', write: process.argv[2] === 'check' }) as CliMain;
main.run();
