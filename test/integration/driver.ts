// Runs a mocha suite inside a real VS Code extension host (code-server's, opened in headless Chromium)
// and collects one result per test. Used by host.test.ts and vsix.test.ts.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestContext } from 'node:test';
import { RESULT_PREFIX, SCREENSHOT_PREFIX, SUMMARY_PREFIX, WEBVIEW_CLICK_PREFIX, type TestResult } from './suite/protocol';

export const repoRoot = resolve(__dirname, '../../..');
export const artifactsDir = join(repoRoot, '.test-artifacts', 'vscode');

interface CodeServer {
  url: string;
  port: number;
  workbenchUrl: string;
  output(): string;
  stop(): Promise<void>;
}
interface CodeServerModule {
  startCodeServer(options: {
    folder?: string;
    extensionDevelopmentPath?: string;
    extensionTestsPath?: string;
    extensionsDir?: string;
    env?: Record<string, string>;
    log?: (line: string) => void;
  }): Promise<CodeServer>;
  installVsix(vsix: string, extensionsDir: string, options?: { log?: (line: string) => void }): { installOutput: string; extensions: string[] };
  CHROMIUM_PATH: string;
  CHROMIUM_ARGS: string[];
  chromiumAvailable(): boolean;
}
interface SetupModule {
  ensureVscode(options?: { log?: (line: string) => void }): { node: string; codeServerEntry: string };
  isVscodeInstalled(): boolean;
}

// Loaded at run time (ES modules shared with `npm start`), not bundled into the test file.
export const loadCodeServer = () => import(pathToFileURL(join(repoRoot, 'scripts/code-server.mjs')).href) as Promise<CodeServerModule>;
export const loadSetup = () => import(pathToFileURL(join(repoRoot, 'scripts/vscode-setup.mjs')).href) as Promise<SetupModule>;

/**
 * Skips the test when IPE_SKIP_VSCODE=1; otherwise makes sure Chromium and code-server are there,
 * installing code-server into .cache/ if needed, and fails with a clear message when they cannot be.
 * Returns false when the test was skipped.
 */
