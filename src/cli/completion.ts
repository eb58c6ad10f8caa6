// Shell completion: the commander program -> a completion spec (commands, options, what each value completes to)
// -> a bash, zsh or fish script. Scripts call the CLI back for service and profile names (`config --services`,
// `config --profiles`), passing on the -f/-p/--project-directory/--env-file of the command line being completed.
import type { Argument, Command, Option } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** What the value of an option or an argument completes to. */
export type ValueKind =
  | { readonly kind: 'file' }
  | { readonly kind: 'directory' }
  | { readonly kind: 'service' }
  | { readonly kind: 'profile' }
  | { readonly kind: 'choices'; readonly choices: readonly string[] }
  /** A value the shell cannot guess (a name, a number): nothing is offered. */
  | { readonly kind: 'free' };

export interface OptionSpec {
  readonly short?: string;
  readonly long?: string;
  readonly description: string;
  /** Undefined: a flag without a value. */
  readonly value?: ValueKind;
  /** Whether the callbacks pass this option on, because it decides which project loads. */
  readonly project: boolean;
}

export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
  /** What the command's arguments complete to (variadic arguments repeat). */
  readonly args?: ValueKind;
}

export interface CompletionSpec {
  readonly program: string;
  readonly globalOptions: readonly OptionSpec[];
  readonly commands: readonly CommandSpec[];
}

/** Option values by their placeholder in the program's flags (`--file <path>`). */
const PLACEHOLDER_KINDS: Readonly<Record<string, ValueKind['kind']>> = { path: 'file', dir: 'directory', service: 'service' };
/** Options whose value is a profile name of the project. */
const PROFILE_OPTIONS = new Set(['--profile']);
/** The loader inputs: the callbacks load the same project as the command line being completed. */
const PROJECT_OPTIONS = new Set(['--file', '--project-name', '--project-directory', '--env-file']);

function valueKind(placeholder: string | undefined, choices: readonly string[] | undefined, long: string | undefined): ValueKind {
  if (choices && choices.length > 0) return { kind: 'choices', choices: [...choices] };
  if (long !== undefined && PROFILE_OPTIONS.has(long)) return { kind: 'profile' };
  const kind = placeholder === undefined ? undefined : PLACEHOLDER_KINDS[placeholder];
  return kind === 'file' || kind === 'directory' || kind === 'service' ? { kind } : { kind: 'free' };
}

function optionSpec(o: Option): OptionSpec {
  const takesValue = o.required || o.optional;
  const placeholder = /[<[]([^>\]]+)[>\]]/.exec(o.flags)?.[1];
  return {
    ...(o.short ? { short: o.short } : {}),
    ...(o.long ? { long: o.long } : {}),
    description: o.description,
    ...(takesValue ? { value: valueKind(placeholder, o.argChoices, o.long) } : {}),
    project: o.long !== undefined && PROJECT_OPTIONS.has(o.long),
  };
}

function argumentKind(args: readonly Argument[]): ValueKind | undefined {
  const a = args[0];
  if (!a) return undefined;
  return valueKind(a.name(), a.argChoices, undefined);
}

/**
 * Values of a program option that the program checks per command (`--format`), as the program itself decides
 * them; undefined where the option's definition says all.
 */
export type OptionChoices = (command: string | undefined, long: string) => readonly string[] | undefined;

/**
 * The spec of a program, from commander's own view of it (the options and commands `--help` shows). A program
 * option whose values depend on the command appears again among that command's options, with its values there.
 */
export function completionSpec(program: Command, choices: OptionChoices = () => undefined): CompletionSpec {
  const help = program.createHelp();
  const withChoices = (o: OptionSpec, command: string | undefined): OptionSpec => {
    const values = o.long !== undefined && o.value !== undefined ? choices(command, o.long) : undefined;
    return values ? { ...o, value: { kind: 'choices', choices: [...values] } } : o;
  };
  const globalOptions = help.visibleOptions(program).map(optionSpec);
  return {
    program: program.name(),
    globalOptions: globalOptions.map((o) => withChoices(o, undefined)),
    commands: help
      .visibleCommands(program)
      .filter((c) => c.name() !== 'help')
      .map((c) => {
        const args = argumentKind(c.registeredArguments);
        const own = help.visibleOptions(c).map(optionSpec);
        const ownFlags = new Set(own.flatMap(flagsOf));
        const varying = globalOptions
          .filter((o) => !flagsOf(o).some((f) => ownFlags.has(f)))
          .map((o) => ({ global: withChoices(o, undefined), here: withChoices(o, c.name()) }))
          .filter(({ global, here }) => JSON.stringify(global.value) !== JSON.stringify(here.value))
          .map(({ here }) => here);
        return { name: c.name(), description: c.description(), options: [...own, ...varying], ...(args ? { args } : {}) };
      }),
  };
}

