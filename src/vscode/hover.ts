import * as vscode from 'vscode';
import type { WorkspaceSites } from './workspaceSites';
import { describeImage, referenceAt } from '../core/authoring';
import { pageAbsoluteUrl, siteOrigin } from '../core/resolve';
import { AUTHORING_SELECTOR } from './completion';

/** Hover on an image path: a thumbnail, the URL the site requests, and the file it maps to (or why none). */
export class ImageHoverProvider implements vscode.HoverProvider {
  constructor(private readonly sites: WorkspaceSites) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const analyzed = await this.sites.analyze(document);
    if (!analyzed) return undefined;
    const { handle, analysis } = analyzed;
    const hit = referenceAt(analysis.references, document.offsetAt(position));
    if (!hit) return undefined;
    const info = describeImage(handle.site, hit.ref, hit.resolution);
    const md = new vscode.MarkdownString();
    md.supportHtml = false;
    if (info.file) md.appendMarkdown(`![${info.file}](${handle.uriOf(info.file).toString()}|height=140)\n\n`);
    const icon = info.status === 'ok' ? '$(check)' : info.status === 'broken' ? '$(error)' : info.status === 'remote' ? '$(globe)' : '$(question)';
    md.supportThemeIcons = true;
    if (info.url !== undefined) {
      const absolute = info.status === 'remote' ? info.url : siteOrigin(handle.site) + info.url;
      md.appendMarkdown(`${icon} **Requests** \`${info.url}\`${info.status !== 'remote' ? ` (${absolute})` : ''}\n\n`);
    }
    if (info.file) md.appendMarkdown(`**File** \`${info.file}\`\n\n`);
    else if (info.status === 'broken') md.appendMarkdown(`**No file**: ${info.why ?? ''}\n\n`);
    else if (info.why) md.appendMarkdown(`${info.status === 'unknown' ? icon + ' ' : ''}${info.why}\n\n`);
    if (info.status === 'ok' && info.why) md.appendMarkdown(`${info.why}\n\n`);
    md.appendMarkdown(`*Page URL: ${pageAbsoluteUrl(handle.site, analysis.page)}*`);
    const range = new vscode.Range(document.positionAt(hit.ref.range.start), document.positionAt(hit.ref.range.end));
    return new vscode.Hover(md, range);
  }
}

export function registerHover(context: vscode.ExtensionContext, sites: WorkspaceSites): void {
  context.subscriptions.push(vscode.languages.registerHoverProvider(AUTHORING_SELECTOR, new ImageHoverProvider(sites)));
}
