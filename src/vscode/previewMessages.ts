// Messages between the preview panel (extension host) and its webview script (media/src/preview.ts).
// Shared by both sides: no `vscode` import here.

/** The host tells the webview what to show and where to scroll. */
export type HostToWebview =
  /** New content for the page body, patched in place. `version` counts renders of this panel. */
  | { readonly type: 'update'; readonly html: string; readonly bodyClass: string; readonly version: number; readonly title: string }
  /** The editor scrolled: show this source line (fractional) at the top. */
  | { readonly type: 'scrollTo'; readonly line: number }
  /** A link to a place on the page shown was followed: bring the element with this id (URL-encoded as in the link) into view. */
  | { readonly type: 'scrollToFragment'; readonly fragment: string };

/** The webview tells the host what happened. */
export type WebviewToHost =
  | { readonly type: 'ready' }
  /** The DOM now shows render `version`. */
  | { readonly type: 'updated'; readonly version: number; readonly markers: number }
  /** The preview scrolled by the user: reveal this source line (fractional) in the editor. */
  | { readonly type: 'revealLine'; readonly line: number }
  /** A link was clicked. */
  | { readonly type: 'openLink'; readonly href: string };

/** State the webview keeps across reloads (vscode.setState). */
export interface PreviewWebviewState {
  readonly source: string;
  readonly line?: number;
}

/** What the host hands a freshly built webview document (in its body's data-state). */
export interface PreviewInitialState {
  readonly source?: string;
  readonly line?: number;
  readonly version?: number;
  /** A followed link's fragment: shown first, in place of the line. */
  readonly fragment?: string;
}

export function isWebviewToHost(value: unknown): value is WebviewToHost {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { type?: unknown; version?: unknown; line?: unknown; href?: unknown };
  switch (m.type) {
    case 'ready':
      return true;
    case 'updated':
      return typeof m.version === 'number';
    case 'revealLine':
      return typeof m.line === 'number' && Number.isFinite(m.line);
    case 'openLink':
      return typeof m.href === 'string';
    default:
      return false;
  }
}
