// `redocly lint` without its Node 20 notice: Redocly CLI 2.x prints a boxed "Node.js 20 support is ending" notice
// on every run under Node 20, which this project supports, and offers no setting to turn it off. This runs the
// CLI with the same arguments, passes its output through unchanged except that one box, and exits with its code.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The text of the notice's box; any other box (a real warning) is kept. */
const NOTICE = 'Node.js 20 support is ending';

/**
 * Removes Redocly's boxed Node 20 notice (the lines from `╔` to `╝`, and the blank lines around them) from `text`.
 * Everything else, other boxes included, is returned as it came.
 */
export function withoutNode20Notice(text: string): string {
  return text.replace(/(?:^[ \t]*\n)?^[ \t]*╔[^\n]*\n(?:[^\n]*\n)*?[ \t]*╚[^\n]*╝[ \t]*(?:\n[ \t]*(?=\n))?\n?/gm, (box) => (box.includes(NOTICE) ? '' : box));
}

/**
 * Runs the Redocly CLI with `args`; its stderr (where it writes both the notice and the lint report) is held until
 * it exits, a few seconds, and then written without the notice.
 */
async function main(args: string[]): Promise<number> {
  const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['inherit', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve) =>
    child.once('close', (code) => {
      process.stderr.write(withoutNode20Notice(stderr));
      resolve(code ?? 1);
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
