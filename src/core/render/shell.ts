import type { RenderedPage } from './renderPage';
import { escapeHtml } from './sanitize';
import { strftime } from './jekyllTime';

/** A fresh nonce for one document's Content-Security-Policy. */
export function makeNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64').replace(/[+/=]/g, (c) => (c === '+' ? '-' : c === '/' ? '_' : ''));
}

export interface ShellOptions {
  readonly nonce: string;
  /** Where local resources come from: the webview's cspSource, or e.g. `file:` for a standalone file; '' for none. */
  readonly resourceSource: string;
  /** Stylesheets, in order: linked by URL or inlined. */
  readonly styles: readonly ({ readonly href: string } | { readonly css: string })[];
  /** The webview script, loaded with the nonce. */
  readonly scriptUrl?: string;
  /** JSON-able state handed to the script. */
  readonly state?: unknown;
}

/** The Content-Security-Policy of a preview document: like VS Code's Markdown preview, and stricter. */
export function contentSecurityPolicy(nonce: string, resourceSource: string): string {
  const src = resourceSource === '' ? '' : ` ${resourceSource}`;
  return [
    `default-src 'none'`,
    `img-src${src} https: data:`,
    `media-src${src} https:`,
    `style-src${src} 'unsafe-inline'`,
    `font-src${src} data:`,
    `script-src 'nonce-${nonce}'`,
    `connect-src 'none'`,
    `frame-src 'none'`,
    `object-src 'none'`,
    `form-action 'none'`,
    `base-uri 'none'`,
  ].join('; ');
}

/** The body content of the preview: problems first, then the page. */
export function previewBody(page: RenderedPage): string {
  const errors = page.errors.length
    ? `<div class="ipe-render-errors" role="status">${page.errors.map((e) => `<div>${escapeHtml(e)}</div>`).join('')}</div>`
    : '';
  const date = page.analysis.kind === 'post' && page.analysis.url.date ? page.analysis.url.date : undefined;
  const shown = date ? ` · dated ${strftime(date, '%B %d, %Y')}` : '';
  const servedAt = `<div class="ipe-served-at" role="note">The site serves this page at <code>${escapeHtml(page.servedAt)}</code>${shown}</div>`;
  return errors + page.html + servedAt;
}

/**
 * The page as inert data for the webview script, which shows it through its DOM sanitizer: JSON in a
 * script element of a data type (never run), with `<` escaped so that nothing in it can end the element.
 */
function contentData(page: RenderedPage): string {
  const json = JSON.stringify({ html: previewBody(page), bodyClass: page.bodyClass }).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<script type="application/json" id="ipe-content">${json}</script>`;
}

/** A whole preview document around a rendered page. With a script, the page is handed to it as data. */
export function previewDocument(page: RenderedPage, options: ShellOptions): string {
  const styles = options.styles
    .map((s) => ('href' in s ? `<link rel="stylesheet" href="${escapeHtml(s.href)}">` : `<style nonce="${options.nonce}">\n${s.css.replace(/<\/style/gi, '<\\/style')}\n</style>`))
    .join('\n');
  const state = options.state === undefined ? '' : ` data-state="${escapeHtml(JSON.stringify(options.state))}"`;
  const script = options.scriptUrl ? `<script nonce="${options.nonce}" src="${escapeHtml(options.scriptUrl)}"></script>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(options.nonce, options.resourceSource))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
${styles}
</head>
<body class="ipe-preview${page.bodyClass ? ' ' + escapeHtml(page.bodyClass) : ''}"${state}>
${options.scriptUrl ? `<div id="ipe-root"></div>\n${contentData(page)}` : `<div id="ipe-root">${previewBody(page)}</div>`}
${script}
</body>
</html>
`;
}
