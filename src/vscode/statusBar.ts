import * as vscode from 'vscode';
import type { WorkspaceSites, SiteHandle } from './workspaceSites';
import { BUILD_LABELS } from '../core/build';

export const OPEN_SITE_CONFIG_COMMAND = 'ipeAuthor.openSiteConfig';

/** What the language status says about the site of a document. */
export interface SiteStatus {
  readonly root: string;
  readonly configFiles: readonly string[];
  readonly baseurl: string;
  readonly basePath: string;
  readonly url: string;
  readonly text: string;
  readonly detail: string;
  /** The build modelled and why. */
  readonly build: { readonly model: string; readonly reason: string };
}

export function siteStatus(handle: SiteHandle): SiteStatus {
  const c = handle.site.config;
  const configFiles = handle.settings.configFiles;
  const baseurl = c.baseurlRaw;
  const build = handle.site.build;
  const text = `IPE: ${BUILD_LABELS[build.model]} · baseurl ${baseurl === '' ? '(none)' : `"${baseurl}"`}`;
  const served = `${c.url || 'http://localhost:4000'}${c.basePath}/`;
  const problems = c.problems.length > 0 ? ` · ${c.problems.length} config problem${c.problems.length === 1 ? '' : 's'}` : '';
  const detail = `Built as ${BUILD_LABELS[build.model]}: ${build.reason} · ${configFiles.join(', ')} · served at ${served}${handle.site.hasOwnLayouts ? '' : ' · Clean Blog layouts'}${problems}`;
  return { root: handle.root.toString(), configFiles, baseurl, basePath: c.basePath, url: c.url, text, detail, build: { model: build.model, reason: build.reason } };
}

/**
 * A language status item on posts and pages: which config file is in force and the baseurl the site is
 * built with, with a command that opens that config.
 */
export function registerStatusBar(context: vscode.ExtensionContext, sites: WorkspaceSites): void {
  const item = vscode.languages.createLanguageStatusItem('ipeAuthor.site', [{ language: 'markdown' }, { language: 'html' }, { language: 'yaml' }]);
  item.name = 'IPE Author site';
  item.text = 'IPE';

  const update = async () => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const handle = uri ? await sites.siteFor(uri) : undefined;
    if (!handle) {
      item.text = 'IPE: not in a site';
      item.detail = 'No _config.yml above this file';
      item.severity = vscode.LanguageStatusSeverity.Information;
      item.command = undefined;
      return;
    }
    const s = siteStatus(handle);
    item.text = s.text;
    item.detail = s.detail;
    item.severity = handle.site.config.problems.length > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    item.command = { title: 'Open config', command: OPEN_SITE_CONFIG_COMMAND, tooltip: `Open ${s.configFiles[s.configFiles.length - 1]}` };
  };

  context.subscriptions.push(
    item,
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    sites.onDidChangeSite(() => void update()),
    vscode.commands.registerCommand(OPEN_SITE_CONFIG_COMMAND, async (uri?: vscode.Uri): Promise<SiteStatus | undefined> => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      const handle = target ? await sites.siteFor(target) : sites.all()[0];
      if (!handle) return undefined;
      const status = siteStatus(handle);
      const config = handle.uriOf(handle.site.config.file);
      const document = await vscode.workspace.openTextDocument(config);
      const editor = await vscode.window.showTextDocument(document, { preview: true });
      const range = handle.site.config.baseurlRange;
      if (range) {
        const r = new vscode.Range(document.positionAt(range.start), document.positionAt(range.end));
        editor.selection = new vscode.Selection(r.start, r.end);
        editor.revealRange(r);
      }
      return status;
    }),
  );
  void update();
}