export async function prepareRealVscode(t: TestContext): Promise<boolean> {
  if (process.env.IPE_SKIP_VSCODE === '1') {
    t.skip('IPE_SKIP_VSCODE=1: the real-VS Code integration tests are skipped');
    return false;
  }
  const { chromiumAvailable, CHROMIUM_PATH } = await loadCodeServer();
  if (!chromiumAvailable()) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: the real-VS Code tests drive the workbench in it. ` +
        'Install it (Debian: apt-get install chromium), point IPE_CHROMIUM at another build, or set IPE_SKIP_VSCODE=1 to skip these tests.',
    );
  }
  const { ensureVscode } = await loadSetup();
  try {
    ensureVscode({ log: (line) => t.diagnostic(line) });
  } catch (error) {
    throw new Error(
      `Could not install code-server for the real-VS Code tests (node scripts/vscode-setup.mjs): ${error instanceof Error ? error.message : String(error)}\n` +
        'Set IPE_SKIP_VSCODE=1 to skip these tests.',
    );
  }
  return true;
}

/** Copies a fixture folder to a fresh temporary folder (tests never modify the original). */
export function copyFixture(fixture: string): { path: string; remove(): void } {
  const parent = mkdtempSync(join(tmpdir(), 'ipe-vscode-workspace-'));
  const path = join(parent, 'workspace');
  cpSync(fixture, path, { recursive: true });
  return { path, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

export interface HostRun {
  exitCode: number | undefined;
  timedOut: boolean;
  results: TestResult[];
  summary?: { passes: number; failures: number; pending: number };
  log: string[];
  screenshots: string[];
}

export interface HostRunOptions {
  workspace: string;
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  extensionsDir?: string;
  /** Screenshot file names are prefixed with this (e.g. "host-"). */
  screenshotPrefix?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Receives each line the host logs (test output, workbench log lines). */
  onLog?: (line: string) => void;
}

function argText(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
}

/**
 * Starts code-server, opens the workbench in Chromium with the test payload, and waits for the
 * workbench to report the end of the in-host tests (window.codeAutomationExit) or the timeout.
 */
export async function runInHost(options: HostRunOptions): Promise<HostRun> {
  const { startCodeServer, CHROMIUM_PATH, CHROMIUM_ARGS } = await loadCodeServer();
  const { chromium } = await import('playwright-core');
  const timeoutMs = options.timeoutMs ?? 8 * 60_000;
  const prefix = options.screenshotPrefix ?? '';
  mkdirSync(artifactsDir, { recursive: true });
  // Screenshots of an earlier run would look like this run's.
  if (prefix) for (const name of readdirSync(artifactsDir)) if (name.startsWith(prefix) && name.endsWith('.png')) rmSync(join(artifactsDir, name), { force: true });
  const run: HostRun = { exitCode: undefined, timedOut: false, results: [], log: [], screenshots: [] };
  const record = (line: string) => {
    run.log.push(line);
    options.onLog?.(line);
  };

  const server = await startCodeServer({
    folder: options.workspace,
    extensionDevelopmentPath: options.extensionDevelopmentPath,
    extensionTestsPath: options.extensionTestsPath,
    extensionsDir: options.extensionsDir,
    env: { IPE_SCREENSHOTS: '1', IPE_SCREENSHOT_DIR: artifactsDir, IPE_SCREENSHOT_PREFIX: prefix, ...(options.env ?? {}) },
  });
  const profile = mkdtempSync(join(tmpdir(), 'ipe-chromium-'));
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    let finish: (code: number) => void = () => {};
    const exited = new Promise<number>((r) => (finish = r));
    const shoot = async (name: string) => {
      const file = join(artifactsDir, `${prefix}${name}.png`);
      const png = await page.screenshot();
      writeFileSync(`${file}.tmp`, png);
      renameSync(`${file}.tmp`, file); // appears whole: the host test waits for the file
      run.screenshots.push(file);
    };
    /** A real mouse click in the webview frame (webviews are nested iframes of the workbench) that has the element. */
    const clickInWebview = async (selector: string) => {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        const target = frame.locator(selector).first();
        if ((await target.count().catch(() => 0)) === 0) continue;
        await target.hover();
        await target.click();
        return;
      }
      record(`[driver] no webview element matches ${selector}`);
    };
    let shooting = Promise.resolve();
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => {
      const line = (Array.isArray(args) ? args : [args]).map(argText).join(' ');
      for (const l of line.split('\n')) {
        if (l.startsWith(RESULT_PREFIX)) {
          try {
            run.results.push(JSON.parse(l.slice(RESULT_PREFIX.length)));
          } catch {}
          continue;
        }
        if (l.startsWith(SUMMARY_PREFIX)) {
          try {
            run.summary = JSON.parse(l.slice(SUMMARY_PREFIX.length));
          } catch {}
          continue;
        }
        if (l.startsWith(SCREENSHOT_PREFIX)) {
          try {
            const { name } = JSON.parse(l.slice(SCREENSHOT_PREFIX.length)) as { name: string };
            shooting = shooting.then(() => shoot(name)).catch((e) => record(`screenshot ${name} failed: ${String(e)}`));
          } catch {}
          continue;
        }
        if (l.startsWith(WEBVIEW_CLICK_PREFIX)) {
          try {
            const { selector } = JSON.parse(l.slice(WEBVIEW_CLICK_PREFIX.length)) as { selector: string };
            shooting = shooting.then(() => clickInWebview(selector)).catch((e) => record(`click ${selector} failed: ${String(e)}`));
          } catch {}
          continue;
        }
        record(level === 'info' || level === 'log' ? l : `[${level}] ${l}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    page.on('pageerror', (e) => record(`[page error] ${e.message}`));
    await page.goto(server.workbenchUrl);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    const outcome = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    await shooting;
    if (outcome === 'timeout') {
      run.timedOut = true;
      await shoot('timeout').catch(() => {});
    } else {
      run.exitCode = outcome;
      await shoot('final').catch(() => {});
    }
    return run;
  } catch (error) {
    const tail = server.output().split('\n').slice(-30).join('\n');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\ncode-server output (last lines):\n${tail}`);
  } finally {
    await context?.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
    await server.stop();
  }
}

/**
 * Reports each in-host mocha test as its own node:test subtest (failing with the mocha error), then
 * fails the parent if the run timed out, ended with a non-zero code, or reported no tests.
 */
export async function reportHostRun(t: TestContext, run: HostRun, what: string): Promise<void> {
  for (const result of run.results) {
    await t.test(result.fullTitle, { skip: result.state === 'pending' ? 'pending in mocha' : undefined }, () => {
      if (result.state !== 'failed') return;
      const error = new Error(result.error?.message ?? 'failed');
      if (result.error?.stack) error.stack = result.error.stack;
      if (result.error?.expected !== undefined) error.message += `\n  expected: ${result.error.expected}\n  actual:   ${result.error.actual}`;
      throw error;
    });
  }
  for (const file of run.screenshots) t.diagnostic(`screenshot: ${file.slice(repoRoot.length + 1)}`);
  const tail = () => run.log.slice(-40).join('\n');
  if (run.timedOut) throw new Error(`${what}: the in-host tests did not finish before the timeout (${run.results.length} test(s) reported). Last host output:\n${tail()}`);
  if (run.results.length === 0) throw new Error(`${what}: no in-host test reported a result (exit code ${run.exitCode}). Host output:\n${tail()}`);
  const failed = run.results.filter((r) => r.state === 'failed').length;
  if (run.exitCode !== 0 && failed === 0) throw new Error(`${what}: the extension host ended with code ${run.exitCode}. Host output:\n${tail()}`);
  if (run.summary && run.summary.passes + run.summary.failures + run.summary.pending !== run.results.length) {
    // Mocha counts a failing hook as a failure without its own result line; that is reported above.
    t.diagnostic(`mocha summary ${JSON.stringify(run.summary)} vs ${run.results.length} result lines`);
  }
}
