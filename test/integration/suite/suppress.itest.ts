import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, openDocument, screenshot, sleep, waitFor, workspaceFile, workspaceRoot } from './util';

// The settings and suppressions of the command line, in the editor: `.ipe-author.yml` (its severities,
// and its own problems at their place), a suppression comment, and the quick fix that writes one.
const POST = '_posts/2024-01-02-placeholders.md';
const TEXT = '---\nlayout: post\ntitle: Placeholders\n---\n\n<!-- ipe-author-disable-next-line missing-file -- drawn later -->\n![first](/ipe/img/posts/coming-soon-1.png)\n\n- Agenda\n  - ![second](/ipe/img/posts/coming-soon-2.png)\n';
const PLENARY = '_posts/2023-05-17-plenary-meeting.md';
const CONFIG = '.ipe-author.yml';
const CONFIG_TEXT = 'severity:\n  case-mismatch: information\nimageKeys: thumbnail\n';

function ipeDiagnostics(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'IPE' && (code === undefined || d.code === code));
}

function severityOf(uri: vscode.Uri, code: string): vscode.DiagnosticSeverity | undefined {
  return ipeDiagnostics(uri, code)[0]?.severity;
}

suite('Suppressions and .ipe-author.yml', () => {
  suiteSetup(async () => {
    const { api } = await activateExtension<{ firstScan: Promise<void> }>();
    await api.firstScan;
    fs.writeFileSync(path.join(workspaceRoot(), CONFIG), CONFIG_TEXT);
    fs.writeFileSync(path.join(workspaceRoot(), POST), TEXT);
  });
  suiteTeardown(async () => {
    await closeAllEditors();
    await vscode.workspace.getConfiguration('ipeAuthor').update('diagnostics.severity', undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(path.join(workspaceRoot(), CONFIG), { force: true });
    fs.rmSync(path.join(workspaceRoot(), POST), { force: true });
    // The next suite finds the severities as the workspace has them.
    await waitFor(() => severityOf(workspaceFile(PLENARY), 'case-mismatch') === vscode.DiagnosticSeverity.Error, 20_000, 'case-mismatch to be an error again');
  });

  test(".ipe-author.yml's severity applies, its bad value is a problem at its place, and an explicit setting overrides it", async () => {
    const plenary = workspaceFile(PLENARY);
    await waitFor(() => severityOf(plenary, 'case-mismatch') === vscode.DiagnosticSeverity.Information, 20_000, 'case-mismatch as information, from .ipe-author.yml');
    const [bad] = await waitFor(() => {
      const found = ipeDiagnostics(workspaceFile(CONFIG), 'ipe-config-value');
      return found.length > 0 ? found : undefined;
    }, 20_000, 'the bad imageKeys value reported in .ipe-author.yml');
    assert.equal(bad.range.start.line, 2);
    assert.match(bad.message, /'imageKeys' must be a list/);
    // A setting set explicitly in the workspace wins over the file; unset again, the file decides.
    const c = vscode.workspace.getConfiguration('ipeAuthor');
    await c.update('diagnostics.severity', { 'case-mismatch': 'warning' }, vscode.ConfigurationTarget.Workspace);
    await waitFor(() => severityOf(plenary, 'case-mismatch') === vscode.DiagnosticSeverity.Warning, 20_000, 'case-mismatch as a warning, from the workspace setting');
    await c.update('diagnostics.severity', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor(() => severityOf(plenary, 'case-mismatch') === vscode.DiagnosticSeverity.Information, 20_000, 'case-mismatch as information again');
    // The file changes: read again.
    fs.writeFileSync(path.join(workspaceRoot(), CONFIG), 'severity:\n  case-mismatch: hint\n');
    await waitFor(() => severityOf(plenary, 'case-mismatch') === vscode.DiagnosticSeverity.Hint, 20_000, 'case-mismatch as a hint after the file changed');
    await waitFor(() => ipeDiagnostics(workspaceFile(CONFIG)).length === 0, 20_000, 'the fixed .ipe-author.yml to have no problems');
    fs.writeFileSync(path.join(workspaceRoot(), CONFIG), CONFIG_TEXT);
    await waitFor(() => severityOf(plenary, 'case-mismatch') === vscode.DiagnosticSeverity.Information, 20_000, 'case-mismatch as information once more');
  });

  test('a suppression comment silences its line; "Ignore this problem on this line" silences another, once', async () => {
    const editor = await openDocument(POST);
    const uri = editor.document.uri;
    // The first placeholder is suppressed; only the second is reported, and the comment is in use.
    const [d] = await waitFor(() => {
      const found = ipeDiagnostics(uri, 'missing-file');
      return found.length > 0 ? found : undefined;
    }, 20_000, 'the second placeholder reported');
    assert.deepEqual(ipeDiagnostics(uri).map((x) => `${x.code}@${x.range.start.line}`), ['missing-file@9']);
    // Asked as the light bulb asks, until the re-check the previous test started has settled.
    const actions = await waitFor(async () => {
      const found = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
      return found.length > 0 ? found : undefined;
    }, 10_000, 'the quick fixes of the second placeholder');
    const ignore = actions.filter((a) => a.title.startsWith('Ignore this problem on this line'));
    assert.equal(ignore.length, 1, `one ignore action among: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(ignore[0].title, 'Ignore this problem on this line (missing-file)');
    const result = await vscode.commands.executeCommand(ignore[0].command!.command, ...(ignore[0].command!.arguments ?? []));
    assert.equal(result, 'applied');
    assert.equal(editor.document.lineAt(9).text, '  <!-- ipe-author-disable-next-line missing-file -->');
    assert.equal(editor.document.lineAt(10).text, '  - ![second](/ipe/img/posts/coming-soon-2.png)');
    await waitFor(() => ipeDiagnostics(uri).length === 0, 10_000, 'the post to check clean (no finding, no unused suppression)');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await sleep(800);
    await screenshot('ci-suppress');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
