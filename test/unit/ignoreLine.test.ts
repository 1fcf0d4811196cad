// "Ignore this problem on this line": the comment the quick fix writes silences exactly that finding,
// wherever it is (front matter, an indented list item, a line with two problems, a line that already
// has a suppression before it, CRLF), and leaves no unused suppression behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { loadSite, Site } from '../../src/core/site';
import { analyzeDocument } from '../../src/core/analyzeDocument';
import { Finding, isFindingCode } from '../../src/core/findings';
import { ignoreLineEdit, mayHaveDirectives, parseDirectives, suppressFindings } from '../../src/core/suppressions';
import { suppressionContext } from '../../src/core/checks/suppressions';

const LAYOUT = '<header style="background-image: url(\'{{ page.background | prepend: site.baseurl | replace: \'//\', \'/\' }}\')"></header>{{ content }}';

function check(site: Site, path: string, text: string): Finding[] {
  const findings = analyzeDocument(site, path, text).findings;
  return suppressFindings(suppressionContext(isFindingCode), findings, new Map([[path, text]]));
}

const key = (f: Finding) => `${f.code}|${f.raw ?? f.message}`;

const POSTS: Record<string, string> = {
  '_posts/2022-11-21-front.md': "---\nlayout: post\ntitle: A\nbackground: '/ipe/img/posts/posts.jpg'\n---\n\nText.\n",
  '_posts/2022-11-22-list.md': '---\nlayout: post\ntitle: B\n---\n\n- one\n  - two ![x](/ipe/img/none.png)\n    ![y](/ipe/img/none2.png)\n',
  '_posts/2022-11-23-two.md': '---\nlayout: post\ntitle: C\n---\n\n![a](/ipe/img/gone.png) ![b](/ipe/img\\posts\\posts.jpg)\n',
  '_posts/2022-11-24-before.md': '---\nlayout: post\ntitle: D\n---\n\n<!-- ipe-author-disable-next-line backslash -- kept as it was -->\n![a](/ipe/img/gone.png) ![b](/ipe/img\\posts\\posts.jpg)\n',
  '_posts/2022-11-25-crlf.md': "---\r\nlayout: post\r\ntitle: E\r\nbackground: '/ipe/img/posts/posts.jpg'\r\n---\r\n\r\n![a](/ipe/img/gone.png)\r\n",
  '_posts/2022-11-26-first.md': '![a](/ipe/img/gone.png)\n',
};

test('each finding, silenced in turn by its quick fix, goes, and only it', async () => {
  const fs = new MemoryFileSystem({ '_config.yml': 'baseurl: "/ipe"\ntitle: t\n', '_layouts/post.html': LAYOUT, 'img/posts/posts.jpg': 'jpg', ...POSTS });
  const site = await loadSite(fs);
  for (const [path, original] of Object.entries(POSTS)) {
    let text = original;
    let findings = check(site, path, text);
    assert.ok(findings.length > 0, `${path} has findings to start with`);
    for (let round = 0; findings.length > 0; round++) {
      assert.ok(round < 10, `${path}: the fixes end`);
      const target = findings[0];
      const edit = ignoreLineEdit(text, target);
      assert.ok(edit, `${path}: ${target.code} can be silenced`);
      text = text.slice(0, edit.offset) + edit.newText + text.slice(edit.offset);
      const after = check(site, path, text);
      assert.deepEqual(after.map(key).sort(), findings.slice(1).map(key).sort(), `${path}: silencing ${target.code} removes it alone\n${text}`);
      // The line is silenced for that code now: nothing more to offer for it.
      findings = after;
    }
    if (text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(text), `${path} keeps its CRLF line ends`);
  }
});

test('the comment keeps the line’s indentation, joins a directive on the line before, and is YAML in front matter', async () => {
  const fs = new MemoryFileSystem({ '_config.yml': 'baseurl: "/ipe"\n', '_layouts/post.html': LAYOUT, 'img/posts/posts.jpg': 'jpg', ...POSTS });
  const site = await loadSite(fs);
  const apply = (path: string, code: string) => {
    const text = POSTS[path];
    const f = check(site, path, text).find((x) => x.code === code) as Finding;
    const e = ignoreLineEdit(text, f);
    assert.ok(e);
    return text.slice(0, e.offset) + e.newText + text.slice(e.offset);
  };
  assert.match(apply('_posts/2022-11-21-front.md', 'baseurl-doubled'), /title: A\n# ipe-author-disable-next-line baseurl-doubled\nbackground:/);
  assert.match(apply('_posts/2022-11-22-list.md', 'missing-file'), /- one\n  <!-- ipe-author-disable-next-line missing-file -->\n  - two/);
  assert.match(apply('_posts/2022-11-24-before.md', 'missing-file'), /<!-- ipe-author-disable-next-line backslash missing-file -- kept as it was -->\n!\[a\]/);
  assert.match(apply('_posts/2022-11-26-first.md', 'missing-file'), /^<!-- ipe-author-disable-next-line missing-file -->\n!\[a\]/);
  // Already silenced: nothing to add.
  const silenced = POSTS['_posts/2022-11-24-before.md'];
  assert.equal(ignoreLineEdit(silenced, { ...check(site, '_posts/2022-11-24-before.md', silenced)[0], code: 'backslash' }), undefined);
});

test('the quick test for directives answers as a plain search for the prefix, wherever it stands', () => {
  const texts = [
    '<!-- ipe-author-disable-line missing-file -->',
    'ipe-author-',
    'x ipe-author-enable',
    'pe-author-disable', 'ipe-author', '-author-', 'iipe_author-', 'an author-written ipe - author-',
    'ipe-ipe-author-disable', 'i-author- ipe-author-x', '', 'ip', 'ipe-author-'.repeat(3),
    'Prose with its i and its -author- here, then <!-- ipe-author-disable -->',
  ];
  for (const t of texts) assert.equal(mayHaveDirectives(t), t.includes('ipe-author-'), JSON.stringify(t));
  // A text the quick test passes over has no directive to parse.
  for (const t of texts) if (!mayHaveDirectives(t)) assert.deepEqual(parseDirectives(t), []);
});
