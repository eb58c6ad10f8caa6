#!/usr/bin/env node
// The executable as tsc builds it (dist/cli/main.js): wires the real process into runCli and exits with its
// code. The package's bin is the bundle of the same entry (bin.cts); this one serves development and e2e.
import { runProcessCli } from './process-cli.js';

process.exitCode = await runProcessCli();
