/**
 * State banked by a register field other than the mode (spec/lower/banked-registers.ts, `by`), on
 * set8: the PDP-11's two register sets, chosen by PSW<RS>. The source names x0 for the current
 * set's and x0_set1 for set 1's whatever the set; lowered, x0 holds the current set's value, and
 * every consumer — the compiled machine and the reference evaluator, the monitor, the checker —
 * sees the set a program selected.
 */
import { describe, expect, test } from 'vitest';
import { assemble, loadProgram } from '../../../asm/index.js';
import { loadIsa, validateIsa } from '../../../spec/index.js';
import { BANK_MODE } from '../../../spec/lower/banked-registers.js';
import type { IsaDescription } from '../../../spec/description.js';
import { Machine, RefState, referenceFullStep } from '../../../machine/index.js';
import { fuzzEquivalence, guestDifferences, runBare, runUnderMonitor } from '../../../vmm/index.js';
import { checkIsa } from '../../../proofs/index.js';
import { set8, set8Mapped } from '../set-banked-isa.js';

// Set 0's x0 = 0x11, set 1's x0 = 0x22 (and x1 = 0x33); x2 and x3 are shared. Then a trap from
// set 1 in user mode: the handler runs in set 0 and RTE returns to set 1.
const source = `
        .org 0x20
start:  ldi x0, 0x11
        ldi x3, 0x02
        wsaved x3               ; user mode, set 1
        ldi x3, user
        wepc x3
        ldi x2, 0x44
        setrs 1
        ldi x0, 0x22
        ldi x1, 0x33
        mov x3, x0              ; set 1's x0
        rte                     ; to user mode in set 1, at user
        .org 0x80
handler: mov x3, x0             ; set 0's x0: the trap entered set 0
        rd1 x2                  ; set 1's x0, by name
        halt
        .org 0xa0
user:   addi x0, 1              ; set 1's
        flip x0                 ; to set 0, and set 0's x0 + 1
        flip x1                 ; back to set 1, and set 1's x1 + 1
        svc
`;

function prepared(isa: IsaDescription, text = source): Machine {
  const m = new Machine(isa);
  loadProgram(assemble(isa, text), m);
  return m;
}

/** Runs `m` and the reference evaluator side by side, comparing every step. */
function lockstep(isa: IsaDescription, m: Machine, steps: number): void {
  const ref = RefState.fromSnapshot(isa, m.snapshot());
  for (let n = 0; n < steps && !m.halted; n++) {
    m.step();
    const out = referenceFullStep(isa, ref);
    ref.apply(out.writes);
    expect(m.snapshot(), `after step ${n + 1}`).toEqual(ref.toSnapshot(out.halted, n + 1));
  }
}

