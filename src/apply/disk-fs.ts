// The loader's file access on the real disk (the machine's side of the LoaderFs boundary, for the CLI and the library).
import { readFileSync, statSync } from 'node:fs';
import type { LoaderFs } from '../load/loader-fs.js';

const isFile = (p: string): boolean => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

export const diskFs: LoaderFs = {
  readFile: (p) => (isFile(p) ? readFileSync(p) : undefined),
  isFile,
};
