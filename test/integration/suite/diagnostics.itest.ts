import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, openDocument, screenshot, sleep, waitFor, workspaceFile } from './util';

const SEED = '_posts/2022-11-21-ipe-meeting-london.md';
const PLENARY = '_posts/2023-05-17-plenary-meeting.md';

interface Api {
  firstScan: Promise<void>;
}

function ipeDiagnostics(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'IPE' && (code === undefined || d.code === code));
}

/** Waits until the file has IPE diagnostics of this code and returns them. */
function waitForDiagnostics(uri: vscode.Uri, code: string, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const found = ipeDiagnostics(uri, code);
    return found.length > 0 ? found : undefined;
  }, timeoutMs, `a ${code} diagnostic on ${uri.path}`);
}

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
}

async function revert(relPath: string): Promise<void> {
  await openDocument(relPath);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

suite('Diagnostics and quick fixes', () => {
  suiteSetup(async () => {
    const { api } = await activateExtension<Api>();
    await api.firstScan;
  });
  suiteTeardown(closeAllEditors);

  test("the seed post's background is reported at the exact range of its path", async () => {
    const editor = await openDocument(SEED);
    const [d] = await waitForDiagnostics(editor.document.uri, 'baseurl-doubled', 20_000);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(editor.document.getText(d.range), '/ipe/img/posts/posts.jpg');
    assert.equal(d.range.start.line, 5);
    assert.match(d.message, /\/ipe\/ipe\/img\/posts\/posts\.jpg/);
    // Its inline images are fine: nothing else is reported as broken in the post.
    assert.deepEqual(ipeDiagnostics(editor.document.uri).filter((x) => x.severity === vscode.DiagnosticSeverity.Error).map((x) => x.code), ['baseurl-doubled']);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await sleep(500);
    await screenshot('diagnostics-problems-panel');
  });

  test('files that were never opened are checked too, each cause with its code', async () => {
    const uri = workspaceFile(PLENARY);
    const codes = await waitFor(() => {
      const c = ipeDiagnostics(uri).map((d) => String(d.code)).sort();
      return c.length >= 2 ? c : undefined;
    }, 20_000, 'diagnostics of the unopened plenary post');
    assert.deepEqual(codes, ['case-mismatch', 'missing-file']);
  });

  test('the quick fix rewrites only the path, and the finding goes away', async () => {
    const editor = await openDocument(SEED);
    const [d] = await waitForDiagnostics(editor.document.uri, 'baseurl-doubled', 20_000);
    const before = editor.document.getText();
    const actions = await quickFixes(editor.document.uri, d.range);
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix?.command, `a preferred quick fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.title, "Change to '/img/posts/posts.jpg'");
    const result = await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.equal(result, 'applied');
    const after = editor.document.getText();
    assert.equal(after, before.replace("background: '/ipe/img/posts/posts.jpg'", "background: '/img/posts/posts.jpg'"));
    await waitFor(() => ipeDiagnostics(editor.document.uri, 'baseurl-doubled').length === 0, 10_000, 'the finding to clear after the fix');
    await screenshot('diagnostics-after-quick-fix');
    await revert(SEED);
  });

  test('a fix computed before the document changed does nothing', async () => {
    const editor = await openDocument(SEED);
    const [d] = await waitForDiagnostics(editor.document.uri, 'baseurl-doubled', 20_000);
    const fix = (await quickFixes(editor.document.uri, d.range)).find((a) => a.isPreferred);
    assert.ok(fix?.command);
    // The author types at the top of the file before choosing the fix.
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), '# a comment\n'));
    const edited = editor.document.getText();
    const result = await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.equal(result, 'stale');
    assert.equal(editor.document.getText(), edited);
    await revert(SEED);
  });

  test('typing a broken path is reported while typing, without saving', async () => {
    const editor = await openDocument(SEED);
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((b) => b.insert(end, '\n\n![typo](/ipe/img/posts/post.jpg)\n'));
    const [d] = await waitForDiagnostics(editor.document.uri, 'missing-file', 10_000);
    assert.equal(editor.document.getText(d.range), '/ipe/img/posts/post.jpg');
    const fixes = await quickFixes(editor.document.uri, d.range);
    assert.ok(fixes.some((f) => f.title === "Change to '/ipe/img/posts/posts.jpg'"), fixes.map((f) => f.title).join(', '));
    await revert(SEED);
  });

  test('adding and removing an image file updates the findings', async () => {
    const uri = workspaceFile(PLENARY);
    await waitFor(() => ipeDiagnostics(uri, 'missing-file').length === 1, 20_000, 'the missing plenary-room.jpg');
    const image = workspaceFile('img/posts/plenary-room.jpg');
    await vscode.workspace.fs.writeFile(image, new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
    await waitFor(() => ipeDiagnostics(uri, 'missing-file').length === 0, 15_000, 'the finding to clear once the image exists');
    await vscode.workspace.fs.delete(image);
    await waitFor(() => ipeDiagnostics(uri, 'missing-file').length === 1, 15_000, 'the finding to return once the image is gone');
  });

  test('changing baseurl in _config.yml re-judges every post', async () => {
    const seed = workspaceFile(SEED);
    await waitFor(() => ipeDiagnostics(seed, 'baseurl-doubled').length === 1, 20_000, 'the doubled baseurl');
    const config = workspaceFile('_config.yml');
    const original = await vscode.workspace.fs.readFile(config);
    const text = new TextDecoder().decode(original);
    try {
      await vscode.workspace.fs.writeFile(config, new TextEncoder().encode(text.replace('baseurl:            "/ipe"', 'baseurl:            ""')));
      // With an empty baseurl, '/ipe/img/posts/posts.jpg' is simply a missing file (and so are the
      // post's inline '/ipe/img/…' images).
      await waitFor(
        () => ipeDiagnostics(seed, 'baseurl-doubled').length === 0 && ipeDiagnostics(seed, 'missing-file').some((d) => d.range.start.line === 5),
        15_000,
        'the background to be a missing file under the new baseurl',
      );
      assert.equal(ipeDiagnostics(seed, 'missing-file').length, 3);
      await vscode.workspace.fs.writeFile(config, new TextEncoder().encode(text.replace('baseurl:            "/ipe"', 'baseurl:            "ipe"')));
      const [c] = await waitForDiagnostics(config, 'baseurl-no-leading-slash', 15_000);
      assert.equal(c.range.start.line, 3);
    } finally {
      await vscode.workspace.fs.writeFile(config, original);
    }
    await waitFor(() => ipeDiagnostics(seed, 'baseurl-doubled').length === 1, 15_000, 'the original findings back');
  });

  test('IPE: Check the Whole Site checks every file again and sums up what the Problems panel shows', async () => {
    const result = await vscode.commands.executeCommand<{ sites: number; files: number; errors: number; warnings: number; infos: number; message: string }>('ipeAuthor.checkWorkspace');
    assert.ok(result, 'the command returns what it found');
    const all = vscode.languages.getDiagnostics().flatMap(([, ds]) => ds.filter((d) => d.source === 'IPE'));
    const by = (severity: vscode.DiagnosticSeverity) => all.filter((d) => d.severity === severity).length;
    assert.equal(result.sites, 1);
    // Every post and page of the workspace's site (found on disk here, not by the engine): its Markdown and
    // HTML files outside _layouts, _includes and hidden folders.
    const documents = (await vscode.workspace.findFiles('**/*.{md,html}', '{**/_layouts/**,**/_includes/**,**/.*/**,**/node_modules/**,**/_site/**}')).length;
    assert.equal(result.files, documents);
    assert.equal(result.errors, by(vscode.DiagnosticSeverity.Error));
    assert.equal(result.warnings, by(vscode.DiagnosticSeverity.Warning));
    assert.equal(result.infos, by(vscode.DiagnosticSeverity.Information) + by(vscode.DiagnosticSeverity.Hint));
    assert.ok(result.errors >= 3, `the sample site's broken images: ${result.message}`);
    assert.match(result.message, new RegExp(`^IPE: checked ${documents} files of the site: ${result.errors} errors`));
    // The summary's notification, in the notification centre for the screenshot.
    await vscode.commands.executeCommand('notifications.showList');
    await sleep(800);
    await screenshot('diagnostics-check-whole-site');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideList');
  });
});
