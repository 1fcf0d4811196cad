// A mocha reporter for tests running inside the extension host: one readable line and one JSON line
// per test, both through console.log, which the workbench forwards to the test driver
// (window.codeAutomationLog in the browser; the process output under @vscode/test-electron).
import Mocha from 'mocha';

import { RESULT_PREFIX, SUMMARY_PREFIX, type TestResult } from './protocol';

export { RESULT_PREFIX, SUMMARY_PREFIX, type TestResult };

function describeError(err: unknown): TestResult['error'] {
  const e = err as { message?: unknown; stack?: unknown; actual?: unknown; expected?: unknown; showDiff?: boolean };
  const text = (v: unknown) => (typeof v === 'string' ? v : (() => { try { return JSON.stringify(v, null, 2); } catch { return String(v); } })());
  return {
    message: typeof e?.message === 'string' ? e.message : String(err),
    stack: typeof e?.stack === 'string' ? e.stack : undefined,
    ...(e && 'actual' in e && 'expected' in e && e.showDiff !== false ? { actual: text(e.actual), expected: text(e.expected) } : {}),
  };
}

export class IpeHostReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;
    const emit = (result: TestResult) => {
      const mark = result.state === 'passed' ? 'ok' : result.state === 'failed' ? 'FAILED' : 'skipped';
      console.log(`  ${mark}  ${result.fullTitle}${result.durationMs !== undefined ? ` (${result.durationMs} ms)` : ''}${result.error ? `\n      ${result.error.message}` : ''}`);
      console.log(RESULT_PREFIX + JSON.stringify(result));
    };
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) =>
      emit({ title: test.title, fullTitle: test.fullTitle(), file: test.file, state: 'passed', durationMs: test.duration }),
    );
    runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => emit({ title: test.title, fullTitle: test.fullTitle(), file: test.file, state: 'pending' }));
    // Also reached by failing hooks (e.g. `"before all" hook for …`), reported under the hook's title.
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Runnable, err: unknown) =>
      emit({ title: test.title, fullTitle: test.fullTitle(), file: test.file, state: 'failed', durationMs: test.duration, error: describeError(err) }),
    );
    runner.once(EVENT_RUN_END, () => {
      const stats = this.stats;
      console.log(SUMMARY_PREFIX + JSON.stringify({ passes: stats.passes, failures: stats.failures, pending: stats.pending, durationMs: stats.duration }));
    });
  }
}
