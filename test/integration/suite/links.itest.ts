import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, clickInWebview, closeAllEditors, openDocument, screenshot, sleep, waitFor, workspaceRoot } from './util';

// A post with a root link that lacks the baseurl (the workspace is served under /ipe), and an include
// whose navbar item names a page the site does not have, as the IPE navbar once did with /members.
const POST = '_posts/2023-06-02-links.md';
const INCLUDE = '_includes/nav-links.html';
const POST_TEXT = '---\nlayout: post\ntitle: "Links"\n---\n\n{% include nav-links.html %}\n\nRead [our mission](/about.html) first.\n\nSee also \n';
const INCLUDE_TEXT = '<nav>\n  <a class="nav-link" href="{{ "/about" | relative_url }}">About</a>\n  <a class="nav-link" href="{{ "/members" | relative_url }}">Members Login</a>\n</nav>\n';

const ipe = (uri: vscode.Uri, code: string) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'IPE' && d.code === code);

suite('Links', () => {
  suiteSetup(async () => {
    fs.mkdirSync(path.join(workspaceRoot(), '_includes'), { recursive: true });
    fs.writeFileSync(path.join(workspaceRoot(), INCLUDE), INCLUDE_TEXT);
    fs.writeFileSync(path.join(workspaceRoot(), POST), POST_TEXT);
    const { api } = await activateExtension<{ sites: { ready(): Promise<void> } }>();
    await api.sites.ready();
  });
  suiteTeardown(async () => {
    // Leave the preview as a fresh window finds it: no panel, no render of the pages shown here.
    const { api } = await activateExtension<{ preview: { webviewPanel?: vscode.WebviewPanel; lastRender?: unknown } }>();
    api.preview.webviewPanel?.dispose();
    api.preview.lastRender = undefined;
    await closeAllEditors();
    fs.rmSync(path.join(workspaceRoot(), POST), { force: true });
    fs.rmSync(path.join(workspaceRoot(), '_includes'), { recursive: true, force: true });
    fs.rmSync(path.join(workspaceRoot(), 'members.md'), { force: true });
  });

  test('a broken link in a post and in an include in the Problems panel; the quick fix applied; completion; Ctrl+click to the target', async () => {
    const editor = await openDocument(POST);
    const uri = editor.document.uri;
    const [d] = await waitFor(() => {
      const found = ipe(uri, 'link-outside-baseurl');
      return found.length > 0 ? found : undefined;
    }, 30_000, 'the link without the baseurl');
    assert.equal(editor.document.getText(d.range), '/about.html');
    assert.match(d.message, /served under \/ipe\//);

    // The include's link, reported in the include, for the page that uses it.
    const includeUri = vscode.Uri.file(path.join(workspaceRoot(), INCLUDE));
    const [inc] = await waitFor(() => {
      const found = ipe(includeUri, 'link-missing');
      return found.length > 0 ? found : undefined;
    }, 20_000, 'the include link to /members');
    assert.equal(inc.range.start.line, 2, `${inc.message} at ${inc.range.start.line}:${inc.range.start.character}`);
    assert.match(inc.message, /\/ipe\/members/);
    assert.match(inc.message, /fails on 1 of the 1 pages that use _includes\/nav-links\.html \(_posts\/2023-06-02-links\.md\)/);
    assert.ok(inc.relatedInformation?.some((r) => r.location.uri.path.endsWith(POST)));
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await sleep(800);
    await screenshot('links-problems');

    // Typing before the link moves it: its problem and its fix move along.
    const typed = 'Typed first. ';
    await editor.edit((b) => b.insert(new vscode.Position(d.range.start.line, 0), typed));
    const [moved] = await waitFor(() => {
      const found = ipe(uri, 'link-outside-baseurl');
      return found.length > 0 && found[0].range.start.character === d.range.start.character + typed.length ? found : undefined;
    }, 15_000, 'the problem moved with its link');
    assert.equal(editor.document.getText(moved.range), '/about.html');

    // The quick fix.
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, moved.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix?.command, `a preferred fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.title, "Change to '{{ site.baseurl }}/about.html'");
    assert.equal(await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? [])), 'applied');
    assert.match(editor.document.getText(), /Typed first\. Read \[our mission\]\(\{\{ site\.baseurl \}\}\/about\.html\) first\./);
    await waitFor(() => ipe(uri, 'link-outside-baseurl').length === 0, 15_000, 'the finding to clear after the fix');

    // Completion of a link target, with its title.
    const line = editor.document.lineCount - 2;
    const end = editor.document.lineAt(line).range.end;
    await editor.edit((b) => b.insert(end, '[the mission]('));
    const at = editor.document.lineAt(line).range.end;
    editor.selection = new vscode.Selection(at, at);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, at, '(');
    const item = list?.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === '{{ site.baseurl }}/about.html');
    assert.ok(item, `the about page among: ${(list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).slice(0, 10).join(', ')}`);
    assert.match(String(item.detail), /^Our Mission — \/ipe\/about\.html$/);
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await sleep(1200);
    await screenshot('links-completion');
    await vscode.commands.executeCommand('hideSuggestWidget');
    await editor.edit((b) => b.delete(new vscode.Range(new vscode.Position(line, 0), editor.document.lineAt(line).range.end)));
    await editor.document.save();

    // Ctrl+click: the document link of the fixed link opens about.md.
    const links = (await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri)) ?? [];
    const toAbout = links.find((l) => l.target?.path.endsWith('/about.md'));
    assert.ok(toAbout, `a link to about.md among: ${links.map((l) => l.target?.toString()).join(', ')}`);
    assert.equal(editor.document.getText(toAbout.range), '{{ site.baseurl }}/about.html');
    await vscode.commands.executeCommand('vscode.open', toAbout.target);
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.path.endsWith('/about.md'), 10_000, 'about.md to open');
    await sleep(500);
    await screenshot('links-ctrl-click-target');
  });

  test('the preview marks a broken link where it stands, with the reason; a click on a link of the site opens that page in the preview', async () => {
    interface Preview {
      lastRender?: { uri: string; version: number; html: string };
      patchedVersion: number;
      sourceUri?: vscode.Uri;
    }
    const { api } = await activateExtension<{ preview: Preview }>();
    await openDocument(POST);
    await vscode.commands.executeCommand('ipeAuthor.showPreviewToSide');
    const render = await waitFor(() => {
      const r = api.preview.lastRender;
      return r && r.uri.endsWith(POST) && r.html.includes('ipe-link-broken') ? r : undefined;
    }, 30_000, 'the preview of the post with its broken link marked');
    const anchors = render.html.match(/<a\b[^>]*>[^<]*<\/a>/g) ?? [];
    const members = anchors.find((a) => a.includes('Members Login'));
    assert.ok(members, anchors.join('\n'));
    assert.match(members, /class="nav-link ipe-link-broken"/);
    assert.match(members, /title="Broken link: [^"]*\/ipe\/members/);
    const about = anchors.find((a) => />About</.test(a));
    assert.ok(about && !about.includes('ipe-link-broken'), `the working item is not marked: ${about}`);
    await waitFor(() => api.preview.patchedVersion >= render.version, 15_000, 'the webview to show it');
    // The include's navbar in view: the editor scrolls, the preview follows.
    await vscode.commands.executeCommand('workbench.action.closePanel');
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith(POST));
    editor?.revealRange(new vscode.Range(5, 0, 5, 0), vscode.TextEditorRevealType.AtTop);
    await sleep(1200);
    await screenshot('links-preview-broken');

    // A real click on the navbar's About item: its page (about.md, served at /ipe/about) opens in the preview.
    if (!clickInWebview('a.nav-link:not(.ipe-link-broken):not([data-ipe-stand-in])')) return;
    const followed = await waitFor(() => {
      const r = api.preview.lastRender;
      return r && r.uri.endsWith('/about.md') ? r : undefined;
    }, 20_000, 'the preview to follow the link to about.md');
    assert.ok(api.preview.sourceUri?.path.endsWith('/about.md'));
    assert.match(followed.html, /Our Mission/);
    assert.equal((followed.html.match(/<h1\b/g) ?? []).length, 1, 'one heading');
    await waitFor(() => api.preview.patchedVersion >= followed.version, 15_000, 'the webview to show about.md');
    await sleep(800);
    await screenshot('links-preview-followed');
  });

  test('a link to a page no one wrote: its quick fix creates the page, and the problem goes on every page', async () => {
    const includeUri = vscode.Uri.file(path.join(workspaceRoot(), INCLUDE));
    const [inc] = await waitFor(() => {
      const found = ipe(includeUri, 'link-missing');
      return found.length > 0 ? found : undefined;
    }, 20_000, 'the include link to /members');
    await openDocument(INCLUDE);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', includeUri, inc.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const create = actions.find((a) => a.title === 'Create the page members.md (served at /ipe/members)');
    assert.ok(create?.command, `among: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(await vscode.commands.executeCommand(create.command.command, ...(create.command.arguments ?? [])), 'applied');
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.path.endsWith('/members.md'), 10_000, 'members.md to open');
    assert.match(fs.readFileSync(path.join(workspaceRoot(), 'members.md'), 'utf8'), /^---\n(layout: page\n)?title: "Members"\n---\n/);
    await waitFor(() => ipe(includeUri, 'link-missing').length === 0, 20_000, 'the include finding to clear');
    await sleep(500);
    await screenshot('links-create-page');
    // Applied again (the file is there now), it creates nothing and says so.
    assert.equal(await vscode.commands.executeCommand(create.command.command, ...(create.command.arguments ?? [])), 'exists');
  });

  test('Find Links to This Page and Find All References on a link list the links of the site that land on the page', async () => {
    const refs = '_posts/2023-06-03-refs.md';
    const text = '---\nlayout: post\ntitle: "Refs"\n---\n\n[About]({{ site.baseurl }}/about.html) and [again]({{ "/about.html" | relative_url }}), [not there](/about.html).\n';
    fs.writeFileSync(path.join(workspaceRoot(), refs), text);
    const about = vscode.Uri.file(path.join(workspaceRoot(), 'about.md'));
    try {
      // The command, from the explorer's context menu (a file's URI) or on the active editor.
      const found = await waitFor(async () => {
        const locations = await vscode.commands.executeCommand<vscode.Location[]>('ipeAuthor.findLinksToPage', about);
        const inRefs = (locations ?? []).filter((l) => l.uri.path.endsWith(refs));
        return inRefs.length > 0 ? inRefs : undefined;
      }, 30_000, 'the new post among the links to about.md');
      const doc = await vscode.workspace.openTextDocument(found[0].uri);
      // The root link without the baseurl does not land on the page: it is not one of them.
      assert.deepEqual(found.map((l) => doc.getText(l.range)), ['{{ site.baseurl }}/about.html', '{{ "/about.html" | relative_url }}']);

      // Shift+F12 on the first link: the same links (and the others of the site that land there).
      const editor = await openDocument(refs);
      const at = editor.document.positionAt(text.indexOf('/about.html)'));
      const references = (await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', editor.document.uri, at)) ?? [];
      const ours = references.filter((l) => l.uri.path.endsWith(refs)).map((l) => editor.document.getText(l.range));
      for (const t of ['{{ site.baseurl }}/about.html', '{{ "/about.html" | relative_url }}']) assert.ok(ours.includes(t), `${t} among ${JSON.stringify(ours)}`);
      assert.ok(!ours.includes('/about.html'));

      editor.selection = new vscode.Selection(at, at);
      await vscode.commands.executeCommand('ipeAuthor.findLinksToPage', about);
      await sleep(1200);
      await screenshot('links-find-links-to-page');
    } finally {
      await vscode.commands.executeCommand('closeReferenceSearch');
      await closeAllEditors();
      fs.rmSync(path.join(workspaceRoot(), refs), { force: true });
    }
  });
});
