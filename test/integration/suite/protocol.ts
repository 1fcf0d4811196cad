// How the in-host tests talk to the driver outside (test/integration/driver.ts): lines written with
// console.log in the extension host, which the workbench forwards to window.codeAutomationLog.

/** One JSON line per mocha test: a TestResult. */
export const RESULT_PREFIX = 'IPE-TEST-RESULT ';
/** One JSON line at the end: mocha's counts. */
export const SUMMARY_PREFIX = 'IPE-TEST-SUMMARY ';
/** `{"name": …}`: the driver writes a screenshot of the workbench to <IPE_SCREENSHOT_DIR>/<prefix><name>.png. */
export const SCREENSHOT_PREFIX = 'IPE-SCREENSHOT ';

export interface TestResult {
  title: string;
  fullTitle: string;
  file?: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: { message: string; stack?: string; actual?: string; expected?: string };
}

/** `{"selector": …}`: the driver clicks the first element matching the CSS selector in a webview of the workbench. */
export const WEBVIEW_CLICK_PREFIX = 'IPE-WEBVIEW-CLICK ';
