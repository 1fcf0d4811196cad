import * as vscode from 'vscode';
import type { WorkspaceSites, SiteHandle } from './workspaceSites';
import {
  completionSpotAt,
  frontMatterKeys,
  layoutNames,
  backgroundChoices,
  contentImageChoices,
  formatPostDate,
  siteClock,
  postSnippet,
  pageSnippet,
  imageBlockSnippet,
  yamlSingleQuoted,
  ImageChoice,
  CompletionSpot,
  linkChoices,
  LinkChoice,
} from '../core/authoring';
import { parseFrontMatter } from '../core/frontMatter';

export const AUTHORING_SELECTOR: vscode.DocumentSelector = [{ language: 'markdown' }, { language: 'html' }];

const order = (i: number) => String(i).padStart(5, '0');

/**
 * Completions that know the site: front matter keys for the page's layout, `layout:` names from
 * `_layouts/`, `background:` values written for the layout's baseurl rule, image paths in `src="…"` and
 * `](…)` written to resolve from the page's URL (every candidate checked by the engine), and the post,
 * page and image snippets filled with the site's own values.
 */
export class AuthoringCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly sites: WorkspaceSites) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[] | undefined> {
    const handle = await this.sites.siteFor(document.uri);
    const path = handle?.relativePath(document.uri);
    if (!handle || path === undefined) return undefined;
    const text = document.getText();
    const spot = completionSpotAt(text, document.offsetAt(position));
    if (!spot) return undefined;
    const range = new vscode.Range(document.positionAt(spot.start), document.positionAt(spot.end));
    switch (spot.kind) {
      case 'front-matter-key':
        return this.keys(text, range);
      case 'front-matter-value':
        return this.values(handle, path, text, spot, range);
      case 'html-src':
      case 'markdown-link': {
        const page = handle.analyze(path, text).page;
        const kind = spot.kind === 'html-src' ? 'html-img' : 'markdown-image';
        return contentImageChoices(handle.site, page, kind).map((c, i) => this.imageItem(handle, c, range, i, c.text));
      }
      case 'html-href':
      case 'markdown-page-link':
      case 'liquid-post-url':
      case 'liquid-link': {
        const page = handle.analyze(path, text).page;
        return linkChoices(handle.site, page, spot.kind).map((c, i) => this.linkItem(handle, c, range, i));
      }
      case 'document-start':
      case 'body-line-start':
        return this.snippets(handle, path, text, spot, range);
    }
  }

  private keys(text: string, range: vscode.Range): vscode.CompletionItem[] {
    const fm = parseFrontMatter(text);
    const layout = typeof fm.data.layout === 'string' ? fm.data.layout : undefined;
    return frontMatterKeys(layout, fm.values.keys()).map((k, i) => {
      const item = new vscode.CompletionItem(k.key, vscode.CompletionItemKind.Property);
      item.insertText = `${k.key}: `;
      item.range = range;
      item.sortText = order(i);
      item.documentation = new vscode.MarkdownString(k.documentation);
      item.detail = layout ? `front matter of layout '${layout}'` : 'front matter';
      if (k.key === 'layout' || k.key === 'background' || k.key === 'date') item.command = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };
      return item;
    });
  }

  private values(handle: SiteHandle, path: string, text: string, spot: Extract<CompletionSpot, { kind: 'front-matter-value' }>, range: vscode.Range): vscode.CompletionItem[] | undefined {
    const quoteValue = (value: string) => (spot.quote ? value.replace(new RegExp(spot.quote === "'" ? "'" : '"', 'g'), spot.quote === "'" ? "''" : '\\"') : yamlSingleQuoted(value));
    if (spot.key === 'layout') {
      return layoutNames(handle.site).map((name, i) => {
        const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.EnumMember);
        item.range = range;
        item.sortText = order(i);
        item.detail = handle.site.hasOwnLayouts ? `_layouts/${name}.html` : 'Clean Blog layout';
        return item;
      });
    }
    if (spot.key === 'date') {
      const value = formatPostDate(siteClock(handle.site, Date.now()));
      const item = new vscode.CompletionItem(value, vscode.CompletionItemKind.Value);
      item.range = range;
      item.detail = `now, on the site's clock (${handle.site.config.timezone ?? 'UTC'})`;
      return [item];
    }
    if (handle.settings.imageKeys.includes(spot.key)) {
      const page = handle.analyze(path, text).page;
      return backgroundChoices(handle.site, page, spot.key).map((c, i) => this.imageItem(handle, c, range, i, quoteValue(c.text)));
    }
    return undefined;
  }

  private imageItem(handle: SiteHandle, choice: ImageChoice, range: vscode.Range, index: number, insertText: string): vscode.CompletionItem {
    const item = new vscode.CompletionItem({ label: choice.text, description: choice.file }, vscode.CompletionItemKind.File);
    item.insertText = insertText;
    item.filterText = choice.text;
    item.range = range;
    item.sortText = order(index);
    item.detail = `requests ${choice.url}`;
    const md = new vscode.MarkdownString(`The site requests \`${choice.url}\`, served by \`${choice.file}\`.\n\n`);
    md.appendMarkdown(`![${choice.file}](${handle.uriOf(choice.file).toString()}|height=120)`);
    item.documentation = md;
    return item;
  }

  private linkItem(handle: SiteHandle, choice: LinkChoice, range: vscode.Range, index: number): vscode.CompletionItem {
    const item = new vscode.CompletionItem({ label: choice.text, description: choice.title ?? choice.file }, choice.file.startsWith('_posts/') ? vscode.CompletionItemKind.Event : vscode.CompletionItemKind.File);
    item.insertText = choice.text;
    item.filterText = `${choice.text} ${choice.title ?? ''} ${choice.file}`;
    item.range = range;
    item.sortText = order(index);
    item.detail = `${choice.title ? `${choice.title} — ` : ''}${choice.url}`;
    item.documentation = new vscode.MarkdownString(`Links to \`${choice.url}\`, served from [${choice.file}](${handle.uriOf(choice.file).toString()}).`);
    return item;
  }

  private snippets(handle: SiteHandle, path: string, text: string, spot: CompletionSpot, range: vscode.Range): vscode.CompletionItem[] {
    const items: vscode.CompletionItem[] = [];
    const add = (label: string, body: string, doc: string) => {
      const item = new vscode.CompletionItem({ label, description: 'IPE site' }, vscode.CompletionItemKind.Snippet);
      item.insertText = new vscode.SnippetString(body);
      item.range = range;
      item.filterText = label;
      item.sortText = order(items.length);
      item.documentation = new vscode.MarkdownString(doc);
      items.push(item);
    };
    if (spot.kind === 'document-start') {
      add('ipe-post', postSnippet(handle.site, path), "Post front matter with the date now on the site's clock and the site's backgrounds (checked under the layout's baseurl rule).");
      add('ipe-page', pageSnippet(handle.site, path), "Page front matter with the site's backgrounds (checked under the layout's baseurl rule).");
    }
    const page = handle.analyze(path, text).page;
    add('ipe-image', imageBlockSnippet(handle.site, page), "A centred image in the site's HTML style; the paths offered resolve from this page's URL.");
    return items;
  }
}

export function registerCompletion(context: vscode.ExtensionContext, sites: WorkspaceSites): void {
  context.subscriptions.push(vscode.languages.registerCompletionItemProvider(AUTHORING_SELECTOR, new AuthoringCompletionProvider(sites), '"', "'", '/', '(', ':', ' ', '#'));
}
