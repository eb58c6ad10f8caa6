// The loader's file access on the real disk (the CLI's side of the LoaderFs boundary).
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
