import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, openDocument, screenshot, sleep, waitFor, workspaceFile, workspaceRoot } from './util';

// A post that is renamed and an image that is moved; another post links to both, in the forms the IPE
// posts use (the site is built by GitHub Pages, where {% post_url %} does not add the baseurl).
const TARGET = '_posts/2023-06-04-moving.md';
const RENAMED = '_posts/2023-06-04-moved.md';
const LINKER = '_posts/2023-06-05-linker.md';
const IMAGE = 'img/posts/move-me.png';
const MOVED_IMAGE = 'img/photos/move-me.png';
const LINKER_TEXT =
  '---\nlayout: post\ntitle: "Linker"\n---\n\nRead [the post]({{ site.baseurl }}{% post_url 2023-06-04-moving %}) and [again](/ipe/2023/06/04/moving.html#top).\n\n' +
  '<p align="center">\n  <img style="width:600px;max-width:100%" src="/ipe/img/posts/move-me.png" alt="moved">\n</p>\n';

type Outcome = { updated: number; files: number; unresolved: number };
type Api = { sites: { ready(): Promise<void> }; moves: { onDidUpdateLinks: vscode.Event<Outcome> }; firstScan: Promise<void> };

const ipe = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'IPE');

/** Link updates applied without asking, and no auto-save: the edits stay unsaved for the test to see. */
async function updateLinksUnsaved(): Promise<void> {
  await vscode.workspace.getConfiguration('ipeAuthor').update('updateLinksOnFileMove', 'always', vscode.ConfigurationTarget.Workspace);
  await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
}

/**
 * Renames files with one workspace edit, as the Explorer does, and waits up to `deadlineMs` for the link
 * updates' outcome (undefined when none came).
 */
async function renameAndFollow(api: Api, moves: readonly (readonly [string, string])[], deadlineMs = 90_000): Promise<Outcome | undefined> {
  const updated = new Promise<Outcome>((resolve) => {
    const sub = api.moves.onDidUpdateLinks((o) => {
      sub.dispose();
      resolve(o);
    });
  });
  const edit = new vscode.WorkspaceEdit();
  for (const [from, to] of moves) edit.renameFile(workspaceFile(from), workspaceFile(to));
  assert.ok(await vscode.workspace.applyEdit(edit));
  return Promise.race([updated, sleep(deadlineMs).then(() => undefined)]);
}

/** Shows the edited document, takes the screenshot, then saves it (so that closing it asks nothing). */
async function screenshotThenSave(document: vscode.TextDocument, name: string): Promise<void> {
  await vscode.window.showTextDocument(document);
  await sleep(500);
  await screenshot(name);
  await document.save();
}

/**
 * After a test that gave the site layouts of its own: its files removed (paths in the workspace), and the
 * built-in layouts again, before the next suite looks at the sample's posts.
 */
async function builtInLayoutsBack(...made: string[]): Promise<void> {
  await closeAllEditors();
  for (const file of made) fs.rmSync(path.join(workspaceRoot(), file), { recursive: true, force: true });
  const sample = await openDocument('_posts/2022-11-21-ipe-meeting-london.md');
  await sleep(1000);
  await waitFor(() => (ipe(sample.document.uri).some((d) => d.code === 'unknown-layout') ? undefined : true), 30_000, 'the built-in layouts back');
  await closeAllEditors();
}

