// Reads ../shared/corpus/public-manifest.tsv, the list of real compose files and what must happen to each.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus');

export interface CorpusRow {
  readonly file: string;
  readonly expected: 'valid' | 'invalid' | 'needs-env' | 'aux' | '';
  readonly notes: string;
  readonly combineWith: readonly string[];
}

export function readManifest(): CorpusRow[] {
  const path = join(CORPUS, 'public-manifest.tsv');
  if (!existsSync(path)) return [];
  const [header, ...lines] = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const cols = header!.split('\t');
  const at = (row: string[], name: string) => row[cols.indexOf(name)] ?? '';
  return lines.map((line) => {
    const row = line.split('\t');
    return {
      file: at(row, 'file'),
      expected: at(row, 'expected') as CorpusRow['expected'],
      notes: at(row, 'notes'),
      combineWith: at(row, 'combine_with').split(' ').filter(Boolean),
    };
  });
}

/** The env template of a needs-env file: an aux row whose notes call it an env template for that file. */
export function envTemplateFor(row: CorpusRow, rows: readonly CorpusRow[]): string | undefined {
  const dir = dirname(row.file);
  const base = row.file.slice(dir.length + 1);
  return rows.find((r) => dirname(r.file) === dir && /template/.test(r.notes) && r.notes.includes(base))?.file;
}

/** The files to pass with -f: the row's combine_with list when it has one, else the file alone. */
export function filesFor(row: CorpusRow): string[] {
  return (row.combineWith.length > 0 ? row.combineWith : [row.file]).map((f) => join(CORPUS, 'public', f));
}
