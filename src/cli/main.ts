#!/usr/bin/env node
// The executable: wires the real process into runCli and exits with its code.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { createNodeHost } from '../apply/node-host.js';
import { diskFs } from '../apply/disk-fs.js';
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
  homeDir: homedir(),
  isTTY: Boolean(process.stdout.isTTY),
  readStdin: () => readFileSync(0, 'utf8'),
  fs: diskFs,
  host: () => createNodeHost({ env: process.env }),
});
process.exitCode = code;
