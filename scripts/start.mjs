// `npm start`: builds the extension and opens VS Code with it loaded from source
// ("Extension Development Host") on sample-site/ or the folder given as argument.
//   - With the desktop `code` command on PATH: code --extensionDevelopmentPath=<repo> <folder>
//   - Otherwise: a real VS Code in the browser (code-server, installed into .cache/ on first run);
//     prints the URL to open and runs until Ctrl-C.
// Usage: npm start [-- <folder>] [--browser] [--port N]
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser') || process.env.IPE_START_BROWSER === '1';
const portIndex = args.indexOf('--port');
const port = portIndex >= 0 ? Number(args[portIndex + 1]) : process.env.PORT ? Number(process.env.PORT) : undefined;
const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--port');
// npm runs scripts in the package folder; a relative folder is meant from where npm was run.
const folder = positional[0] ? resolve(process.env.INIT_CWD ?? process.cwd(), positional[0]) : join(root, 'sample-site');
if (!existsSync(folder) || !statSync(folder).isDirectory()) {
  console.error(`No such folder: ${folder}`);
  process.exit(1);
}

const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const hasDesktopCode = !forceBrowser && spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (hasDesktopCode) {
  console.log(`Opening VS Code with IPE Author from source on ${folder}`);
  const code = spawn('code', [`--extensionDevelopmentPath=${root}`, folder], { stdio: 'inherit' });
  code.on('exit', (status) => process.exit(status ?? 0));
} else {
  const { ensureVscode } = await import('./vscode-setup.mjs');
  const { startCodeServer } = await import('./code-server.mjs');
  ensureVscode();
  const server = await startCodeServer({ folder, extensionDevelopmentPath: root, port });
  console.log('');
  console.log('IPE Author is running in VS Code (Extension Development Host) on');
  console.log(`  ${folder}`);
  console.log('Open this URL in a browser:');
  console.log(`  ${server.workbenchUrl}`);
  console.log('');
  console.log('After changing the code, run `npm run build` and reload the browser tab. Ctrl-C stops.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  // Whoever started us (a shell, or npm and the shell it runs scripts in): if one of them goes away
  // without passing the signal on, code-server must not stay behind.
  const ancestors = [process.ppid];
  try {
    ancestors.push(Number(readFileSync(`/proc/${process.ppid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]));
  } catch {}
  const alive = (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return error.code === 'EPERM';
    }
  };
  const timer = setInterval(() => {
    if (ancestors.some((pid) => pid > 1 && !alive(pid))) void stop();
    const exited = server.exited();
    if (exited && !stopping) {
      console.error(`code-server stopped (${JSON.stringify(exited)}):\n${server.output().split('\n').slice(-20).join('\n')}`);
      clearInterval(timer);
      void server.stop().then(() => process.exit(1));
    }
  }, 1000);
}
