import * as vscode from 'vscode';
import type { DiagnosticsController, ProblemCounts, ScanSummary } from './diagnostics';
import type { WorkspaceSites } from './workspaceSites';
import { plural } from '../core/text';

export const CHECK_COMMAND = 'ipeAuthor.checkWorkspace';

/** What one run of the command found: what it checked, the problems shown after it, and what it said. */
export interface CheckResult extends ScanSummary, ProblemCounts {
  readonly message: string;
}

/** The sentence the command shows once the check has run. */
export function checkMessage(summary: ScanSummary, problems: ProblemCounts): string {
  if (summary.sites === 0) return 'IPE: no Jekyll site in this workspace (no folder with a _config.yml).';
  const what = `${plural(summary.files, 'file', 'files')} of ${summary.sites === 1 ? 'the site' : `${summary.sites} sites`}`;
  const parts = [
    problems.errors > 0 ? plural(problems.errors, 'error', 'errors') : undefined,
    problems.warnings > 0 ? plural(problems.warnings, 'warning', 'warnings') : undefined,
    problems.infos > 0 ? plural(problems.infos, 'note', 'notes') : undefined,
  ].filter((p): p is string => p !== undefined);
  return `IPE: checked ${what}: ${parts.length === 0 ? 'no problems' : parts.join(', ')}.`;
}

/**
 * "IPE: Check the Whole Site": every document, layout, include and config again, then a summary with a
 * way to the Problems panel. Resolves to what it found (undefined when a newer check took over).
 */
export function registerCheckCommand(context: vscode.ExtensionContext, sites: WorkspaceSites, diagnostics: DiagnosticsController): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CHECK_COMMAND, async (): Promise<CheckResult | undefined> => {
      // The sites as they are on disk now (a branch switch, edits made outside the editor), then every file.
      await sites.reloadAll();
      const summary = await diagnostics.scanAll();
      if (!summary) return undefined;
      const problems = diagnostics.problemCounts();
      const message = checkMessage(summary, problems);
      const any = problems.errors + problems.warnings + problems.infos > 0;
      // Not awaited: the notification stays until dismissed, the command is done.
      void (any ? vscode.window.showInformationMessage(message, 'Show Problems') : vscode.window.showInformationMessage(message)).then((choice) => {
        if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return { ...summary, ...problems, message };
    }),
  );
}
