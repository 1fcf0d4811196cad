import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { loadSite } from '../../src/core/site';
import { analyzeDocument } from '../../src/core/analyzeDocument';
import { bitParallelDistance, editDistance, nearestFiles, tableDistance } from '../../src/core/resolve';
import { prng } from '../../bench/generateSite';

const IMAGES = ['img/posts/posts.jpg', 'img/posts/Photo.PNG', 'img/bg-about.jpg', 'img/with space.png', '_drafts/img/secret.png', '.hidden/a.png', 'vendor/bundle/x.png', 'img/posts/IPE-7-image-1.png'];

async function siteWith(config: string, extra: Record<string, string> = {}) {
  const files: Record<string, string> = { '_config.yml': config, ...extra };
  for (const i of IMAGES) files[i] = '';
  return loadSite(new MemoryFileSystem(files));
}

function post(background: string, body = '') {
  return `---\nlayout: post\ntitle: t\ndate: 2022-11-21 10:00:00 +0000\nbackground: '${background}'\n---\n${body}\n`;
}

function verdicts(site: Awaited<ReturnType<typeof siteWith>>, path: string, text: string) {
  const a = analyzeDocument(site, path, text);
  return a.references.map(({ ref, resolution }) => ({
    raw: ref.raw,
    status: resolution.status,
    url: resolution.status === 'unknown' ? undefined : resolution.url,
    code: resolution.status !== 'unknown' ? resolution.problem?.code : undefined,
    fix: resolution.status !== 'unknown' ? resolution.problem?.fixes[0]?.newText : undefined,
  }));
}

test("the layout's prepend doubles a baseurl written in the background", async () => {
  const site = await siteWith('baseurl: "/ipe"\nurl: "https://uhcc0002.github.io"\n');
  const [bg] = verdicts(site, '_posts/2022-11-21-1.md', post('/ipe/img/posts/posts.jpg'));
  assert.equal(bg.status, 'broken');
  assert.equal(bg.url, '/ipe/ipe/img/posts/posts.jpg');
  assert.equal(bg.code, 'baseurl-doubled');
  assert.equal(bg.fix, '/img/posts/posts.jpg');
  const [fixed] = verdicts(site, '_posts/2022-11-21-1.md', post(bg.fix as string));
  assert.deepEqual([fixed.status, fixed.url], ['ok', '/ipe/img/posts/posts.jpg']);
});

test('with an empty baseurl the same background is fine', async () => {
  const site = await siteWith('baseurl: ""\n');
  assert.equal(verdicts(site, '_posts/2022-11-21-1.md', post('/img/posts/posts.jpg'))[0].status, 'ok');
  const [withIpe] = verdicts(site, '_posts/2022-11-21-1.md', post('/ipe/img/posts/posts.jpg'));
  assert.equal(withIpe.code, 'missing-file');
});

test("a trailing-slash baseurl is repaired by the theme's replace: '//', '/'", async () => {
  const site = await siteWith('baseurl: "/ipe/"\n');
  const [bg] = verdicts(site, '_posts/2022-11-21-1.md', post('/img/posts/posts.jpg'));
  assert.deepEqual([bg.status, bg.url], ['ok', '/ipe/img/posts/posts.jpg']);
  assert.deepEqual(site.config.problems.map((p) => p.code), ['baseurl-trailing-slash']);
});

