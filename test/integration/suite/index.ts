// The extensionTestsPath module: VS Code loads it in the extension host and calls run(), which runs
// every *.itest.js file next to it with mocha (tdd interface: suite/test/suiteSetup…).
// Name in-host test files *.itest.ts so Node's test runner never picks them up.
// IPE_ITEST_GREP (in the environment of code-server / VS Code) runs only the tests whose title matches.
import * as path from 'node:path';
import * as fs from 'node:fs';
import Mocha from 'mocha';
import { IpeHostReporter } from './reporter';

/** Runs the *.itest.js files of `dir` with mocha; rejects when a test fails. */
export function runMochaIn(dir: string): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    // Room for the waits of a test, each up to WAIT_SCALE times its own deadline (util.ts).
    timeout: Number(process.env.IPE_ITEST_TIMEOUT_MS ?? 180_000),
    reporter: IpeHostReporter as unknown as Mocha.ReporterConstructor,
  });
  const grep = process.env.IPE_ITEST_GREP;
  if (grep) mocha.grep(grep);
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.itest.js'))
    .sort();
  for (const name of files) mocha.addFile(path.join(dir, name));
  console.log(`Running ${files.length} in-host test file(s): ${files.join(', ')}`);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} in-host test(s) failed`)) : resolve()));
    } catch (error) {
      reject(error);
    }
  });
}

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}
