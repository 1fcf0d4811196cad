// Authoring in the real extension host: snippets, completions, hovers, IPE: New Post, IPE: Insert Image,
// drop and paste, the site status; then every file written here is checked by the diagnostics engine
// and built with the real `jekyll build`, and each image URL in the built HTML must be served.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IpeAuthorApi } from '../../../src/extension';
import { ImageDropPasteProvider } from '../../../src/vscode/insertImage';
import { jekyllAvailable, CLEAN_BLOG_LAYOUTS, writeTree, buildSite, imageUrlsInHtml, servedFile, readOutput, removeTree, pageUrlOf } from '../../support/jekyll';
import { activateExtension, closeAllEditors, openDocument, screenshot, sleep, waitFor, workspaceFile, workspaceRoot, workspaceUri } from './util';

const SEED = '_posts/2022-11-21-ipe-meeting-london.md';
const IMAGE_1 = 'img/posts/IPE-IETF-ETSI-meeting-blogpost-image-1.png';
const pad = (n: number) => String(n).padStart(2, '0');
const now = new Date();
const TODAY = `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}`;

/** Everything this suite creates in the workspace (removed at the end). */
const created = new Set<string>();
/** Pages written here whose every reference must resolve, on the engine's word and Jekyll's. */
const checkedPages = new Set<string>();

let api: IpeAuthorApi;

async function newFile(relPath: string, text = ''): Promise<vscode.TextEditor> {
  await vscode.workspace.fs.writeFile(workspaceFile(relPath), new TextEncoder().encode(text));
  created.add(relPath);
  return openDocument(relPath);
}

function ipeErrors(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'IPE' && d.severity === vscode.DiagnosticSeverity.Error);
}

/** The engine's verdict on an open document: no findings, and every reference resolves to a file. */
async function assertClean(document: vscode.TextDocument, minReferences = 1): Promise<void> {
  const analyzed = await api.sites.analyze(document);
  assert.ok(analyzed, `${document.uri.path} is in the site`);
  const { analysis } = analyzed;
  assert.deepEqual(
    analysis.findings.map((f) => `${f.code}: ${f.message}`),
    [],
    `${analysis.path} has findings`,
  );
  assert.ok(analysis.references.length >= minReferences, `${analysis.path}: ${analysis.references.length} references`);
  for (const { ref, resolution } of analysis.references) assert.equal(resolution.status, 'ok', `${analysis.path}: ${ref.raw} is ${resolution.status}`);
}

/** Our image items (the built-in Markdown path completions are File items too): they say what the site requests. */
const ours = (i: vscode.CompletionItem) => i.kind === vscode.CompletionItemKind.File && (i.detail ?? '').startsWith('requests ');

function completionLabel(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

async function completionsAt(document: vscode.TextDocument, position: vscode.Position, trigger?: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, trigger);
  return list?.items ?? [];
}

/** Applies a completion item as accepting it would: its range (replace part) and its insert text. */
async function accept(editor: vscode.TextEditor, item: vscode.CompletionItem, at: vscode.Position): Promise<void> {
  const r = item.range;
  const range = r instanceof vscode.Range ? r : r ? r.replacing : new vscode.Range(at, at);
  const insert = item.insertText ?? completionLabel(item);
  if (insert instanceof vscode.SnippetString) await editor.insertSnippet(insert, range);
  else await editor.edit((b) => b.replace(range, insert));
}