test('content images resolve against the page URL under the baseurl', async () => {
  const site = await siteWith('baseurl: "/ipe"\n');
  const body = [
    '<img src="/ipe/img/posts/posts.jpg">',
    '<img src="/img/posts/posts.jpg">',
    '<img src="../img/posts/posts.jpg">',
    '<img src="img/posts/posts.jpg">',
    '<img src="/ipe/img/posts/photo.png">',
    '<img src="{{ site.baseurl }}/img/posts/posts.jpg">',
    '<img src="{{ \'/img/posts/posts.jpg\' | relative_url }}">',
    '<img src="{{ \'/ipe/img/posts/posts.jpg\' | relative_url }}">',
    '<img src="/ipe/img/with%20space.png">',
    '<img src="/ipe/_drafts/img/secret.png">',
    '<img src="/ipe/img/posts/IPE-7-image-9.png">',
    '<img src="https://example.org/a.png">',
    '<img src="{% link img/a.png %}">',
  ].join('\n');
  const v = verdicts(site, '_posts/2022-11-21-1.md', post('/img/posts/posts.jpg', body)).slice(1);
  assert.deepEqual(
    v.map((x) => [x.status, x.code ?? null, x.url ?? null]),
    [
      ['ok', null, '/ipe/img/posts/posts.jpg'],
      ['broken', 'outside-baseurl', '/img/posts/posts.jpg'],
      ['broken', 'relative-path', '/ipe/2022/11/img/posts/posts.jpg'],
      ['broken', 'relative-path', '/ipe/2022/11/21/img/posts/posts.jpg'],
      ['broken', 'case-mismatch', '/ipe/img/posts/photo.png'],
      ['ok', null, '/ipe/img/posts/posts.jpg'],
      ['ok', null, '/ipe/img/posts/posts.jpg'],
      ['broken', 'baseurl-doubled', '/ipe/ipe/img/posts/posts.jpg'],
      ['ok', null, '/ipe/img/with%20space.png'],
      ['broken', 'unpublished-file', '/ipe/_drafts/img/secret.png'],
      ['broken', 'missing-file', '/ipe/img/posts/IPE-7-image-9.png'],
      ['remote', null, 'https://example.org/a.png'],
      ['unknown', null, null],
    ],
  );
  // Each fix points at the file that exists, in the form the reference was written in.
  assert.deepEqual(
    v.map((x) => x.fix ?? null),
    [null, '/ipe/img/posts/posts.jpg', '/ipe/img/posts/posts.jpg', '/ipe/img/posts/posts.jpg', '/ipe/img/posts/Photo.PNG', null, null, "{{ '/img/posts/posts.jpg' | relative_url }}", null, null, '/ipe/img/posts/IPE-7-image-1.png', null, null],
  );
});

test('a relative path from a root page works, from a post it does not', async () => {
  const site = await siteWith('baseurl: "/ipe"\n');
  const page = '---\nlayout: page\n---\n<img src="./img/bg-about.jpg">\n';
  assert.equal(verdicts(site, 'index.md', page)[0].status, 'ok');
  assert.equal(verdicts(site, 'about.md', page)[0].status, 'ok');
  assert.equal(verdicts(site, 'sub/page.md', page)[0].code, 'relative-path');
});

test('backslashes, http on an https site and a remote background mangled by the layout', async () => {
  const site = await siteWith('baseurl: "/ipe"\nurl: "https://example.org"\n');
  const v = verdicts(site, '_posts/2022-11-21-1.md', post('https://cdn.example.com/bg.jpg', '<img src="\\ipe\\img\\posts\\posts.jpg">\n<img src="http://cdn.example.com/a.png">'));
  assert.deepEqual(v.map((x) => x.code), ['mangled-remote', 'backslash', 'insecure-http']);
  assert.equal(v[1].fix, '/ipe/img/posts/posts.jpg');
});

test("the site's own layout expression is used when the layout is in the workspace", async () => {
  const site = await siteWith('baseurl: "/ipe"\n', {
    '_layouts/post.html': '---\nlayout: default\n---\n<header style="background-image: url(\'{{ page.background | relative_url }}\')"></header>{{ content }}',
    '_layouts/default.html': '<html>{{ content }}</html>',
    '_layouts/bare.html': '<html>{{ content }}</html>',
  });
  assert.equal(verdicts(site, '_posts/2022-11-21-1.md', post('img/posts/posts.jpg'))[0].status, 'ok');
  assert.equal(verdicts(site, '_posts/2022-11-21-1.md', post('/ipe/img/posts/posts.jpg'))[0].code, 'baseurl-doubled');
  const bare = post('/nothing.jpg').replace('layout: post', 'layout: bare');
  assert.equal(verdicts(site, '_posts/2022-11-21-1.md', bare)[0].status, 'unknown');
});

test('pretty permalinks move the page folder that relative paths resolve against', async () => {
  const site = await siteWith('baseurl: ""\npermalink: pretty\n');
  const a = analyzeDocument(site, '_posts/2022-11-21-1.md', post('/img/posts/posts.jpg', '<img src="../../../../img/posts/posts.jpg">'));
  assert.equal(a.page.url, '/2022/11/21/1/');
  assert.equal(a.references[1].resolution.status, 'ok');
  const page = analyzeDocument(site, 'about.md', '---\nlayout: page\n---\n');
  assert.equal(page.page.url, '/about/');
});

