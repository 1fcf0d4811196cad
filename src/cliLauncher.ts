/**
 * The `ipe-author` command: starts the checker (`cliMain.js`, beside this file) from V8's code cache.
 *
 * A one-shot command spends much of its time compiling the checker: the bundle's parse, then each
 * function's bytecode the first time it runs. After a check that ran through, V8's code cache of the
 * bundle (with the bytecode of every function that ran) is written beside it, and later runs start from
 * that instead.
 *
 * V8 checks a cache only against its own version, its flags and the source's length, and trusts the
 * bytes: a damaged cache can crash it. So each cache file starts with the SHA-256 of the bundle it was
 * made from and the SHA-256 of the cache itself, and nothing reaches V8 unless both match; otherwise
 * the cache is made again. It is read only from the bundle's own folder: whoever can write there can
 * replace the bundle as well, so the cache is trusted exactly as much as the bundle. A folder that
 * cannot be written (a read-only install) only means no cache. `IPE_AUTHOR_CODE_CACHE=0` turns it off.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

interface CliMain {
  run(): void;
}

/** The cache's name says which Node made it, so that two Node versions sharing an install keep one each. */
export function codeCachePath(bundle: string): string {
  return `${bundle}.${process.version}-${process.arch}.v8cache`;
}

const DIGEST_BYTES = 32;
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

/** The cache V8 may read: present, made from this bundle, and whole. */
function readCache(path: string, bundleDigest: Buffer): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return undefined;
  }
  if (file.length <= 2 * DIGEST_BYTES || !file.subarray(0, DIGEST_BYTES).equals(bundleDigest)) return undefined;
  const data = file.subarray(2 * DIGEST_BYTES);
  return file.subarray(DIGEST_BYTES, 2 * DIGEST_BYTES).equals(sha256(data)) ? data : undefined;
}

/** Writes the cache under a temporary name, then renames it: a concurrent run reads a whole file or none. */
function writeCache(path: string, bundleDigest: Buffer, data: Buffer): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([bundleDigest, sha256(data), data]), { flag: 'wx', mode: 0o644 });
    renameSync(temporary, path);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was written.
    }
  }
}

function canWrite(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads a CommonJS bundle as `require` would, compiled from its code cache when there is one. `cache`
 * says whether to use it and whether this run may write it: at exit, when there was none (or it did not
 * match) and the run ended with one of `writeOnExitCodes` (so that the cache holds a whole run's bytecode).
 */
export function loadWithCodeCache(bundle: string, cache: { use: boolean; writeOnExitCodes: readonly number[] }): unknown {
  const bytes = readFileSync(bundle);
  const bundleDigest = cache.use ? sha256(bytes) : Buffer.alloc(0);
  const cachedData = cache.use ? readCache(codeCachePath(bundle), bundleDigest) : undefined;
  // The wrapper Node puts around a CommonJS module, on lines of its own so that the bundle's lines and
  // columns (and its source map) stay as they are in stack traces.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${bytes.toString('utf8')}\n})`, {
    filename: bundle,
    lineOffset: -1,
    cachedData,
  });
  if (cache.use && cache.writeOnExitCodes.length > 0 && (cachedData === undefined || script.cachedDataRejected) && canWrite(dirname(bundle))) {
    process.once('exit', (code) => {
      if (cache.writeOnExitCodes.includes(code)) writeCache(codeCachePath(bundle), bundleDigest, script.createCachedData());
    });
  }
  const module = { exports: {} as unknown, filename: bundle, id: bundle, loaded: false };
  const wrapper = script.runInThisContext() as (exports: unknown, req: NodeRequire, module: unknown, filename: string, dir: string) => void;
  wrapper.call(module.exports, module.exports, require, module, bundle, dirname(bundle));
  module.loaded = true;
  return module.exports;
}

// Only a check that ran through (exit status 0: no error found, 1: errors found) writes the cache: it
// is the command run again and again (in CI, before each commit), and the cache then holds the whole
// checker's bytecode rather than, say, that of `--help` or of a check that stopped at a bad argument.
const main = loadWithCodeCache(join(__dirname, 'cliMain.js'), {
  use: process.env.IPE_AUTHOR_CODE_CACHE !== '0',
  writeOnExitCodes: process.argv[2] === 'check' ? [0, 1] : [],
}) as CliMain;
main.run();
