import * as vscode from 'vscode';
import type { WorkspaceSites, SiteHandle } from './workspaceSites';
import type { DiagnosticsController } from './diagnostics';
import { describeLink, linkAt, linksTo } from '../core/authoring';
import type { DocumentAnalysis } from '../core/analyzeDocument';
import { AUTHORING_SELECTOR } from './completion';

export const FIND_LINKS_COMMAND = 'ipeAuthor.findLinksToPage';

/** Where in the workspace the links of the site to `file` are. */
async function locationsOf(handle: SiteHandle, analyses: Iterable<DocumentAnalysis>, file: string): Promise<vscode.Location[]> {
  const out: vscode.Location[] = [];
  const documents = new Map<string, vscode.TextDocument | undefined>();
  for (const link of linksTo(handle.site, analyses, file)) {
    let doc = documents.get(link.path);
    if (!documents.has(link.path)) {
      try {
        doc = await vscode.workspace.openTextDocument(handle.uriOf(link.path));
      } catch {
        doc = undefined;
      }
      documents.set(link.path, doc);
    }
    if (!doc) continue;
    out.push(new vscode.Location(doc.uri, new vscode.Range(doc.positionAt(link.ref.range.start), doc.positionAt(link.ref.range.end))));
  }
  return out;
}

/** The site's analyses, with the given document's current one in place of what the last check kept. */
function withCurrent(diagnostics: DiagnosticsController, handle: SiteHandle, path: string, analysis: DocumentAnalysis): DocumentAnalysis[] {
  const all = new Map(diagnostics.analysesOf(handle));
  all.set(path, analysis);
  return [...all.values()];
}

/**
 * Find All References on a link (Shift+F12): every link of the site's posts and pages that lands on the
 * same page or file, as the deployed site resolves them.
 */
export class LinkReferenceProvider implements vscode.ReferenceProvider {
  constructor(
    private readonly sites: WorkspaceSites,
    private readonly diagnostics: DiagnosticsController,
  ) {}

  async provideReferences(document: vscode.TextDocument, position: vscode.Position, context: vscode.ReferenceContext): Promise<vscode.Location[] | undefined> {
    const analyzed = await this.sites.analyze(document);
    if (!analyzed) return undefined;
    const { handle, path, analysis } = analyzed;
    const ref = linkAt(analysis.links, document.offsetAt(position));
    if (!ref) return undefined;
    const info = describeLink(handle.site, analysis.page, ref);
    if (info.status !== 'ok' || info.file === undefined) return undefined;
    const locations = await locationsOf(handle, withCurrent(this.diagnostics, handle, path, analysis), info.file);
    if (context.includeDeclaration) locations.unshift(new vscode.Location(handle.uriOf(info.file), new vscode.Position(0, 0)));
    return locations;
  }
}

export function registerLinkReferences(context: vscode.ExtensionContext, sites: WorkspaceSites, diagnostics: DiagnosticsController): void {
  context.subscriptions.push(
    vscode.languages.registerReferenceProvider(AUTHORING_SELECTOR, new LinkReferenceProvider(sites, diagnostics)),
    // "IPE: Find Links to This Page": the links of the site to the page in the editor, in the references view.
    vscode.commands.registerCommand(FIND_LINKS_COMMAND, async (uri?: vscode.Uri): Promise<vscode.Location[] | undefined> => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target) {
        void vscode.window.showInformationMessage('IPE: open a post or page to find the links to it.');
        return undefined;
      }
      const handle = await sites.siteFor(target);
      const file = handle?.relativePath(target);
      if (!handle || file === undefined) {
        void vscode.window.showInformationMessage('IPE: this file is not part of a Jekyll site of the workspace.');
        return undefined;
      }
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
      const current = open ? await sites.analyze(open) : undefined;
      const analyses = current ? withCurrent(diagnostics, handle, current.path, current.analysis) : [...diagnostics.analysesOf(handle).values()];
      const locations = await locationsOf(handle, analyses, file);
      if (locations.length === 0) {
        void vscode.window.showInformationMessage(`IPE: no post or page of the site links to ${file}.`);
        return locations;
      }
      const at = vscode.window.activeTextEditor?.document.uri.toString() === target.toString() ? vscode.window.activeTextEditor.selection.active : new vscode.Position(0, 0);
      await vscode.commands.executeCommand('editor.action.showReferences', target, at, locations);
      return locations;
    }),
  );
}
