/**
 * A second opinion: the RISC-V test programs (examples/riscv) run on QEMU's virt machine and on
 * vmcheck's rv32, and their signatures — the words each program fills with the values it computed
 * (README, "Signature") — are compared word by word. Both must also say PASS. vmcheck's signature
 * is read from memory between `begin_signature` and `end_signature` when the program writes
 * `tohost`; QEMU's from the `signature begin … end` block the environment prints on the console
 * (as examples/riscv/run-qemu.sh extracts it, with the same -cpu option, read from that script).
 *
 * Programs: every one in rv32ui, rv32um, rv32ua, rv32mi, rv32si, and c/hello, c/sort (c/crc32 is
 * the benchmark, see bench/riscv.ts). Not strict/: those test spec points QEMU 7.2 gets wrong and
 * fail there by design; two of them (mpp_warl, amo_causes) are run below to show the comparison
 * can fail.
 *
 * rv32mi/ma_addr: the spec lets an execution environment either perform a misaligned load or
 * store or raise an address-misaligned exception, and each of that program's signature words
 * records which happened (1 trapped with the right cause/epc/tval, 2 performed with the right
 * value). QEMU performs them, vmcheck's rv32 traps them, so those words legitimately differ:
 * for ma_addr the test checks that both pass, that every written word on each side is 1 or 2,
 * and that both wrote the same number of words. rv32ua/lrsc_kept records in the same way whether
 * a reservation survives a trap and a store of this hart (vmcheck keeps it, QEMU drops it).
 * Every other program's signature must be equal.
 *
 * Needs qemu-system-riscv32 (Debian: qemu-system-misc; $QEMU overrides, as for run-qemu.sh).
 * Without it these tests are skipped, never failed — unless VMCHECK_REQUIRE_QEMU=1, which .ci/run
 * sets after installing it, so that CI never skips them silently.
 * QEMU runs two at a time in the background, each killed after QEMU_TIMEOUT_MS, while vmcheck
 * runs the programs in the test bodies.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rv32, rv32Sv32, rv32Sv32With } from '../../spec/index.js';
import { Machine } from '../../machine/index.js';
import { loadElf32 } from '../../loader/index.js';
import { runProgram } from '../../host/index.js';
import { bounded, findQemu, hex, parseTranscript, riscvRoot, runQemu, signatureDiff, signatureFromMemory, type QemuRun } from './signature.js';

const QEMU_TIMEOUT_MS = 5000;
const svadu = rv32Sv32With({ adUpdate: 'hardware' });
const QEMU_CONCURRENCY = 2;
const UNWRITTEN = 0xdeadbeef;

const suites = ['rv32ui', 'rv32um', 'rv32ua', 'rv32mi', 'rv32si'];
/**
 * On rv32-sv32 (the other suites on rv32): the Sv32 program QEMU agrees on; svadu on
 * rv32-sv32-svadu (hardware A/D, which QEMU 7.2's virt machine does: it sets A and D in the walk).
 */
const sv32Programs = ['sv32/sv32.elf', 'sv32/svadu.elf'];
const programs = [
  ...suites.flatMap((s) => readdirSync(join(riscvRoot, s)).filter((f) => f.endsWith('.elf')).sort().map((f) => `${s}/${f}`)),
  ...sv32Programs,
  'c/hello.elf',
  'c/sort.elf',
];
/** The programs whose signatures record an implementation's choice (see above), with how many words each writes. */
const CHOICES = new Map([
  ['rv32mi/ma_addr.elf', 10], // test cases 2–11
  ['rv32ua/lrsc_kept.elf', 3], // test cases 2–4
]);
/** A strict/ program QEMU 7.2 fails (MPP keeps the reserved value 2) and a correct model passes. */
const STRICT = 'strict/mpp_warl.elf';
/** A strict/ program QEMU 7.2 fails (a misaligned AMO reports the load cause 4, not 6). */
const STRICT_AMO = 'strict/amo_causes.elf';
/** A strict/ program QEMU 7.2 fails (an unreadable page-table entry is not an access fault there). */
const STRICT_PTE = 'sv32/pte_access.elf';

const qemu = findQemu();
const skipWhy = qemu.path ? '' : ` [skipped: ${qemu.why}]`;
/** Set by .ci/run, which installs QEMU: there a missing QEMU is a failure, not a skip. */
const required = process.env.VMCHECK_REQUIRE_QEMU === '1';
if (!qemu.path) console.warn(`test/host/qemu.test.ts: no second opinion from QEMU: ${qemu.why}; ${required ? 'VMCHECK_REQUIRE_QEMU=1: failing' : 'these tests are skipped'}.`);

it.runIf(required && !qemu.path)('QEMU is installed (VMCHECK_REQUIRE_QEMU=1)', () => {
  expect.fail(`VMCHECK_REQUIRE_QEMU=1 but ${qemu.why}`);
});

interface VmcheckRun {
  reason: string;
  tohost?: number;
  /** From memory. */
  signature: number[];
  /** The console transcript, parsed. */
  printed: ReturnType<typeof parseTranscript>;
  output: string;
}

function runVmcheck(path: string): VmcheckRun {
  const program = loadElf32(readFileSync(join(riscvRoot, path)), path);
  // The Sv32 programs need rv32-sv32 (rv32's satp is Bare only), svadu its hardware-A/D variant; everything else is rv32's.
  const machine = new Machine(path === 'sv32/svadu.elf' ? svadu : path.startsWith('sv32/') ? rv32Sv32 : rv32);
  const r = runProgram(machine, program, { maxSteps: 50_000_000, source: path });
  const out: VmcheckRun = { reason: r.reason, signature: signatureFromMemory(machine, program.symbols), printed: parseTranscript(r.output), output: r.output };
  if (r.tohost !== undefined) out.tohost = r.tohost;
  return out;
}

