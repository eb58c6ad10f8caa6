// Render stage model: a unit file (or Quadlet file) under construction. Raw values in -> escaped UnitFile
// entries out; a value that cannot be written is handed to `onProblem` with the pointer of the value it came
// from (the planner turns it into C702). Knows nothing of compose.
import { InternalError } from '../diagnostics/diagnostic.js';
import { directiveValue, endsWithOddBackslashes, environmentAssignment, quoteExecArg } from './escape.js';
import { quadletValue, quadletWords } from './quadlet-escape.js';
import { comment, entry, section, unitFile, type Entry, type ExecEntry, type UnitFile } from './unit-file.js';
import type { Pointer } from '../source/origins.js';

/**
 * An argument written as is because it carries systemd specifiers we want expanded (`%t/%n.ctr-id`,
 * `P-web-%i`). Only our own fixed text and compose names (letters, digits, `._-`) go here.
 */
export interface SpecifierArg {
  readonly specifiers: string;
}

export type Arg = string | SpecifierArg;

/**
 * Placeholders for specifiers inside values built by others (src/podman gets them in names and paths and
 * returns them inside flag values): after quoting, `PLACEHOLDER + letter` becomes `%letter`. U+E000 is a
 * private-use character no compose file has a reason to hold.
 */
export const PLACEHOLDER = '\uE000';
export const INSTANCE = `${PLACEHOLDER}i`;
export const RUNTIME_DIR = `${PLACEHOLDER}t`;
/** `%E`: /etc for system units, `$XDG_CONFIG_HOME` (default ~/.config) for user units. */
export const CONFIG_DIR = `${PLACEHOLDER}E`;
const PLACEHOLDERS = /\uE000([itE])/g;

const SPECIFIER_SAFE = /^[A-Za-z0-9%@:_.,=/+-]+$/;

export function withSpecifiers(text: string): SpecifierArg {
  if (!SPECIFIER_SAFE.test(text)) throw new InternalError(`specifier argument needs quoting: ${JSON.stringify(text)}`);
  return { specifiers: text };
}

/** Arguments that belong together on one line (a flag and its value), and the compose value they came from. */
export interface ArgGroup {
  readonly args: readonly Arg[];
  readonly pointer?: Pointer;
}

export interface ValueProblem {
  readonly unit: string;
  /** What could not be written, for the message: `environment variable FOO`, `command`, ... */
  readonly what: string;
  readonly reason: string;
  readonly pointer?: Pointer;
}

/** The sections of a service unit and of the Quadlet file types, in the order they are written. */
export type SectionName = 'Unit' | 'Container' | 'Pod' | 'Network' | 'Volume' | 'Image' | 'Build' | 'Kube' | 'Quadlet' | 'Service' | 'Install';

const SECTION_ORDER: readonly SectionName[] = ['Unit', 'Container', 'Pod', 'Network', 'Volume', 'Image', 'Build', 'Kube', 'Quadlet', 'Service', 'Install'];

export class UnitDraft {
  private readonly entries = new Map<SectionName, Entry[]>();

  constructor(
    readonly name: string,
    private readonly header: readonly string[],
    private readonly onProblem: (problem: ValueProblem) => void,
  ) {}

  /** A value we wrote ourselves or escaped already (unit names, numbers, fixed words): checked, written as is. */
  set(sectionName: SectionName, key: string, value: string): this {
    if (/[\n\r\u0000]/.test(value) || /^\s|\s$/.test(value) || endsWithOddBackslashes(value)) {
      throw new InternalError(`${this.name}: ${key}= value needs escaping: ${JSON.stringify(value)}`);
    }
    this.push(sectionName, entry(key, value));
    return this;
  }

  /** A value taken from the compose file, written verbatim after escaping `%`. */
  text(sectionName: SectionName, key: string, value: string, what: string, pointer?: Pointer): this {
    const r = directiveValue(value);
    if (r.ok) this.push(sectionName, entry(key, r.text));
    else this.problem(what, r.reason, pointer);
    return this;
  }

  environment(key: string, value: string, what: string, pointer?: Pointer): this {
    const r = environmentAssignment(key, value);
    if (r.ok) this.push('Service', entry('Environment', r.text));
    else this.problem(what, r.reason, pointer);
    return this;
  }

  /** A Quadlet key read as one raw value or as a list (see quadlet-escape.ts); a list item is one word. */
  quadletValue(sectionName: SectionName, key: string, value: string, what: string, pointer?: Pointer, mode: 'raw' | 'list' = 'raw'): this {
    const r = quadletValue(value, mode);
    if (r.ok) this.push(sectionName, entry(key, r.text.replace(PLACEHOLDERS, '%$1')));
    else this.problem(what, r.reason, pointer);
    return this;
  }

  /** A Quadlet key read as command-line words (Exec=, PodmanArgs=, Environment= ...), each quoted. */
  quadletWords(sectionName: SectionName, key: string, words: readonly string[], what: string, pointer?: Pointer): this {
    const r = quadletWords(words);
    if (r.ok) this.push(sectionName, entry(key, r.text.replace(PLACEHOLDERS, '%$1')));
    else this.problem(what, r.reason, pointer);
    return this;
  }

  note(sectionName: SectionName, text: string): this {
    this.push(sectionName, comment(text));
    return this;
  }

  /**
   * A command line; `what` names it in messages. Each raw argument is quoted so that the program receives it
   * byte for byte; a failing argument is reported at its group's pointer and the whole line is dropped.
   */
  exec(key: string, groups: readonly ArgGroup[], what: string, prefix = ''): this {
    const command: string[][] = [];
    let first = true;
    for (const g of groups) {
      if (g.args.length === 0) continue;
      const words: string[] = [];
      for (const a of g.args) {
        if (typeof a !== 'string') words.push(a.specifiers);
        else {
          const q = quoteExecArg(a);
          if (!q.ok) {
            this.problem(what, q.reason, g.pointer);
            return this;
          }
          words.push(q.text.replace(PLACEHOLDERS, '%$1'));
        }
        if (first) {
          words[0] = prefix + words[0]!;
          first = false;
        }
      }
      command.push(words);
    }
    if (command.length === 0) throw new InternalError(`${this.name}: empty ${key}=`);
    const e: ExecEntry = { key, command };
    this.push('Service', e);
    return this;
  }

  build(): UnitFile {
    const sections = SECTION_ORDER.filter((s) => this.entries.has(s)).map((s) => section(s, this.entries.get(s)!));
    return unitFile(this.name, this.header, sections);
  }

  private push(sectionName: SectionName, e: Entry): void {
    const list = this.entries.get(sectionName);
    if (list) list.push(e);
    else this.entries.set(sectionName, [e]);
  }

  problem(what: string, reason: string, pointer: Pointer | undefined): void {
    this.onProblem({ unit: this.name, what, reason, ...(pointer !== undefined ? { pointer } : {}) });
  }
}
