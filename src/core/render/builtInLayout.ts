import { relativeUrl } from '../liquidUrl';
import type { PostSummary } from './liquidLayout';
import { numberOfWords, readTime } from './jekyllTime';
import { escapeHtml } from './sanitize';

/** What the built-in layout needs to know about the page. */
export interface BuiltInPage {
  /** 'post', 'page', 'home', or another name (rendered like the theme's `default`). */
  readonly layout: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** The masthead's background URL as the theme writes it (baseurl prepended), or undefined. */
  readonly background?: string;
  /** The post's date as the theme prints it ('November 22, 2022'). */
  readonly dateText?: string;
  /** The content, already converted to HTML. */
  readonly content: string;
  /** `numberOfWords(content)` when the caller knows it already. */
  readonly words?: number;
}

export interface BuiltInSite {
  readonly data: Readonly<Record<string, unknown>>;
  readonly baseurl: string;
  readonly year: number;
  readonly posts?: readonly PostSummary[];
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

function masthead(page: BuiltInPage, heading: string): string {
  const style = page.background !== undefined ? ` style="background-image: url('${escapeHtml(page.background)}')"` : '';
  return `<header class="masthead" data-line="0"${style}>
  <div class="overlay"></div>
  <div class="container">
    <div class="row">
      <div class="col-lg-8 col-md-10 mx-auto">
        ${heading}
      </div>
    </div>
  </div>
</header>
`;
}

function column(inner: string): string {
  return `<div class="container">
  <div class="row">
    <div class="col-lg-8 col-md-10 mx-auto">
${inner}
    </div>
  </div>
</div>
`;
}

function navbar(site: BuiltInSite): string {
  const link = (path: string) => escapeHtml(relativeUrl(path, site.baseurl));
  const items = [
    ['/', 'Home'],
    ['/about', 'About'],
    ['/posts', 'Posts'],
    ['/contact', 'Contact'],
  ]
    .map(([href, label]) => `<li class="nav-item"><a class="nav-link" data-ipe-stand-in href="${link(href)}">${label}</a></li>`)
    .join('');
  return `<nav class="navbar navbar-expand-lg navbar-light fixed-top" id="mainNav">
  <div class="container">
    <a class="navbar-brand" data-ipe-stand-in href="${link('/')}">${text(site.data.title)}</a>
    <div class="collapse navbar-collapse" id="navbarResponsive"><ul class="navbar-nav ml-auto">${items}</ul></div>
  </div>
</nav>
`;
}

function footer(site: BuiltInSite): string {
  return `<hr>
<footer>
${column(`<p class="copyright text-muted">Copyright &copy; ${text(site.data.author)} ${site.year}</p>`)}</footer>
`;
}

function postList(site: BuiltInSite): string {
  return (site.posts ?? [])
    .slice(0, Number(site.data.paginate) > 0 ? Number(site.data.paginate) : 5)
    .map((p) => {
      const subtitle = p.data.subtitle !== undefined ? text(p.data.subtitle) : p.excerpt.replace(/<[^>]*>/g, '').split(/\s+/).filter(Boolean).slice(0, 15).join(' ') + '...';
      const date = p.date ? p.date.strftime('%B %d, %Y') : '';
      return `<article class="post-preview">
  <a data-ipe-stand-in href="${escapeHtml(relativeUrl(p.url, site.baseurl))}">
    <h2 class="post-title">${text(p.data.title)}</h2>
    <h3 class="post-subtitle">${subtitle}</h3>
  </a>
  <p class="post-meta">Posted by ${text(p.data.author ?? site.data.author)} on ${date} &middot; ${readTime(numberOfWords(p.content))}</p>
</article>
<hr>`;
    })
    .join('\n');
}

/**
 * The IPE layout used when the workspace does not hold the site's own `_layouts/`: the markup of the
 * Start Bootstrap Clean Blog theme's post, page and home layouts (navbar, masthead with overlay,
 * headings, the centred content column, footer), filled in the same way.
 */
export function renderBuiltInLayout(page: BuiltInPage, site: BuiltInSite): string {
  const d = page.data;
  let body: string;
  if (page.layout === 'post') {
    const author = text(d.author ?? site.data.author);
    const heading = `<div class="post-heading">
          <h1>${text(d.title)}</h1>
          ${d.subtitle ? `<h2 class="subheading">${text(d.subtitle)}</h2>` : ''}
          <span class="meta">Posted by <a href="#">${author}</a> on ${page.dateText ?? ''} &middot; ${readTime(page.words ?? numberOfWords(page.content))}</span>
        </div>`;
    body = masthead(page, heading) + column(page.content + '\n<hr>\n<div class="clearfix"></div>');
  } else if (page.layout === 'page') {
    const heading = `<div class="page-heading">
          <h1>${text(d.title)}</h1>
          ${d.description ? `<span class="subheading">${text(d.description)}</span>` : ''}
        </div>`;
    body = masthead(page, heading) + column(page.content);
  } else if (page.layout === 'home') {
    const heading = `<div class="site-heading">
          <h1>${text(d.title)}</h1>
          ${d.description ? `<span class="subheading">${text(d.description)}</span>` : ''}
        </div>`;
    body = masthead(page, heading) + column(`${page.content}\n${postList(site)}\n<div class="clearfix"><a class="btn btn-primary float-right" data-ipe-stand-in href="${escapeHtml(relativeUrl('/posts', site.baseurl))}">View All Posts &rarr;</a></div>`);
  } else {
    body = page.content;
  }
  return navbar(site) + body + footer(site);
}
