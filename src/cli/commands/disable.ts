// `disable`: stop starting the project at boot (systemctl disable P.target); shares its logic with `enable`.
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerToggle } from './enable.js';

export function registerDisable(program: Command, io: CliIo, setExit: (code: number) => void): void {
  registerToggle(program, io, setExit, 'disable');
}
