/**
 * The command line on cells wider than 52 bits (issue 11, construct 6): a description file of w64
 * (test/spec/w64-isa.ts, 64-bit cells) assembled to an image and back, run with dumps, a trace and
 * JSON, and run under the monitor; every value above 2^53 - 1 printed exactly.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { w64 } from '../spec/w64-isa.js';

const dir = mkdtempSync(join(tmpdir(), 'vmcheck-w64-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const isa = join(dir, 'w64.json');
writeFileSync(isa, JSON.stringify(w64));
const prog = join(dir, 'prog.s');
writeFileSync(
  prog,
  `
        .org 4
        .word 0x10000 + done        ; the new PSW: supervisor,,PC
        .word 0xffff0000
        .org 0x10
        ld a1, big(a0)
        add a1, k(a0)               ; wraps
        st a1, res(a0)
        svc 0(a0)
done:   halt
big:    .word -1
k:      .word 0x8000_0000_0000_0001
res:    .word 0
`,
);
const sum = (2n ** 64n - 1n + 0x8000_0000_0000_0001n) % 2n ** 64n;

describe('vmcheck on 64-bit cells', () => {
  it('asm -o writes cells above 2^53 - 1 as digits, and run and disasm read the image back', async () => {
    const image = join(dir, 'prog.json');
    expect((await runCli('asm', isa, prog, '-o', image)).code).toBe(0);
    const written = JSON.parse(readFileSync(image, 'utf8')) as { segments: { cells: unknown[] }[] };
    expect(written.segments[1]!.cells).toContain(String(2n ** 64n - 1n));
    expect(written.segments[1]!.cells).toContain(String(0x8000_0000_0000_0001n));
    const fromImage = await runCli('run', isa, image, '--json');
    const fromSource = await runCli('run', isa, prog, '--json');
    expect(fromImage.code).toBe(0);
    expect(fromImage.out).toBe(fromSource.out);
    expect((await runCli('disasm', isa, image)).out).toMatch(/\.word 0xffffffffffffffff/);
  });

  it('an image cell that does not fit the cell width is refused by its path', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'vmcheck-image/1', isa: 'w64', segments: [{ place: 16, cells: ['18446744073709551616'] }], symbols: {} }));
    const r = await runCli('run', isa, bad);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('segments[0].cells[0]: expected an integer from 0 to 18446744073709551615 (64-bit cells), found "18446744073709551616"');
  });

  it('run: dumps, the final state and JSON give full-width values exactly', async () => {
    const r = await runCli('run', isa, prog, '--dump', '0x10:12');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`0x${sum.toString(16).padStart(16, '0')}`);
    const json = JSON.parse((await runCli('run', isa, prog, '--json')).out) as { files: { a: unknown[] }; storage: [number, unknown][] };
    expect(json.files.a[1]).toBe(String(sum));
    expect(json.storage.map(([, v]) => v)).toContain(String(0x8000_0000_0000_0001n));
  });

  it('run --trace: cells and stores above 2^53 - 1 as digits', async () => {
    const lines = (await runCli('run', isa, prog, '--trace')).out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { mnemonic?: string; cells: unknown[]; writes: { kind: string; value: unknown }[] });
    const st = lines.find((l) => l.mnemonic === 'ST')!;
    expect(typeof st.cells[0]).toBe('string');
    expect(st.writes).toContainEqual(expect.objectContaining({ kind: 'store', value: String(sum) }));
  });

  it('vmm --compare: the guest agrees with the bare machine', async () => {
    const r = await runCli('vmm', isa, prog, '--compare');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/agrees with the bare machine/);
  });
});
