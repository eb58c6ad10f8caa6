// Stage 10, output (plain units and Quadlet): a service's `x-systemd:` -> directives added to its unit's (or
// Quadlet file's) [Unit], [Service] and [Install] sections, after the generated ones, escaped as every other value.
// Codes: C722 (a section or directive the unit cannot take), C723 (a directive systemd does not know: left out).
import { closestName } from '../../diagnostics/closest-name.js';
import type { Service, SystemdDirective } from '../../model/types.js';
import { planCodes } from '../../plan/codes.js';
import type { PlanContext } from '../../plan/plan-context.js';
import type { UnitDraft } from '../../systemd/unit-draft.js';

type Section = 'Unit' | 'Service' | 'Install';

const CONDITIONS = [
  'Architecture', 'Firmware', 'Virtualization', 'Host', 'KernelCommandLine', 'KernelVersion', 'Credential', 'Environment', 'Security',
  'Capability', 'ACPower', 'NeedsUpdate', 'FirstBoot', 'PathExists', 'PathExistsGlob', 'PathIsDirectory', 'PathIsSymbolicLink',
  'PathIsMountPoint', 'PathIsReadWrite', 'PathIsEncrypted', 'DirectoryNotEmpty', 'FileNotEmpty', 'FileIsExecutable', 'User', 'Group',
  'ControlGroupController', 'Memory', 'CPUs', 'CPUFeature', 'OSRelease', 'MemoryPressure', 'CPUPressure', 'IOPressure',
];

/** The directives of systemd.unit(5) [Unit], including every Condition and Assert. */
const UNIT = [
  'Description', 'Documentation', 'Wants', 'Requires', 'Requisite', 'BindsTo', 'PartOf', 'Upholds', 'Conflicts', 'Before', 'After',
  'OnFailure', 'OnSuccess', 'PropagatesReloadTo', 'ReloadPropagatedFrom', 'PropagatesStopTo', 'StopPropagatedFrom', 'JoinsNamespaceOf',
  'RequiresMountsFor', 'WantsMountsFor', 'OnFailureJobMode', 'IgnoreOnIsolate', 'StopWhenUnneeded', 'RefuseManualStart',
  'RefuseManualStop', 'AllowIsolate', 'DefaultDependencies', 'SurviveFinalKillSignal', 'CollectMode', 'FailureAction', 'SuccessAction',
  'FailureActionExitStatus', 'SuccessActionExitStatus', 'JobTimeoutSec', 'JobRunningTimeoutSec', 'JobTimeoutAction',
  'JobTimeoutRebootArgument', 'StartLimitIntervalSec', 'StartLimitBurst', 'StartLimitAction', 'RebootArgument', 'SourcePath',
  ...CONDITIONS.map((c) => `Condition${c}`), ...CONDITIONS.map((c) => `Assert${c}`),
];

const INSTALL = ['Alias', 'WantedBy', 'RequiredBy', 'UpheldBy', 'Also', 'DefaultInstance'];

