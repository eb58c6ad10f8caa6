// `completion SHELL`: print a bash, zsh or fish completion script made from this program's own commands and options.
import { Argument, type Command } from 'commander';
import { completionScript, completionSpec, SHELLS, type OptionChoices, type Shell } from '../completion.js';
import type { CliIo } from '../io.js';

export function registerCompletion(program: Command, io: CliIo, setExit: (code: number) => void, optionChoices?: OptionChoices): void {
  program
    .command('completion')
    .description('print a shell completion script: commands, options, service and profile names')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(SHELLS))
    .addHelpText('after', '\nExamples:\n  $ source <(compose2systemd completion bash)\n  $ compose2systemd completion fish > ~/.config/fish/completions/compose2systemd.fish')
    .action((shell: Shell) => {
      io.stdout(completionScript(completionSpec(program, optionChoices), shell));
      setExit(0);
    });
}
