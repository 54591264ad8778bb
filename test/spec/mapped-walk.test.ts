/**
 * Walk stores onto a register mapped into storage (pw8w, mapped-walk-isa.ts): a kernel store sets
 * KPDR.W through KPDR's cell, with the rules of an ordinary store there (a whole-register write,
 * the read-only field kept), after the access's checks and before the access itself. Held for the
 * reference evaluator, the compiled machine (run and step, random programs), Z3 (three-way on
 * random steps), the checker's verdicts and the monitors against the bare run.
 */
import { describe, expect, it } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { expectThreeWay, type Case } from '../machine/three-way.js';
import { instructionWordOf } from '../../testing/instructions.js';
import { assemble } from '../../asm/index.js';
import { RefState, referenceFullStep } from '../../machine/reference.js';
import { Machine } from '../../machine/index.js';
import type { IsaDescription } from '../../spec/description.js';
import { validateIsa } from '../../spec/index.js';
import { checkIsa } from '../../proofs/index.js';
import { guestDifferences, runBare, runUnderMonitor } from '../../vmm/index.js';
import { machineRun, referenceRun } from '../machine/feature-isa.js';
import { isaFeatures, smallIsa } from '../oracle/random-isa.js';
import { mapWritesStorage } from '../../spec/address-map.js';
import { cells } from '../machine/helpers.js';
import { set8Walk } from './set-banked-isa.js';
import { KPDR_CELL, W, pw8w, pw8wUser } from './mapped-walk-isa.js';

/** A reference state of `isa` holding `source` (kernel mode), registers as given. */
function state(isa: IsaDescription, source: string, regs: Record<string, number> = {}, r: number[] = []): RefState {
  const st = new RefState(isa);
  for (const seg of assemble(isa, source).segments) seg.cells.forEach((v, i) => st.storage.set(BigInt(seg.place + i), BigInt(v)));
  for (const [k, v] of Object.entries(regs)) st.regs.set(k, BigInt(v));
  r.forEach((v, i) => (st.files.get('r')![i] = BigInt(v)));
  return st;
}
const step = (isa: IsaDescription, st: RefState) => {
  const s = referenceFullStep(isa, st);
  st.apply(s.writes);
  return s;
};
const kpdr = (st: RefState) => Number((st.reg('KPDR.W') << 6n) | (st.reg('KPDR.ED') << 3n) | (st.reg('KPDR.ACF') << 1n));

describe('validation', () => {
  it('accepts walk stores with registers mapped into storage', () => {
    expect(validateIsa(pw8w)).toEqual([]);
  });
});

describe('the reference evaluator', () => {
  it('a kernel store sets W through the mapped cell; the storage beneath is untouched', () => {
    const st = state(pw8w, '.org 0x10\nst r1, [r0]', {}, [0x40, 0x99]);
    expect(kpdr(st)).toBe(0x06);
    step(pw8w, st);
    expect(st.cell(0x40n)).toBe(0x99n);
    expect(kpdr(st)).toBe(0x06 | W);
    expect(st.cell(BigInt(KPDR_CELL))).toBe(0n);
  });

  it('a load sets nothing, nor does a user store (pw8w) — but does in pw8w-user', () => {
    const ld = state(pw8w, '.org 0x10\nld r1, [r0]', {}, [0x40]);
    step(pw8w, ld);
    expect(kpdr(ld)).toBe(0x06);
    for (const [isa, set] of [[pw8w, 0], [pw8wUser, W]] as const) {
      const st = state(isa, '.org 0x10\nst r1, [r0]', { 'PSW.U': 1 }, [0x20, 1]);
      step(isa, st);
      expect(st.cell(0x20n)).toBe(1n);
      expect(kpdr(st)).toBe(0x06 | set);
    }
  });

  it('a store to the descriptor itself: the walk sets W first, then the access writes the value (W clear again), ED read-only', () => {
    const st = state(pw8w, '.org 0x10\nst r1, [r0]', {}, [KPDR_CELL, 0x0e]);
    step(pw8w, st);
    // 0x0e: ACF 3, ED 1 (read-only: stays 0), W 0 written after the walk set it.
    expect(kpdr(st)).toBe(0x06);
  });

  it('a store that faults (ACF read-only) sets nothing; the trap keeps no walk store', () => {
    const st = state(pw8w, '.org 3\n.byte 0x30\n.org 0x10\nst r1, [r0]\n.org 0x30\nhalt', { 'KPDR.ACF': 1 }, [0x40, 7]);
    const s = step(pw8w, st);
    expect(s.trap?.name).toBe('memory');
    expect(kpdr(st)).toBe(0x02);
    expect(st.cell(0x40n)).toBe(0n);
  });

  it('a two-cell store across a plain cell and KPDR makes the first cell’s walk store, then both cells', () => {
    // stw r0, [r2] at 0x7b: 0x11 to 0x7b, 0x06 to KPDR (W written clear after the walk set it).
    const st = state(pw8w, '.org 0x10\nstw r0, [r2]', {}, [0x11, 0x06, 0x7b]);
    step(pw8w, st);
    expect(st.cell(0x7bn)).toBe(0x11n);
    expect(kpdr(st)).toBe(0x06);
  });

  it('a later load in the same step sees the W the walk set', () => {
    // TSTLD reads [rs] after setting Z: no store; so use ST then LD across two steps and one LD of KPDR.
    const st = state(pw8w, '.org 0x10\nst r1, [r0]\nld r2, [r3]', {}, [0x40, 5, 0, KPDR_CELL]);
    step(pw8w, st);
    step(pw8w, st);
    expect(st.file('r', 2)).toBe(BigInt(0x06 | W));
  });
});

