import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('IPE Author');
  context.subscriptions.push(output);
  output.appendLine('IPE Author active');
}

export function deactivate(): void {}
