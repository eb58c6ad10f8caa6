// x-systemd: the directives land in the unit and the Quadlet file after the generated ones, escaped; wrong
// shapes, sections and reserved directives are reported at their key.
import { describe, expect, test } from 'vitest';
import { convert } from '../../../src/api/index.js';
import { memoryFs } from '../../../src/load/loader-fs.js';

function run(xSystemd: string, format: 'units' | 'quadlet' = 'units') {
  const compose = `name: p\nservices:\n  web:\n    image: nginx\n    x-systemd:\n${xSystemd}`;
  const r = convert({ files: ['/p/compose.yaml'], cwd: '/p', env: {}, homeDir: '/h', fs: memoryFs({ '/p/compose.yaml': compose }), format, podmanVersion: '5.4' });
  const file = r.files.find((f) => f.name === (format === 'units' ? 'p-web.service' : 'p-web.container'));
  return { r, text: file?.content ?? '', codes: r.diagnostics.map((d) => d.code) };
}

const section = (text: string, name: string) => text.split(/^\[/m).find((s) => s.startsWith(`${name}]`)) ?? '';

describe('x-systemd', () => {
  test.each(['units', 'quadlet'] as const)('%s: each directive in its section, after the generated ones, a list repeated', (format) => {
    const { text, codes } = run('      Unit:\n        After: [a.service, b.service]\n      Service:\n        TimeoutStopSec: 99s\n      Install:\n        WantedBy: default.target\n', format);
    expect(codes).toEqual([]);
    const service = section(text, 'Service');
    expect(service.indexOf('TimeoutStopSec=99s')).toBeGreaterThan(service.indexOf('TimeoutStopSec=70s'));
    expect(section(text, 'Install')).toContain('WantedBy=default.target');
    expect(section(text, 'Unit').match(/^After=[ab]\.service$/gm)).toEqual(['After=a.service', 'After=b.service']);
  });

  test('values are escaped as every other value: % doubled, quoting for spaces, booleans as yes/no', () => {
    const { text } = run('      Service:\n        Environment: ["A=50% off", "B=x"]\n        NoNewPrivileges: true\n        ExecStartPre: ["/bin/echo", "two words", "%h"]\n');
    expect(text).toContain('Environment="A=50%% off"');
    expect(text).toContain('NoNewPrivileges=yes');
    expect(text).toContain('ExecStartPre=/bin/echo "two words" %%h');
  });

  test('a value that cannot be written is C702 at its key', () => {
    const { r, codes } = run('      Unit:\n        Description: "trailing \\\\"\n');
    expect(codes).toEqual(['C702']);
    expect(r.files).toEqual([]);
  });

  test('a mapping or null where a value belongs is C514', () => {
    expect(run('      Service:\n        MemoryMax: {a: 1}\n').codes).toEqual(['C514']);
    expect(run('      Service: [MemoryMax]\n').codes).toEqual(['C514']);
  });

  test('reserved directives, other sections and string commands are C722; unknown directives C723 with a hint', () => {
    const { r, codes } = run('      Service:\n        Type: simple\n        ExecStopPost: /bin/true\n        CPUWieght: 5\n      Unit:\n        MemoryMax: 1G\n      Container:\n        Image: x\n');
    expect([...codes].sort()).toEqual(['C722', 'C722', 'C722', 'C723', 'C723']);
    const helps = r.diagnostics.filter((d) => d.code === 'C723').map((d) => d.help);
    expect(helps).toContain('did you mean `CPUWeight`?');
    expect(helps).toContain('`MemoryMax` belongs in the [Service] section');
  });
});
