import * as vscode from 'vscode';
import { WorkspaceSites } from './vscode/workspaceSites';
import { DiagnosticsController } from './vscode/diagnostics';
import { IpeCodeActionProvider, APPLY_FIX_COMMAND, applyFix } from './vscode/codeActions';
import { registerPreview, PreviewManager } from './vscode/preview';
import { registerCompletion } from './vscode/completion';
import { registerHover } from './vscode/hover';
import { registerNewPost } from './vscode/newPost';
import { registerInsertImage } from './vscode/insertImage';
import { registerStatusBar } from './vscode/statusBar';
import { registerCheckCommand } from './vscode/checkCommand';
import { registerLinkReferences } from './vscode/linkReferences';
import { registerMoveLinks, MoveLinks } from './vscode/moveLinks';

/** What the extension hands to its tests and to the features that build on the engine. */
export interface IpeAuthorApi {
  readonly sites: WorkspaceSites;
  readonly diagnostics: DiagnosticsController;
  /** Resolves once the first full check of the workspace has finished. */
  readonly firstScan: Promise<void>;
  /** The live layout preview. */
  readonly preview: PreviewManager;
  /** Keeps links working when files move. */
  readonly moves: MoveLinks;
}

const DOCUMENTS: vscode.DocumentSelector = [
  { language: 'markdown', scheme: 'file' },
  { language: 'html', scheme: 'file' },
  { language: 'yaml', scheme: 'file' },
  { language: 'markdown', scheme: 'vscode-remote' },
  { language: 'html', scheme: 'vscode-remote' },
  { language: 'yaml', scheme: 'vscode-remote' },
];

export function activate(context: vscode.ExtensionContext): IpeAuthorApi {
  const output = vscode.window.createOutputChannel('IPE Author');
  const sites = new WorkspaceSites();
  const diagnostics = new DiagnosticsController(sites, output);
  context.subscriptions.push(output, sites, diagnostics);

  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(DOCUMENTS, new IpeCodeActionProvider(diagnostics), {
      providedCodeActionKinds: IpeCodeActionProvider.kinds,
    }),
    vscode.commands.registerCommand(APPLY_FIX_COMMAND, applyFix),
  );

  const firstScan = diagnostics.scanAll().catch((error) => output.appendLine(`The first check failed: ${String(error)}`));
  output.appendLine('IPE Author active');
  const preview = registerPreview(context, sites);
  context.subscriptions.push(diagnostics.onDidScan(() => preview.refresh()));
  registerCompletion(context, sites);
  registerHover(context, sites);
  registerNewPost(context, sites);
  registerInsertImage(context, sites);
  registerStatusBar(context, sites);
  registerCheckCommand(context, sites, diagnostics);
  registerLinkReferences(context, sites, diagnostics);
  const moves = registerMoveLinks(context, sites, diagnostics);
  return { sites, diagnostics, moves, firstScan: firstScan.then(() => undefined), preview };
}

export function deactivate(): void {}
