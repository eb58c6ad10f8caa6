// The loader's only window on the machine: reading files. The CLI passes a node:fs implementation, tests a map.
export interface LoaderFs {
  /** The file's bytes, or undefined when it does not exist or is not a regular file. */
  readFile(path: string): Uint8Array | undefined;
  isFile(path: string): boolean;
}

/** An in-memory LoaderFs, for tests and for embedding the library. */
export function memoryFs(files: Readonly<Record<string, string | Uint8Array>>): LoaderFs {
  const enc = new TextEncoder();
  return {
    readFile: (p) => {
      const f = files[p];
      return f === undefined ? undefined : typeof f === 'string' ? enc.encode(f) : f;
    },
    isFile: (p) => files[p] !== undefined,
  };
}
