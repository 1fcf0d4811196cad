import * as vscode from 'vscode';
import { WorkspaceSites, SiteHandle } from './workspaceSites';
import { renderPage, RenderCache, RenderedPage } from '../core/render/renderPage';
import { previewDocument, previewBody, makeNonce } from '../core/render/shell';
import { HostToWebview, isWebviewToHost, PreviewInitialState } from './previewMessages';
import { linkTarget } from '../core/linkTarget';

export const SHOW_PREVIEW_COMMAND = 'ipeAuthor.showPreviewToSide';
const VIEW_TYPE = 'ipeAuthor.preview';
const PREVIEWABLE_CONTEXT = 'ipeAuthor.previewable';
/** Renders while typing are at most this often (the first one is immediate). */
const THROTTLE_MS = 120;

/** What the preview last rendered, for tests and status. */
export interface PreviewRender {
  readonly uri: string;
  readonly version: number;
  readonly documentVersion: number;
  readonly html: string;
  readonly page: RenderedPage;
}

function isPreviewable(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown' || document.languageId === 'html' || /\.(md|markdown|html?)$/i.test(document.uri.path);
}

/**
 * The one preview panel: follows the active editor, re-renders (throttled) as its document is typed,
 * patches the webview in place, and keeps the editor and the preview scrolled together.
 */
