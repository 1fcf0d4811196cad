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

// A folder without index: jekyll-readme-index makes its README the page at /ipe/notes/.
const README = 'notes/README.md';
const README_TEXT = '# Meeting notes\n\n![The room](room.png)\n\nSee [the plan](plan.html) and [the about page]({{ site.baseurl }}/about.html).\n';

suite('GitHub Pages build', () => {
  suiteSetup(() => fs.writeFileSync(path.join(workspaceRoot(), POST), TEXT));
  suiteTeardown(async () => {
    // Leave the preview as a fresh window finds it: no panel, no render of this post.
    const { api } = await activateExtension<IpeAuthorApi>();
    api.preview.webviewPanel?.dispose();
    api.preview.lastRender = undefined;
    await closeAllEditors();
    fs.rmSync(path.join(workspaceRoot(), POST), { force: true });
    fs.rmSync(path.join(workspaceRoot(), 'notes'), { recursive: true, force: true });
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

  test('a README added in a folder without index is checked as the page jekyll-readme-index makes of it', async () => {
    await closeAllEditors();
    fs.mkdirSync(path.join(workspaceRoot(), 'notes'), { recursive: true });
    await vscode.workspace.fs.writeFile(vscode.Uri.file(path.join(workspaceRoot(), README)), new TextEncoder().encode(README_TEXT));
    const editor = await openDocument(README);
    const found = await waitFor(() => {
      const list = vscode.languages.getDiagnostics(editor.document.uri).filter((x) => x.source === 'IPE');
      return list.length >= 2 ? list : undefined;
    }, 20_000, 'the README page\'s broken image and link');
    // Resolved against the page's URL, /ipe/notes/; the link to the about page works.
    assert.deepEqual(found.map((d) => `${d.code} ${editor.document.getText(d.range)}`).sort(), ['link-missing plan.html', 'missing-file room.png']);
    assert.match(found.find((d) => d.code === 'missing-file')!.message, /\/ipe\/notes\/room\.png/);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await sleep(800);
    await screenshot('github-pages-readme-index');

    // Another page takes the folder's URL (typed, not saved): the README is a copied file again, and nothing in it is judged.
    const about = await openDocument('about.md');
    await about.edit((b) => b.insert(new vscode.Position(1, 0), 'permalink: /notes/\n'));
    await waitFor(() => vscode.languages.getDiagnostics(editor.document.uri).filter((x) => x.source === 'IPE').length === 0 || undefined, 20_000, "the README's problems to go once /notes/ is another page's");
    // And back: the README is the index again.
    await about.edit((b) => b.delete(new vscode.Range(1, 0, 2, 0)));
    await waitFor(() => vscode.languages.getDiagnostics(editor.document.uri).filter((x) => x.source === 'IPE').length === 2 || undefined, 20_000, "the README's problems to come back");
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await closeAllEditors();

    // A whole scan (as at start-up) reads the README before it knows the folder has no index: it is checked again at the end.
    const { api } = await activateExtension<IpeAuthorApi>();
    await api.diagnostics.scanAll();
    const afterScan = vscode.languages.getDiagnostics(editor.document.uri).filter((x) => x.source === 'IPE');
    assert.deepEqual(afterScan.map((d) => String(d.code)).sort(), ['link-missing', 'missing-file']);
  });
});
