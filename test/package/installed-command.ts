// Starting the installed `hwc-openapi` command of a consumer project, as its user would with npx.
import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Starts `npx hwc-openapi <command> --port 0 ...` in the project `cwd`, adds the process to `children` (for the
 * caller to stop with stopCommands), and resolves with the URL it prints.
 */
export function startCommand(cwd: string, children: ChildProcess[], command: string, extra: string[] = []): Promise<string> {
  // A process group of its own: npx runs the command through a shell, so killing npx alone would leave it running.
  const child = spawn('npx', ['--no-install', 'hwc-openapi', command, '--port', '0', ...extra], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hwc-openapi ${command} printed no URL within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`hwc-openapi ${command} exited with ${code}:\n${output}`)));
  });
}

/** Stops every command startCommand started: npx, its shell and the command itself (the whole process group). */
export function stopCommands(children: ChildProcess[]): void {
  for (const child of children.splice(0)) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
