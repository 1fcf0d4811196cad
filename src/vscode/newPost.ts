import * as vscode from 'vscode';
import type { WorkspaceSites, SiteHandle } from './workspaceSites';
import { planNewPost, NewPost } from '../core/authoring';

export const NEW_POST_COMMAND = 'ipeAuthor.newPost';
const PREVIEW_COMMAND = 'ipeAuthor.showPreviewToSide';

/** Arguments for scripted use (tests, keybindings): anything given is not asked for. */
export interface NewPostArgs {
  readonly title?: string;
  readonly subtitle?: string;
  /** The site folder, when the workspace has several. */
  readonly site?: vscode.Uri;
  /** Open the preview beside the post (default true). */
  readonly preview?: boolean;
}

export interface NewPostResult {
  readonly uri: vscode.Uri;
  readonly path: string;
  readonly suffixed: boolean;
  readonly message?: string;
}

async function pickSite(sites: WorkspaceSites, given?: vscode.Uri): Promise<SiteHandle | undefined> {
  await sites.ready();
  if (given) return sites.siteForSync(vscode.Uri.joinPath(given, '_config.yml')) ?? sites.all().find((h) => h.root.toString() === given.toString());
  const active = vscode.window.activeTextEditor?.document.uri;
  const fromEditor = active ? sites.siteForSync(active) : undefined;
  if (fromEditor) return fromEditor;
  const all = sites.all();
  if (all.length <= 1) return all[0];
  const picked = await vscode.window.showQuickPick(
    all.map((h) => ({ label: vscode.workspace.asRelativePath(h.root, true) || h.root.path, handle: h })),
    { title: 'IPE: New Post', placeHolder: 'Which site?' },
  );
  return picked?.handle;
}

/** The names in `_posts/` on disk (the model may lag behind the file watcher). */
async function existingNames(handle: SiteHandle, folder: string): Promise<Set<string>> {
  const names = new Set<string>();
  try {
    for (const [name] of await vscode.workspace.fs.readDirectory(handle.uriOf(folder))) names.add(`${folder}/${name}`.toLowerCase());
  } catch {
    // No _posts folder yet.
  }
  return names;
}

/**
 * IPE: New Post. Asks for a title (and an optional subtitle), writes `_posts/YYYY-MM-DD-slug.md` with the
 * post front matter (date now on the site's clock with its offset, a background that resolves), never
 * over an existing file, opens it and the preview beside it.
 */
export async function newPost(sites: WorkspaceSites, args: NewPostArgs = {}): Promise<NewPostResult | undefined> {
  const handle = await pickSite(sites, args.site);
  if (!handle) {
    void vscode.window.showErrorMessage('IPE: New Post needs a Jekyll site (a folder with _config.yml) in the workspace.');
    return undefined;
  }
  const title =
    args.title ??
    (await vscode.window.showInputBox({
      title: 'IPE: New Post',
      prompt: 'Title of the post',
      placeHolder: 'IETF - IPE meeting in London',
      validateInput: (v) => (v.trim() === '' ? 'The post needs a title.' : undefined),
    }));
  if (title === undefined || title.trim() === '') return undefined;
  const subtitle =
    args.subtitle ??
    (args.title !== undefined
      ? undefined
      : await vscode.window.showInputBox({ title: 'IPE: New Post', prompt: 'Subtitle (optional: press Enter to leave it out)', placeHolder: 'Working together to accelerate IPv6 deployment' }));
  if (subtitle === undefined && args.title === undefined) return undefined; // Escape on the subtitle cancels.

  let plan: NewPost | undefined;
  let uri: vscode.Uri | undefined;
  for (let attempt = 0; attempt < 5 && !uri; attempt++) {
    const onDisk = await existingNames(handle, '_posts');
    plan = planNewPost(handle.site, { title, subtitle, exists: (p) => onDisk.has(p.toLowerCase()) || handle.site.hasFile(p) });
    const target = handle.uriOf(plan.path);
    try {
      await vscode.workspace.fs.stat(target);
      continue; // Appeared since the listing: plan again.
    } catch {
      // Free.
    }
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(target, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(plan.text) });
    if (await vscode.workspace.applyEdit(edit)) {
      uri = target;
      handle.site.addFile(plan.path);
    }
  }
  if (!plan || !uri) {
    void vscode.window.showErrorMessage(`IPE: could not create the post for '${title}': no free file name.`);
    return undefined;
  }
  await vscode.workspace.save(uri).then(undefined, () => undefined);
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const end = document.positionAt(document.getText().length);
  editor.selection = new vscode.Selection(end, end);

  let message: string | undefined;
  if (plan.suffixed && plan.taken) {
    message = `A post named ${plan.taken.slice(plan.taken.lastIndexOf('/') + 1)} already exists; the new post is ${plan.path.slice(plan.path.lastIndexOf('/') + 1)}.`;
    void vscode.window.showInformationMessage(message);
  }
  if (args.preview !== false && (await vscode.commands.getCommands(true)).includes(PREVIEW_COMMAND)) {
    try {
      await vscode.commands.executeCommand(PREVIEW_COMMAND);
    } catch {
      // The preview is a convenience here.
    }
  }
  return { uri, path: plan.path, suffixed: plan.suffixed, message };
}

export function registerNewPost(context: vscode.ExtensionContext, sites: WorkspaceSites): void {
  context.subscriptions.push(vscode.commands.registerCommand(NEW_POST_COMMAND, (args?: NewPostArgs | vscode.Uri) =>
      // From the Explorer's context menu the argument is the folder that was right-clicked: its site.
      newPost(sites, args instanceof vscode.Uri ? { site: args } : args && typeof args === 'object' ? args : {})));
}
