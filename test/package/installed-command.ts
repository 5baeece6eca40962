// Starting the installed `hwc-openapi` command of a consumer project, as its user would with npx.
import { type ChildProcess, spawn } from 'node:child_process';
import { waitFor } from '../support/processes.ts';

/**
 * Starts `npx hwc-openapi <command> --port 0 ...` in the project `cwd`, adds the process to `children` (for the
 * caller to stop with stopCommands), and resolves with the URL it prints.
 */
export async function startCommand(cwd: string, children: ChildProcess[], command: string, extra: string[] = []): Promise<string> {
  // A process group of its own: npx runs the command through a shell, so killing npx alone would leave it running.
  const child = spawn('npx', ['--no-install', 'hwc-openapi', command, '--port', '0', ...extra], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  const [, url = ''] = await waitFor(child, /(http:\/\/127\.0\.0\.1:\d+)/, { name: `hwc-openapi ${command}`, timeoutMs: 30_000 });
  return url;
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
