// The real Host against a temporary directory and real child processes (node itself, so no shell is needed).
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileWriteError, tempPathFor } from '../../src/apply/host.js';
import { createNodeHost } from '../../src/apply/node-host.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'c2s-host-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const host = () => createNodeHost({ env: { PATH: '/usr/bin:/bin', ONLY: 'this' }, home: '/home/x' });

describe('node host files', () => {
  it('writes atomically, replacing a file, leaving no temp file', async () => {
    const path = join(dir, 'a.service');
    await host().writeFileAtomic(path, 'one\n');
    await host().writeFileAtomic(path, 'two\n');
    expect(await readFile(path, 'utf8')).toBe('two\n');
    expect(await readdir(dir)).toEqual(['a.service']);
  });

  it('replaces a symlink itself, not its target', async () => {
    const target = join(dir, 'target.txt');
    await writeFile(target, 'keep');
    await symlink(target, join(dir, 'l.service'));
    await host().writeFileAtomic(join(dir, 'l.service'), 'new');
    expect(await readFile(target, 'utf8')).toBe('keep');
    expect((await host().listDir(dir))?.find((e) => e.name === 'l.service')?.kind).toBe('file');
  });

  it('overwrites a stale temp file left by a crash', async () => {
    const path = join(dir, 'a.service');
    await writeFile(tempPathFor(path), 'half');
    await host().writeFileAtomic(path, 'full');
    expect(await readdir(dir)).toEqual(['a.service']);
  });

  it('rejects with the OS error when the directory is missing', async () => {
    await expect(host().writeFileAtomic(join(dir, 'no', 'a.service'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reads, lists with kinds, and treats absent as undefined', async () => {
    const h = host();
    await h.mkdirp(join(dir, 'sub', 'deeper'));
    await h.writeFileAtomic(join(dir, 'b.service'), 'B');
    await symlink('/dev/null', join(dir, 'masked.service'));
    expect(await h.readFile(join(dir, 'b.service'))).toBe('B');
    expect(await h.readFile(join(dir, 'none'))).toBeUndefined();
    expect(await h.listDir(join(dir, 'none'))).toBeUndefined();
    expect(await h.listDir(dir)).toEqual([
      { name: 'b.service', kind: 'file' },
      { name: 'masked.service', kind: 'symlink' },
      { name: 'sub', kind: 'dir' },
    ]);
    await h.removeFile(join(dir, 'b.service'));
    await h.removeFile(join(dir, 'b.service'));
    expect(await h.readFile(join(dir, 'b.service'))).toBeUndefined();
  });
});

describe('node host: many files with one durable point', () => {
  const files = [
    { name: 'a.service', content: 'A\n' },
    { name: 'b.service', content: 'B\n' },
    { name: 'c.target', content: 'C\n' },
  ];

  // Without \`sync\` on PATH the host fsyncs each file instead of flushing once: both must give the same files.
  it.each([
    ['one flush (sync -f)', { PATH: '/usr/bin:/bin' }],
    ['an fsync per file when sync cannot run', { PATH: '/nonexistent' }],
  ])('with %s: writes and replaces every file, 0644, leaving no temp file', async (_how, env) => {
    const h = createNodeHost({ env, home: '/home/x' });
    await writeFile(join(dir, 'b.service'), 'old');
    await writeFile(tempPathFor(join(dir, 'c.target')), 'half, from a crash');
    await h.writeFilesAtomic(dir, files);
    expect((await readdir(dir)).sort()).toEqual(['a.service', 'b.service', 'c.target']);
    for (const f of files) expect(await readFile(join(dir, f.name), 'utf8')).toBe(f.content);
    expect((await stat(join(dir, 'a.service'))).mode & 0o777).toBe(0o644);
  });

  it('gives each file exactly its mode from creation, whatever the umask or a temp file left by a crash', async () => {
    const path = join(dir, 'db.env');
    await writeFile(tempPathFor(path), 'stale, world-readable', { mode: 0o644 });
    const umask = process.umask(0o077);
    try {
      await host().writeFilesAtomic(dir, [{ name: 'db.env', content: 'S=1\n', mode: 0o600 }, { name: 'a.service', content: 'A\n' }]);
    } finally {
      process.umask(umask);
    }
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'a.service'))).mode & 0o777).toBe(0o644);
    expect(await readFile(path, 'utf8')).toBe('S=1\n');
  });

  it('a missing directory rejects naming it, with nothing written', async () => {
    const missing = join(dir, 'no');
    const error = await host().writeFilesAtomic(missing, files).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileWriteError);
    expect(error).toMatchObject({ path: join(missing, 'a.service'), written: [] });
    expect((error as FileWriteError).message).toContain('ENOENT');
  });

  it('a failed rename rejects naming that file; earlier files are new, later ones untouched, no temp file stays', async () => {
    await mkdir(join(dir, 'b.service'));
    await writeFile(join(dir, 'c.target'), 'old');
    const error = await host().writeFilesAtomic(dir, files).catch((e: unknown) => e);
    expect(error).toMatchObject({ path: join(dir, 'b.service'), written: ['a.service'] });
    expect(await readFile(join(dir, 'a.service'), 'utf8')).toBe('A\n');
    expect(await readFile(join(dir, 'c.target'), 'utf8')).toBe('old');
    expect((await readdir(dir)).sort()).toEqual(['a.service', 'b.service', 'c.target']);
  });
});

describe('node host commands', () => {
  it('runs without a shell, with the given environment only, and feeds stdin', async () => {
    const script = 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{process.stdout.write(s+"|"+process.env.ONLY+"|"+(process.env.HOME??"none"));process.stderr.write("e");process.exit(3)})';
    const result = await host().run([process.execPath, '-e', script, '$(echo not expanded)'], { stdin: 'in' });
    expect(result).toEqual({ code: 3, stdout: 'in|this|none', stderr: 'e' });
  });

  it('reports a missing program as 127 and a timeout as 124', async () => {
    expect((await host().run(['/nonexistent/program'])).code).toBe(127);
    expect((await host().run([process.execPath, '-e', 'setTimeout(()=>{},10000)'], { timeoutMs: 200 })).code).toBe(124);
  });

  it('answers env and home from its options', () => {
    expect(host().env('ONLY')).toBe('this');
    expect(host().env('HOME')).toBeUndefined();
    expect(host().homeDir()).toBe('/home/x');
  });
});
