// Build step for the executable: src/cli/process-cli.ts -> dist/cli/bundle.cjs, one CommonJS file holding the
// CLI, its dependencies and the generated validator (esbuild), plus dist/cli/bundle.cjs.v8cache, V8's code cache
// of that file after a warm-up run, which dist/cli/bin.cjs (the package's bin) hands to V8. Also writes the
// licences of the bundled packages next to the bundle. Runs after tsc (bin.cjs is tsc's output of bin.cts).
//
// Why a bundle: Node resolves, reads and compiles about a hundred modules on every start otherwise. Why
// esbuild: it bundles TypeScript and ESM/CommonJS dependencies into one file in a fraction of a second, as
// one dependency without plugins or configuration files. Why CommonJS: only a script (vm.Script) takes a code
// cache on Node 20; the cache spares every start the parse and compile of the half-megabyte schema validator.
import { build } from 'esbuild';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'cli');
const bundle = join(outDir, 'bundle.cjs');
const bin = join(outDir, 'bin.cjs');
if (!existsSync(bin)) throw new Error(`build-cli: ${relative(root, bin)} is missing; run tsc first`);

/**
 * Node built-in modules that cost a cold start more than the commands that need them: loading node:crypto,
 * node:net or node:child_process reads and runs a dozen internal modules each (5-10 ms apiece here). The
 * importers below use only these functions of them, so in the bundle each import becomes a stand-in whose
 * functions load the real module on their first call. commander needs child_process only for executable
 * subcommands, which compose2systemd has none of; the apply stage hashes unit bodies (crypto) only for `up`
 * and its kin; the model checks IP addresses (net) only when a file has one. Stand-ins are ES modules, so a
 * name missing from the list fails the build instead of being undefined at run time.
 */
const LAZY_BUILTINS = [
  { module: 'child_process', importer: /[\\/]node_modules[\\/]commander[\\/]/, names: ['spawn'] },
  { module: 'crypto', importer: /[\\/]src[\\/]apply[\\/]marker\.ts$/, names: ['createHash'] },
  { module: 'net', importer: /[\\/]src[\\/]model[\\/][^\\/]+\.ts$/, names: ['isIP'] },
];

const result = await build({
  entryPoints: [join(root, 'src', 'cli', 'process-cli.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Smaller text to read and hash on every start; identifiers stay, so an internal error still names its frame.
  minifyWhitespace: true,
  minifySyntax: true,
  // import() of a builtin (node-host loads child_process on first use) must become a require: bin.cjs runs
  // the bundle as a vm.Script, which has no loader for dynamic imports.
  supported: { 'dynamic-import': false },
  metafile: true,
  logLevel: 'warning',
  plugins: [lazyBuiltins()],
});
chmodSync(bin, 0o755);
writeFileSync(join(outDir, 'bundle-licenses.txt'), licences(result.metafile));

// Warm-up: run the commands CI pipelines run most, in this process, so that V8 compiles the functions they
// use; the code cache then holds them compiled. bin.cjs compiles the bundle, so that the cache fits it.
const { compileBundle, loadBundle, CODE_CACHE } = createRequire(import.meta.url)(bin);
const script = compileBundle();
const { runCli, diskFs } = loadBundle(script);
const example = join(root, 'examples', 'webapp', 'compose.yaml');
const WARM_UP = [
  { argv: ['convert', '-f', example], code: 0 },
  { argv: ['config', '-f', example], code: 0 },
  { argv: ['validate', '-f', example], code: 0 },
  { argv: ['graph', '-f', example], code: 0 },
  // invalid input: the schema errors' explanations and the diagnostics renderer
  { argv: ['validate', '-f', '-'], stdin: 'services:\n  web:\n    image: 1\n    ports: 80\n    restart: sometimes\n', code: 1 },
];
for (const run of WARM_UP) {
  let out = '';
  const code = await runCli(run.argv, {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    env: {},
    cwd: root,
    homeDir: '/nonexistent',
    isTTY: false,
    readStdin: () => run.stdin ?? '',
    fs: diskFs,
  });
  if (code !== run.code) throw new Error(`build-cli: the bundle's warm-up \`${run.argv.join(' ')}\` exited ${code}, not ${run.code}:\n${out}`);
}
writeFileSync(CODE_CACHE, script.createCachedData());
if (compileBundle(readFileSync(CODE_CACHE)).cachedDataRejected) throw new Error('build-cli: V8 rejects the code cache it has just made');

function lazyBuiltins() {
  return {
    name: 'lazy-builtins',
    setup(b) {
      b.onResolve({ filter: /^(node:)?[a-z_]+$/ }, (args) => {
        const name = args.path.replace(/^node:/, '');
        const lazy = LAZY_BUILTINS.find((l) => l.module === name && l.importer.test(args.importer));
        return lazy ? { path: name, namespace: 'lazy-builtin', pluginData: lazy } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
        contents: args.pluginData.names.map((n) => `export const ${n} = (...args) => require('node:${args.pluginData.module}').${n}(...args);`).join('\n'),
        loader: 'js',
      }));
    },
  };
}

/** The licence of every package in the bundle, from its own LICENSE file. */
function licences(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!m || packages.has(m[1])) continue;
    const dir = join(root, 'node_modules', m[1]);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENCE'].map((f) => join(dir, f)).find(existsSync);
    if (!file) throw new Error(`build-cli: ${m[1]} is bundled but has no LICENSE file to ship with it`);
    packages.set(m[1], `${manifest.name} ${manifest.version} (${manifest.license})\n\n${readFileSync(file, 'utf8').trim()}\n`);
  }
  const header = 'dist/cli/bundle.cjs contains these packages; their licences follow.\n';
  return [header, ...[...packages.keys()].sort().map((k) => packages.get(k))].join('\n' + '-'.repeat(72) + '\n\n');
}