export function completionScript(spec: CompletionSpec, shell: Shell): string {
  switch (shell) {
    case 'bash':
      return bashScript(spec);
    case 'zsh':
      return zshScript(spec);
    case 'fish':
      return fishScript(spec);
  }
}

// ---------------------------------------------------------------------------------------------
// Shared

const flagsOf = (o: OptionSpec): string[] => [o.short, o.long].filter((f): f is string => f !== undefined);
const firstLine = (text: string): string => text.split('\n')[0]!.trim();
/** A shell identifier made from the program name. */
const ident = (spec: CompletionSpec): string => `_${spec.program.replace(/[^A-Za-z0-9_]/g, '_')}`;

/** Global options with the flags a command shadows removed (`logs -f` is --follow, not --file). */
function globalsFor(spec: CompletionSpec, command: CommandSpec | undefined): OptionSpec[] {
  if (!command) return [...spec.globalOptions];
  const own = new Set(command.options.flatMap(flagsOf));
  return spec.globalOptions.flatMap((o) => {
    const short = o.short !== undefined && !own.has(o.short) ? o.short : undefined;
    const long = o.long !== undefined && !own.has(o.long) ? o.long : undefined;
    if (short === undefined && long === undefined) return [];
    const { short: _s, long: _l, ...rest } = o;
    return [{ ...rest, ...(short !== undefined ? { short } : {}), ...(long !== undefined ? { long } : {}) }];
  });
}

/** Every option of a command as the command line reads it: its own first, then the global ones it leaves. */
function optionsFor(spec: CompletionSpec, command: CommandSpec | undefined): OptionSpec[] {
  return [...(command?.options ?? []), ...globalsFor(spec, command)];
}

const CALLBACK_SERVICES = "config --services --profile '*'";
/** fish reads `-a '(...)'` inside single quotes: the star goes in double quotes there. */
const FISH_CALLBACK_SERVICES = 'config --services --profile "*"';
const CALLBACK_PROFILES = 'config --profiles';

// ---------------------------------------------------------------------------------------------
// bash

const bashWord = (w: string): string => (/^[A-Za-z0-9_.,:/=+@%-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`);

function bashCompgen(kind: ValueKind, fn: string): string {
  switch (kind.kind) {
    case 'file':
      return 'compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur")';
    case 'directory':
      return 'compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- "$cur")';
    case 'service':
      return `mapfile -t COMPREPLY < <(compgen -W "$(${fn}_callback ${CALLBACK_SERVICES})" -- "$cur")`;
    case 'profile':
      return `mapfile -t COMPREPLY < <(compgen -W "$(${fn}_callback ${CALLBACK_PROFILES})" -- "$cur")`;
    case 'choices':
      return `mapfile -t COMPREPLY < <(compgen -W ${bashWord(kind.choices.join(' '))} -- "$cur")`;
    case 'free':
      return 'COMPREPLY=()';
  }
}

/** `case "$cmd:$word"` patterns for options, shadowing entries first so they win over the global ones. */
function bashOptionCases(spec: CompletionSpec, select: (o: OptionSpec) => boolean, body: (o: OptionSpec) => string): string[] {
  const lines: string[] = [];
  for (const c of spec.commands) {
    for (const o of c.options) if (select(o)) lines.push(`      ${flagsOf(o).map((f) => `${c.name}:${f}`).join('|')}) ${body(o)} ;;`);
    // a command's own flag shadows a global one of the same spelling: it takes no value there
    const shadowed = spec.globalOptions.filter(select).flatMap(flagsOf).filter((f) => c.options.some((o) => flagsOf(o).includes(f) && !select(o)));
    if (shadowed.length > 0) lines.push(`      ${shadowed.map((f) => `${c.name}:${f}`).join('|')}) ;;`);
  }
  for (const o of spec.globalOptions) if (select(o)) lines.push(`      ${flagsOf(o).map((f) => `*:${f}`).join('|')}) ${body(o)} ;;`);
  return lines;
}

function bashScript(spec: CompletionSpec): string {
  const fn = ident(spec);
  const takesValue = (o: OptionSpec) => o.value !== undefined;
  const commandWords = spec.commands.map((c) => c.name).join(' ');
  const optionWords = (c: CommandSpec | undefined) => optionsFor(spec, c).flatMap(flagsOf).join(' ');
  return `# bash completion for ${spec.program}. Generated by \`${spec.program} completion bash\`; load it with
