/**
 * What `npm start` runs, as arguments to node: package.json's start script is `exec node <args>`. The
 * end-to-end test and the benchmark start the server exactly so, without npm in between (npm adds a
 * second process and its own output), and they follow any change to the script.
 */
import fs from 'node:fs';
import path from 'node:path';

export function npmStartNodeArgs(root = process.cwd()): string[] {
  const script = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const m = /^(?:exec )?node (.+)$/.exec(script.trim());
  if (!m || /[|&;<>$`'"]/.test(m[1]!)) throw new Error(`package.json "start" is not a plain "exec node …" command: ${script}`);
  return m[1]!.split(/\s+/);
}