test('a remote background is mangled by the layout even with an empty baseurl', async () => {
  const site = await siteWith('baseurl: ""\nurl: "https://example.org"\n');
  const [bg] = verdicts(site, '_posts/2022-11-21-1.md', post('https://cdn.example.com/bg.jpg'));
  // replace: '//', '/' gives 'https:/cdn.example.com/bg.jpg'; on an https page a browser reads a
  // same-scheme 'https:/…' as a path of this site (WHATWG URL), so the image is requested from it.
  assert.deepEqual([bg.status, bg.code, bg.url], ['broken', 'mangled-remote', '/cdn.example.com/bg.jpg']);
});

test('a page without front matter is a static file: nothing in it is rendered or checked', async () => {
  const site = await siteWith('baseurl: "/ipe"\n');
  assert.deepEqual(verdicts(site, 'README.md', '# Notes\n\n![x](missing.png)\n'), []);
  // A post needs no front matter to be rendered.
  assert.equal(verdicts(site, '_posts/2022-11-21-x.md', '![x](/ipe/missing.png)\n')[0].code, 'missing-file');
});

test('extra image keys: the layout expression when a layout writes them, else relative_url', async () => {
  const own = await siteWith('baseurl: "/ipe"\n', {
    '_layouts/post.html': '<html><meta property="og:image" content="{{ page.thumbnail | prepend: site.baseurl }}">{{ content }}</html>',
    '_layouts/page.html': '<html>{{ content }}</html>',
  });
  const text = (layout: string, thumb: string) => `---\nlayout: ${layout}\nthumbnail: ${thumb}\n---\n`;
  const check = (site: typeof own, layout: string, thumb: string) =>
    analyzeDocument(site, '_posts/2022-11-21-1.md', text(layout, thumb), { imageKeys: ['background', 'thumbnail'] }).references.map((r) => [r.ref.key, r.resolution.status, r.resolution.status === 'unknown' ? r.resolution.reason : r.resolution.url]);
  assert.deepEqual(check(own, 'post', '/img/posts/posts.jpg'), [['thumbnail', 'ok', '/ipe/img/posts/posts.jpg']]);
  assert.deepEqual(check(own, 'post', '/ipe/img/posts/posts.jpg'), [['thumbnail', 'broken', '/ipe/ipe/img/posts/posts.jpg']]);
  // The page layout does not write it: the usual relative_url form.
  assert.deepEqual(check(own, 'page', 'img/posts/posts.jpg'), [['thumbnail', 'ok', '/ipe/img/posts/posts.jpg']]);
  const builtIn = await siteWith('baseurl: "/ipe"\n');
  assert.deepEqual(check(builtIn, 'post', '/img/posts/posts.jpg'), [['thumbnail', 'ok', '/ipe/img/posts/posts.jpg']]);
  assert.equal(check(builtIn, 'nosuchlayout', '/img/posts/posts.jpg')[0][1], 'unknown');
});

test('character references in HTML paths are decoded as the browser does', async () => {
  const site = await siteWith('baseurl: "/ipe"\n', { 'img/a&b.png': '' });
  const v = verdicts(site, '_posts/2022-11-21-1.md', post('/img/posts/posts.jpg', '<img src="/ipe/img/a&amp;b.png">\n<img src="/ipe/img/posts/posts&#46;jpg">'));
  assert.deepEqual(v.slice(1).map((x) => [x.status, x.url]), [
    ['ok', '/ipe/img/a&b.png'],
    ['ok', '/ipe/img/posts/posts.jpg'],
  ]);
});

test("a front matter fix is written in the value's own quoting, and the result parses back to the path", async () => {
  const { parseFrontMatter } = await import('../../src/core/frontMatter');
  const site = await siteWith('baseurl: "/ipe"\n', { "img/posts/it's.jpg": '', 'img/posts/a "b".jpg': '' });
  for (const [value, want] of [
    ["'/ipe/img/posts/it''s.jpg'", "/img/posts/it's.jpg"],
    ['"/ipe/img/posts/a \\"b\\".jpg"', '/img/posts/a "b".jpg'],
    ['/ipe/img/posts/posts.jpg', '/img/posts/posts.jpg'],
  ]) {
    const text = `---\nlayout: post\nbackground: ${value}\n---\n`;
    const a = analyzeDocument(site, '_posts/2022-11-21-1.md', text);
    const f = a.findings.find((x) => x.code === 'baseurl-doubled');
    assert.ok(f, `a finding for ${value}`);
    const edit = f.fixes[0].edits![0];
    const fixed = text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
    assert.equal(parseFrontMatter(fixed).data.background, want, fixed);
    assert.deepEqual(analyzeDocument(site, '_posts/2022-11-21-1.md', fixed).findings.filter((x) => x.severity === 'error'), []);
  }
});

