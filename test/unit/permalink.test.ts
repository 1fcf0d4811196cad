/**
 * Permalink filling: a URL that needs no sanitising is returned as it is, and every other one is
 * sanitised as Jekyll does (no empty, '.' or '..' segments, one leading slash, a trailing slash kept).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillPermalink, slugifyPretty, utcClock } from '../../src/core/permalink';
import { prng } from '../../bench/generateSite';

/** Jekyll's URL sanitising, by its definition. */
function sanitised(url: string): string {
  const segments = url.split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
  const joined = '/' + segments.join('/');
  return url.endsWith('/') && segments.length > 0 ? joined + '/' : joined;
}

test('every URL made of slashes, names and dot segments (up to six parts) comes out sanitised', () => {
  const parts = ['/', 'a', '.', '..', 'b.html', '//', 'x/', '.md'];
  let count = 0;
  const visit = (depth: number, url: string) => {
    if (depth === 0) {
      // The whole URL comes from one placeholder, so that the pattern itself adds nothing.
      assert.equal(fillPermalink(':path', (name) => (name === 'path' ? url : undefined)), sanitised(url), JSON.stringify(url));
      count++;
      return;
    }
    for (const p of parts) visit(depth - 1, url + p);
  };
  for (let depth = 0; depth <= 6; depth++) visit(depth, '');
  assert.ok(count > 250_000);
});

test('placeholders are filled from the given values; unknown ones stay as written', () => {
  const values: Record<string, string> = { year: '2022', month: '11', day: '21', title: 'ipe-meeting', output_ext: '.html' };
  const value = (name: string) => (Object.hasOwn(values, name) ? values[name] : undefined);
  assert.equal(fillPermalink('/:categories/:year/:month/:day/:title:output_ext', value), '/:categories/2022/11/21/ipe-meeting.html');
  assert.equal(fillPermalink('/:year/:title/', value), '/2022/ipe-meeting/');
  assert.equal(fillPermalink('/:constructor/:title', value), '/:constructor/ipe-meeting');
});

test('utcClock gives the UTC fields Date gives, across the whole range Date holds', () => {
  const random = prng(86_400_000);
  const viaDate = (t: number) => {
    const d = new Date(t);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), offsetMinutes: 0 };
  };
  const instants = [0, -1, 1, -999.5, -1000, -1001, 0.5, -0.5, 86_399_999, 86_400_000, -86_400_000, 951_782_400_000, 8.64e15, -8.64e15, 8.64e15 + 1, NaN, Infinity];
  for (let i = 0; i < 100_000; i++) instants.push((random() * 2 - 1) * 8.64e15, Math.floor((random() * 2 - 1) * 4e12));
  for (let year = -500; year < 2500; year += 7) for (const month of [0, 1, 2, 11]) instants.push(Date.UTC(year, month, 1) - 1, Date.UTC(year, month, 1));
  for (const t of instants) assert.deepEqual(utcClock(t), viaDate(t), String(t));
});

test('slugifyPretty: a slug that needs no change is returned as it is, every other one as the pretty rule makes it', () => {
  // Jekyll's pretty mode by its definition: runs of other characters become one '-', none at the ends.
  const pretty = (t: string) => t.replace(/[^\p{L}\p{N}._~!$&'()+,;=@]+/gu, '-').replace(/^-+|-+$/g, '');
  const alphabet = ['a', 'Z', '0', '-', '--', '.', '_', ' ', 'é', '!', '@', '~', '/', '%', '日'];
  let count = 0;
  const visit = (depth: number, text: string) => {
    if (depth === 0) {
      assert.equal(slugifyPretty(text), pretty(text), JSON.stringify(text));
      count++;
      return;
    }
    for (const c of alphabet) visit(depth - 1, text + c);
  };
  for (let depth = 0; depth <= 5; depth++) visit(depth, '');
  assert.ok(count > 800_000);
});