/** systemd.service(5), systemd.exec(5), systemd.resource-control(5) and systemd.kill(5). */
const SERVICE = [
  // service
  'Type', 'ExitType', 'RemainAfterExit', 'GuessMainPID', 'PIDFile', 'BusName', 'ExecStart', 'ExecStartPre', 'ExecStartPost', 'ExecCondition',
  'ExecReload', 'ExecStop', 'ExecStopPost', 'RestartSec', 'RestartSteps', 'RestartMaxDelaySec', 'TimeoutStartSec', 'TimeoutStopSec',
  'TimeoutAbortSec', 'TimeoutSec', 'TimeoutStartFailureMode', 'TimeoutStopFailureMode', 'RuntimeMaxSec', 'RuntimeRandomizedExtraSec',
  'WatchdogSec', 'Restart', 'RestartMode', 'SuccessExitStatus', 'RestartPreventExitStatus', 'RestartForceExitStatus', 'RootDirectoryStartOnly',
  'NonBlocking', 'NotifyAccess', 'Sockets', 'FileDescriptorStoreMax', 'FileDescriptorStorePreserve', 'OOMPolicy', 'OpenFile', 'ReloadSignal',
  // exec
  'WorkingDirectory', 'RootDirectory', 'RootImage', 'MountAPIVFS', 'BindPaths', 'BindReadOnlyPaths', 'User', 'Group', 'DynamicUser',
  'SupplementaryGroups', 'PAMName', 'CapabilityBoundingSet', 'AmbientCapabilities', 'NoNewPrivileges', 'SecureBits', 'SELinuxContext',
  'AppArmorProfile', 'SmackProcessLabel', 'LimitCPU', 'LimitFSIZE', 'LimitDATA', 'LimitSTACK', 'LimitCORE', 'LimitRSS', 'LimitNOFILE',
  'LimitAS', 'LimitNPROC', 'LimitMEMLOCK', 'LimitLOCKS', 'LimitSIGPENDING', 'LimitMSGQUEUE', 'LimitNICE', 'LimitRTPRIO', 'LimitRTTIME',
  'UMask', 'CoredumpFilter', 'KeyringMode', 'OOMScoreAdjust', 'TimerSlackNSec', 'Personality', 'IgnoreSIGPIPE', 'Nice',
  'CPUSchedulingPolicy', 'CPUSchedulingPriority', 'CPUSchedulingResetOnFork', 'CPUAffinity', 'NUMAPolicy', 'NUMAMask', 'IOSchedulingClass',
  'IOSchedulingPriority', 'ProtectSystem', 'ProtectHome', 'RuntimeDirectory', 'StateDirectory', 'CacheDirectory', 'LogsDirectory',
  'ConfigurationDirectory', 'RuntimeDirectoryMode', 'StateDirectoryMode', 'CacheDirectoryMode', 'LogsDirectoryMode',
  'ConfigurationDirectoryMode', 'RuntimeDirectoryPreserve', 'TimeoutCleanSec', 'ReadWritePaths', 'ReadOnlyPaths', 'InaccessiblePaths',
  'ExecPaths', 'NoExecPaths', 'TemporaryFileSystem', 'PrivateTmp', 'PrivateDevices', 'PrivateNetwork', 'NetworkNamespacePath',
  'PrivateIPC', 'IPCNamespacePath', 'PrivateUsers', 'ProtectHostname', 'ProtectClock', 'ProtectKernelTunables', 'ProtectKernelModules',
  'ProtectKernelLogs', 'ProtectControlGroups', 'RestrictAddressFamilies', 'RestrictFileSystems', 'RestrictNamespaces', 'LockPersonality',
  'MemoryDenyWriteExecute', 'RestrictRealtime', 'RestrictSUIDSGID', 'RemoveIPC', 'PrivateMounts', 'MountFlags', 'ProtectProc',
  'ProcSubset', 'SystemCallFilter', 'SystemCallErrorNumber', 'SystemCallArchitectures', 'SystemCallLog', 'Environment',
  'EnvironmentFile', 'PassEnvironment', 'UnsetEnvironment', 'StandardInput', 'StandardOutput', 'StandardError', 'StandardInputText',
  'StandardInputData', 'LogLevelMax', 'LogExtraFields', 'LogRateLimitIntervalSec', 'LogRateLimitBurst', 'LogFilterPatterns',
  'LogNamespace', 'SyslogIdentifier', 'SyslogFacility', 'SyslogLevel', 'SyslogLevelPrefix', 'TTYPath', 'TTYReset', 'TTYVHangup',
  'TTYColumns', 'TTYRows', 'TTYVTDisallocate', 'LoadCredential', 'LoadCredentialEncrypted', 'ImportCredential', 'SetCredential',
  'SetCredentialEncrypted', 'UtmpIdentifier', 'UtmpMode',
  // resource control
  'Slice', 'Delegate', 'DelegateSubgroup', 'CPUAccounting', 'CPUWeight', 'StartupCPUWeight', 'CPUQuota', 'CPUQuotaPeriodSec', 'AllowedCPUs',
  'StartupAllowedCPUs', 'AllowedMemoryNodes', 'StartupAllowedMemoryNodes', 'MemoryAccounting', 'MemoryMin', 'MemoryLow',
  'StartupMemoryLow', 'DefaultStartupMemoryLow', 'MemoryHigh', 'StartupMemoryHigh', 'MemoryMax', 'StartupMemoryMax', 'MemorySwapMax',
  'StartupMemorySwapMax', 'MemoryZSwapMax', 'StartupMemoryZSwapMax', 'MemoryZSwapWriteback', 'TasksAccounting', 'TasksMax',
  'IOAccounting', 'IOWeight', 'StartupIOWeight', 'IODeviceWeight', 'IOReadBandwidthMax', 'IOWriteBandwidthMax', 'IOReadIOPSMax',
  'IOWriteIOPSMax', 'IODeviceLatencyTargetSec', 'IPAccounting', 'IPAddressAllow', 'IPAddressDeny', 'SocketBindAllow', 'SocketBindDeny',
  'RestrictNetworkInterfaces', 'DeviceAllow', 'DevicePolicy', 'ManagedOOMSwap', 'ManagedOOMMemoryPressure',
  'ManagedOOMMemoryPressureLimit', 'ManagedOOMPreference', 'MemoryPressureWatch', 'MemoryPressureThresholdSec', 'CPUShares',
  'StartupCPUShares', 'MemoryLimit',
  // kill
  'KillMode', 'KillSignal', 'RestartKillSignal', 'SendSIGHUP', 'SendSIGKILL', 'FinalKillSignal', 'WatchdogSignal',
];

