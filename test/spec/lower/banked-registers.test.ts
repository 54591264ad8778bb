/**
 * State banked per mode (spec/lower/banked-registers.ts) on bank8: the source reads as the
 * manuals do (the current mode's copy, or a named bank's), the lowered description keeps the
 * current copy in the state itself, and every consumer — the compiled machine and the reference
 * evaluator, the monitor, the checker — sees one stack pointer in every mode.
 */
import { describe, expect, test } from 'vitest';
import { assemble, loadProgram } from '../../../asm/index.js';
import { loadIsa, validateIsa } from '../../../spec/index.js';
import { BANK_MODE } from '../../../spec/lower/banked-registers.js';
import type { IsaDescription } from '../../../spec/description.js';
import { Machine, RefState, referenceFullStep } from '../../../machine/index.js';
import { fuzzEquivalence, guestDifferences, runBare, runUnderMonitor } from '../../../vmm/index.js';
import { extendIsa } from '../../../spec/compose.js';
import { checkIsa } from '../../../proofs/index.js';
import { bank8 } from '../banked-isa.js';

const source = `
        .org 4
        .half handler           ; where a trap goes
        .org 0x20
start:  ldi sp, 0x80            ; the supervisor's stack
        ldi x1, 0xc0
        wrusp x1                ; the user's stack
        rtu user
handler: rdusp x1               ; the user's stack pointer, from supervisor mode
        movsp x2                ; the supervisor's, after the trap pushed the PC
        pop x0                  ; the PC the trap pushed
        halt
user:   ldi x1, 0x55
        push x1                 ; on the user's stack
        svc
`;
const program = assemble(bank8, source);

function bareRun(): Machine {
  const m = new Machine(bank8);
  loadProgram(program, m);
  m.run(100);
  return m;
}

