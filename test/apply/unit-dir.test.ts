import { describe, expect, it } from 'vitest';
import { defaultUnitDir } from '../../src/apply/unit-dir.js';

describe('defaultUnitDir', () => {
  it.each([
    { scope: 'user' as const, env: {}, expected: '/home/u/.config/systemd/user' },
    { scope: 'user' as const, env: { XDG_CONFIG_HOME: '/cfg' }, expected: '/cfg/systemd/user' },
    { scope: 'user' as const, env: { XDG_CONFIG_HOME: 'relative' }, expected: '/home/u/.config/systemd/user' },
    { scope: 'system' as const, env: { XDG_CONFIG_HOME: '/cfg' }, expected: '/etc/systemd/system' },
  ])('$scope with $env', ({ scope, env, expected }) => {
    expect(defaultUnitDir(scope, (n) => (env as Record<string, string>)[n], '/home/u')).toBe(expected);
  });
});
