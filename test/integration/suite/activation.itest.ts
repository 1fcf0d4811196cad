import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAllEditors, openDocument, screenshot, waitFor, workspaceFile } from './util';

const POST = '_posts/2022-11-21-ipe-meeting-london.md';

suite('Activation', () => {
  suiteTeardown(closeAllEditors);

  test('the extension is installed from source in this window', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among ${vscode.extensions.all.length} extensions`);
    assert.equal(extension.packageJSON.name, 'ipe-author');
    assert.ok(vscode.workspace.workspaceFolders?.length, 'a workspace folder is open');
  });

  test('opening a Markdown post of the workspace works and activates the extension', async () => {
    const editor = await openDocument(POST);
    assert.equal(editor.document.languageId, 'markdown');
    assert.equal(editor.document.uri.toString(), workspaceFile(POST).toString());
    assert.match(editor.document.getText(), /^---\nlayout: post\ntitle: "IETF - IPE meeting in London"/);

    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor(() => extension.isActive, 20_000, `${EXTENSION_ID} to activate`);
    const api = extension.exports as { sites?: unknown; diagnostics?: unknown; firstScan?: Promise<void> } | undefined;
    assert.ok(api && typeof api === 'object', 'activate() returned the extension API');
    await screenshot('activation-post-open');
  });

  test('the post shows in an editor tab', async () => {
    await openDocument(POST);
    const tab = await waitFor(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputText && t.input.uri.path.endsWith(POST)),
      10_000,
      'a tab for the post',
    );
    assert.equal(tab.label, '2022-11-21-ipe-meeting-london.md');
  });

  test('every command the manifest contributes is registered by the extension, and the palette names are its own', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor(() => extension.isActive, 20_000, `${EXTENSION_ID} to activate`);
    const declared = (extension.packageJSON.contributes.commands as { command: string; title: string; category?: string }[]);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of declared) {
      assert.ok(registered.has(c.command), `${c.command} ('${c.category}: ${c.title}') is declared but not registered`);
      assert.equal(c.category, 'IPE');
    }
    assert.ok(declared.some((c) => c.title === 'Check the Whole Site'));
  });
});
