// The mutation fuzzer inside npm test: every saved finding (test/fuzz/findings, written by `npm run fuzz`) stays
// fixed, and a fixed-seed sample of fresh mutants passes the same checks. Runs the CLI in-process from src/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateCase, loadCorpus, runCase, type FuzzCase, type FuzzCli } from '../../scripts/fuzz/fuzz-case.mjs';
import { runCli } from '../../src/cli/program.js';
import { catalogue } from '../../src/diagnostics/catalogue.js';
import { CORPUS } from '../corpus/manifest.js';

const FINDINGS = join(import.meta.dirname, 'findings');
const cli = { runCli, knownCodes: new Set(catalogue.map((c) => c.id)) } as unknown as FuzzCli;
const corpus = existsSync(join(CORPUS, 'public-manifest.tsv')) ? loadCorpus(CORPUS) : undefined;

interface Saved {
  readonly id: string;
  readonly seed: string;
  readonly case: number;
  readonly project: readonly string[];
  readonly target: string;
  readonly ops: readonly string[];
  readonly findings: readonly { kind: string; command: string; message: string }[];
}

const saved: Saved[] = existsSync(FINDINGS)
  ? readdirSync(FINDINGS)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(FINDINGS, f), 'utf8')) as Saved)
  : [];

describe.skipIf(!corpus)('fuzz findings stay fixed', () => {
  test('findings are saved with their input', () => {
    for (const s of saved) expect(existsSync(join(FINDINGS, `${s.id}.yaml`)), s.id).toBe(true);
  });

  test.each(saved.map((s) => [`${s.id}: ${s.findings[0]?.kind} in ${s.findings[0]?.command}`, s] as const))('%s', async (_name, s) => {
    const c: FuzzCase = { seed: s.seed, index: s.case, project: s.project, target: s.target, ops: s.ops, bytes: readFileSync(join(FINDINGS, `${s.id}.yaml`)) };
    const result = await runCase(cli, corpus!, c, true);
    expect(result.findings).toEqual([]);
    // the input still reaches the code it once broke: every command answered, with exit 0 or 1
    expect(result.runs.map((r) => r.code).every((code) => code === 0 || code === 1)).toBe(true);
  });
});

describe.skipIf(!corpus)('a fixed-seed sample of mutants', () => {
  const SEED = 'ci';
  const CASES = 200;
  test(`${CASES} cases of seed "${SEED}" give no finding`, async () => {
    const findings: string[] = [];
    const exits = new Set<number>();
    for (let i = 0; i < CASES; i++) {
      const c = generateCase(corpus!, SEED, i);
      const r = await runCase(cli, corpus!, c);
      for (const f of r.findings) findings.push(`case ${i} (${c.target}; ${c.ops.join(', ')}): [${f.kind}] ${f.command}: ${f.message}`);
      for (const run of r.runs) exits.add(run.code);
    }
    expect(findings).toEqual([]);
    // the sample exercises both outcomes, so the checks of each ran
    expect([...exits].sort()).toEqual([0, 1]);
  }, 120_000);
});