/** A random step whose registers point at KPDR's and the status word's cells often. */
const arbCaseOf = (isa: IsaDescription) =>
  fc.constantFrom(...isa.instructions).chain((insn) =>
    fc
      .record({
        word: instructionWordOf(isa, insn),
        pc: fc.integer({ min: 0x80, max: 0xe0 }),
        L: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0x18 })),
        B: fc.oneof(fc.constant(0xff), fc.integer({ min: 0, max: 0xff })),
        psw: fc.record({ U: fc.integer({ min: 0, max: 1 }), PRI: fc.integer({ min: 0, max: 7 }), Z: fc.integer({ min: 0, max: 1 }), C: fc.integer({ min: 0, max: 1 }) }),
        pdr: fc.record({ ACF: fc.oneof({ weight: 3, arbitrary: fc.constant(3) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) }), W: fc.integer({ min: 0, max: 1 }) }),
        r: fc.array(fc.oneof({ weight: 2, arbitrary: fc.constantFrom(0x7b, 0x7c, 0x7d, 0x7e, 0x7f) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xff }) }), { minLength: 4, maxLength: 4 }),
        cells: fc.array(fc.tuple(fc.integer({ min: 0x78, max: 0x7f }), fc.integer({ min: 0, max: 0xff })), { maxLength: 4 }),
      })
      .map((g): Case => {
        // Where the fetch finds the instruction: relocated by L in kernel mode, the low 64 cells in user mode.
        const at = g.psw.U === 1 ? g.pc & 0x3f : (g.pc + g.L) & 0xff;
        const code = new Set(g.word.cells.map((_, i) => (g.psw.U === 1 ? (at + i) & 0x3f : (at + i) & 0xff)));
        const storage = new Map<number, number>(g.cells.filter(([a]) => !code.has(a)));
        g.word.cells.forEach((v, i) => storage.set(g.psw.U === 1 ? (at + i) & 0x3f : (at + i) & 0xff, Number(v)));
        return {
          isa,
          insn,
          fields: g.word.fields,
          registers: {
            PC: g.pc,
            L: g.L,
            B: g.B,
            ...Object.fromEntries(Object.entries(g.psw).map(([f, v]) => [`PSW.${f}`, v])),
            'PSW.ID': 1,
            'KPDR.ACF': g.pdr.ACF,
            'KPDR.W': g.pdr.W,
          },
          files: { r: g.r },
          storage: [...storage],
        };
      }),
  );

describe('the compiled machine, the reference evaluator and Z3 agree on walk stores to a mapped register', () => {
  fcTest.prop([arbCaseOf(pw8w)], { numRuns: 60 })('one step of a random pw8w state', async (c) => {
    await expectThreeWay(c, c.insn.mnemonic);
  }, 120_000);

  fcTest.prop([arbCaseOf(pw8wUser)], { numRuns: 30 })('one step of a random pw8w-user state', async (c) => {
    await expectThreeWay(c, c.insn.mnemonic);
  }, 120_000);

  it('the generator reaches kernel stores with W clear, and kernel stores into KPDR itself', () => {
    const cases = fc.sample(arbCaseOf(pw8w), { numRuns: 2000, seed: 5 });
    const stores = cases.filter((c) => c.insn.mnemonic === 'ST' && c.registers['PSW.U'] === 0 && c.registers['KPDR.W'] === 0 && c.registers['KPDR.ACF'] === 3);
    expect(stores.length).toBeGreaterThan(10);
    const reach = (c: Case) => (Number(c.files.r![c.fields.rs!]!) + Number(c.registers.L)) & 0xff;
    const toKpdr = cases.filter((c) => c.registers['PSW.U'] === 0 && ((c.insn.mnemonic === 'ST' && reach(c) === KPDR_CELL) || (c.insn.mnemonic === 'STW' && reach(c) === KPDR_CELL - 1)));
    expect(toKpdr.length).toBeGreaterThan(5);
  });
});

