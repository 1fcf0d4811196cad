import * as vscode from 'vscode';
import type { Finding, Fix } from '../core/findings';
import { LineIndex } from '../core/text';
import { DiagnosticsController, DIAGNOSTIC_SOURCE, FileFindings } from './diagnostics';
import { ignoreLineEdit } from '../core/suppressions';
import { isCheckableDocument } from '../core/checkSite';

export const APPLY_FIX_COMMAND = 'ipeAuthor.applyFix';

/** What a quick fix carries: each edit with the text it expects to replace, so a stale fix does nothing. */
interface FixPayload {
  readonly uri: string;
  readonly edits: readonly { readonly start: number; readonly end: number; readonly expected: string; readonly newText: string }[];
  readonly renameTo?: string;
  readonly createFile?: { readonly path: string; readonly text: string };
  readonly siteRoot: string;
}

function payload(entry: { uri: vscode.Uri; text: string; handle: { root: vscode.Uri } }, fixes: readonly Fix[]): FixPayload {
  const edits = fixes.flatMap((f) => f.edits ?? []).map((e) => ({ start: e.range.start, end: e.range.end, expected: entry.text.slice(e.range.start, e.range.end), newText: e.newText }));
  const renameTo = fixes.find((f) => f.renameTo)?.renameTo;
  const createFile = fixes.find((f) => f.createFile)?.createFile;
  return { uri: entry.uri.toString(), edits, renameTo, createFile, siteRoot: entry.handle.root.toString() };
}

/**
 * Applies a fix only if every range still holds the text the fix was computed for; a rename never
 * replaces an existing file. Returns what happened, for tests and messages.
 */
export async function applyFix(p: FixPayload): Promise<'applied' | 'stale' | 'exists' | 'failed'> {
  const uri = vscode.Uri.parse(p.uri);
  if (p.edits.length > 0) {
    const document = await vscode.workspace.openTextDocument(uri);
    const text = document.getText();
    // Edits are given in offsets of the text the finding was made on; locate each by its expected text.
    const edit = new vscode.WorkspaceEdit();
    const sorted = [...p.edits].sort((a, b) => a.start - b.start);
    for (let i = 0; i < sorted.length; i++) {
      const e = sorted[i];
      if (i > 0 && e.start < sorted[i - 1].end) return 'failed';
      if (text.slice(e.start, e.end) !== e.expected) {
        void vscode.window.showWarningMessage('IPE: the document changed since this problem was found; the fix was not applied. Try again once the problem list has updated.');
        return 'stale';
      }
      edit.replace(uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
    }
    if (!(await vscode.workspace.applyEdit(edit))) return 'failed';
  }
  if (p.renameTo) {
    const target = vscode.Uri.joinPath(vscode.Uri.parse(p.siteRoot), ...p.renameTo.split('/'));
    try {
      await vscode.workspace.fs.stat(target);
      void vscode.window.showWarningMessage(`IPE: ${p.renameTo} already exists; nothing was renamed.`);
      return 'exists';
    } catch {
      // The target is free.
    }
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(uri, target, { overwrite: false, ignoreIfExists: false });
    if (!(await vscode.workspace.applyEdit(edit))) return 'failed';
  }
  if (p.createFile) {
    const target = vscode.Uri.joinPath(vscode.Uri.parse(p.siteRoot), ...p.createFile.path.split('/'));
    try {
      await vscode.workspace.fs.stat(target);
      void vscode.window.showWarningMessage(`IPE: ${p.createFile.path} already exists; nothing was created.`);
      return 'exists';
    } catch {
      // The path is free.
    }
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(target, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(p.createFile.text) });
    if (!(await vscode.workspace.applyEdit(edit))) return 'failed';
    const editor = await vscode.window.showTextDocument(target);
    const end = editor.document.positionAt(editor.document.getText().length);
    editor.selection = new vscode.Selection(end, end);
  }
  return 'applied';
}

function findingFor(diagnostic: vscode.Diagnostic, findings: readonly Finding[], index: LineIndex): Finding | undefined {
  return findings.find((f) => {
    const s = index.positionAt(f.range.start);
    return f.code === diagnostic.code && f.message === diagnostic.message && s.line === diagnostic.range.start.line && s.character === diagnostic.range.start.character;
  });
}

/**
 * The quick fix that writes `ipe-author-disable-next-line CODE` before the finding's line (or adds the
 * code to such a comment there). The edit replaces the rest of that line with itself, so that it is
 * not applied once the line changed.
 */
function ignoreAction(entry: FileFindings, index: LineIndex, finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction | undefined {
  const edit = ignoreLineEdit(entry.text, finding);
  if (!edit) return undefined;
  const end = index.lineEndOffset(index.positionAt(edit.offset).line);
  const expected = entry.text.slice(edit.offset, end);
  const title = `Ignore this problem on this line (${finding.code})`;
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  const p: FixPayload = { uri: entry.uri.toString(), edits: [{ start: edit.offset, end, expected, newText: edit.newText + expected }], siteRoot: entry.handle.root.toString() };
  action.command = { title, command: APPLY_FIX_COMMAND, arguments: [p] };
  return action;
}

/** Quick fixes for IPE diagnostics, "fix all of this kind in the file", and source.fixAll. */
export class IpeCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.SourceFixAll.append('ipeAuthor')];

  constructor(private readonly diagnostics: DiagnosticsController) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const entry = this.diagnostics.findingsFor(document.uri);
    if (!entry) return [];
    const index = new LineIndex(entry.text);
    const actions: vscode.CodeAction[] = [];
    const fixAllKind = vscode.CodeActionKind.SourceFixAll.append('ipeAuthor');
    if (context.only && fixAllKind.contains(context.only) || context.only?.contains(fixAllKind)) {
      const fixes = entry.findings.map((f) => f.fixes.find((x) => x.preferred && x.edits && !x.renameTo)).filter((x): x is Fix => !!x);
      if (fixes.length > 0) {
        const action = new vscode.CodeAction('IPE: fix all image paths', fixAllKind);
        action.command = { title: action.title, command: APPLY_FIX_COMMAND, arguments: [payload(entry, fixes)] };
        actions.push(action);
      }
      return actions;
    }
    const seenCodes = new Set<string>();
    // Suppression comments are read in posts and pages (not in config files), once per line and code.
    const ignorable = isCheckableDocument(entry.handle.site, entry.path);
    const ignored = new Set<string>();
    const ignoreActions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = findingFor(diagnostic, entry.findings, index);
      if (!finding) continue;
      for (const fix of finding.fixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred;
        action.command = { title: fix.title, command: APPLY_FIX_COMMAND, arguments: [payload(entry, [fix])] };
        actions.push(action);
      }
      if (!seenCodes.has(finding.code)) {
        seenCodes.add(finding.code);
        const same = entry.findings.filter((f) => f.code === finding.code).map((f) => f.fixes.find((x) => x.preferred && x.edits && !x.renameTo)).filter((x): x is Fix => !!x);
        if (same.length > 1) {
          const action = new vscode.CodeAction(`Fix all '${finding.code}' problems in this file (${same.length})`, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.command = { title: action.title, command: APPLY_FIX_COMMAND, arguments: [payload(entry, same)] };
          actions.push(action);
        }
      }
      const line = `${index.positionAt(finding.range.start).line}:${finding.code}`;
      if (ignorable && finding.code !== 'unused-suppression' && !ignored.has(line)) {
        ignored.add(line);
        const action = ignoreAction(entry, index, finding, diagnostic);
        if (action) ignoreActions.push(action);
      }
    }
    // After the fixes that repair the problem.
    return [...actions, ...ignoreActions];
  }
}
