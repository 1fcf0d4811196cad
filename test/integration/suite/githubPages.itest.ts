import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IpeAuthorApi } from '../../../src/extension';
import { activateExtension, closeAllEditors, openDocument, screenshot, sleep, waitFor, workspaceRoot } from './util';

// A post as the IPE site's authors write them: no layout: (GitHub Pages' jekyll-default-layout gives it
// 'post'), and the background with the baseurl written in, which the deployed site doubles.
const POST = '_posts/2023-06-01-no-layout.md';
const TEXT = "---\ntitle: \"A post without layout\"\nsubtitle: \"Its masthead comes from jekyll-default-layout\"\nbackground: '/ipe/img/posts/posts.jpg'\n---\n\nThe workspace is deployed by GitHub Pages.\n";

suite('GitHub Pages build', () => {
  suiteSetup(() => fs.writeFileSync(path.join(workspaceRoot(), POST), TEXT));
  suiteTeardown(async () => {
    // Leave the preview as a fresh window finds it: no panel, no render of this post.
    const { api } = await activateExtension<IpeAuthorApi>();
    api.preview.webviewPanel?.dispose();
    api.preview.lastRender = undefined;
    await closeAllEditors();
    fs.rmSync(path.join(workspaceRoot(), POST), { force: true });
  });

  test('the status item names the build; a post without layout: has its masthead in the preview and its broken background in the Problems panel', async () => {
    const { api } = await activateExtension<IpeAuthorApi>();
    await api.sites.ready();
    const status = await vscode.commands.executeCommand<{ text: string; detail: string }>('ipeAuthor.openSiteConfig', vscode.Uri.file(path.join(workspaceRoot(), POST)));
    assert.ok(status);
    assert.equal(status.text, 'IPE: GitHub Pages · baseurl "/ipe"');
    assert.match(status.detail, /^Built as GitHub Pages: the workflow \.github\/workflows\/jekyll-gh-pages\.yml uses actions\/jekyll-build-pages/);
    await closeAllEditors();
    const editor = await openDocument(POST);

    const [d] = await waitFor(() => {
      const found = vscode.languages.getDiagnostics(editor.document.uri).filter((x) => x.source === 'IPE' && x.code === 'baseurl-doubled');
      return found.length > 0 ? found : undefined;
    }, 20_000, 'the baseurl-doubled background');
    assert.equal(editor.document.getText(d.range), '/ipe/img/posts/posts.jpg');

    await vscode.commands.executeCommand('ipeAuthor.showPreviewToSide');
    const rendered = await waitFor(() => (api.preview.lastRender?.uri.endsWith(POST) ? api.preview.lastRender : undefined), 15_000, 'a render of the post');
    assert.match(rendered.html, /<h1>A post without layout<\/h1>/);
    assert.match(rendered.html, /Its masthead comes from jekyll-default-layout/);
    assert.match(rendered.html, /Broken background: <code>\/ipe\/ipe\/img\/posts\/posts\.jpg<\/code>/);
    await waitFor(() => api.preview.patchedVersion >= rendered.version, 15_000, 'the webview to show the post');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await sleep(800);
    await screenshot('github-pages-post-without-layout');
  });
});
