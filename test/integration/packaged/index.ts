// extensionTestsPath for the packaged-extension test (vsix.test.ts): the *.itest.js files here run in a
// window where IPE Author is installed from its .vsix, not loaded from source.
import { runMochaIn } from '../suite/index';

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}