describe('lowering state banked by a register field', () => {
  test('each copy has the banked state’s kind and names its selector values; only steps that write the selector or name a copy are rewritten', () => {
    expect(set8.state.registers.filter((r) => r.bankOf).map((r) => [r.name, r.kind, r.width, r.bankOf])).toEqual([
      ['x0_set0', 'user', 16, { of: { file: 'x', index: 0 }, by: 'ST.RS', values: [0] }],
      ['x0_set1', 'user', 16, { of: { file: 'x', index: 0 }, by: 'ST.RS', values: [1] }],
      ['x1_set0', 'user', 16, { of: { file: 'x', index: 1 }, by: 'ST.RS', values: [0] }],
      ['x1_set1', 'user', 16, { of: { file: 'x', index: 1 }, by: 'ST.RS', values: [1] }],
    ]);
    const rewritten = (isa: IsaDescription) =>
      isa.instructions.filter((i) => i.semantics[0]?.kind === 'let' && i.semantics[0].name === BANK_MODE).map((i) => i.mnemonic);
    expect(rewritten(set8)).toEqual(['SETRS', 'FLIP', 'RD1', 'RTE']);
    // With ST in storage, any store may write RS.
    expect(rewritten(set8Mapped)).toEqual(['SETRS', 'FLIP', 'RD1', 'STB', 'RTE']);
    expect(set8.traps.sequence[0]).toMatchObject({ kind: 'let', name: BANK_MODE });
    expect(set8.traps.sequence[1]).toMatchObject({ kind: 'let', name: 'bank.by.ST.RS' });
  });

  test('a lowered description exports to JSON and loads back equal, without lowering twice', () => {
    for (const isa of [set8, set8Mapped]) expect(loadIsa(JSON.parse(JSON.stringify(isa)))).toEqual(isa);
  });

  test('bad selectors and banks are errors that name the place', () => {
    const src = (banked: unknown) => {
      const isa = structuredClone(set8) as unknown as { state: Record<string, unknown> };
      isa.state.registers = (isa.state.registers as { name: string; bankOf?: unknown }[])
        .filter((r) => !r.bankOf && !r.name.startsWith('ST.'));
      // The source form: ST with its fields again.
      (isa.state.registers as unknown[]).push({ name: 'ST', width: 8, kind: 'system', fields: [{ name: 'M', hi: 0, lo: 0 }, { name: 'RS', hi: 1, lo: 1, kind: 'user' }, { name: 'K', hi: 7, lo: 2 }] });
      isa.state.banked = banked;
      (isa as unknown as IsaDescription).instructions = set8.instructions.filter((i) => i.mnemonic === 'LDI');
      (isa as unknown as IsaDescription).traps.sequence = [];
      return validateIsa(isa as unknown as IsaDescription).map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    const x0 = { file: 'x', index: 0 };
    expect(src([{ state: x0, by: 'ST.RS', banks: [{ copy: 'a', values: [0] }, { copy: 'b', values: [1] }] }])).toEqual([]);
    expect(src([{ state: x0, by: 'ST.Q', banks: [{ copy: 'a', values: [0] }, { copy: 'b', values: [1] }] }])).toEqual([
      "state.banked.0.by: the bank selector 'ST.Q' is not a declared register or register field",
    ]);
    expect(src([{ state: x0, by: 'ST.M', banks: [{ copy: 'a', values: [0] }, { copy: 'b', values: [1] }] }])).toEqual([
      "state.banked.0.by: 'ST.M' is the mode register: bank per mode by naming levels, without 'by'",
    ]);
    expect(src([{ state: x0, by: 'PC', banks: [{ copy: 'a', values: [0] }, { copy: 'b', values: [1] }] }])).toEqual([
      "state.banked.0.by: the bank selector 'PC' is the program counter or a timing register: it changes on every step",
      "state.banked.0.by: the bank selector 'PC' is 16 bits wide: a selector has at most 8 bits (every value is in a bank)",
    ]);
    expect(src([{ state: x0, by: 'ST.RS', banks: [{ copy: 'a', values: [0, 1] }, { copy: 'b', values: [1, 2] }] }])).toEqual([
      "state.banked.0.banks.1.values.0: value 1 of 'ST.RS' is in two banks of 'x[0]'",
      "state.banked.0.banks.1.values.1: 'ST.RS' is 1 bit wide: it cannot be 2",
    ]);
    expect(src([{ state: x0, by: 'ST.K', banks: [{ copy: 'a', values: [0] }, { copy: 'b', levels: ['usr'] }] }])).toEqual([
      "state.banked.0.banks.1.levels: a bank chosen by 'ST.K' names values of it ('values'), not mode levels",
      "state.banked.0.banks.1: a bank chosen by 'ST.K' names the values of it that select it ('values')",
      "state.banked.0.banks: values 1, 2, 3, 4, 5, 6, 7, 8, … of 'ST.K' in no bank of 'x[0]'",
    ]);
    expect(src([{ state: x0, banks: [{ copy: 'a', values: [0] }, { copy: 'b', levels: ['usr', 'svc'] }] }])).toEqual([
      "state.banked.0.banks.0.values: a bank of state banked per mode names mode levels ('levels'), not values: name a selector with 'by' to bank by values",
      "state.banked.0.banks.0: a bank of state banked per mode names its mode levels ('levels')",
    ]);
    expect(src([{ state: { register: 'SAVED' }, by: 'SAVED', banks: [{ copy: 'a', values: [0] }, { copy: 'b', values: [1] }] }])[0]).toBe(
      "state.banked.0.by: 'SAVED' cannot select the banks of itself",
    );
  });
});

describe('state banked by a register field on the machine', () => {
  test('each set keeps its own registers across switches, a trap and its return; the machine and the reference evaluator agree step by step', () => {
    const m = prepared(set8);
    lockstep(set8, m, 40);
    expect(m.halted).toBe(true);
    // In the handler, set 0: its x0 was 0x11, +1 by FLIP; x1 set 0 was never written.
    expect([0, 1, 2, 3].map((i) => m.getFile('x', i))).toEqual([0x12, 0, 0x23, 0x12]);
    // Set 1's copies, saved when the trap entered set 0: x0 0x22 + 1 (ADDI), x1 0x33 + 1 (FLIP).
    expect([m.getReg('x0_set1'), m.getReg('x1_set1')]).toEqual([0x23, 0x34]);
    expect(m.getReg('SAVED')).toBe(0x02); // the trap came from user mode in set 1
  });

  test('a store to the status word in storage switches sets in the same step, as a write of the field does', () => {
    const text = `
        .org 0x20
        ldi x0, 0x11
        ldi x2, 0xf0
        ldi x3, 0x03            ; ST: supervisor, set 1
        stb x3, x2
        ldi x0, 0x22            ; set 1's
        ldi x3, 0x01
        stb x3, x2              ; back to set 0
        mov x1, x0
        halt`;
    const m = prepared(set8Mapped, text);
    lockstep(set8Mapped, m, 20);
    expect(m.halted).toBe(true);
    expect([m.getFile('x', 0), m.getFile('x', 1), m.getReg('x0_set1')]).toEqual([0x11, 0x11, 0x22]);
  });

  for (const hybrid of [false, true])
    test(`under the ${hybrid ? 'hybrid' : 'trap-and-emulate'} monitor the guest ends as the bare run does`, () => {
      const program = assemble(set8, source);
      const bare = runBare(set8, program);
      expect(bare.reason).toBe('halted');
      const r = runUnderMonitor(set8, program, { hybrid });
      expect(r.reason).toBe('halted');
      expect(guestDifferences(set8, bare.state, r.guests[0]!.state)).toEqual([]);
    });
});

describe('state banked by a register field and the checker', () => {
  test('switching sets from user mode is innocuous, and set8 is virtualizable; the fuzzer agrees', async () => {
    const r = await checkIsa(set8);
    const derived = (m: string) => r.instructions.find((i) => i.mnemonic === m)!.derived;
    for (const m of ['LDI', 'ADDI', 'MOV', 'SETRS', 'FLIP', 'RD1', 'STB', 'SVC']) expect(derived(m), m).toBe('innocuous');
    for (const m of ['RTE', 'WSAVED', 'WEPC', 'HALT']) expect(derived(m), m).toBe('privileged');
    expect(r.theorems.map((t) => t.status)).toEqual(['holds', 'holds', 'holds']);
    const f = fuzzEquivalence(set8, { runs: 300 });
    expect(f.ok, f.ok ? '' : `${f.counterexample.culprit?.mnemonic}: ${f.counterexample.assembly}`).toBe(true);
  }, 120_000);
});
