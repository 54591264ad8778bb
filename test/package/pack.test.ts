/**
 * `npm pack`, as a user receives it: the file list (what is shipped and what must not be), no
 * source maps, examples that import the package by name, every export present, the install
 * size printed; then a fresh project type-checks the README's property example against
 * fast-check 4, imports the package from ESM and CommonJS, and runs a shipped TypeScript example
 * through the installed CLI. No network: see consumer.ts. Uses dist/ as built (`npm ci` builds it;
 * `npm run build` after changing sources).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryBytes, installedClosure, makeConsumer, manifest, repoRoot } from './consumer.js';

const work = mkdtempSync(join(tmpdir(), 'vmcheck-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let files: string[];
let tarball: string;
let project: string;
let installed: string;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const node = (args: string[], cwd = project) => execFileSync(process.execPath, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  // --ignore-scripts: `prepare` would rebuild dist/ under the other test files that run it.
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [packed] = JSON.parse(out) as { filename: string; entryCount: number; size: number; unpackedSize: number; files: { path: string }[] }[];
  files = packed!.files.map((f) => f.path);
  tarball = join(work, packed!.filename);
  console.log(`npm pack: ${packed!.entryCount} files, ${mb(packed!.size)} packed, ${mb(packed!.unpackedSize)} unpacked`);
  project = join(work, 'consumer');
  installed = makeConsumer(project, tarball, ['fast-check', 'ts-pattern', 'z3-solver', 'zod', 'jiti', 'vitest', '@fast-check/vitest', '@types/node']);
}, 60_000);

describe('the packed file list', () => {
  it('ships the compiled library, the CLI, the schemas, the examples and the docs', () => {
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cli/bin.js', 'dist/spec/index.js', 'dist/testing/index.d.ts', 'schema/isa.schema.json', 'schema/report.schema.json', 'schema/report-set.schema.json', 'examples/riscv-custom/rdmstatus.ts', 'examples/extension/pg74-uclock.ts', 'README.md', 'docs/reports.md'])
      expect(files, f).toContain(f);
  });

  it('ships no source maps, no bench or compiled examples, no tests or TypeScript sources of the library', () => {
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /^dist\/(bench|examples|scripts|test)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /^(test|spec|proofs|cli|bench|machine|vmm)\//.test(f))).toEqual([]);
    const js = files.filter((f) => f.endsWith('.js'));
    expect(js.filter((f) => readFileSync(join(installed, f), 'utf8').includes('sourceMappingURL')), 'a .js pointing at a map').toEqual([]);
  });

  it('has every file the exports name', () => {
    const exports = manifest(installed) as unknown as { exports: Record<string, string | Record<string, string>>; bin: Record<string, string> };
    const targets = Object.values(exports.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
    for (const t of [...targets, ...Object.values(exports.bin)]) expect(files, t).toContain(t.replace(/^\.\//, ''));
  });

  it('has examples that import only the package by name or files shipped beside them', () => {
    for (const f of files.filter((x) => x.startsWith('examples/') && /\.m?ts$/.test(x))) {
      const text = readFileSync(join(installed, f), 'utf8');
      for (const [, spec] of text.matchAll(/from\s+'([^']+)'/g)) {
        if (!spec!.startsWith('.')) {
          expect(spec, `${f} imports ${spec}`).toMatch(/^(vmcheck(\/\w+)?|node:.*)$/);
          continue;
        }
        const target = relative(installed, join(installed, f, '..', spec!)).split(sep).join('/').replace(/\.js$/, '.ts');
        expect(files, `${f} imports ${spec}`).toContain(target);
      }
    }
  });

  it('declares fast-check a peer (^4) and not a dependency, and the Node versions where require(ESM) works', () => {
    const m = manifest(installed) as ReturnType<typeof manifest> & { engines: { node: string }; devDependencies?: Record<string, string> };
    expect(m.peerDependencies).toEqual({ 'fast-check': '^4' });
    expect(m.dependencies?.['fast-check']).toBeUndefined();
    expect(m.engines.node).toBe('>=20.19');
  });

  it('installs without tsx or esbuild; the install size is printed', () => {
    const closure = installedClosure(manifest(installed));
    const names = [...closure.values()];
    expect(names).not.toContain('tsx');
    expect(names.some((n) => n.startsWith('esbuild') || n.startsWith('@esbuild/'))).toBe(false);
    expect(names).toContain('fast-check');
    const bytes = directoryBytes(installed) + [...closure.keys()].reduce((sum, dir) => sum + directoryBytes(dir), 0);
    console.log(`install size: ${mb(bytes)} (vmcheck ${mb(directoryBytes(installed))} and ${closure.size} packages: ${names.sort().join(', ')})`);
    // It was 62 MB with tsx; z3-solver's WebAssembly is 35 MB of it.
    expect(bytes).toBeLessThan(55e6);
  });
});

describe('a fresh project using the package', () => {
  it("type-checks the README's property example against fast-check 4", () => {
    const readme = readFileSync(join(installed, 'README.md'), 'utf8');
    const example = /### Properties in your own suite[^]*?```ts\n([^]*?)```/.exec(readme)?.[1];
    expect(example, 'the README has a property example').toBeDefined();
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(join(project, 'property.test.ts'), example!);
    writeFileSync(join(project, 'surface.ts'), "import { checkIsa, renderReport, rv32, type Report } from 'vmcheck';\nexport const run = async (): Promise<Report> => checkIsa(rv32);\nexport const show = (r: Report): string => renderReport(r, 'html');\n");
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', noEmit: true, types: ['node'], skipLibCheck: false }, include: ['*.ts'] }),
    );
    const fastCheck = manifest(join(project, 'node_modules', 'fast-check'));
    expect(fastCheck.version).toMatch(/^4\./);
    console.log(`type-checking the README's example against fast-check ${fastCheck.version}`);
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    let output = '';
    try {
      output = execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe('');
  }, 60_000);

  it("imports from ESM and requires from CommonJS (Node >= 20.19), and the report schemas resolve", () => {
    expect(node(['--input-type=module', '-e', "const m = await import('vmcheck'); console.log(typeof m.checkIsa, m.rv32.name)"]).trim()).toBe('function rv32');
    expect(node(['-e', "const m = require('vmcheck'); const s = require('vmcheck/spec'); console.log(typeof m.checkIsa, s.pg74.name)"]).trim()).toBe('function pg74');
    expect(node(['-e', "console.log(require('vmcheck/schema/report.json').$id, require('vmcheck/schema/report-set.json').$id)"]).trim()).toBe('urn:vmcheck:schema:report urn:vmcheck:schema:report-set');
  });

  it('runs a shipped TypeScript example through the installed CLI (the example imports vmcheck/spec)', () => {
    const out = node([join(installed, 'dist/cli/bin.js'), 'run', 'node_modules/vmcheck/examples/extension/pg74-uclock.ts', 'node_modules/vmcheck/examples/pg74/os.s']);
    expect(out).toMatch(/halted/i);
  }, 30_000);

});