describe('lowering banked state', () => {
  test('each bank copy becomes a system register, and only steps that can switch banks or name a copy are rewritten', () => {
    const copies = bank8.state.registers.filter((r) => r.bankOf);
    expect(copies.map((r) => [r.name, r.kind, r.width])).toEqual([
      ['SP_usr', 'system', 16],
      ['SP_svc', 'system', 16],
      ['SP_irq', 'system', 16],
      ['SAVED_usr', 'system', 2],
      ['SAVED_svc', 'system', 2],
      ['SAVED_irq', 'system', 2],
    ]);
    expect(bank8.state.banked).toBeUndefined();
    const lowered = (m: string) => {
      const first = bank8.instructions.find((i) => i.mnemonic === m)!.semantics[0];
      return first?.kind === 'let' && first.name === BANK_MODE;
    };
    expect(['RTE', 'RAISE', 'RTU', 'RDUSP', 'WRUSP', 'RDUSPU'].filter((m) => !lowered(m))).toEqual([]);
    expect(['LDI', 'PUSH', 'POP', 'MOVSP', 'SVC', 'HALT'].filter(lowered)).toEqual([]);
    expect(bank8.traps.sequence[0]).toMatchObject({ kind: 'let', name: BANK_MODE });
  });

  test('a lowered description exports to JSON and loads back equal, without lowering twice', () => {
    const again = loadIsa(JSON.parse(JSON.stringify(bank8)));
    expect(again).toEqual(bank8);
  });

  test('bad banks are errors that name the place', () => {
    const src = (banked: unknown) => {
      const isa = structuredClone(bank8) as unknown as { state: Record<string, unknown> };
      isa.state.registers = (isa.state.registers as { bankOf?: unknown }[]).filter((r) => !r.bankOf);
      isa.state.banked = banked;
      (isa as unknown as IsaDescription).instructions = bank8.instructions.filter((i) => i.mnemonic === 'LDI');
      (isa as unknown as IsaDescription).traps.sequence = [];
      return validateIsa(isa as unknown as IsaDescription).map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(src([{ state: { register: 'SAVED' }, banks: [{ copy: 'S_a', levels: ['usr'] }, { copy: 'S_b', levels: ['svc'] }] }])).toEqual([
      "state.banked.0.banks: mode level 'irq' in no bank of 'SAVED'",
    ]);
    expect(src([{ state: { register: 'M' }, banks: [{ copy: 'M_a', levels: ['usr', 'svc'] }, { copy: 'M_b', levels: ['irq', 'kernel'] }] }])).toEqual([
      "state.banked.0.state.register: the mode register 'M' cannot be banked by mode",
      "state.banked.0.banks.1.levels.1: unknown mode level 'kernel' (levels: usr, svc, irq)",
    ]);
    expect(src([{ state: { file: 'x', index: 4 }, banks: [{ copy: 'PC', levels: ['usr', 'svc'] }, { copy: 'B2', levels: ['irq', 'svc'] }] }])).toEqual([
      "state.banked.0.state.index: 'x' has 4 elements: there is no element 4",
      "state.banked.0.banks.0.copy: bank copy 'PC' is named like declared state",
      "state.banked.0.banks.1.levels.1: mode level 'svc' is in two banks of 'x[4]'",
    ]);
  });
});

describe('banked state on the machine', () => {
  test('a trap pushes on the supervisor stack; the user stack is reached by its copy; the machine and the reference evaluator agree step by step', () => {
    const m = new Machine(bank8);
    loadProgram(program, m);
    const ref = RefState.fromSnapshot(bank8, m.snapshot());
    for (let n = 0; n < 40 && !m.halted; n++) {
      m.step();
      const out = referenceFullStep(bank8, ref);
      ref.apply(out.writes);
      expect(m.snapshot(), `after step ${n + 1}`).toEqual(ref.toSnapshot(out.halted, n + 1));
    }
    expect(m.halted).toBe(true);
    const svcAt = program.symbols.user! + 4;
    expect([0, 1, 2].map((i) => m.getFile('x', i))).toEqual([svcAt, 0xbe, 0x7e]);
    expect(m.getFile('x', 3)).toBe(0x80); // the supervisor's stack, popped
    expect(m.getReg('SP_usr')).toBe(0xbe); // the user's, saved when the trap switched banks
    expect(m.getReg('SAVED')).toBe(0); // the supervisor's SAVED: the trap came from user mode
    expect(m.readCell(0xbe)).toBe(0x55);
  });

  test('a mode change inside an instruction switches copies at once: RAISE pushes on the interrupt stack', () => {
    const m = new Machine(bank8);
    loadProgram(assemble(bank8, '.org 0x20\nldi sp, 0x80\nldi x1, 0x77\nraise x1\nhalt'), m);
    m.setReg('SP_irq', 0x60);
    m.run(10);
    expect(m.halted).toBe(true);
    expect(m.getReg('M')).toBe(2);
    expect(m.getFile('x', 3)).toBe(0x5e);
    expect(m.getReg('SP_svc')).toBe(0x80);
    expect(m.readCell(0x5e)).toBe(0x77);
    expect(m.readCell(0x7e)).toBe(0);
  });

  for (const hybrid of [false, true])
    test(`under the ${hybrid ? 'hybrid' : 'trap-and-emulate'} monitor the guest ends as the bare run does`, () => {
      const bare = runBare(bank8, program);
      expect(bare.reason).toBe('halted');
      const r = runUnderMonitor(bank8, program, { hybrid });
      expect(r.reason).toBe('halted');
      expect(guestDifferences(bank8, bare.state, r.guests[0]!.state)).toEqual([]);
      expect(bareRun().getReg('SP_usr')).toBe(r.guests[0]!.state.registers['SP_usr']);
    });
});

describe('banked state and the checker', () => {
  test('reading and writing the current stack pointer is innocuous; reading the user copy unprivileged is mode-sensitive only', async () => {
    const r = await checkIsa(bank8);
    const derived = (m: string) => r.instructions.find((i) => i.mnemonic === m)!.derived;
    for (const m of ['PUSH', 'POP', 'MOVSP', 'LDI', 'ADDI']) expect(derived(m), m).toBe('innocuous');
    for (const m of ['RDUSP', 'WRUSP', 'RTE', 'RAISE', 'RTU', 'HALT']) expect(derived(m), m).toBe('privileged');
    expect(r.theorems.map((t) => t.status)).toEqual(['fails', 'fails', 'holds']);
    expect(r.theorems[0]!.violators.map((v) => v.mnemonic)).toEqual(['RDUSPU']);
    expect(r.instructions.find((i) => i.mnemonic === 'RDUSPU')!.meets).toContain('mode-sensitive');
  }, 120_000);

  test('the fuzzer finds RDUSPU under the trap-and-emulate monitor, and nothing once it is gone (checker and fuzzer agree)', () => {
    const f = fuzzEquivalence(bank8, { runs: 300 });
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.counterexample.culprit?.mnemonic).toBe('RDUSPU');
    const without = extendIsa(bank8, { name: 'bank8-fixed', summary: 'bank8 without RDUSPU', remove: ['RDUSPU'] });
    const g = fuzzEquivalence(without, { runs: 300 });
    expect(g.ok, g.ok ? '' : `${g.counterexample.culprit?.mnemonic}: ${g.counterexample.assembly}`).toBe(true);
  });
});
