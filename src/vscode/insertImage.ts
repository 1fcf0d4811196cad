import * as vscode from 'vscode';
import type { WorkspaceSites, SiteHandle } from './workspaceSites';
import { altFromFileName, freePath, imageHtmlBlock, webSafeFileName, imageReferenceForFile } from '../core/authoring';
import { IMAGE_FILE } from '../core/site';
import { parsePostName } from '../core/permalink';
import { AUTHORING_SELECTOR } from './completion';

export const INSERT_IMAGE_COMMAND = 'ipeAuthor.insertImage';
export const IMAGE_EDIT_KIND = vscode.DocumentDropOrPasteEditKind.Empty.append('ipe', 'image');

/** An image to put in the site: a file somewhere (a URI) or bytes from the clipboard or a drop from outside. */
export type ImageSource = { readonly uri: vscode.Uri } | { readonly name: string; readonly data: Uint8Array };

/** Where an image goes in the site and what to write for it. */
export interface PlacedImage {
  /** Site-relative path of the image in the site. */
  readonly file: string;
  /** Bytes to write to `file`, or undefined when the image is already in the site. */
  readonly data?: Uint8Array;
  /** The site's centred image block pointing at it (src resolves from the page's URL). */
  readonly html: string;
}

async function listFolder(handle: SiteHandle, folder: string): Promise<Set<string>> {
  const names = new Set<string>();
  try {
    for (const [name] of await vscode.workspace.fs.readDirectory(handle.uriOf(folder))) names.add(`${folder}/${name}`.toLowerCase());
  } catch {
    // Not there yet: it will be created.
  }
  return names;
}

