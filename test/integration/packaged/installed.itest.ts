import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAllEditors, openDocument, repoRoot, screenshot, waitFor, workspaceFile } from '../suite/util';

const POST = '_posts/2022-11-21-ipe-meeting-london.md';

suite('Packaged extension (.vsix)', () => {
  suiteTeardown(closeAllEditors);

  test('IPE Author is installed from the .vsix, not loaded from the repository', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed; extensions: ${vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id).join(', ')}`);
    assert.notEqual(path.resolve(extension.extensionPath), path.resolve(repoRoot));
    assert.match(path.basename(extension.extensionPath), /^ipe-author\.ipe-author-\d+\.\d+\.\d+/);
    assert.equal(extension.packageJSON.icon, 'media/icon.png');
  });

  test('opening a post activates it and its bundle reports a broken image', async () => {
    await openDocument(POST);
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor(() => extension.isActive, 30_000, `${EXTENSION_ID} to activate`);
    const uri = workspaceFile(POST);
    const found = await waitFor(
      () => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'IPE' && d.code === 'baseurl-doubled'),
      30_000,
      'the baseurl-doubled diagnostic on the seed post',
    );
    assert.equal(found.range.start.line, 5);
    await screenshot('post-with-diagnostics');
  });
});