suite('Moves', () => {
  const root = () => workspaceRoot();
  suiteSetup(async () => {
    fs.writeFileSync(path.join(root(), TARGET), '---\nlayout: post\ntitle: "Moving"\n---\n\n## Top\n\nA post that will be renamed.\n');
    fs.writeFileSync(path.join(root(), LINKER), LINKER_TEXT);
    fs.copyFileSync(path.join(root(), 'img/posts/posts.jpg'), path.join(root(), IMAGE));
    const { api } = await activateExtension<Api>();
    await api.sites.ready();
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('ipeAuthor').update('updateLinksOnFileMove', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAllEditors();
    for (const f of [TARGET, RENAMED, LINKER, IMAGE]) fs.rmSync(path.join(root(), f), { force: true });
    fs.rmSync(path.join(root(), 'img/photos'), { recursive: true, force: true });
  });

  test('renaming a post and moving an image in VS Code rewrite the links and images that land on them, each as it was written, unsaved', async () => {
    const { api } = await activateExtension<Api>();
    await vscode.workspace.getConfiguration('ipeAuthor').update('updateLinksOnFileMove', 'always', vscode.ConfigurationTarget.Workspace);
    // Desktop VS Code's default (code-server's is 'afterDelay'): the edits are then left unsaved, as typing is.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
    const editor = await openDocument(LINKER);
    // The links work before the move: the site knows both posts.
    await waitFor(async () => {
      const locations = await vscode.commands.executeCommand<vscode.Location[]>('ipeAuthor.findLinksToPage', workspaceFile(TARGET));
      return (locations ?? []).filter((l) => l.uri.path.endsWith(LINKER)).length === 2 || undefined;
    }, 30_000, 'both links of the linker to the post');
    assert.deepEqual(ipe(editor.document.uri).map((d) => d.code), []);

    // As the explorer renames: one workspace edit.
    const outcome = await renameAndFollow(api, [[TARGET, RENAMED], [IMAGE, MOVED_IMAGE]], 60_000);
    assert.ok(outcome, 'the links were updated within a minute');
    assert.deepEqual(outcome, { updated: 3, files: 1, unresolved: 0 });
    // The linker in front, its rewritten line selected, the notification beside.
    const shown = await vscode.window.showTextDocument(editor.document);
    const line = editor.document.lineAt(editor.document.positionAt(editor.document.getText().indexOf('{% post_url')).line).range;
    shown.selection = new vscode.Selection(line.start, line.end);
    await sleep(700);
    await screenshot('moves-links-followed');
    const text = editor.document.getText();
    assert.equal(
      text,
      LINKER_TEXT.replace('{% post_url 2023-06-04-moving %}', '{% post_url 2023-06-04-moved %}').replace('/ipe/2023/06/04/moving.html#top', '/ipe/2023/06/04/moved.html#top').replace('/ipe/img/posts/move-me.png', '/ipe/img/photos/move-me.png'),
    );
    // Unsaved (auto save is off), and one undo away.
    await sleep(1500);
    assert.ok(editor.document.isDirty);
    // The rewritten links land: no problem in the linker once it is checked again.
    await waitFor(() => ipe(editor.document.uri).length === 0 || undefined, 20_000, 'no problems in the linker');

    // One undo in the editor takes the edit back; the file on disk was never written.
    await vscode.window.showTextDocument(editor.document, { preserveFocus: false });
    await vscode.commands.executeCommand('undo');
    await waitFor(() => editor.document.getText() === LINKER_TEXT || undefined, 5_000, 'the undo');
    assert.equal(fs.readFileSync(path.join(root(), LINKER), 'utf8'), LINKER_TEXT);
    assert.ok(!editor.document.isDirty);
  });

  test('with updateLinksOnFileMove "never", a move leaves the links as they are and the Problems panel shows them', async () => {
    await vscode.workspace.getConfiguration('ipeAuthor').update('updateLinksOnFileMove', 'never', vscode.ConfigurationTarget.Workspace);
    const editor = await openDocument(LINKER);
    assert.equal(editor.document.getText(), LINKER_TEXT);
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(workspaceFile(RENAMED), workspaceFile(TARGET));
    assert.ok(await vscode.workspace.applyEdit(edit));
    // Back at its old name the post is what the linker names: its links land again, untouched.
    await waitFor(() => !ipe(editor.document.uri).some((d) => d.code === 'post-url-missing') || undefined, 20_000, 'the post_url link to land again');
    await sleep(1500);
    assert.equal(editor.document.getText(), LINKER_TEXT);
    assert.ok(!editor.document.isDirty);
    // The image is still moved: its problem stands at the image, with the fix to where it is now.
    const [image] = await waitFor(() => {
      const found = ipe(editor.document.uri).filter((d) => editor.document.getText(d.range) === '/ipe/img/posts/move-me.png');
      return found.length > 0 ? found : undefined;
    }, 20_000, 'the image problem');
    assert.match(image.message, /move-me\.png/);
  });

  test('moving an include (the site is read again) rewrites the {% include %} that names it', async () => {
    const { api } = await activateExtension<Api>();
    await vscode.workspace.getConfiguration('ipeAuthor').update('updateLinksOnFileMove', 'always', vscode.ConfigurationTarget.Workspace);
    const include = '_includes/mv-note.html';
    const includer = '_posts/2023-06-06-includer.md';
    const text = '---\nlayout: post\ntitle: "Includer"\n---\n\n{% include mv-note.html %}\n';
    fs.mkdirSync(path.join(root(), '_includes'), { recursive: true });
    fs.writeFileSync(path.join(root(), include), '<aside>A note</aside>\n');
    fs.writeFileSync(path.join(root(), includer), text);
    try {
      const editor = await openDocument(includer);
      await waitFor(async () => {
        const locations = await vscode.commands.executeCommand<vscode.Location[]>('ipeAuthor.findLinksToPage', workspaceFile(include));
        return (locations ?? []).some((l) => l.uri.path.endsWith(includer)) || undefined;
      }, 30_000, 'the include known to the site');
      const outcome = await renameAndFollow(api, [[include, '_includes/notes/mv-note.html']]);
      assert.deepEqual(outcome, { updated: 1, files: 1, unresolved: 0 });
      assert.equal(editor.document.getText(), text.replace('mv-note.html', 'notes/mv-note.html'));
      await waitFor(() => !ipe(editor.document.uri).some((d) => d.code === 'include-missing') || undefined, 20_000, 'no include-missing');
    } finally {
      await vscode.commands.executeCommand('closeReferenceSearch');
      await closeAllEditors();
      fs.rmSync(path.join(root(), includer), { force: true });
      fs.rmSync(path.join(root(), '_includes'), { recursive: true, force: true });
    }
  });
  test('renaming a layout renames the layout: value of the post that names it, unsaved', async () => {
    const { api } = await activateExtension<Api>();
    await updateLinksUnsaved();
    const layouts = path.join(root(), '_layouts');
    const post = '_posts/2023-06-07-wide.md';
    const text = '---\nlayout: "mv-wide"\ntitle: "Wide"\n---\n\nA post in the wide layout.\n';
    fs.writeFileSync(path.join(root(), post), text);
    try {
      // First without the layout: the problem shows; then with it (the site read again): it goes.
      const editor = await openDocument(post);
      await waitFor(() => (ipe(editor.document.uri).some((d) => d.code === 'unknown-layout') ? true : undefined), 30_000, 'unknown-layout before the layout exists');
      fs.mkdirSync(layouts, { recursive: true });
      // The site's own layouts replace the built-in ones: the four the sample uses, and the one renamed.
      for (const name of ['default', 'home', 'page', 'post']) fs.writeFileSync(path.join(layouts, `${name}.html`), name === 'default' ? '<html><body>{{ content }}</body></html>\n' : '---\nlayout: default\n---\n{{ content }}\n');
      fs.writeFileSync(path.join(layouts, 'mv-wide.html'), '---\nlayout: post\n---\n<div class="wide">{{ content }}</div>\n');
      await waitFor(() => (ipe(editor.document.uri).some((d) => d.code === 'unknown-layout') ? undefined : true), 30_000, 'the layout known to the site');
      const outcome = await renameAndFollow(api, [['_layouts/mv-wide.html', '_layouts/mv-broad.html']]);
      assert.deepEqual(outcome, { updated: 1, files: 1, unresolved: 0 });
      assert.equal(editor.document.getText(), text.replace('"mv-wide"', '"mv-broad"'));
      assert.ok(editor.document.isDirty, 'left unsaved');
      await waitFor(() => (ipe(editor.document.uri).some((d) => d.code === 'unknown-layout') ? undefined : true), 20_000, 'no unknown-layout');
      await screenshotThenSave(editor.document, 'moves-layout-renamed');
    } finally {
      await builtInLayoutsBack(post, '_layouts');
    }
  });

  test('renaming the layout jekyll-default-layout gives a post without one writes it into the post, unsaved', async () => {
    const { api } = await activateExtension<Api>();
    await updateLinksUnsaved();
    const layouts = path.join(root(), '_layouts');
    const post = '_posts/2023-06-08-plain.md';
    const text = '---\ntitle: "Plain"\n---\n\nA post without a layout of its own: GitHub Pages gives it one.\n';
    fs.writeFileSync(path.join(root(), post), text);
    try {
      const sample = await openDocument('_posts/2022-11-21-ipe-meeting-london.md');
      // Only default.html: the plugin gives the plain post 'default' (the sample's 'post' is then unknown, which shows the site read it).
      fs.mkdirSync(layouts, { recursive: true });
      fs.writeFileSync(path.join(layouts, 'default.html'), '<html><body>{{ content }}</body></html>\n');
      await waitFor(() => (ipe(sample.document.uri).some((d) => d.code === 'unknown-layout') ? true : undefined), 30_000, 'the site reads its own layouts');
      const editor = await openDocument(post);
      const outcome = await renameAndFollow(api, [['_layouts/default.html', '_layouts/base.html']]);
      assert.deepEqual(outcome, { updated: 1, files: 1, unresolved: 0 });
      assert.equal(editor.document.getText(), text.replace('title: "Plain"\n', 'title: "Plain"\nlayout: base\n'));
      assert.ok(editor.document.isDirty, 'left unsaved');
      assert.equal(sample.document.isDirty, false, 'the sample post names its own layout: left alone');
      await screenshotThenSave(editor.document, 'moves-default-layout-written');
    } finally {
      await builtInLayoutsBack(post, '_layouts');
    }
  });
});
