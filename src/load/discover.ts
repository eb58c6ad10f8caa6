// Stage 1, discover: CLI options + environment -> the compose files to read and the project directory.
// Reports C101 (a named file is missing), C109 (no default file found), C118 (several default files).
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadCodes } from './codes.js';
import type { LoaderFs } from './loader-fs.js';

export const STDIN = '-';
export const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;
const OVERRIDE_FILES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'] as const;

export interface DiscoverInput {
  /** `-f` values in order; `-` is standard input. */
  readonly files: readonly string[];
  readonly cwd: string;
  readonly projectDirectory?: string;
  /** COMPOSE_FILE and COMPOSE_PATH_SEPARATOR, from the OS environment or the working directory's .env. */
  readonly composeFileVar?: string;
  readonly pathSeparator?: string;
}

export interface Discovered {
  /** Absolute paths, or `-` for standard input. */
  readonly files: readonly string[];
  readonly projectDir: string;
}

export function discoverFiles(input: DiscoverInput, fs: LoaderFs): { discovered?: Discovered; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const abs = (p: string) => (p === STDIN ? p : isAbsolute(p) ? p : resolve(input.cwd, p));
  let files: string[];
  if (input.files.length > 0) {
    files = input.files.map(abs);
  } else if (input.composeFileVar) {
    files = input.composeFileVar
      .split(input.pathSeparator || ':')
      .filter((p) => p !== '')
      .map(abs);
  } else {
    const found = findDefaultFiles(input.cwd, fs);
    if (found && found.others.length > 0) {
      diagnostics.push(
        diagnostic(loadCodes.severalDefaultFiles, `found several compose files: ${[found.files[0], ...found.others].map((f) => basename(f!)).join(', ')}; using ${basename(found.files[0]!)}`, [], {
          help: 'remove the files you do not use, or name one with -f',
        }),
      );
    }
    if (!found) {
      diagnostics.push(
        diagnostic(loadCodes.noComposeFile, `no compose file found in ${input.cwd} or its parent directories`, [], {
          help: `create one of ${DEFAULT_FILES.join(', ')}, or name a file with -f`,
        }),
      );
      return { diagnostics };
    }
    files = found.files;
  }
  for (const f of files) {
    if (f !== STDIN && !fs.isFile(f)) {
      diagnostics.push(diagnostic(loadCodes.fileNotFound, `compose file not found: ${f}`, [], { help: 'check the path given with -f or COMPOSE_FILE' }));
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const first = files[0] ?? STDIN;
  const projectDir = input.projectDirectory ? abs(input.projectDirectory) : first === STDIN ? input.cwd : dirname(first);
  return { discovered: { files, projectDir }, diagnostics };
}

/** Like docker compose: the first directory from cwd upwards holding a default file, plus its override file. */
function findDefaultFiles(cwd: string, fs: LoaderFs): { files: string[]; others: string[] } | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const [base, ...others] = DEFAULT_FILES.map((n) => join(dir, n)).filter((p) => fs.isFile(p));
    if (base) {
      const family = basename(base).startsWith('docker-') ? OVERRIDE_FILES.slice(2) : OVERRIDE_FILES.slice(0, 2);
      const override = family.map((n) => join(dir, n)).find((p) => fs.isFile(p));
      return { files: override ? [base, override] : [base], others };
    }
    if (dirname(dir) === dir) return undefined;
  }
}
