// docs/cli.md covers every command and every option the program defines, and each command's exit codes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { diskFs } from '../support/cli.js';

const docs = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
const program = buildProgram({ stdout: () => {}, stderr: () => {}, env: {}, cwd: '/', homeDir: '/', isTTY: false, readStdin: () => '', fs: diskFs }, () => {});

function sectionOf(name: string): string {
  const heading = new RegExp(`^## (${name}|[^\\n]*\\b${name}\\b[^\\n]*)$`, 'm');
  const start = docs.search(heading);
  expect(start, `docs/cli.md has no section for ${name}`).toBeGreaterThanOrEqual(0);
  const rest = docs.slice(start + 3);
  const next = rest.search(/^## /m);
  return next < 0 ? rest : rest.slice(0, next);
}

describe('docs/cli.md', () => {
  const commands = program.commands.map((c) => c.name());
  it.each(commands)('documents %s: every option, an example and its exit codes', (name) => {
    const section = sectionOf(name);
    const command = program.commands.find((c) => c.name() === name)!;
    for (const option of command.options) expect(section, `${name} ${option.long}`).toContain(option.long!);
    expect(section).toMatch(/```console\n\$ compose2systemd /);
    expect(section).toContain('Exit codes');
  });

  it('documents every global option', () => {
    for (const option of program.options) expect(docs).toContain(option.long!);
  });
});
