import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { IpeAuthorApi } from '../../../src/extension';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { activateExtension, closeAllEditors, openDocument, repoRoot, screenshot, waitFor, workspaceRoot } from './util';

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

  test('the real site with its own theme: the Events page lists its 5 posts, a post has Previous/Next', async function () {
    const { api } = await activateExtension<IpeAuthorApi>();
    // The corpus snapshot with the site's own _layouts, _includes, _sass and assets, as an author has it.
    const site = path.join(workspaceRoot(), 'ipe-site');
    fs.cpSync(path.join(repoRoot, 'test/fixtures/corpus/ipe-2023-05-29-baseurl-empty'), site, { recursive: true });
    fs.cpSync(path.join(repoRoot, 'test/fixtures/corpus-theme/theme-e7be1af'), site, { recursive: true });
    try {
      const events = vscode.Uri.file(path.join(site, 'posts/index.html'));
      await waitFor(async () => (await api.sites.siteFor(events))?.root.fsPath === site, 30_000, 'the site in ipe-site/');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(events), { viewColumn: vscode.ViewColumn.One });
      await vscode.commands.executeCommand('ipeAuthor.showPreviewToSide');
      const listed = await waitFor(() => (api.preview.lastRender?.uri === events.toString() ? api.preview.lastRender : undefined), 60_000, 'a render of the Events page');
      assert.equal(listed.page.layoutSource, 'site');
      assert.deepEqual(listed.page.errors, []);
      assert.equal((listed.html.match(/<article class="post-preview">/g) ?? []).length, 5);
      assert.match(listed.html, /href="(?:https:\/\/[^/"]+)?\/posts\/page2\/">Older<span class="d-none d-md-inline"> Posts<\/span> →<\/a>/);
      assert.ok(listed.page.stylesheets.some((s) => s.file === 'assets/main.scss' && (s.css ?? '').includes('.post-preview')), 'the site\'s Sass, compiled');
      assert.deepEqual([...listed.page.fonts], ['lora.css', 'open-sans.css']);
      await waitFor(() => api.preview.patchedVersion >= listed.version, 15_000, 'the webview to show the Events page');
      await new Promise((r) => setTimeout(r, 1500));
      await screenshot('preview-events');

      const post = vscode.Uri.file(path.join(site, '_posts/2022-07-26-1.md'));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(post), { viewColumn: vscode.ViewColumn.One });
      const shown = await waitFor(() => (api.preview.lastRender?.uri === post.toString() ? api.preview.lastRender : undefined), 30_000, 'a render of the post');
      assert.match(shown.html, /6 mins\s+read/);
      assert.match(shown.html, /<a class="btn btn-primary float-left" href="(?:https:\/\/[^/"]+)?\/2022\/06\/10\/1\.html"[^>]*>← Previous/);
      assert.match(shown.html, /<a class="btn btn-primary float-right" href="(?:https:\/\/[^/"]+)?\/2022\/09\/13\/1\.html"[^>]*>Next/);
      await waitFor(() => api.preview.patchedVersion >= shown.version, 15_000, 'the webview to show the post');
      // Scroll the preview to its end, where the buttons are.
      const lines = (await vscode.workspace.openTextDocument(post)).lineCount;
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === post.toString());
      editor?.revealRange(new vscode.Range(lines - 1, 0, lines - 1, 0), vscode.TextEditorRevealType.AtTop);
      await new Promise((r) => setTimeout(r, 1500));
      await screenshot('preview-post-navigation');
    } finally {
      await closeAllEditors();
      fs.rmSync(site, { recursive: true, force: true });
    }
  });
});
