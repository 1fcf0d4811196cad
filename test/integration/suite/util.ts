// Helpers for the tests that run inside the extension host (test/integration/suite/*.itest.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SCREENSHOT_PREFIX, WEBVIEW_CLICK_PREFIX } from './protocol';

export const EXTENSION_ID = 'ipe-author.ipe-author';

/** The repository root (the extension under test, loaded from source). */
export const repoRoot = path.resolve(__dirname, '../../../..');

/** The workspace folder the tests run in: a throwaway copy of test/fixtures/vscode-workspace. */
export function workspaceUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('No workspace folder is open in the test window');
  return folder.uri;
}

/** The workspace folder as a file-system path (the extension host runs on the same machine). */
export function workspaceRoot(): string {
  return workspaceUri().fsPath;
}

/** A URI inside the workspace, from a path relative to its root (`_posts/2022-…md`). */
export function workspaceFile(relPath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceUri(), ...relPath.split('/').filter(Boolean));
}

/** Opens a workspace file in an editor and returns the editor once it is the active one. */
export async function openDocument(relPath: string, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relPath));
  const editor = await vscode.window.showTextDocument(document, { preview: false, ...options });
  await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === document.uri.toString(), 10_000, `${relPath} to be the active editor`);
  return editor;
}

/** Closes every editor (a clean slate between tests). */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Every wait's deadline is this many times the one its test names. The named ones are what a pass takes
 * with room to spare on an idle machine; on a loaded 2-core machine (a full `npm test` beside other
 * work) a diagnostic or a render took longer than 20 s a few times. A wait ends as soon as its
 * condition holds, so the longer deadline costs a passing run nothing.
 */
export const WAIT_SCALE = 3;

/**
 * Polls `predicate` until it returns a truthy value (which is returned) or the deadline passes, then
 * throws "Timed out after N ms waiting for <message>" with the last error the predicate threw.
 * State that VS Code updates asynchronously (tabs, diagnostics, webviews) should be awaited this way.
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, givenMs = 10_000, message = 'a condition', intervalMs = 50): Promise<NonNullable<T>> {
  const timeoutMs = givenMs * WAIT_SCALE;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? `; last error: ${lastError.message}` : lastError !== undefined ? `; last error: ${String(lastError)}` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${message}${why}`);
    }
    await sleep(intervalMs);
  }
}

/** The extension under test, activated; returns its exported API. */
export async function activateExtension<T = unknown>(): Promise<{ extension: vscode.Extension<T>; api: T }> {
  const extension = vscode.extensions.getExtension<T>(EXTENSION_ID);
  if (!extension) throw new Error(`Extension ${EXTENSION_ID} is not installed in the test window`);
  const api = await extension.activate();
  return { extension, api };
}


/**
 * Asks the test driver to click, with the real mouse, the first element matching `selector` in a webview
 * (the preview). Returns false when the driver does not take such requests (e.g. under @vscode/test-electron).
 */
export function clickInWebview(selector: string): boolean {
  if (process.env.IPE_SCREENSHOTS !== '1') return false;
  console.log(WEBVIEW_CLICK_PREFIX + JSON.stringify({ selector }));
  return true;
}

/** Where screenshots go: `.test-artifacts/vscode/` in the repository (gitignored). */
export function screenshotDir(): string {
  return process.env.IPE_SCREENSHOT_DIR ?? path.join(repoRoot, '.test-artifacts', 'vscode');
}

/**
 * Asks the test driver for a screenshot of the whole workbench, named `<name>.png`, and waits until it
 * is written (so the picture shows the state at this moment). Returns the file's path, or undefined
 * when the driver takes no screenshots (e.g. under @vscode/test-electron).
 */
export async function screenshot(name: string, timeoutMs = 15_000): Promise<string | undefined> {
  if (process.env.IPE_SCREENSHOTS !== '1') return undefined;
  const safe = name.replace(/[^\w.-]+/g, '-');
  const file = path.join(screenshotDir(), `${process.env.IPE_SCREENSHOT_PREFIX ?? ''}${safe}.png`);
  const requested = Date.now();
  console.log(SCREENSHOT_PREFIX + JSON.stringify({ name: safe }));
  await waitFor(() => fs.existsSync(file) && fs.statSync(file).mtimeMs >= requested - 1000, timeoutMs, `screenshot ${safe}.png`);
  return file;
}
