/**
 * A deterministic IPE-style Jekyll site of any size, for benchmarks and scale tests.
 *
 * The site has the IPE form: `_config.yml` with `baseurl: "/ipe"`, Clean Blog-style layouts whose
 * masthead writes `page.background | prepend: site.baseurl | replace: '//', '/'`, posts in `_posts/`
 * with `layout`, `title`, `subtitle`, `date` and `background`, and inline images as raw HTML
 * (`<p align="center"><img style=… src="/ipe/img/posts/…">`) and Markdown. Every image file exists
 * (tiny placeholders). A fixed fraction of the posts carries one broken reference each, cycling
 * through every way the IPE authors broke them; `broken` lists which post got which.
 *
 * Same (posts, seed) → byte-identical files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type BrokenKind =
  | 'baseurl-doubled'
  | 'outside-baseurl'
  | 'relative-path'
  | 'case-mismatch'
  | 'missing-file'
  | 'unpublished-file'
  | 'backslash'
  | 'insecure-http'
  | 'mangled-remote';

export const BROKEN_KINDS: readonly BrokenKind[] = [
  'baseurl-doubled',
  'outside-baseurl',
  'relative-path',
  'case-mismatch',
  'missing-file',
  'unpublished-file',
  'backslash',
  'insecure-http',
  'mangled-remote',
];

export interface GeneratedSite {
  /** Site-relative path → content. */
  readonly files: Record<string, string | Uint8Array>;
  readonly posts: string[];
  /** The posts that carry a broken reference, with the kind of breakage and the raw path written. */
  readonly broken: { readonly file: string; readonly kind: BrokenKind; readonly raw: string }[];
  /** Total bytes of Markdown and HTML sources. */
  readonly sourceBytes: number;
}

export interface GenerateOptions {
  readonly posts: number;
  readonly seed?: number;
  /** One post in this many is broken (default 10). */
  readonly brokenEvery?: number;
}

/** mulberry32: a small, fast, seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'ipv6 deployment network operators standard ETSI ISG IPE IETF segment routing SRv6 industry adoption ' +
  'government policy report use case working item event congress transformation digital twin cloud ' +
  'data center enterprise transition address plan security monitoring extension header hackathon ' +
  'meeting panel session rapporteur chair vendor implementation measurement internet of things 5G ' +
  'mobile broadband backbone migration dual stack translation benefit the a of to and in for with on'
).split(' ');

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);

const CONFIG = `title:              IPv6 Enhanced Council
email:              ipe@example.org
description:        Intro
author:             IPv6 Forum
baseurl:            "/ipe"
url:                "https://ipe.example.org"

markdown:           kramdown
`;

const DEFAULT_LAYOUT = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ page.title | default: site.title }}</title></head>
<body>
{{ content }}
</body>
</html>
`;

const masthead = (kind: string) => `---
layout: default
---
{% if page.background %}
<header class="masthead" style="background-image: url('{{ page.background | prepend: site.baseurl | replace: '//', '/' }}')">
{% else %}
<header class="masthead">
{% endif %}
  <h1>{{ page.title }}</h1>
  {% if page.subtitle %}<span class="subheading">{{ page.subtitle }}</span>{% endif %}
</header>
<article class="${kind}">
{{ content }}
</article>
`;

/**
 * Stand-ins for the Clean Blog theme's layouts and the include the IPE layouts use, which the corpus
 * does not carry: enough for a real `jekyll build` to render every page with the masthead rule.
 */
export function themeStandIns(): Record<string, string> {
  return {
    '_layouts/default.html': DEFAULT_LAYOUT,
    '_layouts/post.html': masthead('post'),
    '_layouts/page.html': masthead('page'),
    '_layouts/home.html': masthead('home'),
    '_includes/read_time.html': "{% assign words = content | number_of_words %}{% if words < 270 %}1 min{% else %}{{ words | divided_by: 135 }} mins{% endif %} read",
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function sentence(rand: () => number): string {
  const n = 8 + Math.floor(rand() * 18);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rand() * WORDS.length)]);
  const s = words.join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
}

function paragraph(rand: () => number): string {
  const n = 2 + Math.floor(rand() * 5);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(sentence(rand));
  return out.join(' ');
}

/** A broken reference of the given kind for post number i, and the files it needs (if any). */
function brokenReference(kind: BrokenKind, image: string): { background?: string; body?: string; raw: string } {
  switch (kind) {
    case 'baseurl-doubled':
      return { background: '/ipe/img/posts/posts.jpg', raw: '/ipe/img/posts/posts.jpg' };
    case 'outside-baseurl':
      return { body: `<img src="/img/posts/${image}">`, raw: `/img/posts/${image}` };
    case 'relative-path':
      return { body: `![figure](img/posts/${image})`, raw: `img/posts/${image}` };
    case 'case-mismatch': {
      const upper = image.replace(/\.png$/, '.PNG');
      return { body: `<img src="/ipe/img/posts/${upper}">`, raw: `/ipe/img/posts/${upper}` };
    }
    case 'missing-file':
      return { body: `![figure](/ipe/img/posts/not-there-${image})`, raw: `/ipe/img/posts/not-there-${image}` };
    case 'unpublished-file':
      return { body: `<img src="/ipe/_drafts/img/draft.png">`, raw: '/ipe/_drafts/img/draft.png' };
    case 'backslash':
      return { body: `<img src="\\ipe\\img\\posts\\${image}">`, raw: `\\ipe\\img\\posts\\${image}` };
    case 'insecure-http':
      return { body: `<img src="http://images.example.org/${image}">`, raw: `http://images.example.org/${image}` };
    case 'mangled-remote':
      return { background: 'https://images.example.org/bg.jpg', raw: 'https://images.example.org/bg.jpg' };
  }
}

