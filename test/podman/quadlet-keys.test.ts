// `--security-opt` values get a [Container] key only in the spellings the generator writes back unchanged, and only
// on a podman whose generator has that key; every other value stays in PodmanArgs=.
import { describe, expect, it } from 'vitest';
import { containerKeyFor } from '../../src/podman/quadlet-keys.js';

describe('containerKeyFor --security-opt', () => {
  it('maps each value with a key of its own, the key taking the part after `=`', () => {
    expect(containerKeyFor('--security-opt', 'no-new-privileges', '4.4')).toMatchObject({ key: 'NoNewPrivileges', mode: 'switch' });
    expect(containerKeyFor('--security-opt', 'seccomp=/etc/seccomp.json', '4.4')).toMatchObject({ key: 'SeccompProfile', value: '/etc/seccomp.json' });
    expect(containerKeyFor('--security-opt', 'label=disable', '5.3')).toMatchObject({ key: 'SecurityLabelDisable', mode: 'switch' });
    expect(containerKeyFor('--security-opt', 'apparmor=unconfined', '5.8')).toMatchObject({ key: 'AppArmor', value: 'unconfined' });
  });

  it('leaves a key to PodmanArgs= below the version that has it', () => {
    expect(containerKeyFor('--security-opt', 'label=disable', '5.2')).toBeUndefined();
    expect(containerKeyFor('--security-opt', 'apparmor=unconfined', '5.7')).toBeUndefined();
  });

  it('leaves other spellings and values to PodmanArgs=', () => {
    for (const v of ['no-new-privileges:true', 'no-new-privileges=false', 'seccomp:unconfined', 'label:disable', 'label=type:spc_t', 'mask=/proc/acpi', 'seccomp=']) {
      expect(containerKeyFor('--security-opt', v, '5.8'), v).toBeUndefined();
    }
    expect(containerKeyFor('--security-opt', undefined, '5.8')).toBeUndefined();
  });

  it('gives a switch flag that comes with a value no key', () => {
    expect(containerKeyFor('--read-only', 'yes', '5.8')).toBeUndefined();
    expect(containerKeyFor('--read-only', undefined, '5.8')).toMatchObject({ key: 'ReadOnly', mode: 'switch' });
  });
});