describe('the compiled machine’s blocks', () => {
  const program = fc.record({
    isa: fc.constantFrom(pw8w, pw8wUser),
    words: fc.array(fc.constantFrom(...pw8w.instructions.filter((i) => i.mnemonic !== 'HALT')).chain((i) => instructionWordOf(pw8w, i)), { minLength: 2, maxLength: 10 }),
    r: fc.array(fc.oneof(fc.constantFrom(0x7b, 0x7c, 0x7e, 0x7f), fc.integer({ min: 0, max: 0xff })), { minLength: 4, maxLength: 4 }),
    U: fc.integer({ min: 0, max: 1 }),
    ACF: fc.constantFrom(1, 3, 3),
  });

  fcTest.prop([program], { numRuns: 120 })('run and step end as the reference evaluator’s steps do', ({ isa, words, r, U, ACF }) => {
    const m = new Machine(isa);
    let at = 0x80;
    for (const w of words) for (const c of w.cells) m.writeCell(at++ & 0xff, c);
    m.writeCell(3, 0x80); // a trap goes back to the start
    m.setReg('PC', 0x80);
    r.forEach((v, i) => m.setFile('r', i, v));
    m.setReg('PSW.U', U);
    m.setReg('KPDR.ACF', ACF);
    const snap = m.snapshot();
    const ref = referenceRun(isa, snap, 40);
    expect(machineRun('run', isa, snap, 40)).toEqual(ref);
    expect(machineRun('step', isa, snap, 40)).toEqual(ref);
  });
});

describe('the checker', () => {
  const witnessesReplay = (r: Awaited<ReturnType<typeof checkIsa>>) => {
    for (const i of r.instructions) for (const d of Object.values(i.definitions)) if (d.witness) expect(d.witness.replayed).toBe(true);
  };

  it('pw8w: the kernel’s stores write KPDR through the walk (control-sensitive, not privileged), no user instruction is sensitive: hybrid', async () => {
    const r = await checkIsa(pw8w);
    const st = r.instructions.find((i) => i.mnemonic === 'ST')!;
    expect(st.definitions['control-sensitive'].answer).toBe('yes');
    expect(st.definitions['user-control-sensitive'].answer).toBe('no');
    expect(r.theorems.map((t) => t.status)).toEqual(['fails', 'fails', 'holds']);
    expect(r.theorems[0]!.violators.map((v) => v.mnemonic)).toContain('ST');
    expect(r.theorems[2]!.violators).toEqual([]);
    expect(r.verdict).toBe('hybrid');
    witnessesReplay(r);
  }, 180_000);

  it('pw8w-user: a user store sets W through the walk alone (user control-sensitive): Theorem 3 fails on ST, witness in user mode', async () => {
    const r = await checkIsa(pw8wUser);
    const st = r.instructions.find((i) => i.mnemonic === 'ST')!;
    expect(st.definitions['user-control-sensitive'].answer).toBe('yes');
    const w = st.definitions['user-control-sensitive'].witness!;
    expect(w.states[0]!.mode.supervisor).toBe(false);
    expect(w.differences.map((d) => d.what).join()).toMatch(/KPDR\.W/);
    expect(r.theorems[2]!.status).toBe('fails');
    expect(r.theorems[2]!.violators.map((v) => v.mnemonic).sort()).toEqual(['ST', 'STW']);
    witnessesReplay(r);
  }, 180_000);
});

describe('the monitors', () => {
  // The kernel stores (W set), reads KPDR back, clears W by a store to KPDR, enters user mode; the
  // user's store sets nothing (pw8w); a system call brings the kernel back to halt.
  const kernel = (isa: IsaDescription) =>
    assemble(
      isa,
      `
        .org 3
        .byte handler
        .org 0x10
start:  ldi r0, 0x40
        ldi r1, 0x21
        st r1, [r0]
        ldi r3, 0x7c
        ld r2, [r3]
        ldi r1, 0x06
        st r1, [r3]
        rtu user
handler: ld r2, [r3]
        halt
user:   ldi r0, 0x20
        st r1, [r0]
        svc
`,
    );

  it('the bare run: W set by the kernel’s store, cleared through the cell, not set by the user’s', () => {
    const bare = runBare(pw8w, kernel(pw8w), { guestCells: 256 });
    expect(bare.reason).toBe('halted');
    expect(bare.state.registers['KPDR.W']).toBe(0);
    expect(bare.state.files.r![2]).toBe(0x06);
    const user = runBare(pw8wUser, kernel(pw8wUser), { guestCells: 256 });
    expect(user.state.files.r![2]).toBe(0x06 | W);
  });

  it('the hybrid monitor interprets the kernel’s walk stores on the virtual KPDR and ends as the bare run', () => {
    const bare = runBare(pw8w, kernel(pw8w), { guestCells: 256 });
    const r = runUnderMonitor(pw8w, kernel(pw8w), { hybrid: true, guestCells: 256 });
    expect(r.reason).toBe('halted');
    expect(guestDifferences(pw8w, bare.state, r.guests[0]!.state)).toEqual([]);
    expect(r.guests[0]!.statistics.direct).toBeGreaterThan(0);
  });

  it('pw8w-user under the hybrid monitor: the user’s store sets the real KPDR’s W, not the guest’s (Theorem 3 fails on ST)', () => {
    const bare = runBare(pw8wUser, kernel(pw8wUser), { guestCells: 256 });
    const r = runUnderMonitor(pw8wUser, kernel(pw8wUser), { hybrid: true, guestCells: 256 });
    expect(guestDifferences(pw8wUser, bare.state, r.guests[0]!.state)).not.toEqual([]);
  });
});

