// Types of fuzz-case.mjs for the vitest sample and the findings regression test.
export interface Corpus {
  readonly files: ReadonlyMap<string, Buffer>;
  readonly projects: readonly { readonly files: readonly string[]; readonly expected: string }[];
  readonly targets: readonly { readonly project: { readonly files: readonly string[] }; readonly target: string }[];
  readonly donors: readonly string[];
}

export interface FuzzCase {
  readonly seed: string;
  readonly index: number;
  readonly project: readonly string[];
  readonly target: string;
  readonly ops: readonly string[];
  readonly bytes: Buffer;
}

export interface Finding {
  readonly kind: string;
  readonly command: string;
  readonly message: string;
}

export interface FuzzCli {
  readonly runCli: (argv: readonly string[], io: never) => Promise<number>;
  readonly knownCodes: ReadonlySet<string>;
}

export const ROOT: string;
export const COMMANDS: readonly (readonly string[])[];
export function loadCorpus(corpusDir: string): Corpus;
export function generateCase(corpus: Corpus, seed: string, index: number): FuzzCase;
export const FULL_EVERY: number;
/** `full`: all six commands (default: every FULL_EVERY-th case). */
export function runCase(cli: FuzzCli, corpus: Corpus, c: FuzzCase, full?: boolean): Promise<{ runs: { command: string; code: number; ms: number }[]; findings: Finding[] }>;
export function signatureOf(finding: Finding): string;
