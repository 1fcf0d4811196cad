import * as vscode from 'vscode';
import type { WorkspaceSites, SiteHandle } from './workspaceSites';
import type { DiagnosticsController } from './diagnostics';
import { isCheckableDocument } from '../core/checkSite';
import { describeMoveEdits, editsAfterMove, expandMoves, KeptReference, MoveEdit, referencesToKeep, templateReferencesToKeep } from '../core/moves';
import { layoutRenameEdits, layoutRenameTargets, LayoutRenameTargets } from '../core/layoutMoves';
import { plural } from '../core/text';
import { configFilesOf } from '../core/site';

/** `ipeAuthor.updateLinksOnFileMove`: what happens to the site's links and images when files move. */
export type UpdateLinksMode = 'prompt' | 'always' | 'never';

export const UPDATE_LINKS_SETTING = 'updateLinksOnFileMove';

function modeFor(uri: vscode.Uri): UpdateLinksMode {
  const v = vscode.workspace.getConfiguration('ipeAuthor', uri).get<string>(UPDATE_LINKS_SETTING, 'prompt');
  return v === 'always' || v === 'never' ? v : 'prompt';
}

/** A move seen before it happened: the site, its file moves and the references they concern. */
interface PendingMove {
  readonly handle: SiteHandle;
  readonly moves: Map<string, string>;
  readonly kept: KeptReference[];
  /** Layouts renamed, and the files their rename rewrites. */
  readonly layouts: LayoutRenameTargets | undefined;
  readonly at: number;
}

/** Whether a renamed path (a file or a folder) is one of a pending move's. */
function movesOf(p: PendingMove, from: string | undefined): boolean {
  if (from === undefined) return false;
  if (p.moves.has(from)) return true;
  for (const f of p.moves.keys()) if (f.startsWith(from + '/')) return true;
  return false;
}

/** What became of the links of a move, for the caller and the tests. */
export interface MoveOutcome {
  readonly updated: number;
  readonly files: number;
  readonly unresolved: number;
  readonly declined?: boolean;
}

/**
 * Keeps the site's links and images working when posts, pages, images, includes or folders are renamed
 * or moved in the editor (the explorer, a refactoring, `workspace.applyEdit`): before the move, the
 * references that land on what moves are noted; after it, each gets the text that lands on the new
 * place, in the form it was written and checked to land there, as one undoable edit that leaves the
 * files unsaved. What no text can keep (a file moved where the site does not publish it) is left as it
 * is, and the diagnostics show it.
 */
