// `status`: one line per unit of the installed project: systemd's state, the container's health where the
// service has a healthcheck, how often systemd restarted it, and why it is down (unit-faults.ts).
import type { Command } from 'commander';
import { projectStatus, type HealthProbe, type UnitRow } from '../../apply/status.js';
import { commandFailed } from '../../apply/steps.js';
import { fileOfUnit, unitsOfFile } from '../../apply/unit-instances.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { toJson } from '../../diagnostics/render.js';
import type { ComposeProject } from '../../model/types.js';
import { containerName, serviceUnit } from '../../plan/unit-names.js';
import { SourceRegistry } from '../../source/source-file.js';
import { addSystemOption, addUnitDirOption, findInstalled, requireHost, requireInstalled, type UnitDirFlags } from '../apply-options.js';
import { EXIT_INVALID, EXIT_OK, type CliIo } from '../io.js';
import type { ProjectFlags } from '../project-options.js';
import { reportDiagnostics } from '../report.js';

export function registerStatus(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program.command('status').description("show each unit of the installed project: its state, health, restart count and faults");
  addSystemOption(cmd);
  addUnitDirOption(cmd)
    .addHelpText(
      'after',
      `
Drop-ins in effect (\`systemctl edit\`, UNIT.d/*.conf) are listed after the table, on stderr.
Health is read from podman for services with a healthcheck in the compose file (so it needs the file;
with -p NAME alone the column shows "-"). FAULT says why a unit is down or restarting: how its container
last ended (exit status, or the signal that killed it), an OOM kill, or that systemd gave up on it.
Exit code 0 whenever the state could be read, also when units failed: gate on \`--format json\`.

Example:
  $ compose2systemd status
  UNIT                ACTIVE  SUB      HEALTH   RESTARTS  FAULT
  shop-db.service     active  running  healthy  0         -
  shop-web.service    failed  failed   -        0         failed (killed by SIGKILL, exit 137)`,
    )
    .action(async (_opts: UnitDirFlags, c: Command) => {
      const flags = c.optsWithGlobals<ProjectFlags & UnitDirFlags>();
      const host = requireHost(io);
      const found = await findInstalled(flags, io, host);
      const sources = found.sources ?? new SourceRegistry();
      const fail = (diagnostics: readonly Diagnostic[]) => {
        if (flags.format === 'json') io.stdout(JSON.stringify({ diagnostics: toJson(diagnostics, sources), units: null }, null, 2) + '\n');
        else reportDiagnostics(io, diagnostics, sources, 'text');
        setExit(EXIT_INVALID);
      };
      const required = requireInstalled(found);
      if ('diagnostics' in required) return fail(required.diagnostics);
      const installed = required.installed;
      const units = installed.record.startOrder;
      const probes = found.project ? healthProbes(found.project, installed.record.files.map((f) => f.name), units) : [];
      const status = await projectStatus(host, installed.scope, installed.name, units, probes);
      if (!status.ok) return fail([...found.diagnostics, commandFailed(status.argv, status.result, 'fix the cause and run the command again')]);
      if (flags.format === 'json') {
        io.stdout(JSON.stringify({ diagnostics: toJson(found.diagnostics, sources), project: installed.name, units: status.rows.map(rowJson) }, null, 2) + '\n');
      } else {
        reportDiagnostics(io, found.diagnostics, sources, 'text');
        io.stdout(renderTable(status.rows));
        io.stderr(dropInNote(status.rows));
      }
      setExit(EXIT_OK);
    });
}

/** A row of `status --format json`; the field names are a contract (docs/cli.md, the e2e scenarios read them). */
export function rowJson(r: UnitRow): object {
  return {
    unit: r.unit,
    loadState: r.loadState,
    activeState: r.activeState,
    subState: r.subState,
    result: r.result,
    lastExit: r.lastExit,
    oomKilled: r.oomKilled,
    gaveUp: r.gaveUp,
    fault: r.fault ?? null,
    health: r.health ?? null,
    restarts: r.restarts ?? null,
    dropIns: r.dropIns,
  };
}

/** Services with a healthcheck of their own -> their containers, one per unit (instance). */
export function healthProbes(project: ComposeProject, files: readonly string[], units: readonly string[]): HealthProbe[] {
  const probes: HealthProbe[] = [];
  for (const s of project.services.values()) {
    if (!s.healthcheck || s.healthcheck.disable) continue;
    const template = files.includes(serviceUnit(project.name, s.name, true));
    for (const unit of unitsOfFile(serviceUnit(project.name, s.name, template), units)) {
      const instance = template ? unit.slice(fileOfUnit(unit).indexOf('@') + 1, unit.lastIndexOf('.')) : '';
      probes.push({ unit, container: containerName(project.name, s.name, template, s.containerName).replace('%i', instance) });
    }
  }
  return probes;
}

/** The drop-ins systemd applies on top of the generated units: `up` keeps them, and they change what runs. */
export function dropInNote(rows: readonly UnitRow[]): string {
  const with_ = rows.filter((r) => r.dropIns.length > 0);
  if (with_.length === 0) return '';
  const lines = with_.flatMap((r) => r.dropIns.map((p) => `  ${r.unit}: ${p}\n`));
  return `note: drop-ins in effect (kept by up and down; they change the generated units):\n${lines.join('')}`;
}

export function renderTable(rows: readonly UnitRow[]): string {
  const lines = [['UNIT', 'ACTIVE', 'SUB', 'HEALTH', 'RESTARTS', 'FAULT'], ...rows.map((r) => [r.unit, r.loadState !== '' && r.loadState !== 'loaded' ? r.loadState : r.activeState, r.subState, r.health ?? '-', r.restarts === undefined ? '-' : String(r.restarts), r.fault ?? '-'])];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines.map((l) => l.map((cell, i) => (i === l.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ') + '\n').join('');
}