#   source <(${spec.program} completion bash)
# or save it as ~/.local/share/bash-completion/completions/${spec.program}.

# The options of the command line that decide which project loads, for the callbacks.
${fn}_project_args() {
  local i=1 w cmd=""
  while (( i < COMP_CWORD )); do
    w="\${COMP_WORDS[i]}"
    if [[ -z "$cmd" && "$w" != -* ]]; then
      cmd="$w"
    else
      case "$cmd:$w" in
${bashOptionCases(spec, takesValue, (o) => (o.project ? 'printf \'%s\\n\' "$w" "${COMP_WORDS[i+1]}"; ((i++))' : '((i++))')).join('\n')}
      esac
    fi
    ((i++))
  done
}

# Runs the program being completed with the project options of the line; prints nothing on any error.
${fn}_callback() {
  local -a project
  mapfile -t project < <(${fn}_project_args)
  "\${COMP_WORDS[0]}" "$@" "\${project[@]}" 2>/dev/null
}

${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" i=1 w
  (( COMP_CWORD > 0 )) && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  COMPREPLY=()
  # the command is the first word that is neither an option nor an option's value
  while (( i < COMP_CWORD )); do
    w="\${COMP_WORDS[i]}"
    if [[ "$w" != -* ]]; then cmd="$w"; break; fi
    case ":$w" in
${spec.globalOptions.filter(takesValue).map((o) => `      ${flagsOf(o).map((f) => `:${f}`).join('|')}) ((i++)) ;;`).join('\n')}
    esac
    ((i++))
  done

  case "$cmd:$prev" in
${bashOptionCases(spec, takesValue, (o) => `${bashCompgen(o.value!, fn)}; return`).join('\n')}
  esac

  if [[ "$cur" == -* ]]; then
    case "$cmd" in
${spec.commands.map((c) => `      ${bashWord(c.name)}) mapfile -t COMPREPLY < <(compgen -W ${bashWord(optionWords(c))} -- "$cur") ;;`).join('\n')}
      *) mapfile -t COMPREPLY < <(compgen -W ${bashWord(optionWords(undefined))} -- "$cur") ;;
    esac
    return
  fi
  if [[ -z "$cmd" ]]; then
    mapfile -t COMPREPLY < <(compgen -W ${bashWord(commandWords)} -- "$cur")
    return
  fi
  case "$cmd" in
${spec.commands.filter((c) => c.args).map((c) => `    ${bashWord(c.name)}) ${bashCompgen(c.args!, fn)} ;;`).join('\n')}
  esac
}

complete -F ${fn} ${spec.program}
`;
}

// ---------------------------------------------------------------------------------------------
// zsh

const zshQuote = (text: string): string => `'${text.replace(/'/g, "'\\''")}'`;
/** An `_arguments` explanation: brackets and colons would end it early. */
const zshExplain = (text: string): string => firstLine(text).replace(/\\/g, '\\\\').replace(/[[\]:]/g, (c) => `\\${c}`);

function zshAction(kind: ValueKind, fn: string): string {
  switch (kind.kind) {
    case 'file':
      return '_files';
    case 'directory':
      return '_files -/';
    case 'service':
      return `${fn}_services`;
    case 'profile':
      return `${fn}_profiles`;
    case 'choices':
      return `(${kind.choices.join(' ')})`;
    case 'free':
      return ' ';
  }
}

function zshOptionSpecs(options: readonly OptionSpec[], fn: string): string[] {
  return options.map((o) => {
    const flags = flagsOf(o);
    // repeatable options (`-f a -f b`) may appear again; the others exclude each other's spellings
    const repeatable = o.description.includes('repeatable');
    const prefix = repeatable ? '*' : flags.length > 1 ? `(${flags.join(' ')})` : '';
    const value = o.value ? `:${zshExplain(o.long?.replace(/^--/, '') ?? 'value')}:${zshAction(o.value, fn)}` : '';
    const names = flags.length > 1 ? `{${flags.join(',')}}` : flags[0]!;
    return `${zshQuote(prefix)}${names}${zshQuote(`[${zshExplain(o.description)}]${value}`)}`;
  });
}

