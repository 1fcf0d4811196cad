import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { IpeAuthorApi } from '../../../src/extension';
import { activateExtension, closeAllEditors, openDocument, screenshot, waitFor } from './util';

const POST = '_posts/2022-11-21-ipe-meeting-london.md';

suite('Preview', () => {
  suiteTeardown(closeAllEditors);

  test('IPE: Open Preview to the Side shows the post in a webview beside it and follows edits in place', async () => {
    const { api } = await activateExtension<IpeAuthorApi>();
    const editor = await openDocument(POST);
    await api.sites.ready();
    await vscode.commands.executeCommand('ipeAuthor.showPreviewToSide');

    const panel = await waitFor(() => api.preview.webviewPanel, 15_000, 'the preview panel');
    await waitFor(() => panel.visible && panel.viewColumn !== undefined && panel.viewColumn !== editor.viewColumn, 15_000, 'the preview beside the editor');
    await waitFor(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('ipeAuthor.preview')),
      15_000,
      'a webview tab for the preview',
    );
    const first = await waitFor(() => api.preview.lastRender, 15_000, 'the first render');
    assert.equal(first.uri, editor.document.uri.toString());
    assert.match(first.html, /<h1>IETF - IPE meeting in London<\/h1>/);
    assert.match(first.html, /Posted by <a href="#">[^<]*<\/a> on November 22, 2022 · \d+ mins? read/);
    assert.match(first.html, /Broken background: <code>\/ipe\/ipe\/img\/posts\/posts\.jpg<\/code>/);
    await waitFor(() => api.preview.patchedVersion >= first.version, 15_000, 'the webview to show the first render');
    await screenshot('preview-post');

    // Typing: the preview follows, patched in place (the webview reports the version it shows).
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((b) => b.insert(end, '\n\nA paragraph typed in the editor.\n'));
    const typed = await waitFor(
      () => (api.preview.lastRender?.html.includes('A paragraph typed in the editor.') ? api.preview.lastRender : undefined),
      15_000,
      'a render with the typed paragraph',
    );
    assert.ok(typed.version > first.version);
    await waitFor(() => api.preview.patchedVersion >= typed.version, 15_000, 'the webview to patch in the typed paragraph');
    await screenshot('preview-post-typed');

    // The title changes too.
    await editor.edit((b) => b.replace(editor.document.lineAt(2).range, 'title: "IETF - IPE meeting in London, edited"'));
    const retitled = await waitFor(() => (api.preview.lastRender?.html.includes('London, edited</h1>') ? api.preview.lastRender : undefined), 15_000, 'the new title');
    await waitFor(() => api.preview.patchedVersion >= retitled.version, 15_000, 'the webview to show the new title');
    await screenshot('preview-post-retitled');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('the preview follows the active editor to the page', async () => {
    const { api } = await activateExtension<IpeAuthorApi>();
    await openDocument('about.md', { viewColumn: vscode.ViewColumn.One });
    const rendered = await waitFor(() => (api.preview.lastRender?.uri.endsWith('/about.md') ? api.preview.lastRender : undefined), 15_000, 'a render of about.md');
    assert.match(rendered.html, /<h1>Our Mission<\/h1>/);
    assert.match(rendered.html, /<span class="subheading">This is what we do<\/span>/);
    await waitFor(() => api.preview.patchedVersion >= rendered.version, 15_000, 'the webview to show the page');
    await screenshot('preview-page');
  });
});