const tail = (s: string) => s.slice(-800);

describe.skipIf(!qemu.path)(`a second opinion: signatures on QEMU and on vmcheck agree${skipWhy}`, () => {
  let results: Map<string, Promise<QemuRun>>;
  beforeAll(() => {
    console.log(`second opinion from ${qemu.why} (${qemu.path})`);
    const all = [...programs, STRICT, STRICT_AMO, STRICT_PTE];
    const promises = bounded(all, QEMU_CONCURRENCY, (p) => runQemu(qemu.path!, p, QEMU_TIMEOUT_MS));
    // Started now, awaited by each test: mark them handled so that an early failure is not "unhandled".
    for (const p of promises) p.catch(() => {});
    results = new Map(all.map((p, i) => [p, promises[i]!]));
  });

  const qemuRun = async (path: string): Promise<QemuRun> => {
    const q = await results.get(path)!;
    expect(q.timedOut, `QEMU did not finish ${path} within ${QEMU_TIMEOUT_MS} ms:\n${tail(q.console)}`).toBe(false);
    return q;
  };

  it('finds the programs', () => {
    expect(programs.length).toBeGreaterThanOrEqual(74);
    expect(programs.filter((p) => p.startsWith('rv32ua/')).length).toBe(7);
    for (const p of ['rv32ui/simple.elf', 'rv32um/divu.elf', 'rv32ua/lrsc.elf', 'rv32mi/pmp.elf', 'rv32si/delegation.elf', ...CHOICES.keys()]) expect(programs).toContain(p);
  });

  it.each(programs.filter((p) => !CHOICES.has(p)))('%s: both pass with the same signature', async (path) => {
    const q = await qemuRun(path);
    expect(q.tohost, `QEMU on ${path}:\n${tail(q.console)}`).toBe(1);
    expect(q.signature, `QEMU printed no signature for ${path}:\n${tail(q.console)}`).toBeDefined();

    const v = runVmcheck(path);
    expect(v.reason, tail(v.output)).toBe('tohost');
    expect(v.tohost, `vmcheck on ${path}:\n${tail(v.output)}`).toBe(1);
    // What vmcheck's environment printed is what is in its memory.
    expect(v.printed.signature).toEqual(v.signature);

    const diff = signatureDiff(q.signature!, v.signature, ['QEMU', 'vmcheck']);
    expect(diff, `${path}: the signatures differ\n${diff.join('\n')}`).toEqual([]);
    if (path !== 'rv32ui/simple.elf') expect(v.signature.length).toBeGreaterThan(0); // simple only brings up the environment
    // The C programs' own output (hello prints a page) is the same too.
    expect(v.printed.program).toBe(q.program);
  });

  it.each([...CHOICES])('%s: both pass; each of its %i words records one of the two allowed behaviours', async (choice, words) => {
    const q = await qemuRun(choice);
    expect(q.tohost, tail(q.console)).toBe(1);
    const v = runVmcheck(choice);
    expect(v.tohost, tail(v.output)).toBe(1);
    const written = (sig: number[]) => sig.filter((w) => w !== UNWRITTEN);
    const qw = written(q.signature!);
    const vw = written(v.signature);
    expect(qw.length).toBe(words);
    expect(vw.length).toBe(qw.length);
    for (const w of [...qw, ...vw]) expect([1, 2]).toContain(w);
    // Documented, not asserted: QEMU 7.2 performs misaligned accesses and drops reservations (2);
    // rv32 traps them and keeps reservations (1).
    console.log(`${choice}: QEMU ${qw.map(hex).join(' ')}; vmcheck ${vw.map(hex).join(' ')}`);
  });

  it(`QEMU 7.2 fails ${STRICT_AMO} at case 2 (a misaligned AMO is not cause 6 there); vmcheck passes it`, async () => {
    const q = await qemuRun(STRICT_AMO);
    const v = runVmcheck(STRICT_AMO);
    expect(v.tohost, tail(v.output)).toBe(1);
    expect(q.tohost, `QEMU was expected to fail ${STRICT_AMO} at case 2:\n${tail(q.console)}`).toBe((2 << 1) | 1);
  });

  it(`QEMU 7.2 fails ${STRICT_PTE} at case 2 (an unreadable page-table entry is not cause 5 there); vmcheck passes it`, async () => {
    const q = await qemuRun(STRICT_PTE);
    const v = runVmcheck(STRICT_PTE);
    expect(v.tohost, tail(v.output)).toBe(1);
    expect(q.tohost, `QEMU was expected to fail ${STRICT_PTE} at case 2:\n${tail(q.console)}`).toBe((2 << 1) | 1);
    // The cause QEMU reports instead, the first word of its signature.
    console.log(`${STRICT_PTE}: QEMU cause ${q.signature?.[0]}, vmcheck cause ${v.signature[0]}`);
  });

  it(`the comparison can fail: QEMU 7.2 fails ${STRICT} (MPP keeps 2), vmcheck passes it, and the signatures differ`, async () => {
    const q = await qemuRun(STRICT);
    const v = runVmcheck(STRICT);
    expect(v.tohost, tail(v.output)).toBe(1);
    expect(q.tohost, `QEMU was expected to fail ${STRICT} at case 2:\n${tail(q.console)}`).toBe((2 << 1) | 1);
    expect(signatureDiff(q.signature!, v.signature, ['QEMU', 'vmcheck'])).not.toEqual([]);
  });
});
