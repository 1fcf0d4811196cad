import { test } from 'node:test';
import { performance } from 'node:perf_hooks';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { loadSite } from '../../src/core/site';
import { checkSite } from '../../src/core/checkSite';
import { generateSite } from '../../bench/generateSite';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const generated = generateSite({ posts: 10_000 });

test('a 10,000-post site: progress many times, the event loop keeps turning, every broken post found', async () => {
  const fs = new MemoryFileSystem(generated.files);
  const site = await loadSite(fs);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const progress: Array<[number, number]> = [];
  try {
    const started = performance.now();
    const result = await checkSite(fs, site, {}, { onProgress: (done, total) => progress.push([done, total]) });
    const elapsed = performance.now() - started;
    assert.equal(result.documents, 10_002);
    // Slices of about 30 ms: a report and a turn of the event loop at least every 60 ms of scanning,
    // however fast or loaded the machine is.
    const slices = Math.max(2, Math.floor(elapsed / 60));
    assert.ok(progress.length >= slices, `progress reported ${progress.length} times in ${elapsed.toFixed(0)} ms`);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i][0] >= progress[i - 1][0]);
    assert.deepEqual(progress[progress.length - 1], [10_002, 10_002]);
    assert.ok(ticks >= slices - 1, `the event loop got ${ticks} turns in ${elapsed.toFixed(0)} ms of scanning`);
    for (const b of generated.broken) {
      assert.ok(result.findings.some((f) => f.file === b.file && f.code === b.kind), `${b.kind} in ${b.file}`);
    }
  } finally {
    clearInterval(timer);
  }
});

test('a 10,000-post site: cancelling stops the scan early', async () => {
  const fs = new MemoryFileSystem(generated.files);
  const site = await loadSite(fs);
  let last = 0;
  let cancel = false;
  const result = await checkSite(fs, site, {}, {
    onProgress: (done) => {
      last = done;
      if (done > 0) cancel = true;
    },
    isCancelled: () => cancel,
  });
  assert.ok(cancel);
  const checked = new Set(result.findings.map((f) => f.file));
  const brokenChecked = generated.broken.filter((b) => checked.has(b.file)).length;
  assert.ok(brokenChecked < generated.broken.length / 2, `only part of the site was checked (${brokenChecked} of ${generated.broken.length} broken posts reached)`);
  assert.ok(last < 10_002 || result.findings.length < generated.broken.length);
});

test('the generator is deterministic', () => {
  const a = generateSite({ posts: 50, seed: 3 });
  const b = generateSite({ posts: 50, seed: 3 });
  assert.deepEqual(Object.keys(a.files), Object.keys(b.files));
  for (const k of Object.keys(a.files)) assert.deepEqual(a.files[k], b.files[k]);
  assert.deepEqual(a.broken, b.broken);
});

async function checkCounts(fs: MemoryFileSystem, site: Awaited<ReturnType<typeof loadSite>>) {
  const result = await checkSite(fs, site);
  return { documents: result.documents, findings: result.findings.length, texts: result.texts.size };
}

test("the site's index keeps no document's text once the check is done (its titles and URLs are copies)", async () => {
  // A value of the front matter can be a view into the whole text; kept in the index, it would keep every
  // document's text in memory for as long as the site is open.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const used = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const posts = 40;
  const body = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(4_000);
  const files: Record<string, string> = { '_config.yml': 'title: Memory\n', '_layouts/post-with-a-long-layout-name.html': '<h1>{{ page.title }}</h1>{{ content }}\n' };
  for (let i = 0; i < posts; i++) {
    const day = String(i % 28 + 1).padStart(2, '0');
    files[`_posts/2022-03-${day}-post-${i}.md`] = `---\nlayout: post-with-a-long-layout-name\ntitle: A title long enough to be kept as a view, number ${i}\npermalink: /news/a-permalink-long-enough-to-be-kept-as-a-view-${i}/\n---\n\n${body}\n`;
  }
  const fs = new MemoryFileSystem(files);
  const site = await loadSite(fs);
  const before = used();
  // No findings: the result keeps no text either (it keeps those of files with findings, for their lines).
  assert.deepEqual(await checkCounts(fs, site), { documents: posts, findings: 0, texts: 0 });
  assert.equal(site.documentOf('_posts/2022-03-01-post-0.md')?.title, 'A title long enough to be kept as a view, number 0');
  assert.equal(site.documentOf('_posts/2022-03-01-post-0.md')?.url, '/news/a-permalink-long-enough-to-be-kept-as-a-view-0/');
  const kept = used() - before;
  const texts = posts * body.length;
  assert.ok(kept < texts / 10, `the site keeps ${(kept / 1e6).toFixed(1)} MB after checking ${(texts / 1e6).toFixed(1)} MB of text`);
});
