import * as vscode from 'vscode';
import type { WorkspaceSites } from './workspaceSites';
import { describeImage, describeLink, linkAt, referenceAt } from '../core/authoring';
import { pageAbsoluteUrl, siteOrigin } from '../core/resolve';
import { AUTHORING_SELECTOR } from './completion';

/** Hover on an image path: a thumbnail, the URL the site requests, and the file it maps to (or why none). */
export class ImageHoverProvider implements vscode.HoverProvider {
  constructor(private readonly sites: WorkspaceSites) {}

  private linkHover = linkHoverOf;

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const analyzed = await this.sites.analyze(document);
    if (!analyzed) return undefined;
    const { handle, analysis } = analyzed;
    const hit = referenceAt(analysis.references, document.offsetAt(position));
    if (!hit) return this.linkHover(document, position, analyzed);
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

/** Hover on a link: the target's title and URL, or why it fails. */
function linkHoverOf(document: vscode.TextDocument, position: vscode.Position, { handle, analysis }: NonNullable<Awaited<ReturnType<WorkspaceSites['analyze']>>>): vscode.Hover | undefined {
  const ref = linkAt(analysis.links, document.offsetAt(position));
  if (!ref) return undefined;
  const info = describeLink(handle.site, analysis.page, ref);
  const md = new vscode.MarkdownString();
  md.supportThemeIcons = true;
  const icon = info.status === 'ok' ? '$(check)' : info.status === 'broken' ? '$(error)' : info.status === 'external' ? '$(globe)' : '$(question)';
  if (info.title) md.appendMarkdown(`${icon} **${info.title.replace(/[\\`*_[\]<>]/g, '\\$&')}**\n\n`);
  if (info.url !== undefined) md.appendMarkdown(`${info.title ? '' : icon + ' '}**${info.status === 'external' ? 'External' : 'Links to'}** \`${info.url}\`\n\n`);
  if (info.file) md.appendMarkdown(`**Source** [${info.file}](${handle.uriOf(info.file).toString()})\n\n`);
  if (info.why) md.appendMarkdown(`${info.why}\n\n`);
  md.appendMarkdown(`*Page URL: ${pageAbsoluteUrl(handle.site, analysis.page)}*`);
  return new vscode.Hover(md, new vscode.Range(document.positionAt(ref.range.start), document.positionAt(ref.range.end)));
}

/** Ctrl+click on a link opens the source file of the page it points to. */
export class SiteDocumentLinkProvider implements vscode.DocumentLinkProvider {
  constructor(private readonly sites: WorkspaceSites) {}

  async provideDocumentLinks(document: vscode.TextDocument): Promise<vscode.DocumentLink[]> {
    const analyzed = await this.sites.analyze(document);
    if (!analyzed) return [];
    const { handle, analysis } = analyzed;
    const out: vscode.DocumentLink[] = [];
    for (const ref of analysis.links) {
      let info;
      try {
        info = describeLink(handle.site, analysis.page, ref);
      } catch {
        continue;
      }
      if (info.status !== 'ok' || !info.file || info.file === analysis.path) continue;
      const link = new vscode.DocumentLink(new vscode.Range(document.positionAt(ref.range.start), document.positionAt(ref.range.end)), handle.uriOf(info.file));
      link.tooltip = `${info.title ? info.title + ' — ' : ''}${info.url ?? info.file} (${info.file})`;
      out.push(link);
    }
    return out;
  }
}

export function registerHover(context: vscode.ExtensionContext, sites: WorkspaceSites): void {
  context.subscriptions.push(vscode.languages.registerHoverProvider(AUTHORING_SELECTOR, new ImageHoverProvider(sites)));
  context.subscriptions.push(vscode.languages.registerDocumentLinkProvider(AUTHORING_SELECTOR, new SiteDocumentLinkProvider(sites)));
}