/** A name for a pasted image that has none of its own: the post's slug ('ipe-meeting-london.png'). */
function nameFor(source: ImageSource, documentPath: string): string {
  const given = 'uri' in source ? source.uri.path.slice(source.uri.path.lastIndexOf('/') + 1) : source.name;
  if ('uri' in source || !/^(image|clipboard|unknown|blob)?(\.\w+)?$/i.test(given)) return given;
  const ext = /\.\w+$/.exec(given)?.[0] ?? '.png';
  const post = parsePostName(documentPath);
  const stem = post ? post.slug : documentPath.slice(documentPath.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
  return `${stem}-image${ext}`;
}

/**
 * Decides where each image goes (the image folder, under a free web-safe name; an image already
 * published in the site stays where it is) and the HTML block for it. Writes nothing.
 */
export async function placeImages(handle: SiteHandle, documentPath: string, documentText: string, sources: readonly ImageSource[]): Promise<PlacedImage[]> {
  const folder = handle.settings.imageFolder;
  const taken = await listFolder(handle, folder);
  const page = handle.analyze(documentPath, documentText).page;
  const placed: PlacedImage[] = [];
  for (const source of sources) {
    const inSite = 'uri' in source ? handle.relativePath(source.uri) : undefined;
    if (inSite !== undefined && handle.site.hasFile(inSite) && handle.site.publication(inSite).published) {
      const ref = imageReferenceForFile(handle.site, page, inSite);
      if (ref) {
        placed.push({ file: inSite, html: imageHtmlBlock(ref.text, altFromFileName(inSite)) });
        continue;
      }
    }
    const name = webSafeFileName(nameFor(source, documentPath));
    const file = freePath(`${folder}/${name}`, (p) => taken.has(p.toLowerCase()) || handle.site.hasFile(p) || handle.site.caseVariants(p).length > 0);
    taken.add(file.toLowerCase());
    const data = 'uri' in source ? await vscode.workspace.fs.readFile(source.uri) : source.data;
    const ref = imageReferenceForFile(handle.site, page, file);
    if (!ref) throw new Error(`${file} would not be published by Jekyll (check ipeAuthor.imageFolder: '${folder}')`);
    placed.push({ file, data, html: imageHtmlBlock(ref.text, altFromFileName(name)) });
  }
  return placed;
}

/** A workspace edit that creates the new image files (never over an existing file). */
function createFilesEdit(handle: SiteHandle, placed: readonly PlacedImage[]): vscode.WorkspaceEdit | undefined {
  const edit = new vscode.WorkspaceEdit();
  let any = false;
  for (const p of placed) {
    if (!p.data) continue;
    edit.createFile(handle.uriOf(p.file), { overwrite: false, ignoreIfExists: false, contents: p.data });
    any = true;
  }
  return any ? edit : undefined;
}

/** The text to insert at a position: the blocks, on lines of their own with a blank line around. */
function blockText(document: vscode.TextDocument, position: vscode.Position, placed: readonly PlacedImage[]): string {
  const body = placed.map((p) => p.html).join('\n\n');
  const line = document.lineAt(position.line).text;
  const beforeText = line.slice(0, position.character);
  const afterText = line.slice(position.character);
  const lead = beforeText.trim() !== '' ? '\n\n' : position.line > 0 && document.lineAt(position.line - 1).text.trim() !== '' ? '\n' : '';
  const tail = afterText.trim() !== '' ? '\n\n' : '\n';
  return lead + body + tail;
}

async function imageSourcesFrom(dataTransfer: vscode.DataTransfer): Promise<ImageSource[]> {
  const out: ImageSource[] = [];
  const uriList = await dataTransfer.get('text/uri-list')?.asString();
  if (uriList) {
    for (const line of uriList.split(/\r?\n/)) {
      const t = line.trim();
      if (!t || t.startsWith('#')) continue;
      try {
        const uri = vscode.Uri.parse(t, true);
        if (IMAGE_FILE.test(uri.path)) out.push({ uri });
      } catch {
        // Not a URI.
      }
    }
    if (out.length > 0) return out;
  }
  for (const [mime, item] of dataTransfer) {
    const file = item.asFile();
    if (!file) continue;
    const name = file.name || `image.${mime.split('/')[1] ?? 'png'}`;
    if (!mime.startsWith('image/') && !IMAGE_FILE.test(name)) continue;
    if (file.uri && IMAGE_FILE.test(file.uri.path)) out.push({ uri: file.uri });
    else out.push({ name: IMAGE_FILE.test(name) ? name : `${name}.${mime.split('/')[1] ?? 'png'}`, data: await file.data() });
  }
  return out;
}

/**
 * Drop and paste of image files into a page of the site: copies them into the image folder under a
 * free name and inserts the site's centred image block, whose src resolves from the page's URL.
 */
export class ImageDropPasteProvider implements vscode.DocumentDropEditProvider, vscode.DocumentPasteEditProvider {
  constructor(private readonly sites: WorkspaceSites) {}

  private async edit(document: vscode.TextDocument, position: vscode.Position, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken) {
    const handle = await this.sites.siteFor(document.uri);
    const path = handle?.relativePath(document.uri);
    if (!handle || path === undefined) return undefined;
    const sources = await imageSourcesFrom(dataTransfer);
    if (sources.length === 0 || token.isCancellationRequested) return undefined;
    const placed = await placeImages(handle, path, document.getText(), sources);
    const copied = placed.filter((p) => p.data).map((p) => p.file);
    const title = copied.length > 0 ? `Copy into ${handle.settings.imageFolder}/ and insert the IPE image block` : 'Insert the IPE image block';
    return { text: blockText(document, position, placed), additionalEdit: createFilesEdit(handle, placed), title, placed };
  }

  async provideDocumentDropEdits(document: vscode.TextDocument, position: vscode.Position, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<vscode.DocumentDropEdit | undefined> {
    const e = await this.edit(document, position, dataTransfer, token);
    if (!e) return undefined;
    const drop = new vscode.DocumentDropEdit(e.text, e.title, IMAGE_EDIT_KIND);
    drop.additionalEdit = e.additionalEdit;
    return drop;
  }

  async provideDocumentPasteEdits(
    document: vscode.TextDocument,
    ranges: readonly vscode.Range[],
    dataTransfer: vscode.DataTransfer,
    _context: vscode.DocumentPasteEditContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.DocumentPasteEdit[] | undefined> {
    if (ranges.length === 0) return undefined;
    const e = await this.edit(document, ranges[0].start, dataTransfer, token);
    if (!e) return undefined;
    const paste = new vscode.DocumentPasteEdit(e.text, e.title, IMAGE_EDIT_KIND);
    paste.additionalEdit = e.additionalEdit;
    return [paste];
  }
}

/**
 * IPE: Insert Image…: picks image files (or takes them as arguments), copies them into the image folder
 * under free names and inserts the image block at the cursor. Returns the site paths of the images.
 */
export async function insertImage(sites: WorkspaceSites, given?: vscode.Uri | vscode.Uri[]): Promise<string[] | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showErrorMessage('IPE: Insert Image needs an open post or page.');
    return undefined;
  }
  const handle = await sites.siteFor(editor.document.uri);
  const path = handle?.relativePath(editor.document.uri);
  if (!handle || path === undefined) {
    void vscode.window.showErrorMessage('IPE: this file is not in a Jekyll site of the workspace.');
    return undefined;
  }
  // From the editor's context menu the argument is the document itself: only image files count.
  const givenImages = (given instanceof vscode.Uri ? [given] : Array.isArray(given) ? given : []).filter((u) => u instanceof vscode.Uri && IMAGE_FILE.test(u.path));
  const uris =
    givenImages.length > 0
      ? givenImages
      : await vscode.window.showOpenDialog({
            canSelectMany: true,
            openLabel: 'Insert',
            title: 'IPE: Insert Image',
            filters: { Images: ['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif'] },
          });
  if (!uris || uris.length === 0) return undefined;
  const placed = await placeImages(handle, path, editor.document.getText(), uris.map((uri) => ({ uri })));
  for (const p of placed) {
    if (!p.data) continue;
    // copy-like write that never replaces: the create fails if the name was taken meanwhile.
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(handle.uriOf(p.file), { overwrite: false, ignoreIfExists: false, contents: p.data });
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not create ${p.file}`);
    handle.site.addFile(p.file);
  }
  const position = editor.selection.active;
  const text = blockText(editor.document, position, placed);
  await editor.edit((b) => b.replace(editor.selection, text));
  return placed.map((p) => p.file);
}

export function registerInsertImage(context: vscode.ExtensionContext, sites: WorkspaceSites): void {
  const provider = new ImageDropPasteProvider(sites);
  context.subscriptions.push(
    vscode.commands.registerCommand(INSERT_IMAGE_COMMAND, (arg?: vscode.Uri | vscode.Uri[], all?: vscode.Uri[]) => insertImage(sites, Array.isArray(all) && all.length > 0 ? all : arg)),
    vscode.languages.registerDocumentDropEditProvider(AUTHORING_SELECTOR, provider, { dropMimeTypes: ['text/uri-list', 'image/*', 'files'], providedDropEditKinds: [IMAGE_EDIT_KIND] }),
    vscode.languages.registerDocumentPasteEditProvider(AUTHORING_SELECTOR, provider, { pasteMimeTypes: ['image/*', 'text/uri-list', 'files'], providedPasteEditKinds: [IMAGE_EDIT_KIND] }),
  );
}
