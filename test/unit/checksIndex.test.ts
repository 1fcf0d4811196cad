/**
 * The check layout: every check family of src/core/checks/ is listed in the index, every code is
 * declared once, and the README's code table says what the index says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS, REFERENCE_CHECKS } from '../../src/core/checks/index';
import { FINDING_CODES } from '../../src/core/findings';

const root = join(__dirname, '../../..');

test("the README's code table is the index's codes, severities and summaries, in its order", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (error|warning|information|hint) \| (.*) \|$/gm)].map((m) => ({ code: m[1], severity: m[2], summary: m[3].replace(/\\\|/g, '|') }));
  const expected = Object.entries(FINDING_CODES).map(([code, info]) => ({ code, severity: info.severity, summary: info.summary }));
  assert.deepEqual(rows, expected);
});

test('every check file of src/core/checks is in the index, and each code is declared by one check', () => {
  const dir = join(root, 'src/core/checks');
  const families = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'types.ts');
  const index = readFileSync(join(dir, 'index.ts'), 'utf8');
  for (const f of families) assert.match(index, new RegExp(`from '\\./${f.replace(/\.ts$/, '')}'`), `${f} is listed in checks/index.ts`);
  const names = CHECKS.map((c) => c.name);
  assert.equal(new Set(names).size, names.length, 'check names are unique');
  const declared = CHECKS.flatMap((c) => Object.keys(c.codes));
  assert.equal(new Set(declared).size, declared.length, 'no code is declared twice');
  assert.deepEqual(Object.keys(FINDING_CODES), declared);
  // No check registers itself: the index's list is the whole list.
  for (const f of families) assert.doesNotMatch(readFileSync(join(dir, f), 'utf8'), /register[A-Z]\w*\(/, `${f} registers nothing`);
});

test('reference checks come in the order they judge, and every check says what it needs', () => {
  assert.deepEqual(
    REFERENCE_CHECKS.map((c) => c.name),
    CHECKS.filter((c) => c.needs === 'reference').map((c) => c.name),
  );
  for (const c of CHECKS) assert.ok(['reference', 'document', 'site', 'config', 'file', 'findings', 'settings'].includes(c.needs), c.name);
});