export class PreviewManager implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.TextDocument | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly caches = new Map<string, RenderCache>();
  private renderCount = 0;
  private rendering = false;
  private pending = false;
  private lastStart = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The stylesheets and document the webview's HTML was built for: a change rebuilds it. */
  private shellKey = '';
  private revealFromPreviewUntil = 0;
  /** The fragment of a followed link, for the next document the webview is built for. */
  private pendingFragment: string | undefined;
  private scrollFromEditorUntil = 0;
  private readonly rendered = new vscode.EventEmitter<PreviewRender>();
  private readonly patched = new vscode.EventEmitter<number>();
  /** Fires after each render was handed to the webview. */
  readonly onDidRender = this.rendered.event;
  /** Fires with the render version the webview's DOM shows now. */
  readonly onDidPatch = this.patched.event;
  lastRender: PreviewRender | undefined;
  /** The render version the webview last reported as shown. */
  patchedVersion = -1;

  constructor(private readonly sites: WorkspaceSites, private readonly extensionUri: vscode.Uri) {
    this.disposables.push(
      this.rendered,
      this.patched,
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        void this.updateContext(editor);
        if (editor && this.panel && isPreviewable(editor.document) && editor.document !== this.document) {
          if (this.sites.siteForSync(editor.document.uri)) this.setDocument(editor.document);
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === this.document && e.contentChanges.length > 0) this.requestRender();
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
        if (!this.panel || e.textEditor.document !== this.document || Date.now() < this.revealFromPreviewUntil) return;
        const range = e.visibleRanges[0];
        if (!range) return;
        this.scrollFromEditorUntil = Date.now() + 300;
        this.post({ type: 'scrollTo', line: range.start.line });
      }),
      sites.onDidChangeSite((handle) => {
        this.caches.delete(handle.root.toString());
        if (this.document && handle.relativePath(this.document.uri) !== undefined) this.requestRender();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        if (this.document) this.requestRender();
      }),
    );
    // Theme files and stylesheets: the site model does not track their contents.
    const watcher = vscode.workspace.createFileSystemWatcher('**/{_includes/**,_layouts/**,_data/**,*.css,*.scss,*.sass}');
    const themeChanged = () => {
      this.caches.clear();
      this.shellKey = '';
      if (this.panel) this.requestRender();
    };
    this.disposables.push(watcher, watcher.onDidChange(themeChanged), watcher.onDidCreate(themeChanged), watcher.onDidDelete(themeChanged));
    void this.updateContext(vscode.window.activeTextEditor);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** Renders again (e.g. once a scan has read the whole site, so that its links can be judged). */
  refresh(): void {
    if (this.panel) this.requestRender();
  }

  /** The panel, when open. */
  get webviewPanel(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  get sourceUri(): vscode.Uri | undefined {
    return this.document?.uri;
  }

  private async updateContext(editor: vscode.TextEditor | undefined): Promise<void> {
    let previewable = false;
    if (editor && isPreviewable(editor.document)) previewable = (await this.sites.siteFor(editor.document.uri)) !== undefined;
    await vscode.commands.executeCommand('setContext', PREVIEWABLE_CONTEXT, previewable);
  }

  /** Opens (or reveals) the preview beside the editor, showing `uri` or the active editor's document. */
  async show(uri?: vscode.Uri): Promise<void> {
    let document: vscode.TextDocument | undefined;
    if (uri) document = await vscode.workspace.openTextDocument(uri);
    else document = vscode.window.activeTextEditor?.document ?? this.document;
    if (!document) {
      void vscode.window.showInformationMessage('IPE: open a post or page to preview it.');
      return;
    }
    if (!this.panel) {
      const roots = [...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri), vscode.Uri.joinPath(this.extensionUri, 'media')];
      this.panel = vscode.window.createWebviewPanel(
        VIEW_TYPE,
        'IPE Preview',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, enableCommandUris: false, enableFindWidget: true, retainContextWhenHidden: true, localResourceRoots: roots },
      );
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'preview-icon.svg');
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.document = undefined;
        this.shellKey = '';
      });
      this.panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m));
    } else this.panel.reveal(vscode.ViewColumn.Beside, true);
    this.setDocument(document);
  }

  private setDocument(document: vscode.TextDocument): void {
    this.document = document;
    this.shellKey = '';
    if (this.panel) this.panel.title = `Preview ${document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1)}`;
    this.lastStart = 0;
    this.requestRender();
  }

  /** Throttled rendering: at once when idle, then at most every THROTTLE_MS, always ending with the latest text. */
  private requestRender(): void {
    if (!this.panel || !this.document) return;
    if (this.rendering) {
      this.pending = true;
      return;
    }
    if (this.timer) return;
    const wait = Math.max(0, this.lastStart + THROTTLE_MS - Date.now());
    if (wait === 0) void this.run();
    else
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.run();
      }, wait);
  }

  private async run(): Promise<void> {
    this.rendering = true;
    this.lastStart = Date.now();
    try {
      await this.render();
    } catch (error) {
      this.showMessage(`The preview failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.rendering = false;
      if (this.pending) {
        this.pending = false;
        this.requestRender();
      }
    }
  }

  private async render(): Promise<void> {
    const panel = this.panel;
    const document = this.document;
    if (!panel || !document) return;
    const handle = await this.sites.siteFor(document.uri);
    const path = handle?.relativePath(document.uri);
    if (!handle || path === undefined) {
      this.showMessage(`${document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1)} is not in a Jekyll site of this workspace (no _config.yml above it).`);
      return;
    }
    const key = handle.root.toString();
    let cache = this.caches.get(key);
    if (!cache) this.caches.set(key, (cache = {}));
    const webview = panel.webview;
    const documentVersion = document.version;
    const page = await renderPage(handle.site, handle.fs, path, document.getText(), {
      imageKeys: handle.settings.imageKeys,
      cache,
      // In Restricted Mode the workspace's own templates are not run.
      siteTemplates: vscode.workspace.isTrusted,
      imageUrl: (file) => webview.asWebviewUri(handle.uriOf(file)).toString(),
    });
    if (this.panel !== panel || this.document !== document) return;
    const version = ++this.renderCount;
    const styles = this.styles(handle, page, webview);
    const shellKey = `${document.uri.toString()}\n${styles.map((s) => ('href' in s ? s.href : `inline:${s.css.length}:${s.css.slice(0, 200)}`)).join('\n')}`;
    if (shellKey !== this.shellKey) {
      // A new document or other stylesheets: a new HTML document, with a fresh nonce.
      this.shellKey = shellKey;
      const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
      const state: PreviewInitialState = { source: document.uri.toString(), line: editor?.visibleRanges[0]?.start.line, version, fragment: this.pendingFragment };
      this.pendingFragment = undefined;
      webview.html = previewDocument(page, {
        nonce: makeNonce(),
        resourceSource: webview.cspSource,
        styles,
        scriptUrl: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'preview.js')).toString(),
        state,
      });
    } else {
      this.post({ type: 'update', html: previewBody(page), bodyClass: page.bodyClass, version, title: page.title });
    }
    this.lastRender = { uri: document.uri.toString(), version, documentVersion, html: page.html, page };
    this.rendered.fire(this.lastRender);
  }

  private styles(handle: SiteHandle, page: RenderedPage, webview: vscode.Webview): ({ href: string } | { css: string })[] {
    const media = (...name: string[]) => ({ href: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', ...name)).toString() });
    const out: ({ href: string } | { css: string })[] = [media('preview-base.css')];
    // The web fonts the layout loads from Google Fonts, served from the extension instead.
    for (const f of page.fonts) out.push(media('fonts', f));
    if (page.stylesheets.length === 0) out.push(media('clean-blog.css'));
    for (const s of page.stylesheets) {
      if (s.css !== undefined) {
        out.push({ css: s.css });
        continue;
      }
      try {
        out.push({ href: webview.asWebviewUri(handle.uriOf(s.file)).toString() });
      } catch {
        // A path that leaves the site is never loaded.
      }
    }
    return out;
  }

  private showMessage(text: string): void {
    if (!this.panel) return;
    this.shellKey = '';
    const nonce = makeNonce();
    this.panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';"><style nonce="${nonce}">body{font:14px sans-serif;padding:2em;color:var(--vscode-foreground)}</style></head><body><p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p></body></html>`;
  }

  private post(message: HostToWebview): void {
    void this.panel?.webview.postMessage(message);
  }

  /**
   * A click on a link of the preview: a page or post of the site opens in the preview (at its fragment),
   * a file the site serves opens in the editor, a broken link says why, http(s) and mailto: open outside.
   */
  private async followLink(href: string): Promise<void> {
    const document = this.document;
    const handle = document && this.sites.siteForSync(document.uri);
    const page = this.lastRender?.uri === document?.uri.toString() ? this.lastRender?.page.analysis.page : undefined;
    if (document && handle && page) {
      const target = linkTarget(handle.site, page, href);
      switch (target.kind) {
        case 'page': {
          const next = await vscode.workspace.openTextDocument(handle.uriOf(target.path));
          if (this.document !== document) return;
          this.pendingFragment = target.fragment;
          this.setDocument(next);
          return;
        }
        case 'same-page':
          if (target.fragment !== undefined) this.post({ type: 'scrollToFragment', fragment: target.fragment });
          return;
        case 'file':
          await vscode.commands.executeCommand('vscode.open', handle.uriOf(target.path));
          return;
        case 'generated':
          void vscode.window.showInformationMessage(`IPE: ${target.url} is made by the build (${target.by}); it has no source to preview.`);
          return;
        case 'broken':
          void vscode.window.showWarningMessage(`IPE: this link is broken on the deployed site. ${target.reason}`);
          return;
        case 'unreadable':
          return;
        case 'external':
          break;
      }
    }
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(href, true);
    } catch {
      return;
    }
    if (uri.scheme === 'https' || uri.scheme === 'http' || uri.scheme === 'mailto') void vscode.env.openExternal(uri);
  }

  private onMessage(message: unknown): void {
    if (!isWebviewToHost(message)) return;
    switch (message.type) {
      case 'updated':
        this.patchedVersion = message.version;
        this.patched.fire(message.version);
        break;
      case 'revealLine': {
        if (Date.now() < this.scrollFromEditorUntil || !this.document) return;
        const editor = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
        if (!editor) return;
        const line = Math.max(0, Math.min(this.document.lineCount - 1, Math.floor(message.line)));
        this.revealFromPreviewUntil = Date.now() + 300;
        editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
        break;
      }
      case 'openLink':
        void this.followLink(message.href);
        break;
      case 'ready':
        break;
    }
  }
}

/** Registers the preview's command and returns its manager. */
export function registerPreview(context: vscode.ExtensionContext, sites: WorkspaceSites): PreviewManager {
  const manager = new PreviewManager(sites, context.extensionUri);
  context.subscriptions.push(
    manager,
    vscode.commands.registerCommand(SHOW_PREVIEW_COMMAND, (uri?: vscode.Uri) => manager.show(uri instanceof vscode.Uri ? uri : undefined)),
  );
  return manager;
}