const KNOWN: Readonly<Record<Section, ReadonlySet<string>>> = { Unit: new Set(UNIT), Service: new Set(SERVICE), Install: new Set(INSTALL) };

/**
 * Directives the unit's way of running the container depends on: replacing them would break start, stop or
 * readiness, so they are refused, with the compose key that sets them when there is one.
 */
const RESERVED: ReadonlyMap<string, string> = new Map([
  ['Type', 'the unit type follows the service: a one-shot job or a long-running container'],
  ['ExecStart', 'set `command`, `entrypoint` and the other service keys instead'],
  ['ExecStop', 'set `stop_signal` and `stop_grace_period` instead'],
  ['NotifyAccess', 'podman reports readiness through it'],
  ['PIDFile', 'podman reports the main process itself'],
  ['RemainAfterExit', 'the unit type follows the service'],
  ['KillMode', 'podman stops the container; systemd must not kill its processes first'],
  ['Restart', 'set `restart:` (or `deploy.restart_policy`) instead'],
  ['Delegate', 'podman manages the container\'s cgroup'],
]);

/** Directives that run a command: the value is the command's arguments, one YAML list item each. */
const EXEC = new Set(['ExecStartPre', 'ExecStartPost', 'ExecCondition', 'ExecReload', 'ExecStopPost']);

/** Writes the service's `x-systemd:` into `d`; called last, so a one-value directive the unit has already is overridden. */
export function writeSystemdExtension(ctx: PlanContext, d: UnitDraft, s: Service): void {
  const ext = s.systemd;
  if (!ext) return;
  for (const section of ext.sections) {
    if (section.name !== 'Unit' && section.name !== 'Service' && section.name !== 'Install') {
      const close = closestName(section.name, ['Unit', 'Service', 'Install']);
      ctx.report(planCodes.systemdExtensionRefused, `\`x-systemd\` of service ${s.name}: a unit takes no section \`${section.name}\` from the compose file`, section.pointer, {
        atKey: true,
        help: close !== undefined && close !== section.name ? `did you mean \`${close}\`?` : 'x-systemd takes the sections Unit, Service and Install; the container itself is set by the compose keys',
      });
      continue;
    }
    if (section.directives.length > 0) d.note(section.name, `x-systemd of service ${s.name}: added from the compose file.`);
    for (const directive of section.directives) writeDirective(ctx, d, s, section.name, directive);
  }
}

function writeDirective(ctx: PlanContext, d: UnitDraft, s: Service, section: Section, directive: SystemdDirective): void {
  const { key, values, pointer } = directive;
  const where = `\`x-systemd.${section}.${key}\` of service ${s.name}`;
  if (!KNOWN[section].has(key)) {
    const other = (['Unit', 'Service', 'Install'] as const).find((o) => o !== section && KNOWN[o].has(key));
    const close = closestName(key, KNOWN[section]);
    ctx.report(planCodes.unknownSystemdDirective, `${where} is left out: systemd's [${section}] section has no directive \`${key}\``, pointer, {
      atKey: true,
      help: other !== undefined ? `\`${key}\` belongs in the [${other}] section` : close !== undefined ? `did you mean \`${close}\`?` : 'see systemd.directives(7) for every directive',
    });
    return;
  }
  if (section === 'Service' && RESERVED.has(key)) {
    ctx.report(planCodes.systemdExtensionRefused, `${where}: compose2systemd writes \`${key}=\` itself, and the unit depends on its value`, pointer, { atKey: true, help: RESERVED.get(key)! });
    return;
  }
  if (EXEC.has(key)) {
    if (!directive.list || values.length === 0) {
      ctx.report(planCodes.systemdExtensionRefused, `${where}: a command is written as the list of its arguments`, pointer, { help: `write \`${key}: ["/usr/bin/program", "argument"]\`: each item is passed as one argument, quoted as needed` });
      return;
    }
    d.exec(key, [{ args: values, pointer }], `\`x-systemd\` ${key}`);
    return;
  }
  for (const value of values) {
    if (section === 'Service' && key === 'Environment') {
      const eq = value.indexOf('=');
      if (eq <= 0) {
        ctx.report(planCodes.systemdExtensionRefused, `${where}: \`${value}\` is not NAME=VALUE`, pointer, { help: 'write each variable as NAME=VALUE, one list item each' });
        continue;
      }
      d.environment(value.slice(0, eq), value.slice(eq + 1), `\`x-systemd\` Environment ${value.slice(0, eq)}`, pointer);
    } else {
      d.text(section, key, value, `\`x-systemd\` ${key}`, pointer);
    }
  }
}