/** The `case $w` lines of the zsh project-args loop: shadowing flags first, then project options, then other valued ones. */
function zshCaseLines(spec: CompletionSpec, valued: readonly OptionSpec[], project: readonly OptionSpec[]): string {
  const lines = spec.commands.flatMap((c) =>
    c.options
      .filter((o) => o.value === undefined)
      .flatMap(flagsOf)
      .filter((f) => valued.some((g) => flagsOf(g).includes(f)))
      .map((f) => `      (${f}) [[ $cmd == ${c.name} ]] && continue ;|`),
  );
  const projectFlags = project.flatMap(flagsOf);
  if (projectFlags.length > 0) lines.push(`      (${projectFlags.join('|')}) reply+=($w \${words[i+1]}); (( i++ )) ;;`);
  const otherFlags = valued.filter((o) => !o.project).flatMap(flagsOf);
  if (otherFlags.length > 0) lines.push(`      (${otherFlags.join('|')}) (( i++ )) ;;`);
  return lines.join('\n');
}

function zshScript(spec: CompletionSpec): string {
  const fn = ident(spec);
  const valued = spec.globalOptions.filter((o) => o.value !== undefined);
  const project = spec.globalOptions.filter((o) => o.project);
  const block = (lines: string[], indent: string) => lines.map((l) => `${indent}${l} \\`).join('\n');
  return `#compdef ${spec.program}
# zsh completion for ${spec.program}. Generated by \`${spec.program} completion zsh\`; save it as _${spec.program}
# in a directory of $fpath (before compinit runs), or load it with: source <(${spec.program} completion zsh)

# The options of the command line that decide which project loads, for the callbacks (into $reply).
${fn}_project_args() {
  reply=()
  local i w cmd=
  for (( i = 2; i < CURRENT; i++ )); do
    w=\${words[i]}
    if [[ -z $cmd && $w != -* ]]; then
      cmd=$w
      continue
    fi
    case $w in
${zshCaseLines(spec, valued, project)}
    esac
  done
}

${fn}_callback() {
  local -a reply
  ${fn}_project_args
  \${words[1]} "$@" $reply 2>/dev/null
}

${fn}_commands() {
  local -a commands
  commands=(
${spec.commands.map((c) => `    ${zshQuote(`${c.name}:${firstLine(c.description)}`)}`).join('\n')}
  )
  _describe -t commands command commands
}

${fn}_services() {
  local -a services
  services=(\${(f)"$(${fn}_callback ${CALLBACK_SERVICES})"})
  _describe -t services service services
}

${fn}_profiles() {
  local -a profiles
  profiles=(\${(f)"$(${fn}_callback ${CALLBACK_PROFILES})"})
  _describe -t profiles profile profiles
}

${fn}() {
  local i w cmd=
  for (( i = 2; i < CURRENT; i++ )); do
    w=\${words[i]}
    if [[ $w != -* ]]; then
      cmd=$w
      break
    fi
    case $w in
      (${valued.flatMap(flagsOf).join('|')}) (( i++ )) ;;
    esac
  done
  case $cmd in
    ('')
      _arguments -s -S \\
${block(zshOptionSpecs(spec.globalOptions, fn), '        ')}
        '1:command:${fn}_commands'
      ;;
${spec.commands
  .map(
    (c) => `    (${c.name})
      _arguments -s -S \\
${block(zshOptionSpecs(optionsFor(spec, c), fn), '        ')}
        ':command:'${c.args ? ` \\\n        '*:${c.args.kind === 'choices' ? 'argument' : c.args.kind}:${zshAction(c.args, fn)}'` : ''}
      ;;`,
  )
  .join('\n')}
  esac
}

if (( $+functions[compdef] )); then
  compdef ${fn} ${spec.program}
fi
`;
}

// ---------------------------------------------------------------------------------------------
// fish

const fishQuote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fishValue(kind: ValueKind, fn: string): string {
  switch (kind.kind) {
    case 'file':
      return ' -r -F';
    case 'directory':
      return ` -r -f -a '(__fish_complete_directories)'`;
    case 'service':
      return ` -r -f -a '(${fn}_callback ${FISH_CALLBACK_SERVICES})'`;
    case 'profile':
      return ` -r -f -a '(${fn}_callback ${CALLBACK_PROFILES})'`;
    case 'choices':
      return ` -r -f -a ${fishQuote(kind.choices.join(' '))}`;
    case 'free':
      return ' -r -f';
  }
}