test('editDistance: Levenshtein distance, cut short past the limit', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('fig-1.png', 'fig-1.png'), 0);
  assert.equal(editDistance('fig-1.png', 'fig-2.png'), 1);
  assert.equal(editDistance('posts.jpg', 'post.jpeg'), 2);
  assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3);
  assert.equal(editDistance('a', 'abcdefgh', 3), 4);
  assert.equal(editDistance('kitten', 'sitting', 3), 3);
  assert.equal(editDistance('x'.repeat(40), 'y'.repeat(40), 3), 4);
});

test('editDistance: the bit-parallel distance equals the table on names up to 32 characters and over', () => {
  const random = prng(11);
  const alphabets = ['ab', 'abc-.', 'posts.jpgPNG_', 'aé€😀'];
  for (let n = 0; n < 30000; n++) {
    const letters = alphabets[n % alphabets.length];
    const word = (max: number) => {
      let w = '';
      const length = Math.floor(random() * (max + 1));
      for (let i = 0; i < length; i++) w += letters[Math.floor(random() * letters.length)];
      return w;
    };
    // Up to 36 characters: past 32 (and for an empty pattern) the table answers.
    const pattern = word(n % 10 === 0 ? 36 : 12);
    const text = word(n % 10 === 0 ? 45 : 14);
    assert.equal(bitParallelDistance(text, pattern), tableDistance(text, pattern), JSON.stringify({ text, pattern }));
    const limit = Math.floor(random() * 6);
    const exact = tableDistance(text, pattern);
    const cut = editDistance(text, pattern, limit);
    assert.equal(cut, exact <= limit ? exact : limit + 1, JSON.stringify({ text, pattern, limit, cut, exact }));
  }
});

test('a layout expression that reads other page variables is evaluated for each page, not reused', async () => {
  const layout = "---\n---\n<header style=\"background-image: url('{{ page.background | prepend: page.folder | prepend: site.baseurl }}')\"></header>{{ content }}\n";
  const site = await siteWith('baseurl: "/ipe"\n', { '_layouts/post.html': layout });
  const text = (folder: string) => `---\nlayout: post\ntitle: t\nfolder: ${folder}\nbackground: 'posts.jpg'\n---\n`;
  const [a] = verdicts(site, '_posts/2022-11-21-a.md', text('/img/posts/'));
  const [b] = verdicts(site, '_posts/2022-11-21-b.md', text('/img/'));
  assert.deepEqual([a.status, a.url], ['ok', '/ipe/img/posts/posts.jpg']);
  assert.deepEqual([b.status, b.url], ['broken', '/ipe/img/posts.jpg']);
  // The theme's own rule reads only page.background: the same value gives the same verdict on every page.
  const theme = await siteWith('baseurl: "/ipe"\n');
  for (const name of ['a', 'b', 'c']) assert.equal(verdicts(theme, `_posts/2022-11-21-${name}.md`, post('/ipe/img/posts/posts.jpg'))[0].code, 'baseurl-doubled');
});

