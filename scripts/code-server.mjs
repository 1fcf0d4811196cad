// Starts code-server (VS Code's server build, installed by scripts/vscode-setup.mjs) on 127.0.0.1 with
// a free port and throwaway HOME, settings and extension folders.
//
//   const server = await startCodeServer({ folder, extensionDevelopmentPath, extensionTestsPath });
//   open server.workbenchUrl in a browser … then await server.stop();
//
// With extensionTestsPath the workbench runs those tests in the extension host and reports through
// window.codeAutomationLog / window.codeAutomationExit (see test/integration/host.test.ts).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureVscode } from './vscode-setup.mjs';

/** Settings that keep the workbench quiet and predictable on a machine without internet. */
export const QUIET_SETTINGS = {
  'chat.disableAIFeatures': true,
  'update.mode': 'none',
  'git.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'github.gitAuthentication': false,
  'npm.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
};

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function childEnv(paths, home) {
  return {
    ...process.env,
    PATH: `${join(paths.nodeDir, 'bin')}:${process.env.PATH}`,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    // code-server must not reuse a session of the person's own code-server.
    VSCODE_IPC_HOOK_CLI: '',
    NODE_OPTIONS: '',
  };
}

/**
 * Installs a .vsix into an extensions folder with code-server's own installer.
 * Returns the output of `--list-extensions --show-versions` for that folder afterwards.
 */
export function installVsix(vsixPath, extensionsDir, { log = () => {} } = {}) {
  const paths = ensureVscode({ log });
  const home = mkdtempSync(join(tmpdir(), 'ipe-code-server-install-'));
  try {
    const common = ['--extensions-dir', extensionsDir, '--user-data-dir', join(home, 'user-data')];
    const env = childEnv(paths, home);
    const install = spawnSync(paths.node, [paths.codeServerEntry, ...common, '--install-extension', resolve(vsixPath), '--force'], { env, encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`code-server --install-extension failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`);
    const list = spawnSync(paths.node, [paths.codeServerEntry, ...common, '--list-extensions', '--show-versions'], { env, encoding: 'utf8' });
    if (list.status !== 0) throw new Error(`code-server --list-extensions failed (exit ${list.status}):\n${list.stdout}\n${list.stderr}`);
    return { installOutput: `${install.stdout}${install.stderr}`, extensions: list.stdout.split('\n').map((l) => l.trim()).filter((l) => /^[\w.-]+@/.test(l)) };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Starts code-server and waits until it answers /healthz.
 * @param {object} options
 * @param {string} [options.folder] workspace folder to open (absolute or relative to cwd)
 * @param {string} [options.extensionDevelopmentPath] extension folder loaded from source
 * @param {string} [options.extensionTestsPath] module exporting run() to execute in the extension host
 * @param {string} [options.extensionsDir] extensions folder (e.g. with an installed .vsix); a temporary one otherwise
 * @param {Record<string, unknown>} [options.settings] user settings added to the quiet defaults
 * @param {Record<string, string>} [options.env] extra environment variables (the extension host inherits them)
 * @param {number} [options.port] port to listen on; a free one otherwise
 * @param {(line: string) => void} [options.log] receives code-server's output lines
 * @param {number} [options.startTimeoutMs] how long to wait for /healthz (default 60 s)
 */
export async function startCodeServer(options = {}) {
  const paths = ensureVscode({ log: (line) => console.log(line) });
  const port = options.port ?? (await freePort());
  const temp = mkdtempSync(join(tmpdir(), 'ipe-code-server-'));
  const home = join(temp, 'home');
  const userData = join(temp, 'user-data');
  const extensionsDir = options.extensionsDir ? resolve(options.extensionsDir) : join(temp, 'extensions');
  for (const dir of [home, join(userData, 'User'), extensionsDir]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...(options.settings ?? {}) }, null, 2));

  const args = [
    paths.codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--vscode-option', 'enable-smoke-test-driver',
    '--user-data-dir', userData,
    '--extensions-dir', extensionsDir,
  ];
  const log = options.log ?? (() => {});
  const child = spawn(paths.node, args, { env: { ...childEnv(paths, home), ...(options.env ?? {}) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const onData = (chunk) => {
    const text = chunk.toString();
    output = (output + text).slice(-20000);
    for (const line of text.split('\n')) if (line.trim()) log(line);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (exited === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      const deadline = Date.now() + 5000;
      while (exited === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (exited === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }
    }
    rmSync(temp, { recursive: true, force: true });
  };
  // Never leave a server behind when the calling process ends.
  const onExit = () => {
    if (exited === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }
    try {
      rmSync(temp, { recursive: true, force: true });
    } catch {}
  };
  process.once('exit', onExit);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60000);
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`code-server exited before it was ready (${JSON.stringify(exited)}):\n${output}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}/healthz within ${options.startTimeoutMs ?? 60000} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }

  return {
    url,
    port,
    temp,
    userDataDir: userData,
    extensionsDir,
    /** The workbench URL: the folder opened and, when given, the extension loaded from source and its tests. */
    workbenchUrl: workbenchUrl({ port, folder: options.folder, extensionDevelopmentPath: options.extensionDevelopmentPath, extensionTestsPath: options.extensionTestsPath }),
    output: () => output,
    exited: () => exited,
    stop: async () => {
      process.removeListener('exit', onExit);
      await stop();
    },
  };
}

/** The URL that opens `folder` with an Extension Development Host payload, as code-server expects it. */
export function workbenchUrl({ port, host = '127.0.0.1', folder, extensionDevelopmentPath, extensionTestsPath }) {
  const authority = `${host}:${port}`;
  const remote = (p) => `vscode-remote://${authority}${resolve(p)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  const query = [];
  if (folder) query.push(`folder=${encodeURIComponent(resolve(folder))}`);
  query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `http://${authority}/?${query.join('&')}`;
}

/** Launch options for Debian's Chromium through playwright-core, quiet on a closed network. */
export const CHROMIUM_PATH = process.env.IPE_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function chromiumAvailable() {
  return existsSync(CHROMIUM_PATH);
}
