/**
 * Where a click on a link of a rendered page goes, as the deployed site answers it: a page or post of
 * the site (by its source file), a file the site serves as is, something the build generates, nothing
 * (with the reason), or another site. The preview follows links with it.
 */
import type { Site } from './site';
import type { PageContext } from './locate';
import { locateLink, servedAt } from './links';
import { linkVerdict } from './checks/links';

export type LinkTarget =
  | { readonly kind: 'page'; readonly path: string; readonly fragment?: string }
  | { readonly kind: 'same-page'; readonly fragment?: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'generated'; readonly by: string; readonly url: string }
  | { readonly kind: 'broken'; readonly url: string; readonly reason: string }
  | { readonly kind: 'external'; readonly url: string };

/** `href` as the rendered page has it (absolute or relative to the page's URL). */
export function linkTarget(site: Site, page: PageContext, href: string): LinkTarget {
  const located = locateLink(site, page, href);
  const fragment = located.fragment === undefined || located.fragment === '' ? undefined : located.fragment;
  const broken = (fallback: string): LinkTarget => {
    const verdict = linkVerdict(site, page, { kind: 'html-href', target: 'link', raw: href.trim(), range: { start: 0, end: 0 } });
    return { kind: 'broken', url: located.url, reason: verdict?.message ?? fallback };
  };
  switch (located.where) {
    case 'external':
      return { kind: 'external', url: located.url };
    case 'unreadable':
      return broken(`${href} is not a URL a browser can follow.`);
    case 'same-page':
      return { kind: 'same-page', fragment };
    case 'outside-baseurl':
      return broken(`${located.url} is outside the site's baseurl (${site.config.basePath}).`);
    case 'site': {
      const served = located.urlPath === undefined ? undefined : servedAt(site, located.urlPath);
      if (!served) return broken(`The deployed site serves nothing at ${located.url}.`);
      if ('doc' in served) return served.doc.path === page.path ? { kind: 'same-page', fragment } : { kind: 'page', path: served.doc.path, fragment };
      if ('file' in served) return { kind: 'file', path: served.file };
      return { kind: 'generated', by: served.generated, url: located.url };
    }
  }
}