describe('random small ISAs whose walk stores reach a register mapped into storage (a bank selector among them)', () => {
  // The oracle's generator (test/oracle/random-isa.ts): a map without a table storing into its
  // mapped register's cell, R0 banked by a register's low bit, that register often the mapped one.
  const storing = smallIsa({ bank: 'by', mappedEighths: 7 }).filter((isa) => mapWritesStorage(isa) && (isa.state.storage.mapped ?? []).length > 0);
  const runOf = storing.chain((isa) =>
    fc.record({
      isa: fc.constant(isa),
      regs: fc.tuple(...isa.state.registers.map((r) => fc.nat({ max: 2 ** r.width - 1 }))),
      cells: fc.array(fc.nat({ max: 255 }), { minLength: isa.state.storage.cells, maxLength: isa.state.storage.cells }),
    }),
  );
  const seen = new Set<string>();

  fcTest.prop([runOf], { numRuns: 60 })('run and step end as the reference evaluator’s steps do', ({ isa, regs, cells }) => {
    const m = new Machine(isa);
    isa.state.registers.forEach((r, i) => m.setReg(r.name, regs[i]!));
    cells.forEach((v, p) => m.writeCell(p, v));
    const snap = m.snapshot();
    const ref = referenceRun(isa, snap, 12);
    expect(machineRun('run', isa, snap, 12)).toEqual(ref);
    expect(machineRun('step', isa, snap, 12)).toEqual(ref);
    for (const f of isaFeatures(isa)) seen.add(f);
  });

  it('reaches walk stores onto a mapped bank selector', () => {
    expect(seen.has('banked:by:mapped:walk-stores')).toBe(true);
    expect(seen.has('map:described:stores:mapped')).toBe(true);
  });
});

describe('a walk store that switches register sets (set8-walk)', () => {
  // x0 banked by ST.RS, ST at cell 0xf0; a supervisor fetch sets RS through that cell, before the
  // instruction: ADDI x0 adds to set 1's x0, and set 0's x0 is kept in its copy.
  const start = (mode: number) => {
    const m = new Machine(set8Walk);
    m.loadCells(0x20, cells(set8Walk, 'ADDI', { ra: 0, imm: 1 }));
    m.setReg('ST.M', mode);
    m.setFile('x', 0, 5);
    m.setReg('x0_set1', 9);
    return m.snapshot();
  };
  for (const how of ['run', 'step'] as const)
    it(`${how}: in supervisor mode the step runs in set 1 (x0 = 9 + 1, set 0's 5 in its copy); in user mode in set 0`, () => {
      const sup = machineRun(how, set8Walk, start(1), 1);
      expect(sup).toEqual(referenceRun(set8Walk, start(1), 1));
      expect([sup.state.registers['ST.RS'], sup.state.files.x![0], sup.state.registers.x0_set0]).toEqual([1, 10, 5]);
      const usr = machineRun(how, set8Walk, start(0), 1);
      expect(usr).toEqual(referenceRun(set8Walk, start(0), 1));
      expect([usr.state.registers['ST.RS'], usr.state.files.x![0], usr.state.registers.x0_set1]).toEqual([0, 6, 9]);
    });

  it('Z3 agrees', async () => {
    const insn = set8Walk.instructions.find((i) => i.mnemonic === 'ADDI')!;
    const at = (mode: number): Case => ({
      isa: set8Walk,
      insn,
      fields: { ra: 0, imm: 1 },
      registers: { PC: 0x20, 'ST.M': mode, 'ST.RS': 0, x0_set1: 9, B: 0xffff },
      files: { x: [5, 0, 0, 0] },
      storage: cells(set8Walk, 'ADDI', { ra: 0, imm: 1 }).map((v, i) => [0x20 + i, v] as [number, number]),
    });
    await expectThreeWay(at(1), 'ADDI (supervisor)');
    await expectThreeWay(at(0), 'ADDI (user)');
  }, 60_000);
});