export class MoveLinks implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pending: PendingMove[] = [];
  private readonly done = new vscode.EventEmitter<MoveOutcome>();
  /** Fires once the links of a move were updated, declined or found not to need it. */
  readonly onDidUpdateLinks = this.done.event;

  constructor(
    private readonly sites: WorkspaceSites,
    private readonly diagnostics: DiagnosticsController,
  ) {
    this.disposables.push(
      this.done,
      vscode.workspace.onWillRenameFiles((e) => this.willRename(e.files)),
      vscode.workspace.onDidRenameFiles((e) => void this.didRename(e.files)),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private willRename(files: readonly { readonly oldUri: vscode.Uri; readonly newUri: vscode.Uri }[]): void {
    // A move that never happened (refused by the file system) is forgotten after a minute.
    for (let i = this.pending.length - 1; i >= 0; i--) if (Date.now() - this.pending[i].at > 60_000) this.pending.splice(i, 1);
    const bySite = new Map<SiteHandle, [string, string][]>();
    for (const { oldUri, newUri } of files) {
      if (modeFor(newUri) === 'never') continue;
      const handle = this.sites.siteForSync(oldUri);
      const from = handle?.relativePath(oldUri);
      const to = handle?.relativePath(newUri);
      // A move into another site or out of this one: no link of this site can follow it.
      if (!handle || from === undefined || to === undefined || this.sites.siteForSync(newUri) !== handle) continue;
      let pairs = bySite.get(handle);
      if (!pairs) bySite.set(handle, (pairs = []));
      pairs.push([from, to]);
    }
    for (const [handle, pairs] of bySite) {
      try {
        const moves = expandMoves(handle.site.allFiles(), pairs);
        if (moves.size === 0) continue;
        const analyses = this.diagnostics.analysesOf(handle);
        const kept = [...referencesToKeep(handle.site, analyses.values(), moves), ...templateReferencesToKeep(handle.site, moves)];
        const layouts = layoutRenameTargets(handle.site, analyses.values(), moves, configFilesOf(handle.settings));
        this.pending.push({ handle, moves, kept, layouts, at: Date.now() });
      } catch {
        // Odd input in a document must not stop the move; its links are then left as they are.
      }
    }
  }

  private async didRename(files: readonly { readonly oldUri: vscode.Uri; readonly newUri: vscode.Uri }[]): Promise<void> {
    for (let i = 0; i < this.pending.length; ) {
      const p = this.pending[i];
      if (!files.some((f) => movesOf(p, p.handle.relativePath(f.oldUri)))) {
        i++;
        continue;
      }
      this.pending.splice(i, 1);
      let outcome: MoveOutcome;
      try {
        outcome = await this.follow(p);
      } catch (e) {
        void vscode.window.showWarningMessage(`IPE: the links to the moved files were not updated: ${e instanceof Error ? e.message : String(e)}`);
        outcome = { updated: 0, files: 0, unresolved: p.kept.length };
      }
      this.done.fire(outcome);
    }
  }

  private async follow(p: PendingMove): Promise<MoveOutcome> {
    const { handle, moves, kept, layouts } = p;
    if (kept.length === 0 && layouts === undefined) return { updated: 0, files: 0, unresolved: 0 };
    const reloaded = await this.sites.applyMoves(handle, moves);
    if (reloaded) await this.nextScan();
    else {
      // The moved documents at their new URLs in the site's index.
      for (const to of moves.values()) {
        if (!isCheckableDocument(handle.site, to, { excludeGlobs: handle.settings.exclude })) continue;
        const doc = await this.document(handle, to);
        if (doc) handle.analyze(to, doc.getText());
      }
    }
    const documents = new Map<string, vscode.TextDocument>();
    for (const path of new Set([...kept.map((k) => k.path), ...(layouts?.files ?? []), ...(layouts?.byDefault.keys() ?? [])])) {
      const doc = await this.document(handle, path);
      if (doc) documents.set(path, doc);
    }
    const versions = new Map([...documents].map(([path, d]) => [path, d.version]));
    const result = editsAfterMove(handle.site, kept, (path) => documents.get(path)?.getText(), { imageKeys: handle.settings.imageKeys, severities: handle.settings.severities });
    // Renamed layouts: the `layout:` values that name them, and those that jekyll-default-layout gave.
    if (layouts) result.edits.push(...layoutRenameEdits(layouts, (path) => documents.get(path)?.getText()));
    const unresolved = result.unresolved.length;
    if (result.edits.length === 0) {
      if (unresolved > 0) void vscode.window.showWarningMessage(`IPE: ${plural(unresolved, 'link or image', 'links or images')} to the moved files could not be kept working; the Problems panel shows ${unresolved === 1 ? 'it' : 'them'}.`);
      return { updated: 0, files: 0, unresolved };
    }
    const paths = [...new Set(result.edits.map((e) => e.path))].sort();
    const names = [...moves.keys()].map((m) => m.slice(m.lastIndexOf('/') + 1));
    const what = names.length === 1 ? names[0] : plural(names.length, 'file');
    const mode = modeFor(handle.root);
    if (mode === 'prompt') {
      const detail = paths.slice(0, 10).join('\n') + (paths.length > 10 ? `\n… and ${paths.length - 10} more` : '');
      const answer = await vscode.window.showInformationMessage(
        `Update ${describeMoveEdits(result.edits)} in ${plural(paths.length, 'file')} to follow the move of ${what}?`,
        { modal: true, detail },
        'Update',
        'Always',
        'Never',
      );
      if (answer === 'Always' || answer === 'Never') await vscode.workspace.getConfiguration('ipeAuthor', handle.root).update(UPDATE_LINKS_SETTING, answer.toLowerCase(), vscode.ConfigurationTarget.Workspace);
      if (answer !== 'Update' && answer !== 'Always') return { updated: 0, files: 0, unresolved, declined: true };
    }
    const edit = new vscode.WorkspaceEdit();
    const metadata: vscode.WorkspaceEditEntryMetadata = { label: 'IPE: keep links to moved files working', needsConfirmation: false };
    let updated = 0;
    const applied: MoveEdit[] = [];
    let files = 0;
    let skipped = unresolved;
    const byPath = new Map<string, MoveEdit[]>();
    for (const e of result.edits) {
      const list = byPath.get(e.path);
      if (list) list.push(e);
      else byPath.set(e.path, [e]);
    }
    for (const [path, list] of byPath) {
      const doc = documents.get(path) as vscode.TextDocument;
      const ranges = list.map((e) => new vscode.Range(doc.positionAt(e.range.start), doc.positionAt(e.range.end)));
      // Typed into while this was worked out (or the prompt was open): that file is left alone.
      if (doc.version !== versions.get(path) || list.some((e, i) => doc.getText(ranges[i]) !== e.oldText)) {
        skipped += list.length;
        continue;
      }
      list.forEach((e, i) => edit.replace(doc.uri, ranges[i], e.newText, metadata));
      applied.push(...list);
      updated += list.length;
      files++;
    }
    if (updated === 0 || !(await vscode.workspace.applyEdit(edit, { isRefactoring: false }))) {
      void vscode.window.showWarningMessage(`IPE: the links to ${what} were not updated: the files changed meanwhile. The Problems panel shows what no longer lands.`);
      return { updated: 0, files: 0, unresolved: skipped + updated };
    }
    const left = skipped > 0 ? ` ${plural(skipped, 'link or image', 'links or images')} could not be kept working; the Problems panel shows ${skipped === 1 ? 'it' : 'them'}.` : '';
    void vscode.window.showInformationMessage(`IPE: updated ${describeMoveEdits(applied)} in ${plural(files, 'file')} to follow the move of ${what} (unsaved).${left}`);
    return { updated, files, unresolved: skipped };
  }

  private async document(handle: SiteHandle, path: string): Promise<vscode.TextDocument | undefined> {
    const uri = handle.uriOf(path);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open;
    try {
      return await vscode.workspace.openTextDocument(uri);
    } catch {
      return undefined;
    }
  }

  /** Resolves when the diagnostics' next scan is done (a site read again indexes its documents there), or after a minute. */
  private nextScan(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        sub.dispose();
        resolve();
      }, 60_000);
      const sub = this.diagnostics.onDidScan(() => {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      });
    });
  }
}

export function registerMoveLinks(context: vscode.ExtensionContext, sites: WorkspaceSites, diagnostics: DiagnosticsController): MoveLinks {
  const moves = new MoveLinks(sites, diagnostics);
  context.subscriptions.push(moves);
  return moves;
}
