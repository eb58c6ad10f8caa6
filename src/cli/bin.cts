#!/usr/bin/env node
// The package's executable: runs the bundled CLI (dist/cli/bundle.cjs, built by scripts/build-cli.mjs) and
// hands V8 the code cache the build made of it, when there is one for this Node: a cold start then neither
// parses nor compiles the half megabyte of generated schema validator. A missing or rejected cache (another
// Node version) only makes the start slower. CommonJS, because only a script (vm.Script) takes a code cache.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

/** What the bundle's entry (process-cli.ts) exports. */
export interface Bundle {
  runProcessCli(): Promise<number>;
}

export const BUNDLE = join(__dirname, 'bundle.cjs');
export const CODE_CACHE = `${BUNDLE}.v8cache`;

/**
 * The bundle as a script taking CommonJS's arguments. The build makes the code cache from this same script,
 * so the source (wrapper included) is defined here only: V8 rejects a cache made from other text.
 */
export function compileBundle(cachedData?: Buffer): Script {
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(BUNDLE, 'utf8')}\n})`;
  return new Script(source, { filename: BUNDLE, ...(cachedData ? { cachedData } : {}) });
}

/** Runs the compiled bundle's module code and returns its exports. */
export function loadBundle(script: Script): Bundle {
  const bundle = { exports: {} as Bundle };
  (script.runInThisContext() as (...args: unknown[]) => void)(bundle.exports, require, bundle, BUNDLE, __dirname);
  return bundle.exports;
}

function readCache(): Buffer | undefined {
  try {
    return readFileSync(CODE_CACHE);
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  void loadBundle(compileBundle(readCache()))
    .runProcessCli()
    .then((code) => {
      process.exitCode = code;
    });
}
