import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, openDocument, screenshot, sleep, waitFor, workspaceRoot } from './util';

// A post that shows a Django template in a fenced code block: Liquid runs before Markdown, so its
// `{% extends %}` is an unknown tag that stops the whole build on GitHub Pages.
const POST = '_posts/2023-06-03-templates.md';
const TEXT = '---\nlayout: post\ntitle: "Templates"\n---\n\nOur pages use:\n\n```django\n{% extends "base.html" %}\n{% block content %}<h1>{{ title }}</h1>{% endblock %}\n```\n\nThat is all.\n';

suite('Liquid that breaks the build', () => {
  suiteSetup(() => fs.writeFileSync(path.join(workspaceRoot(), POST), TEXT));
  suiteTeardown(async () => {
    await closeAllEditors();
    fs.rmSync(path.join(workspaceRoot(), POST), { force: true });
  });

  test('a Liquid syntax error in a code block in the Problems panel, and the {% raw %} fix applied', async () => {
    const { api } = await activateExtension<{ sites: { ready(): Promise<void> } }>();
    await api.sites.ready();
    const editor = await openDocument(POST);
    const uri = editor.document.uri;
    const [d] = await waitFor(() => {
      const found = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'IPE' && x.code === 'liquid-syntax');
      return found.length > 0 ? found : undefined;
    }, 30_000, 'the liquid-syntax error');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, 8, `${d.message} at ${d.range.start.line}:${d.range.start.character}`);
    assert.match(d.message, /^Liquid syntax error: Unknown tag 'extends'. GitHub Pages' build stops at it: it fails and nothing is deployed/);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await sleep(800);
    await screenshot('liquid-problems');

    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const wrap = actions.find((a) => /\{% raw %\}/.test(a.title));
    assert.ok(wrap?.command, `a raw fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(await vscode.commands.executeCommand(wrap.command.command, ...(wrap.command.arguments ?? [])), 'applied');
    const text = editor.document.getText();
    assert.match(text, /\{% raw %\}[\s\S]*\{% extends "base\.html" %\}[\s\S]*\{% endblock %\}[\s\S]*\{% endraw %\}/);
    // Nothing but the two markers was added, each on a line of its own around the fence.
    assert.equal(text.replace('{% raw %}\n```django', '```django').replace('```\n{% endraw %}', '```'), TEXT);
    await waitFor(() => vscode.languages.getDiagnostics(uri).filter((x) => x.code === 'liquid-syntax').length === 0, 20_000, 'the error to clear');
    await sleep(500);
    await screenshot('liquid-fixed');
  });
});
