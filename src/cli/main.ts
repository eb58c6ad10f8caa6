#!/usr/bin/env node
// The executable: wires the real process into runCli and exits with its code.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { createNodeHost } from '../apply/node-host.js';
import type { LoaderFs } from '../load/loader-fs.js';
import { runCli } from './program.js';

const nodeFs: LoaderFs = {
  readFile: (p) => {
    try {
      return statSync(p).isFile() ? readFileSync(p) : undefined;
    } catch {
      return undefined;
    }
  },
  isFile: (p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  },
};

const code = await runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
  homeDir: homedir(),
  isTTY: Boolean(process.stdout.isTTY),
  readStdin: () => readFileSync(0, 'utf8'),
  fs: nodeFs,
  host: () => createNodeHost({ env: process.env }),
});
process.exitCode = code;
