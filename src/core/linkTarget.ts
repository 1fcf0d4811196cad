/**
 * Where a click on a link of a rendered page goes, as the deployed site answers it: a page or post of
 * the site (by its source file), a file the site serves as is, something the build generates, nothing
 * (with the reason), or another site. The preview follows links with it, and hovers describe them.
 */
import type { Site } from './site';
import type { PageContext } from './locate';
import { locateLink, servedAt } from './links';
import { linkVerdict } from './checks/links';

/** `url` is what the browser asks for: a path on the site's origin, or another host's full URL. */
export type LinkTarget =
  | { readonly kind: 'page'; readonly url: string; readonly path: string; readonly title?: string; readonly fragment?: string }
  | { readonly kind: 'same-page'; readonly url: string; readonly fragment?: string }
  | { readonly kind: 'file'; readonly url: string; readonly path: string }
  | { readonly kind: 'generated'; readonly url: string; readonly by: string }
  | { readonly kind: 'broken'; readonly url: string; readonly reason: string }
  | { readonly kind: 'unreadable'; readonly url: string }
  | { readonly kind: 'external'; readonly url: string };

/** Why the deployed site fails a link as the rendered page has it (`href` after Liquid), or undefined when it works. */
export function renderedLinkProblem(site: Site, page: PageContext, href: string): string | undefined {
  return linkVerdict(site, page, { kind: 'html-href', target: 'link', raw: href.trim(), range: { start: 0, end: 0 } })?.message;
}

/** `href` as the rendered page has it (absolute or relative to the page's URL). */
export function linkTarget(site: Site, page: PageContext, href: string): LinkTarget {
  const located = locateLink(site, page, href);
  const fragment = located.fragment === undefined || located.fragment === '' ? undefined : located.fragment;
  const url = located.url;
  const broken = (fallback: string): LinkTarget => ({ kind: 'broken', url, reason: renderedLinkProblem(site, page, href) ?? fallback });
  switch (located.where) {
    case 'external':
      return { kind: 'external', url };
    case 'unreadable':
      return { kind: 'unreadable', url };
    case 'same-page':
      return { kind: 'same-page', url, fragment };
    case 'outside-baseurl':
      return broken(`${url} is outside the site's baseurl (${site.config.basePath}).`);
    case 'site': {
      const served = located.urlPath === undefined ? undefined : servedAt(site, located.urlPath);
      if (!served) return broken(`The deployed site serves nothing at ${url}.`);
      if ('doc' in served) return served.doc.path === page.path ? { kind: 'same-page', url, fragment } : { kind: 'page', url, path: served.doc.path, title: served.doc.title, fragment };
      if ('file' in served) return { kind: 'file', url, path: served.file };
      return { kind: 'generated', url, by: served.generated };
    }
  }
}