function positionAfter(document: vscode.TextDocument, marker: string): vscode.Position {
  const i = document.getText().indexOf(marker);
  assert.ok(i >= 0, `'${marker}' is in ${document.uri.path}`);
  return document.positionAt(i + marker.length);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

suite('Authoring', () => {
  suiteSetup(async () => {
    ({ api } = await activateExtension<IpeAuthorApi>());
    await api.sites.ready();
    await api.firstScan;
  });

  suiteTeardown(async () => {
    await closeAllEditors();
    for (const rel of created) await vscode.workspace.fs.delete(workspaceFile(rel), { useTrash: false }).then(undefined, () => undefined);
  });

  test('the static post, page and image snippets insert front matter and images the engine accepts', async () => {
    const post = `_posts/${TODAY}-from-the-post-snippet.md`;
    const editor = await newFile(post);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'markdown', name: 'IPE post front matter' });
    await waitFor(() => editor.document.getText().includes('layout: post'), 5000, 'the post snippet');
    const text = editor.document.getText();
    assert.match(text, /^---\nlayout: post\ntitle: "Title"\nsubtitle: "Subtitle"\ndate: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d\nbackground: '\/img\/posts\/posts\.jpg'\n---\n/);
    await vscode.commands.executeCommand('cursorBottom');
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'markdown', name: 'IPE centred image' });
    await waitFor(() => editor.document.getText().includes('{{ site.baseurl }}/img/posts/image.png'), 5000, 'the image snippet');
    // The first placeholder (the file name) is selected: type over it.
    await vscode.commands.executeCommand('type', { text: path.basename(IMAGE_1) });
    await waitFor(() => editor.document.getText().includes(`{{ site.baseurl }}/${IMAGE_1}`), 5000, 'the typed file name');
    await editor.document.save();
    await assertClean(editor.document, 2);
    checkedPages.add(post);

    const page = 'from-the-page-snippet.md';
    const pageEditor = await newFile(page);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'markdown', name: 'IPE page front matter' });
    await waitFor(() => pageEditor.document.getText().includes('layout: page'), 5000, 'the page snippet');
    assert.match(pageEditor.document.getText(), /^---\nlayout: page\ntitle: "Title"\ndescription: "Description"\nbackground: '\/img\/bg-about\.jpg'\n---\n/);
    await pageEditor.document.save();
    await assertClean(pageEditor.document, 1);
    checkedPages.add(page);
    await waitFor(() => ipeErrors(editor.document.uri).length === 0 && ipeErrors(pageEditor.document.uri).length === 0, 5000, 'no IPE errors in the Problems panel');
  });

  test('completions offer keys for the layout, layouts, backgrounds without the baseurl and image paths that resolve', async () => {
    const rel = `_posts/${TODAY}-completions.md`;
    const editor = await newFile(rel, `---\nlayout: \ntitle: "Completions"\ndate: ${TODAY} 00:00:01 +0000\nbackground: ''\n\n---\n\n<img src="">\n\n![alt]()\n`);
    const doc = editor.document;

    const layouts = await completionsAt(doc, positionAfter(doc, 'layout: '));
    for (const name of ['default', 'home', 'page', 'post']) assert.ok(layouts.some((i) => completionLabel(i) === name), `layout ${name} offered`);
    await accept(editor, layouts.find((i) => completionLabel(i) === 'post')!, positionAfter(doc, 'layout: '));
    assert.match(doc.getText(), /^---\nlayout: post\n/);

    const keyLine = doc.getText().indexOf("''\n\n---") + 3;
    const keys = (await completionsAt(doc, doc.positionAt(keyLine))).map(completionLabel);
    assert.ok(keys.includes('subtitle') && keys.includes('author'), `keys: ${keys.join(', ')}`);
    assert.ok(!keys.includes('title') && !keys.includes('background'), 'keys already there are not offered');
    assert.ok(!keys.includes('description'), 'page keys are not offered for a post');

    const bgAt = positionAfter(doc, "background: '");
    const backgrounds = (await completionsAt(doc, bgAt, "'")).filter(ours);
    const bgLabels = backgrounds.map(completionLabel);
    assert.ok(bgLabels.includes('/img/posts/posts.jpg') && bgLabels.includes('/img/bg-about.jpg'), `backgrounds: ${bgLabels.join(', ')}`);
    assert.ok(bgLabels.every((l) => !l.startsWith('/ipe/')), 'no background carries the baseurl the layout prepends');
    await accept(editor, backgrounds.find((i) => completionLabel(i) === '/img/posts/posts.jpg')!, bgAt);
    assert.match(doc.getText(), /\nbackground: '\/img\/posts\/posts\.jpg'\n/);

    const srcAt = positionAfter(doc, '<img src="');
    const srcs = (await completionsAt(doc, srcAt, '"')).filter(ours);
    assert.ok(srcs.length >= 3, `src items: ${srcs.map(completionLabel).join(', ')}`);
    assert.ok(srcs.every((i) => completionLabel(i).startsWith('/ipe/img/')), 'content paths carry the baseurl');
    await accept(editor, srcs.find((i) => completionLabel(i) === `/ipe/${IMAGE_1}`)!, srcAt);

    const mdAt = positionAfter(doc, '![alt](');
    const mds = (await completionsAt(doc, mdAt, '(')).filter(ours);
    await accept(editor, mds.find((i) => completionLabel(i) === '/ipe/img/posts/IPE-IETF-ETSI-meeting-blogpost-image-2.png')!, mdAt);
    assert.match(doc.getText(), /!\[alt\]\(\/ipe\/img\/posts\/IPE-IETF-ETSI-meeting-blogpost-image-2\.png\)/);

    // The post snippet from the completion list: the date on the site's clock, the site's backgrounds as a choice.
    const snippetPost = `_posts/${TODAY}-site-aware-snippet.md`;
    const snippetEditor = await newFile(snippetPost, 'ipe');
    const snippets = await completionsAt(snippetEditor.document, new vscode.Position(0, 3));
    const postItem = snippets.find((i) => completionLabel(i) === 'ipe-post' && i.kind === vscode.CompletionItemKind.Snippet);
    assert.ok(postItem, `snippets: ${snippets.map(completionLabel).join(', ')}`);
    await accept(snippetEditor, postItem, new vscode.Position(0, 3));
    await waitFor(() => snippetEditor.document.getText().includes('layout: post'), 5000, 'the site-aware post snippet');
    assert.match(snippetEditor.document.getText(), /\ndate: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000\nbackground: '\/img\/(bg-about|posts\/posts)\.jpg'\n/);
    await vscode.commands.executeCommand('cursorBottom');
    await vscode.commands.executeCommand('type', { text: '\n' });
    const imageItems = await completionsAt(snippetEditor.document, snippetEditor.selection.active);
    const imageItem = imageItems.find((i) => completionLabel(i) === 'ipe-image');
    assert.ok(imageItem);
    await accept(snippetEditor, imageItem, snippetEditor.selection.active);
    await waitFor(() => snippetEditor.document.getText().includes('<p align="center">'), 5000, 'the site-aware image snippet');
    assert.match(snippetEditor.document.getText(), /<img style="width:600px;max-width:100%" src="\/ipe\/img\/posts\/[^"]+\.(png|jpg)" alt="">/);

    await editor.document.save();
    await snippetEditor.document.save();
    await assertClean(editor.document, 3);
    await assertClean(snippetEditor.document, 2);
    checkedPages.add(rel);
    checkedPages.add(snippetPost);
    await screenshot('authoring-completions');
  });

  test('hovers show the thumbnail, the URL the site requests and the file, or why there is none', async () => {
    const editor = await openDocument(SEED);
    const doc = editor.document;
    const broken = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionAfter(doc, "background: '/ipe/img"));
    const brokenText = hoverText(broken);
    assert.match(brokenText, /Requests\*\* `\/ipe\/ipe\/img\/posts\/posts\.jpg`/);
    assert.match(brokenText, /No file\*\*: The baseurl is added twice/);

    const fine = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionAfter(doc, 'src="/ipe/img/posts/IPE'));
    const fineText = hoverText(fine);
    assert.match(fineText, new RegExp(`!\\[${IMAGE_1.replace(/[.]/g, '\\.')}\\]\\([^)]*${path.basename(IMAGE_1).replace(/[.]/g, '\\.')}\\|height=140\\)`), 'a thumbnail of the file');
    assert.match(fineText, new RegExp(`Requests\\*\\* \`/ipe/${IMAGE_1.replace(/[.]/g, '\\.')}\` \\(https://uhcc0002\\.github\\.io/ipe/`));
    assert.match(fineText, new RegExp(`File\\*\\* \`${IMAGE_1.replace(/[.]/g, '\\.')}\``));
    const at = positionAfter(doc, 'src="/ipe/img/posts/IPE');
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
    await sleep(200);
    await vscode.commands.executeCommand('editor.action.showHover');
    await sleep(1000);
    await screenshot('authoring-hover');
  });

  test('IPE: New Post writes a dated post with its front matter, opens it, and never overwrites', async () => {
    const first = await vscode.commands.executeCommand<{ uri: vscode.Uri; path: string; suffixed: boolean; message?: string }>('ipeAuthor.newPost', {
      title: 'Authoring: a new post!',
      subtitle: 'Written by the test',
    });
    assert.ok(first);
    assert.equal(first.path, `_posts/${TODAY}-authoring-a-new-post.md`);
    created.add(first.path);
    assert.equal(first.suffixed, false);
    const editor = await waitFor(() => (vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === first.uri.toString())), 10_000, 'the new post in an editor');
    const text = fs.readFileSync(path.join(workspaceRoot(), first.path), 'utf8');
    assert.match(text, /^---\nlayout: post\ntitle: "Authoring: a new post!"\nsubtitle: "Written by the test"\ndate: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000\nbackground: '\/img\/(bg-about|posts\/posts)\.jpg'\n---\n\n$/);
    assert.equal(text.slice(text.indexOf('date: ') + 6, text.indexOf('date: ') + 16), TODAY);
    await assertClean(editor.document, 1);
    checkedPages.add(first.path);
    if ((await vscode.commands.getCommands(true)).includes('ipeAuthor.showPreviewToSide')) {
      await waitFor(
        () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('ipeAuthor.preview')),
        15_000,
        'the preview beside the new post',
      );
    }
    await screenshot('authoring-new-post');

    const again = await vscode.commands.executeCommand<{ path: string; suffixed: boolean; message?: string }>('ipeAuthor.newPost', { title: 'Authoring: a new post!', preview: false });
    assert.ok(again);
    created.add(again.path);
    assert.equal(again.path, `_posts/${TODAY}-authoring-a-new-post-2.md`);
    assert.equal(again.suffixed, true);
    assert.match(again.message ?? '', /already exists/);
    assert.equal(fs.readFileSync(path.join(workspaceRoot(), first.path), 'utf8'), text, 'the first post is untouched');
    checkedPages.add(again.path);
  });

  test('IPE: Insert Image copies under a free name and inserts the centred block that resolves', async () => {
    const post = `_posts/${TODAY}-authoring-a-new-post.md`;
    const editor = await openDocument(post);
    await vscode.commands.executeCommand('cursorBottom');
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ipe-insert-'));
    const original = fs.readFileSync(path.join(workspaceRoot(), IMAGE_1));
    // Same name as an image the site already has: it must not be overwritten.
    const source = path.join(outside, path.basename(IMAGE_1));
    fs.writeFileSync(source, Buffer.concat([original, Buffer.from('different bytes')]));
    const spaced = path.join(outside, 'Meeting photo (2).PNG');
    fs.writeFileSync(spaced, original);
    try {
      // Outside the workspace, on the machine the workspace is on (same scheme and authority).
      const onHost = (p: string) => workspaceUri().with({ path: p.split(path.sep).join('/') });
      const files = await vscode.commands.executeCommand<string[]>('ipeAuthor.insertImage', [onHost(source), onHost(spaced)]);
      assert.deepEqual(files, ['img/posts/IPE-IETF-ETSI-meeting-blogpost-image-1-1.png', 'img/posts/Meeting-photo-2.png']);
      for (const f of files) created.add(f);
      assert.deepEqual(fs.readFileSync(path.join(workspaceRoot(), IMAGE_1)), original, 'the existing image is untouched');
      assert.equal(fs.readFileSync(path.join(workspaceRoot(), files[0])).length, original.length + 'different bytes'.length);
      const text = editor.document.getText();
      assert.ok(
        text.includes('<p align="center">\n  <img style="width:600px;max-width:100%" src="/ipe/img/posts/IPE-IETF-ETSI-meeting-blogpost-image-1-1.png" alt="IPE IETF ETSI meeting blogpost image 1">\n</p>'),
        text,
      );
      assert.ok(text.includes('src="/ipe/img/posts/Meeting-photo-2.png"'));
      await editor.document.save();
      await waitFor(() => api.sites.siteForSync(editor.document.uri)?.site.hasFile('img/posts/Meeting-photo-2.png'), 5000, 'the site model to know the copied file');
      await assertClean(editor.document, 3);
      await waitFor(() => ipeErrors(editor.document.uri).length === 0, 10_000, 'no IPE errors on the post');
      await screenshot('authoring-insert-image');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('dropping and pasting image files copies them into the image folder and inserts the block', async () => {
    const post = `_posts/${TODAY}-authoring-a-new-post-2.md`;
    const editor = await openDocument(post);
    const doc = editor.document;
    const provider = new ImageDropPasteProvider(api.sites as never);
    const token = new vscode.CancellationTokenSource().token;
    const png = fs.readFileSync(path.join(workspaceRoot(), IMAGE_1));

    class FileItem extends vscode.DataTransferItem {
      constructor(private readonly name: string, private readonly bytes: Uint8Array) {
        super('');
      }
      override asFile(): vscode.DataTransferFile {
        return { name: this.name, uri: undefined, data: async () => this.bytes };
      }
    }

    // A drop from the OS: bytes with a name that is already taken.
    const drop = new vscode.DataTransfer();
    drop.set('image/png', new FileItem('posts.jpg', png));
    const end = doc.positionAt(doc.getText().length);
    const dropEdit = await provider.provideDocumentDropEdits(doc, end, drop, token);
    assert.ok(dropEdit && dropEdit.additionalEdit, 'a drop edit that creates the file');
    assert.ok(await vscode.workspace.applyEdit(dropEdit.additionalEdit));
    await editor.edit((b) => b.insert(end, String(dropEdit.insertText)));
    created.add('img/posts/posts-1.jpg');
    assert.ok(fs.existsSync(path.join(workspaceRoot(), 'img/posts/posts-1.jpg')));
    assert.match(doc.getText(), /src="\/ipe\/img\/posts\/posts-1\.jpg"/);

    // A drop from the explorer: an image already in the site is referenced where it is, not copied.
    const fromExplorer = new vscode.DataTransfer();
    fromExplorer.set('text/uri-list', new vscode.DataTransferItem(workspaceFile('img/bg-about.jpg').toString()));
    const explorerEdit = await provider.provideDocumentDropEdits(doc, doc.positionAt(doc.getText().length), fromExplorer, token);
    assert.ok(explorerEdit);
    assert.equal(explorerEdit.additionalEdit, undefined);
    assert.match(String(explorerEdit.insertText), /src="\/ipe\/img\/bg-about\.jpg"/);

    // A paste of a screenshot from the clipboard: named after the post.
    const clip = new vscode.DataTransfer();
    clip.set('image/png', new FileItem('image.png', png));
    const pasteAt = doc.positionAt(doc.getText().length);
    const [pasteEdit] = (await provider.provideDocumentPasteEdits(doc, [new vscode.Range(pasteAt, pasteAt)], clip, { only: undefined, triggerKind: vscode.DocumentPasteTriggerKind.Automatic }, token)) ?? [];
    assert.ok(pasteEdit && pasteEdit.additionalEdit);
    assert.ok(await vscode.workspace.applyEdit(pasteEdit.additionalEdit));
    await editor.edit((b) => b.insert(pasteAt, String(pasteEdit.insertText)));
    const pasted = 'img/posts/authoring-a-new-post-2-image.png';
    created.add(pasted);
    assert.ok(fs.existsSync(path.join(workspaceRoot(), pasted)));
    assert.ok(doc.getText().includes(`src="/ipe/${pasted}"`));
    await doc.save();
    await waitFor(() => api.sites.siteForSync(doc.uri)?.site.hasFile(pasted) && api.sites.siteForSync(doc.uri)?.site.hasFile('img/posts/posts-1.jpg'), 5000, 'the site model to know the new files');
    await assertClean(doc, 3);
  });

  test('the language status names the config and baseurl in force and opens the config', async () => {
    const post = await openDocument(SEED);
    const status = await vscode.commands.executeCommand<{ configFiles: string[]; baseurl: string; basePath: string; text: string; detail: string }>('ipeAuthor.openSiteConfig', post.document.uri);
    assert.ok(status);
    assert.deepEqual(status.configFiles, ['_config.yml']);
    assert.equal(status.baseurl, '/ipe');
    assert.equal(status.text, 'IPE: GitHub Pages · baseurl "/ipe"');
    assert.match(status.detail, /^Built as GitHub Pages: the workflow \.github\/workflows\/jekyll-gh-pages\.yml uses actions\/jekyll-build-pages · /);
    assert.match(status.detail, /_config\.yml · served at https:\/\/uhcc0002\.github\.io\/ipe\//);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.path.endsWith('/_config.yml') ? vscode.window.activeTextEditor : undefined), 5000, 'the config in the editor');
    assert.equal(editor.document.getText(editor.selection), '/ipe');
    await screenshot('authoring-site-status');
  });

  test('real jekyll build of the workspace: every image of the pages written here is served', async function () {
    if (!jekyllAvailable()) this.skip();
    assert.ok(checkedPages.size >= 6, `pages: ${[...checkedPages].join(', ')}`);
    // The workspace has no layouts of its own (the editor uses the Clean Blog ones): build a copy with them.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ipe-authoring-build-'));
    try {
      fs.cpSync(workspaceRoot(), copy, { recursive: true });
      writeTree(copy, CLEAN_BLOG_LAYOUTS);
      const build = await buildSite(copy);
      assert.ok(build.ok, build.log);
      const handle = api.sites.siteForSync(workspaceFile(SEED))!;
      const origin = handle.site.config.url;
      const basePath = handle.site.config.basePath;
      let served = 0;
      for (const rel of checkedPages) {
        const document = await vscode.workspace.openTextDocument(workspaceFile(rel));
        const analysis = handle.analyze(rel, document.getText());
        const out = (analysis.url.url.endsWith('/') ? analysis.url.url + 'index.html' : analysis.url.url).slice(1);
        assert.ok(build.files.has(out), `${rel} was built as ${out}`);
        const html = readOutput(build, out);
        const pageUrl = new URL(origin + basePath + pageUrlOf(out));
        const urls = imageUrlsInHtml(html);
        assert.ok(urls.length >= analysis.references.length, `${out}: ${JSON.stringify(urls)}`);
        for (const u of urls) {
          const file = servedFile(build, new URL(u.value, pageUrl), origin, basePath);
          assert.ok(file, `${out}: ${u.kind} ${u.value} is not served by the built site`);
          served++;
        }
      }
      assert.ok(served >= 12, `${served} image URLs served`);
      // The copied images are in the built site under the URL the inserted blocks request.
      for (const f of ['img/posts/IPE-IETF-ETSI-meeting-blogpost-image-1-1.png', 'img/posts/Meeting-photo-2.png', 'img/posts/posts-1.jpg', 'img/posts/authoring-a-new-post-2-image.png']) {
        assert.ok(build.files.has(f), `${f} is in _site`);
      }
    } finally {
      removeTree(copy);
    }
  });
});
