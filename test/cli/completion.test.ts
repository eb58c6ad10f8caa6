// `completion bash|zsh|fish`: the scripts come from the commander program, parse in their shells, and complete
// commands, options, files, service names and profiles for real (bash through COMP_WORDS, fish through
// `complete -C`); the callbacks honour -f, --project-directory and --env-file of the line being completed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { completionScript, completionSpec, SHELLS } from '../../src/cli/completion.js';
import { buildProgram, optionChoices } from '../../src/cli/program.js';
import { OUTPUT_FORMATS } from '../../src/output/output.js';
import { diskFs, runCliCaptured } from '../support/cli.js';

const root = join(import.meta.dirname, '..', '..');
const SHOP = join(root, 'test', 'cli', 'fixtures', 'shop');
const program = buildProgram({ stdout: () => {}, stderr: () => {}, env: {}, cwd: '/', homeDir: '/', isTTY: false, readStdin: () => '', fs: diskFs }, () => {});
const spec = completionSpec(program, optionChoices);
const scripts = Object.fromEntries(SHELLS.map((s) => [s, completionScript(spec, s)])) as Record<(typeof SHELLS)[number], string>;

const hasShell = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0;

describe('the completion spec is the program', () => {
  test('every command and option --help shows is in the spec, and in every script', () => {
    const help = program.createHelp();
    const commands = help.visibleCommands(program).filter((c) => c.name() !== 'help');
    expect(spec.commands.map((c) => c.name)).toEqual(commands.map((c) => c.name()));
    expect(spec.commands.map((c) => c.name)).toContain('completion');
    for (const shell of SHELLS) {
      for (const c of commands) {
        expect(scripts[shell], `${shell}: ${c.name()}`).toContain(c.name());
        for (const o of help.visibleOptions(c)) expect(scripts[shell], `${shell}: ${c.name()} ${o.long}`).toContain(shell === 'fish' ? `-l ${o.long!.slice(2)}` : o.long!);
      }
      for (const o of help.visibleOptions(program)) expect(scripts[shell], `${shell}: ${o.long}`).toContain(shell === 'fish' ? `-l ${o.long!.slice(2)}` : o.long!);
    }
  });

  test('value completions come from the option definitions', () => {
    const kind = (long: string, command?: string) =>
      (command ? spec.commands.find((c) => c.name === command)!.options : spec.globalOptions).find((o) => o.long === long)?.value;
    expect(kind('--file')).toEqual({ kind: 'file' });
    expect(kind('--env-file')).toEqual({ kind: 'file' });
    expect(kind('--project-directory')).toEqual({ kind: 'directory' });
    expect(kind('--profile')).toEqual({ kind: 'profile' });
    // --format takes what the program accepts for each command
    expect(kind('--format')).toEqual({ kind: 'choices', choices: ['text', 'json'] });
    expect(kind('--format', 'graph')).toEqual({ kind: 'choices', choices: ['text', 'json', 'dot', 'mermaid'] });
    expect(kind('--format', 'convert')).toEqual({ kind: 'choices', choices: ['text', 'json', ...OUTPUT_FORMATS] });
    expect(kind('--format', 'status')).toBeUndefined();
    expect(kind('--project-name')).toEqual({ kind: 'free' });
    expect(kind('--strict')).toBeUndefined();
    expect(kind('--output', 'convert')).toEqual({ kind: 'directory' });
    expect(kind('--follow', 'logs')).toBeUndefined();
    expect(spec.commands.find((c) => c.name === 'up')!.args).toEqual({ kind: 'service' });
    expect(spec.commands.find((c) => c.name === 'completion')!.args).toEqual({ kind: 'choices', choices: ['bash', 'zsh', 'fish'] });
    expect(spec.globalOptions.filter((o) => o.project).map((o) => o.long)).toEqual(['--file', '--project-name', '--project-directory', '--env-file']);
  });

  test('another program gets its own commands and options (nothing is hand-listed)', () => {
    const other = new Command('frobctl').option('-c, --config <path>', 'config file').addOption(new Option('--mode <m>', 'mode').choices(['fast', 'slow']));
    other.command('spin').description('spin the frob').argument('[service...]').option('--times <n>', 'how often');
    const otherSpec = completionSpec(other);
    const bash = completionScript(otherSpec, 'bash');
    expect(bash).toContain('complete -F _frobctl frobctl');
    expect(bash).toContain('compgen -W spin --');
    expect(bash).toMatch(/\*:-c\|\*:--config\) compopt -o filenames[^\n]*compgen -f/);
    expect(bash).toContain("compgen -W 'fast slow'");
    expect(bash).not.toContain('compose2systemd');
    expect(completionScript(otherSpec, 'fish')).toContain("complete -c frobctl -n '_frobctl_command_is spin' -l times -r -f");
    expect(completionScript(otherSpec, 'zsh')).toContain('#compdef frobctl');
  });

  test('the command prints the script', async () => {
    const r = await runCliCaptured(['completion', 'bash']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(scripts.bash);
    const bad = await runCliCaptured(['completion', 'tcsh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bash, zsh, fish');
  });
});

describe('the scripts parse in their shells', () => {
  test.each(SHELLS.map((s) => [s] as const))('%s', (shell) => {
    if (!hasShell(shell)) return console.warn(`skipped: ${shell} is not installed (apt-get install ${shell})`);
    const dir = mkdtempSync(join(tmpdir(), 'c2s-completion-'));
    try {
      const file = join(dir, `script.${shell}`);
      writeFileSync(file, scripts[shell]);
      const check = shell === 'fish' ? ['--no-execute', file] : ['-n', file];
      const r = spawnSync(shell, check, { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Completing for real: the built CLI is on PATH as `compose2systemd`, as it is once installed.

let work = '';
let binDir = '';
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'c2s-completion-'));
  binDir = join(work, 'bin');
  mkdirSync(binDir);
  const main = join(root, 'dist', 'cli', 'main.js');
  if (!existsSync(main)) throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
  symlinkSync(main, join(binDir, 'compose2systemd'));
  for (const shell of SHELLS) writeFileSync(join(work, `script.${shell}`), scripts[shell]);
  // a project whose profile names come from interpolation: --env-file on the line must reach the callback
  mkdirSync(join(work, 'proj'));
  writeFileSync(join(work, 'proj', 'compose.yaml'), 'services:\n  api:\n    image: x\n  worker:\n    image: x\n    profiles: ["${JOBS:-jobs}", debug]\n');
  writeFileSync(join(work, 'proj', 'nightly.env'), 'JOBS=nightly\n');
  writeFileSync(join(work, 'proj', 'compose.prod.yaml'), 'services:\n  proxy:\n    image: x\n');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const shellEnv = () => ({ ...process.env, PATH: `${binDir}:${process.env['PATH'] ?? ''}` });

/** COMPREPLY for the words typed after the program name; the last word is the one being completed. */
function bashComplete(words: readonly string[], cwd = work): string[] {
  const quoted = ['compose2systemd', ...words].map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(' ');
  const driver = `source ${join(work, 'script.bash')}\nCOMP_WORDS=(${quoted})\nCOMP_CWORD=${words.length}\n_compose2systemd\nprintf '%s\\n' "\${COMPREPLY[@]}"\n`;
  const r = spawnSync('bash', ['-c', driver], { cwd, encoding: 'utf8', env: shellEnv() });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '').sort();
}

describe.skipIf(!hasShell('bash'))('bash completes', () => {
  test('command names', () => {
    expect(bashComplete(['con'])).toEqual(['config', 'convert']);
    expect(bashComplete([''])).toEqual([...spec.commands.map((c) => c.name)].sort());
    expect(bashComplete(['-f', join(SHOP, 'compose.yaml'), 'st'])).toEqual(['status']);
  });

  test('options of the command, with the global ones', () => {
    expect(bashComplete(['up', '--dr'])).toEqual(['--dry-run']);
    expect(bashComplete(['down', '--v'])).toEqual(['--version', '--volumes']);
    expect(bashComplete(['--pro'])).toEqual(['--profile', '--project-directory', '--project-name']);
    expect(bashComplete(['config', '--pro'])).toEqual(['--profile', '--profiles', '--project-directory', '--project-name']);
  });

  test('option values: files, directories, choices, nothing for a free value', () => {
    expect(bashComplete(['-f', 'proj/compose.p'])).toEqual(['proj/compose.prod.yaml']);
    expect(bashComplete(['--project-directory', 'pr'])).toEqual(['proj']);
    expect(bashComplete(['graph', '--format', ''])).toEqual(['dot', 'json', 'mermaid', 'text']);
    expect(bashComplete(['convert', '--format', ''])).toEqual(['json', ...OUTPUT_FORMATS, 'text'].sort());
    expect(bashComplete(['--format', ''])).toEqual(['json', 'text']);
    expect(bashComplete(['completion', ''])).toEqual(['bash', 'fish', 'zsh']);
    expect(bashComplete(['-p', ''])).toEqual([]);
  });

  test('service names from the compose file of the line, or the one found in the working directory', () => {
    expect(bashComplete(['-f', join(SHOP, 'compose.yaml'), 'up', ''])).toEqual(['cache', 'db', 'web']);
    expect(bashComplete(['up', '--file', join(SHOP, 'compose.yaml'), 'w'])).toEqual(['web']);
    expect(bashComplete(['logs', ''], SHOP)).toEqual(['cache', 'db', 'web']);
    // after `logs`, -f is --follow: the next word is a service, not a file
    expect(bashComplete(['logs', '-f', ''], SHOP)).toEqual(['cache', 'db', 'web']);
    // services of every profile: naming a service enables it
    expect(bashComplete(['up', ''], join(work, 'proj'))).toEqual(['api', 'worker']);
    expect(bashComplete(['-f', 'proj/compose.yaml', '-f', 'proj/compose.prod.yaml', 'up', ''])).toEqual(['api', 'proxy', 'worker']);
  });

  test('profiles, with the --env-file of the line', () => {
    expect(bashComplete(['-f', 'proj/compose.yaml', '--profile', ''])).toEqual(['debug', 'jobs']);
    expect(bashComplete(['--env-file', 'proj/nightly.env', '-f', 'proj/compose.yaml', 'up', '--profile', ''])).toEqual(['debug', 'nightly']);
    expect(bashComplete(['--profile', ''], join(work, 'proj'))).toEqual(['debug', 'jobs']);
  });

  test('nothing, and no noise, where the project does not load', () => {
    expect(bashComplete(['-f', 'nope.yaml', 'up', ''])).toEqual([]);
  });
});

/** What fish offers for a command line (the text before the cursor), without descriptions. */
function fishComplete(line: string, cwd = work): string[] {
  const r = spawnSync('fish', ['--no-config', '-c', `source ${join(work, 'script.fish')}; complete -C ${JSON.stringify(line)}`], { cwd, encoding: 'utf8', env: shellEnv() });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t')[0]!)
    .sort();
}

describe.skipIf(!hasShell('fish'))('fish completes', () => {
  test('commands, options and choices', () => {
    expect(fishComplete('compose2systemd con')).toEqual(['config', 'convert']);
    expect(fishComplete('compose2systemd up --dr')).toEqual(['--dry-run']);
    expect(fishComplete('compose2systemd graph --format ')).toEqual(['dot', 'json', 'mermaid', 'text']);
    expect(fishComplete('compose2systemd completion ')).toEqual(['bash', 'fish', 'zsh']);
  });

  test('services and profiles through the callbacks, honouring -f and --env-file', () => {
    expect(fishComplete(`compose2systemd -f ${join(SHOP, 'compose.yaml')} up `)).toEqual(['cache', 'db', 'web']);
    expect(fishComplete('compose2systemd logs -f ', SHOP)).toEqual(['cache', 'db', 'web']);
    expect(fishComplete('compose2systemd --env-file proj/nightly.env -f proj/compose.yaml --profile ')).toEqual(['debug', 'nightly']);
  });

  test('files after -f, but not after logs -f', () => {
    expect(fishComplete('compose2systemd -f proj/compose.p')).toEqual(['proj/compose.prod.yaml']);
    expect(fishComplete('compose2systemd logs -f proj/', SHOP)).toEqual([]);
  });
});

/** What zsh offers for a command line, through an interactive zsh in a pseudo-terminal (test/support/zsh-complete.zsh). */
function zshComplete(line: string, cwd = work): string[] {
  const helper = join(root, 'test', 'support', 'zsh-complete.zsh');
  const r = spawnSync('zsh', ['-f', helper, join(work, 'script.zsh'), line], { cwd, encoding: 'utf8', env: shellEnv(), timeout: 50_000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '').sort();
}

describe.skipIf(!hasShell('zsh'))('zsh completes', () => {
  // each call starts an interactive zsh with compinit: a few lines that cover commands, options and callbacks
  test('commands and option values', () => {
    expect(zshComplete('compose2systemd con')).toEqual(['config', 'convert']);
    expect(zshComplete('compose2systemd graph --format ')).toEqual(['dot', 'json', 'mermaid', 'text']);
  });

  test('services and profiles through the callbacks', () => {
    expect(zshComplete(`compose2systemd -f ${join(SHOP, 'compose.yaml')} up `)).toEqual(['cache', 'db', 'web']);
    expect(zshComplete('compose2systemd logs -f ', SHOP)).toEqual(['cache', 'db', 'web']);
    expect(zshComplete('compose2systemd --env-file proj/nightly.env -f proj/compose.yaml --profile ')).toEqual(['debug', 'nightly']);
  });
});

describe('the zsh script', () => {
  test('has a case per command with its options, and the callbacks', () => {
    for (const c of spec.commands) expect(scripts.zsh).toContain(`    (${c.name})\n      _arguments -s -S`);
    expect(scripts.zsh).toContain("_compose2systemd_callback config --services --profile '*'");
    expect(scripts.zsh).toContain('_compose2systemd_callback config --profiles');
    expect(scripts.zsh).toMatch(/\(up\)\n[\s\S]*?'\*:service:_compose2systemd_services'/);
    // logs keeps -f for --follow: its global file option is offered as --file only
    const logs = /\(logs\)\n([\s\S]*?)\n {6};;/.exec(scripts.zsh)![1]!;
    expect(logs).toContain("'(-f --follow)'{-f,--follow}");
    expect(logs).toContain("'*'--file'[");
    expect(logs).not.toContain('{-f,--file}');
  });
});
