// The preview webview's script: patches the page in place on updates (morphdom keeps unchanged nodes,
// so nothing flickers and the scroll position holds) and keeps editor and preview scrolled together
// through the blocks' data-line attributes. It runs under the document's nonce; content scripts never do.
import morphdom from 'morphdom';
import DOMPurify, { type Config } from 'dompurify';
import type { HostToWebview, WebviewToHost, PreviewWebviewState, PreviewInitialState } from '../../src/vscode/previewMessages';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): PreviewWebviewState | undefined;
  setState(state: PreviewWebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('ipe-root') as HTMLElement;
const initial = JSON.parse(document.body.dataset.state ?? '{}') as PreviewInitialState;
let source = initial.source ?? '';
/** Scroll events caused by the host's scrollTo are not echoed back until then. */
let quietUntil = 0;

function post(message: WebviewToHost): void {
  vscode.postMessage(message);
}

interface LineElement {
  readonly line: number;
  readonly element: HTMLElement;
}

function lineElements(): LineElement[] {
  const out: LineElement[] = [];
  for (const element of Array.from(root.querySelectorAll<HTMLElement>('[data-line]'))) {
    const line = Number(element.dataset.line);
    if (!Number.isFinite(line)) continue;
    if (element.offsetParent === null && element.tagName !== 'HEADER') continue;
    out.push({ line, element });
  }
  return out.sort((a, b) => a.line - b.line);
}

const topOf = (e: HTMLElement) => e.getBoundingClientRect().top + window.scrollY;

/** Scrolls so that source line `line` (fractional) is at the top. */
function scrollToLine(line: number): void {
  const elements = lineElements();
  if (elements.length === 0) return;
  let previous = elements[0];
  let next: LineElement | undefined;
  for (const e of elements) {
    if (e.line <= line) previous = e;
    else {
      next = e;
      break;
    }
  }
  let y: number;
  if (line < previous.line) y = previous.line > 0 ? (Math.max(0, line) / previous.line) * topOf(previous.element) : 0;
  else if (next && next.line > previous.line) {
    const fraction = (line - previous.line) / (next.line - previous.line);
    y = topOf(previous.element) + fraction * (topOf(next.element) - topOf(previous.element));
  } else {
    const rect = previous.element.getBoundingClientRect();
    y = topOf(previous.element) + Math.min(1, line - previous.line) * rect.height;
  }
  quietUntil = Date.now() + 250;
  window.scrollTo(0, Math.max(0, y));
}

/** The source line (fractional) shown at the top of the preview. */
function lineAtTop(): number {
  const elements = lineElements();
  if (elements.length === 0) return 0;
  const y = window.scrollY;
  let previous: LineElement | undefined;
  let next: LineElement | undefined;
  for (const e of elements) {
    if (topOf(e.element) <= y) previous = e;
    else {
      next = e;
      break;
    }
  }
  if (!previous) return next ? (y / Math.max(1, topOf(next.element))) * next.line : 0;
  const top = topOf(previous.element);
  if (next && next.line > previous.line) {
    const span = topOf(next.element) - top;
    return previous.line + (span > 0 ? ((y - top) / span) * (next.line - previous.line) : 0);
  }
  const height = previous.element.getBoundingClientRect().height;
  return previous.line + (height > 0 ? Math.min(1, (y - top) / height) : 0);
}

let scrollFrame = 0;
window.addEventListener(
  'scroll',
  () => {
    if (Date.now() < quietUntil || scrollFrame) return;
    scrollFrame = requestAnimationFrame(() => {
      scrollFrame = 0;
      const line = lineAtTop();
      vscode.setState({ source, line });
      post({ type: 'revealLine', line });
    });
  },
  { passive: true },
);

/** What DOMPurify keeps: the page and the preview's markers, no forms that could submit, nothing that runs. */
const PURIFY: Config & { RETURN_DOM_FRAGMENT: true } = {
  RETURN_DOM_FRAGMENT: true,
  // A page may begin with its head's <style>: keep it in the body rather than let the parser move it.
  FORCE_BODY: true,
  FORBID_TAGS: ['form', 'base', 'meta', 'link', 'iframe', 'frame', 'object', 'embed', 'portal', 'noscript'],
  FORBID_ATTR: ['formaction', 'action', 'ping', 'srcdoc'],
  // DOMPurify's own URL rule with the schemes the host hands out for local files (webview resources,
  // file: for a standalone preview) besides https:, mailto: and tel:; javascript: and the like never pass.
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto|tel|file|vscode-webview|vscode-resource):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
};

/** The sanitized page as nodes of this document, never re-parsed from a string after sanitizing. */
function purified(html: string): HTMLElement {
  const holder = document.createElement('div');
  holder.id = 'ipe-root';
  holder.appendChild(DOMPurify.sanitize(html, PURIFY));
  return holder;
}

/** Hooks the sanitizer runs for every element it keeps (link markers and the like can be added here). */
export const elementHooks: ((element: Element) => void)[] = [];
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeType === 1) for (const hook of elementHooks) hook(node as Element);
});

function update(html: string, bodyClass: string): void {
  morphdom(root, purified(html), {
    childrenOnly: true,
    onBeforeElUpdated: (from, to) => !from.isEqualNode(to),
  });
  document.body.className = `ipe-preview${bodyClass ? ' ' + bodyClass : ''}`;
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  if (!message || typeof message !== 'object') return;
  switch (message.type) {
    case 'update':
      update(message.html, message.bodyClass);
      if (message.title) document.title = message.title;
      post({ type: 'updated', version: message.version, markers: root.querySelectorAll('.ipe-marker').length });
      break;
    case 'scrollTo':
      scrollToLine(message.line);
      vscode.setState({ source, line: message.line });
      break;
    case 'scrollToFragment':
      scrollToFragment(message.fragment);
      break;
  }
});

/** Brings the element a fragment names into view (as a browser does: by id, then by <a name>). */
function scrollToFragment(fragment: string): boolean {
  let id = fragment;
  try {
    id = decodeURIComponent(fragment);
  } catch {
    // A malformed escape: look for the fragment as written.
  }
  const target = document.getElementById(id) ?? document.getElementsByName(id)[0];
  if (!target) return false;
  target.scrollIntoView();
  return true;
}

document.addEventListener('click', (event) => {
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor) return;
  const href = anchor.getAttribute('href');
  event.preventDefault();
  if (!href) return;
  if (href.startsWith('#')) {
    scrollToFragment(href.slice(1));
    return;
  }
  // The host decides: another page of the site opens in the preview, a broken one says why.
  post({ type: 'openLink', href });
});

// The first page comes as data in the document (inert JSON), shown only through the sanitizer.
const initialContent = document.getElementById('ipe-content');
if (initialContent?.textContent) {
  const first = JSON.parse(initialContent.textContent) as { html: string; bodyClass: string };
  root.replaceChildren(...Array.from(purified(first.html).childNodes));
  initialContent.remove();
}

const saved = vscode.getState();
if (initial.fragment !== undefined && scrollToFragment(initial.fragment)) {
  // A followed link: its target first.
} else if (saved && saved.source === source && typeof saved.line === 'number') scrollToLine(saved.line);
else if (typeof initial.line === 'number') scrollToLine(initial.line);
source = initial.source ?? source;
vscode.setState({ source, line: saved?.line ?? initial.line });
post({ type: 'ready' });
post({ type: 'updated', version: initial.version ?? 0, markers: root.querySelectorAll('.ipe-marker').length });
