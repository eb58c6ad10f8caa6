// quadletWords against podman's own generator: every argument list it accepts reaches the generated
// ExecStart as the same words (read as systemd reads them); an empty word is refused, because the generator
// silently ends the line there, and a lone `;`, which it cannot pass.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { quadletWords } from '../../src/systemd/quadlet-escape.js';
import { findOracle, oracleTitle, type OracleName } from '../support/oracles.js';
import { quadletDryRunFiles } from '../support/quadlet-dry-run.js';
import { arbitraryText } from './arbitraries.js';
import { readCommandLine } from './systemd-syntax.js';

const IMAGE = 'img.test/marker:1';

test('an empty word or a lone ; is refused, wherever it is', () => {
  expect(quadletWords(['a', '', 'b']).ok).toBe(false);
  expect(quadletWords(['']).ok).toBe(false);
  expect(quadletWords(['a', ';', 'b']).ok).toBe(false);
  expect(quadletWords(['a;', 'b c']).ok).toBe(true);
});

/** The words after the image in the generated `podman run` line. */
function execWords(serviceText: string): string[] {
  const line = serviceText.split('\n').find((l) => l.startsWith('ExecStart='));
  if (line === undefined) throw new Error(`no ExecStart in\n${serviceText}`);
  // the generator's own specifiers (%t, %N in --cidfile, --name) are not ours to read
  const value = line.slice('ExecStart='.length).replace(/%t\/%N\.cid/g, 'T/N.cid');
  const argv = readCommandLine(value);
  return argv.slice(argv.indexOf(IMAGE) + 1);
}

for (const name of ['quadlet-trixie', 'quadlet-forky'] as const satisfies readonly OracleName[]) {
  const lookup = await findOracle(name);
  describe.skipIf(!lookup.ok)(oracleTitle(lookup, `Exec= words through ${name}`), () => {
    test('the generator drops an empty word and all after it (why quadletWords refuses it)', async () => {
      if (!lookup.ok) return;
      const r = await quadletDryRunFiles(lookup.oracle, { 'x.container': `[Container]\nImage=${IMAGE}\nContainerName=x\nExec=a "" b\n` });
      expect(execWords(r.units.get('x.service')!)).toEqual(['a']);
    });

    test('the generator cannot pass a lone ; (why quadletWords refuses it)', async () => {
      if (!lookup.ok) return;
      const r = await quadletDryRunFiles(lookup.oracle, {
        'escaped.container': `[Container]\nImage=${IMAGE}\nContainerName=e\nExec=a \\; b\n`,
        'quoted.container': `[Container]\nImage=${IMAGE}\nContainerName=q\nExec=a ";" b\n`,
      });
      // `\;` loses the whole key; `";"` becomes a bare `;`, which systemd reads as a second command
      expect(execWords(r.units.get('escaped.service')!)).toEqual([]);
      expect(r.units.get('quoted.service')).toMatch(/ a ; b$/m);
    });

    test('300 generated argument lists arrive unchanged, in one generator run', async () => {
      if (!lookup.ok) return;
      const lists = fc.sample(fc.array(arbitraryText, { minLength: 1, maxLength: 5 }), { numRuns: 300, seed: 20261204 });
      const files: Record<string, string> = {};
      const expected = new Map<string, string[]>();
      lists.forEach((words, i) => {
        const r = quadletWords(words);
        if (words.includes('') || words.includes(';')) expect(r.ok).toBe(false);
        if (!r.ok) return;
        files[`c${i}.container`] = `[Container]\nImage=${IMAGE}\nContainerName=c${i}\nExec=${r.text}\n`;
        expected.set(`c${i}.service`, words);
      });
      expect(expected.size).toBeGreaterThan(150);
      const r = await quadletDryRunFiles(lookup.oracle, files);
      expect(r.errors).toEqual([]);
      for (const [unit, words] of expected) expect({ unit, words: execWords(r.units.get(unit)!) }).toEqual({ unit, words });
    });
  });
}