/** Generates the site in memory. */
export function generateSite(options: GenerateOptions): GeneratedSite {
  const rand = prng(options.seed ?? 20230210);
  const brokenEvery = options.brokenEvery ?? 10;
  const files: Record<string, string | Uint8Array> = {};
  const posts: string[] = [];
  const broken: GeneratedSite['broken'] = [];
  let sourceBytes = 0;
  const text = (path: string, content: string) => {
    files[path] = content;
    sourceBytes += Buffer.byteLength(content);
  };

  files['_config.yml'] = CONFIG;
  Object.assign(files, themeStandIns());
  files['img/posts/posts.jpg'] = JPG;
  files['img/bg-about.jpg'] = JPG;
  files['img/IPE_logo.png'] = PNG;
  files['_drafts/img/draft.png'] = PNG;
  text('index.md', `---\nlayout: page\ntitle: IPE\nbackground: '/img/bg-about.jpg'\n---\n\n<img src="/ipe/img/IPE_logo.png" alt="IPE">\n\n${paragraph(rand)}\n`);
  text(
    'about.md',
    `---\nlayout: page\ntitle: About\nsubtitle: "ETSI ISG IPE"\nbackground: '/img/bg-about.jpg'\n---\n\n${paragraph(rand)}\n\n![logo](/ipe/img/IPE_logo.png)\n`,
  );

  const start = Date.UTC(2015, 0, 1);
  for (let i = 0; i < options.posts; i++) {
    const d = new Date(start + Math.floor(i / 3) * 86400000);
    const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    const path = `_posts/${day}-${(i % 3) + 1}.md`;
    posts.push(path);
    const images: string[] = [];
    const imageCount = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < imageCount; k++) {
      const name = `p${i}-${k}.png`;
      images.push(name);
      files[`img/posts/${name}`] = PNG;
    }
    const isBroken = brokenEvery > 0 && i % brokenEvery === brokenEvery - 1;
    const kind = BROKEN_KINDS[Math.floor(i / brokenEvery) % BROKEN_KINDS.length];
    const bad = isBroken ? brokenReference(kind, images[0]) : undefined;
    if (bad) broken.push({ file: path, kind, raw: bad.raw });

    const lines: string[] = [
      '---',
      'layout: post',
      `title: "${sentence(rand).slice(0, 60).replace(/"/g, '')}"`,
      `subtitle: "${sentence(rand).slice(0, 80).replace(/"/g, '')}"`,
      `date: ${day} ${pad(8 + (i % 12))}:${pad(i % 60)}:${pad((i * 7) % 60)} -0400`,
      `background: '${bad?.background ?? '/img/posts/posts.jpg'}'`,
      '---',
      '',
    ];
    const paragraphs = 4 + Math.floor(rand() * 6);
    for (let p = 0; p < paragraphs; p++) {
      lines.push(paragraph(rand), '');
      if (p < images.length) {
        if ((i + p) % 2 === 0) lines.push('<p align="center">', `  <img style="width:600px;max-width:100%" src="/ipe/img/posts/${images[p]}">`, '</p>', '');
        else lines.push(`![${WORDS[p]}](/ipe/img/posts/${images[p]})`, '');
      }
      if (p === 1 && i % 4 === 0) lines.push('- **Latif Ladid**, ETSI ISG IPE Chair', '- `ping6 ::1` works, see `/img/not-a-reference.png`', '');
      if (p === 2 && i % 7 === 0) lines.push('```', '<img src="/in/a/code/block.png">', '```', '');
    }
    if (bad?.body) lines.push(bad.body, '');
    // Links as the site's posts have them: the previous post, a page, another host. All of them work.
    const previous = posts.length > 1 ? posts[posts.length - 2].slice('_posts/'.length).replace(/\.md$/, '') : undefined;
    lines.push(`See ${previous ? `[the previous report]({% post_url ${previous} %}), ` : ''}[our mission]({{ site.baseurl }}/about.html) and [ETSI](https://www.etsi.org/).`, '');
    text(path, lines.join('\n'));
  }
  return { files, posts, broken, sourceBytes };
}

/** A post of about `bytes` bytes in the IPE form, with images, code spans and comments throughout. */
export function largePost(bytes: number, seed = 7): string {
  const rand = prng(seed);
  const parts: string[] = ['---', 'layout: post', 'title: "A long report"', 'date: 2022-11-21 23:45:13 -0400', "background: '/img/posts/posts.jpg'", '---', ''];
  let size = 0;
  let n = 0;
  while (size < bytes) {
    const p = paragraph(rand) + ' Run `make check` or see `docs/x.md`. <!-- note ' + n + ' -->';
    const img = n % 3 === 0 ? `\n\n<p align="center">\n  <img src="/ipe/img/posts/p${n}.png">\n</p>` : n % 3 === 1 ? `\n\n![fig ${n}](/ipe/img/posts/p${n}.png)` : '';
    const block = p + img + '\n\n';
    parts.push(block);
    size += block.length;
    n++;
  }
  return parts.join('\n');
}

/** Writes the generated files under dir. */
export function writeSite(dir: string, files: Record<string, string | Uint8Array>): void {
  const made = new Set<string>();
  for (const [path, content] of Object.entries(files)) {
    const abs = join(dir, path);
    const parent = dirname(abs);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(abs, content);
  }
}