test('a background judged once for the site follows files that come and go, and a path made relative is judged per page', async () => {
  const site = await siteWith('baseurl: "/ipe"\n');
  const path = (day: number) => `_posts/2022-11-${day}-1.md`;
  for (const day of [20, 21]) assert.deepEqual(verdicts(site, path(day), post('/ipe/img/posts/posts.jpg'))[0].code, 'baseurl-doubled');
  // The file goes: the same value on the next page is now a missing file, with no fix pointing at it.
  site.removeFile('img/posts/posts.jpg');
  const gone = verdicts(site, path(22), post('/ipe/img/posts/posts.jpg'))[0];
  assert.equal(gone.code, 'missing-file');
  assert.notEqual(gone.fix, '/img/posts/posts.jpg');
  site.addFile('img/posts/posts.jpg');
  assert.equal(verdicts(site, path(23), post('/ipe/img/posts/posts.jpg'))[0].code, 'baseurl-doubled');
  site.addFile('ipe/img/posts/posts.jpg');
  assert.equal(verdicts(site, path(24), post('/ipe/img/posts/posts.jpg'))[0].status, 'ok');

  // A layout that strips the leading '/' makes the value relative: each page resolves it against its own URL.
  const stripping = await siteWith('baseurl: ""\n', { '_layouts/post.html': "---\n---\n<header style=\"background-image: url('{{ page.background | remove_first: '/' }}')\"></header>\n" });
  const root = analyzeDocument(stripping, 'about.md', '---\nlayout: post\nbackground: /img/bg-about.jpg\n---\n');
  const deep = analyzeDocument(stripping, 'sub/page.md', '---\nlayout: post\nbackground: /img/bg-about.jpg\n---\n');
  const [r, d] = [root.references[0].resolution, deep.references[0].resolution];
  assert.deepEqual([r.status, r.status !== 'unknown' && r.url], ['ok', '/img/bg-about.jpg']);
  assert.deepEqual([d.status, d.status !== 'unknown' && d.url], ['broken', '/sub/img/bg-about.jpg']);

  // The value stays a root path but a fix would not: '/img/a.png' becomes 'a.png', which works from
  // img/page.md only. Each page gets its own fixes, in either order.
  const removing = { '_layouts/post.html': "---\n---\n<div style=\"background-image: url('{{ page.background | remove: '/img/' }}')\"></div>\n", 'img/a.png': '' };
  const text = '---\nlayout: post\nbackground: /IMG/a.png\n---\n';
  const fixOf = (site: Awaited<ReturnType<typeof siteWith>>, path: string) => {
    const r = analyzeDocument(site, path, text).references[0].resolution;
    return r.status === 'unknown' ? undefined : r.problem?.fixes.map((f) => f.newText);
  };
  for (const order of [['img/page.md', 'about.md'], ['about.md', 'img/page.md']]) {
    const s = await siteWith('baseurl: ""\n', removing);
    const fixes = Object.fromEntries(order.map((p) => [p, fixOf(s, p)]));
    assert.deepEqual(fixes['img/page.md'], ['/img/a.png'], order.join(' then '));
    assert.deepEqual(fixes['about.md'], [], order.join(' then '));
  }
});

test('nearestFiles keeps the best few as it goes: the same answer as scoring and sorting every image', async () => {
  const random = prng(12);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  for (let round = 0; round < 40; round++) {
    const files: Record<string, string> = { '_config.yml': 'baseurl: "/ipe"\n' };
    const images: string[] = [];
    for (let i = 0; i < 300; i++) {
      const dir = pick(['img', 'img/posts', 'img/Posts', '_drafts/img', 'assets', 'img/' + 'x'.repeat(20)]);
      const stem = pick(['p', 'post', 'bg', 'fig', 'é']) + Math.floor(random() * 60) + pick(['', '-0', '-1', '_a']);
      const name = stem + pick(['.png', '.jpg', '.PNG', '.jpeg']);
      files[`${dir}/${name}`] = '';
      images.push(`${dir}/${name}`);
    }
    const site = await loadSite(new MemoryFileSystem(files));
    for (let q = 0; q < 25; q++) {
      const target = random() < 0.3 ? pick(images).replace(/\d/, '7') : `${pick(['img', 'img/posts', 'assets'])}/${pick(['p', 'post', 'fig', 'photo-of-the-meeting-in-london-2022'])}${Math.floor(random() * 60)}.png`;
      const count = 1 + Math.floor(random() * 4);
      // By definition: every published image near enough, scored, sorted, the first `count`.
      const name = target.slice(target.lastIndexOf('/') + 1).toLowerCase();
      const dir = target.slice(0, target.lastIndexOf('/')).toLowerCase();
      const limit = Math.max(2, Math.floor(name.length / 3));
      const expected = site
        .imageFiles()
        .map((file) => {
          const imageName = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
          const imageDir = file.slice(0, file.lastIndexOf('/')).toLowerCase();
          const d = tableDistance(imageName, name);
          return { file, d, score: d * 10 + (imageDir === dir ? 0 : 5) + (imageDir.endsWith(dir) || dir.endsWith(imageDir) ? 0 : 2) };
        })
        .filter((c) => c.d <= limit && site.publication(c.file).published)
        .sort((a, b) => a.score - b.score || a.file.localeCompare(b.file))
        .slice(0, count)
        .map((c) => c.file);
      assert.deepEqual(nearestFiles(site, target, count), expected, JSON.stringify({ target, count }));
      assert.deepEqual(nearestFiles(site, target, 0), []);
    }
  }
});
