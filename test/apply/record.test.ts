import { describe, expect, it } from 'vitest';
import { parseRecord, recordPath, serializeRecord, type OwnershipRecord } from '../../src/apply/record.js';

const record: OwnershipRecord = {
  format: 1,
  project: 'myapp',
  source: 'compose.yml',
  target: 'myapp.target',
  startOrder: ['myapp-db.service', 'myapp-web.service'],
  files: [
    { name: 'myapp.target', hash: 'sha256:2' },
    { name: 'myapp-db.service', hash: 'sha256:1' },
  ],
};

describe('ownership record', () => {
  it('lives in a hidden folder of the unit directory', () => {
    expect(recordPath('/home/u/.config/systemd/user', 'myapp')).toBe('/home/u/.config/systemd/user/.compose2systemd/myapp.json');
  });

  it('serializes deterministically with files sorted, and parses back', () => {
    const text = serializeRecord(record);
    expect(text.endsWith('}\n')).toBe(true);
    const names = (JSON.parse(text) as { files: { name: string }[] }).files.map((f) => f.name);
    expect(names).toEqual(['myapp-db.service', 'myapp.target']);
    expect(serializeRecord({ ...record, files: [...record.files].reverse() })).toBe(text);
    expect(parseRecord(text, 'myapp')).toEqual({ ...record, files: [record.files[1], record.files[0]] });
  });

  const good = JSON.parse(serializeRecord(record)) as Record<string, unknown>;
  it.each([
    { name: 'not JSON', text: '{', project: 'myapp' },
    { name: 'another project', text: serializeRecord(record), project: 'other' },
    { name: 'an array', text: '[]', project: 'myapp' },
    { name: 'future format', text: JSON.stringify({ ...good, format: 2 }), project: 'myapp' },
    { name: 'a path as file name', text: JSON.stringify({ ...good, files: [{ name: '../../x.service', hash: 'h' }] }), project: 'myapp' },
    { name: 'a hidden file name', text: JSON.stringify({ ...good, files: [{ name: '.x', hash: 'h' }] }), project: 'myapp' },
    { name: 'missing hash', text: JSON.stringify({ ...good, files: [{ name: 'x.service' }] }), project: 'myapp' },
    { name: 'startOrder not strings', text: JSON.stringify({ ...good, startOrder: [1] }), project: 'myapp' },
  ])('rejects $name', ({ text, project }) => {
    expect(parseRecord(text, project)).toBeUndefined();
  });
});
