// The composite action (action.yml) the README's workflow uses: its inputs are the README's, and its
// check step, run here by bash as the runner would, annotates a broken image and fails the job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '../../..');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  runs: { using: string; steps: Step[] };
}

const action = () => parse(readFileSync(join(root, 'action.yml'), 'utf8')) as Action;

test('action.yml has the inputs and defaults the README documents', () => {
  const a = action();
  assert.equal(a.runs.using, 'composite');
  const defaults = Object.fromEntries(Object.entries(a.inputs).map(([k, v]) => [k, v.default]));
  assert.deepEqual(defaults, { site: '.', 'fail-on': 'error', format: 'github', 'sarif-file': 'ipe-author.sarif', args: '' });
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  for (const [name, value] of Object.entries(defaults)) assert.ok(readme.includes(`\`${name}\``) && (value === '' || readme.includes(`default \`${value}\``) || readme.includes(`\`${value}\`, default`)), `README: ${name}`);
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  assert.ok(readme.includes(`uses: ipe-author/ipe-author@v${version}`));
});

test('the check step annotates a broken image, fails, and writes SARIF when asked', (t) => {
  const step = action().runs.steps.find((s) => s.name === 'Check the site') as Step;
  assert.ok(step?.run);
  const tmp = mkdtempSync(join(tmpdir(), 'ipe-action-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(tmp, path)), { recursive: true });
    writeFileSync(join(tmp, path), text);
  };
  write('site/_config.yml', 'baseurl: "/ipe"\n');
  write('site/_posts/2022-11-21-a.md', '---\ntitle: A\n---\n\n![a](/ipe/img/none.png)\n');
  const run = (inputs: Record<string, string>) => {
    const env = { ...process.env, GITHUB_ACTION_PATH: root, IPE_SITE: 'site', IPE_FAIL_ON: 'error', IPE_FORMAT: 'github', IPE_SARIF_FILE: 'ipe-author.sarif', IPE_ARGS: '', ...inputs };
    // As the runner runs a `shell: bash` step.
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run as string], { cwd: tmp, env, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const github = run({});
  assert.equal(github.status, 1);
  assert.match(github.stdout, /^::error file=site\/_posts\/2022-11-21-a\.md,line=5,col=\d+,endLine=5,endColumn=\d+,title=missing-file::/m);
  assert.equal(run({ IPE_ARGS: '--severity missing-file=warning' }).status, 0);
  const sarif = run({ IPE_FORMAT: 'sarif', IPE_SARIF_FILE: 'out.sarif' });
  assert.equal(sarif.status, 1);
  const log = JSON.parse(readFileSync(join(tmp, 'out.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
  assert.equal(log.version, '2.1.0');
  assert.deepEqual(log.runs[0].results.map((r) => r.ruleId), ['missing-file']);
  assert.equal(run({ IPE_FORMAT: 'text' }).status, 2);
});
