// The loader's resource limits: how much one run may read and how large a project may be, so that a hostile file
// (50 MB, an include chain or diamond, an env file read by a thousand services) ends in C119 within a fixed time
// and memory bound. Real projects stay far below every one of them. Pure bookkeeping; the loader reports.
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic, Label } from '../diagnostics/diagnostic.js';
import { loadCodes } from './codes.js';

export const LOAD_LIMITS = {
  /** Bytes of one compose or env file: a generated file of 20,000 services takes about 6 MiB. */
  fileBytes: 8 * 1024 * 1024,
  /** Characters parsed in one run, counting a file each time it is parsed (includes, extends files, env_file). */
  totalChars: 32 * 1024 * 1024,
  /** Files parsed in one run, counting repeats. */
  parses: 2000,
  /** Files in one chain of nested includes (the including file counts). */
  includeDepth: 32,
  /** Services of one file, and of the whole project: twice the largest project the benchmark converts (10,000). */
  services: 20_000,
} as const;

const HELP = 'compose projects stay far below this limit; it keeps a hostile file from exhausting time and memory';

export function mib(n: number): string {
  return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/** A file over LOAD_LIMITS.fileBytes. */
export function fileTooLarge(path: string, bytes: number): Diagnostic {
  return diagnostic(loadCodes.limitExceeded, `${path} is ${bytes} bytes; a compose or env file may hold at most ${mib(LOAD_LIMITS.fileBytes)}`, [], { help: `${HELP}; split the file (-f, include, env_file)` });
}

export function tooManyServices(count: number, labels: readonly Label[], where: string): Diagnostic {
  return diagnostic(loadCodes.limitExceeded, `${where} defines ${count} services; a project may have at most ${LOAD_LIMITS.services}`, labels, { help: HELP });
}

export function includeTooDeep(chain: readonly string[], labels: readonly Label[]): Diagnostic {
  const shown = chain.length > 6 ? [...chain.slice(0, 3), '...', ...chain.slice(-2)] : chain;
  return diagnostic(loadCodes.limitExceeded, `includes nest more than ${LOAD_LIMITS.includeDepth} files deep: ${shown.join(' -> ')}`, labels, { help: HELP });
}

/** Counts what a run parses; the first charge over a limit returns the diagnostic, later ones return `true`. */
export class ReadBudget {
  private chars = 0;
  private parses = 0;
  private exhausted = false;

  /** undefined: go ahead. A diagnostic (once) or true (already reported): do not parse. */
  charge(path: string, chars: number): Diagnostic | true | undefined {
    if (this.exhausted) return true;
    this.chars += chars;
    this.parses += 1;
    if (this.chars <= LOAD_LIMITS.totalChars && this.parses <= LOAD_LIMITS.parses) return undefined;
    this.exhausted = true;
    const what =
      this.parses > LOAD_LIMITS.parses
        ? `files were parsed more than ${LOAD_LIMITS.parses} times`
        : `more than ${mib(LOAD_LIMITS.totalChars)} of compose and env files were parsed`;
    return diagnostic(loadCodes.limitExceeded, `${what} in this run (a file counts each time includes, extends or env_file read it), the last one ${path}`, [], { help: HELP });
  }
}