function fishOption(o: OptionSpec, condition: string, fn: string): string {
  const flags = [o.short ? ` -s ${o.short.replace(/^-/, '')}` : '', o.long ? ` -l ${o.long.replace(/^--/, '')}` : ''].join('');
  return `complete -c ${'%PROGRAM%'} -n ${fishQuote(condition)}${flags}${o.value ? fishValue(o.value, fn) : ''} -d ${fishQuote(firstLine(o.description))}`;
}

function fishScript(spec: CompletionSpec): string {
  const fn = ident(spec);
  const valued = spec.globalOptions.filter((o) => o.value !== undefined);
  const lines: string[] = [];
  lines.push(`complete -c ${spec.program} -f`);
  for (const c of spec.commands) lines.push(`complete -c ${spec.program} -n '${fn}_no_command' -a ${fishQuote(c.name)} -d ${fishQuote(firstLine(c.description))}`);
  // global options: everywhere, but a spelling a command uses for its own option only outside that command
  for (const o of spec.globalOptions) {
    const shadowing = spec.commands.filter((c) => c.options.some((own) => flagsOf(own).some((f) => flagsOf(o).includes(f))));
    if (shadowing.length === 0) {
      lines.push(fishOption(o, 'true', fn));
      continue;
    }
    const names = shadowing.map((c) => c.name).join(' ');
    lines.push(fishOption(o, `not ${fn}_command_is ${names}`, fn));
    for (const c of shadowing) {
      const [left] = globalsFor(spec, c).filter((g) => g.long === o.long || g.short === o.short);
      if (left) lines.push(fishOption(left, `${fn}_command_is ${c.name}`, fn));
    }
  }
  for (const c of spec.commands) {
    for (const o of c.options) lines.push(fishOption(o, `${fn}_command_is ${c.name}`, fn));
    if (c.args) {
      const value = fishValue(c.args, fn).replace(' -r', '');
      lines.push(`complete -c ${spec.program} -n '${fn}_command_is ${c.name}'${value}`);
    }
  }
  return `# fish completion for ${spec.program}. Generated by \`${spec.program} completion fish\`; save it as
# ~/.config/fish/completions/${spec.program}.fish, or load it with: ${spec.program} completion fish | source

# The command of the line being completed (the first word that is neither an option nor an option's value).
function ${fn}_command
    set -l tokens (commandline -opc)
    set -l i 2
    while test $i -le (count $tokens)
        set -l w $tokens[$i]
        if not string match -q -- '-*' $w
            echo $w
            return 0
        end
        if contains -- $w ${valued.flatMap(flagsOf).join(' ')}
            set i (math $i + 1)
        end
        set i (math $i + 1)
    end
    return 1
end

function ${fn}_no_command
    not ${fn}_command >/dev/null
end

function ${fn}_command_is
    contains -- (${fn}_command) $argv
end

# The options of the command line that decide which project loads, for the callbacks.
function ${fn}_project_args
    set -l tokens (commandline -opc)
    set -l cmd
    set -l i 2
    while test $i -le (count $tokens)
        set -l w $tokens[$i]
        if test -z "$cmd"; and not string match -q -- '-*' $w
            set cmd $w
        else if contains -- "$cmd:$w" ${spec.commands.flatMap((c) => c.options.filter((o) => o.value === undefined).flatMap(flagsOf).filter((f) => valued.some((g) => flagsOf(g).includes(f))).map((f) => `${c.name}:${f}`)).join(' ') || "''"}
            # a command's own flag of the same spelling takes no value
        else if contains -- $w ${spec.globalOptions.filter((o) => o.project).flatMap(flagsOf).join(' ')}
            set -l next (math $i + 1)
            printf '%s\\n' $w $tokens[$next]
            set i $next
        else if contains -- $w ${valued.filter((o) => !o.project).flatMap(flagsOf).join(' ')}
            set i (math $i + 1)
        end
        set i (math $i + 1)
    end
end

function ${fn}_callback
    set -l tokens (commandline -opc)
    $tokens[1] $argv (${fn}_project_args) 2>/dev/null
end

${lines.join('\n').replaceAll('%PROGRAM%', spec.program)}
`;
}
