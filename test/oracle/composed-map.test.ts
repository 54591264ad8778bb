/**
 * Location-sensitivity of a described map, against a monitor's composed map
 * (proofs/definitions/README.md, location-sensitive; enumerate.ts `composedUnder`): the oracle's
 * answers read off tiny hand-written ISAs, its witnesses replayed, the two engines held equal
 * under the composed view, and random ISAs reaching the cases that answer yes and no.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Expr, Stmt } from '../../spec/ast.js';
import type { IsaDescription } from '../../spec/description.js';
import { assertValidIsa } from '../../spec/validate/validate.js';
import { partition } from '../../proofs/partition.js';
import { composedMapIsa, handIsa, k, PLOAD, RDBASE, RDBASE_S, reg, set, VLOAD, WRBASE_LOAD, type HandInsn } from './hand-isas.js';
import { composedPairProblems, oracleAnswers, replayWitness, type OracleAnswers } from './enumerate.js';
import { smallIsa } from './random-isa.js';

const INC: HandInsn = { mnemonic: 'INC', semantics: [set('A', { kind: 'binary', op: 'add', left: reg('A'), right: k(2, 1) })] };
const composed = composedMapIsa('oracle-hand-composed', [RDBASE, RDBASE_S, PLOAD, VLOAD, WRBASE_LOAD, INC]);

const location = (a: OracleAnswers) =>
  Object.fromEntries(a.instructions.map((i) => [i.mnemonic, [i.definitions['location-sensitive'], i.definitions['user-location-sensitive']]]));

function expectReplays(isa: IsaDescription, a: OracleAnswers) {
  for (const i of a.instructions) {
    const insn = isa.instructions.find((x) => x.mnemonic === i.mnemonic)!;
    for (const d of ['location-sensitive', 'user-location-sensitive'] as const) {
      expect(i.witnesses[d] !== undefined, `${i.mnemonic} ${d}: a witness exactly for a yes`).toBe(i.definitions[d]);
      if (i.witnesses[d]) expect(replayWitness(isa, insn, i.witnesses[d]!), `${i.mnemonic} ${d}`).toEqual([]);
      // A no covered the whole space: the composed registers' real values and x included.
      else expect(i.stats[d]!.covered, `${i.mnemonic} ${d}`).toBe(i.stats[d]!.space);
    }
  }
}

describe('a described map: location-sensitivity against the monitor\'s composed map', () => {
  test('a read of the map\'s base register and a physical load are location-sensitive; an access through the map is not', () => {
    const a = oracleAnswers(composed);
    expect(location(a)).toEqual({
      // (a) The monitor's base is not the guest's: in user mode too.
      RDBASE: [true, true],
      // (b) Trapping in user mode: both user runs trap (alike); supervisor mode reads it.
      RDBASE_S: [true, false],
      // (c) A physical access reaches the guest's cell moved by x.
      PLOAD: [true, true],
      // Through the map: the guest's map, the guest's cell.
      VLOAD: [false, false],
      // A write of a map register sets the guest's view too: the load after it reaches the same cell.
      WRBASE_LOAD: [false, false],
      INC: [false, false],
    });
    expectReplays(composed, a);
    // The witness of RDBASE: S2's real L differs from the guest's, which is S1's.
    const w = a.instructions.find((i) => i.mnemonic === 'RDBASE')!.witnesses['user-location-sensitive']!;
    expect(w.states.S1!.registers.M).toBe(0);
    expect(w.states.S2!.guest).toEqual({ regs: { L: w.states.S1!.registers.L }, files: {}, shift: w.params.x });
    expect(w.states.S2!.registers.L).not.toBe(w.states.S1!.registers.L);
    expect(w.states.S2!.cells).toEqual(w.states.S1!.cells);
    // PLOAD's: the two runs read different cells.
    const p = a.instructions.find((i) => i.mnemonic === 'PLOAD')!.witnesses['user-location-sensitive']!;
    expect(p.params.x).toBeGreaterThan(0);
    expect(p.states.S2!.registers).toEqual(p.states.S1!.registers);
  });

  test('the two engines agree under the composed view, with the same answers', () => {
    expect(location(oracleAnswers(composed, undefined, { engine: 'both' }))).toEqual(location(oracleAnswers(composed, undefined, { engine: 'reference' })));
  });

  test('the witness check refuses a pair that is not S1 and S1 under a composed map', () => {
    const a = oracleAnswers(composed);
    const insn = composed.instructions.find((i) => i.mnemonic === 'RDBASE')!;
    const w = a.instructions.find((i) => i.mnemonic === 'RDBASE')!.witnesses['location-sensitive']!;
    const { S1, S2 } = w.states;
    const withS2 = (s2: typeof S2) => ({ ...w, states: { S1: S1!, S2: s2! } });
    expect(replayWitness(composed, insn, withS2({ ...S2!, guest: undefined }))).toContain('S2 has no guest values of the composed map registers');
    expect(replayWitness(composed, insn, withS2({ ...S2!, guest: { ...S2!.guest!, regs: { L: (S1!.registers.L! + 1) % 4 } } }))).toContain("S2's guest L is not S1's");
    expect(replayWitness(composed, insn, withS2({ ...S2!, guest: { ...S2!.guest!, shift: (w.params.x! % 3) + 1 } }))).toContain(`S2's shift ${(w.params.x! % 3) + 1} is not x = ${w.params.x}`);
    expect(replayWitness(composed, insn, withS2({ ...S2!, registers: { ...S2!.registers, A: (S1!.registers.A! + 1) % 4 } }))).toContain('S1 and S2 differ in A, not a composed map register');
    expect(replayWitness(composed, insn, withS2({ ...S2!, cells: S2!.cells.map((c, i) => (i === 0 ? c ^ 1 : c)) }))).toContain("S2's storage is not S1's (the guest's, by guest address)");
    expect(replayWitness(composed, insn, { ...w, params: { x: 0 } })).toContain('x is 0, not in 1..3');
    expect(replayWitness(composed, insn, { ...w, states: { S1: S2!, S2: S1! } })).toContain('S1 has guest values: it is the guest, not a run under a composed map');
    // The guest's L equal to the real one: RDBASE runs alike.
    expect(composedPairProblems(composed, S1!, S2!)).toEqual([]);
    expect(replayWitness(composed, insn, withS2({ ...S2!, registers: { ...S2!.registers, L: S1!.registers.L! } }))).toContain('the outcomes are alike');
  });

  // The definition: every access through the map in S2, the fetch included, has its walk stores
  // reach the guest's cells (the reference evaluator runs the fetch's, placed in the step's block,
  // as the map's own: machine/reference-eval.ts, 82c89d2). A NOP moves nothing.
  test('a NOP under a map whose every access, the fetch too, marks its entry is not location-sensitive, on either engine', () => {
    const base = handIsa('oracle-hand-fetch-walk', [{ mnemonic: 'NOP', semantics: [] }]);
    const entry: Expr = { kind: 'load', space: 'physical', addr: k(2, 3), width: 8 };
    const never = { fault: k(1, 0), trap: 'mem' };
    const isa = assertValidIsa({
      ...base,
      state: {
        ...base.state,
        registers: base.state.registers.filter((r) => r.name !== 'L' && r.name !== 'B'),
        addressMap: {
          kind: 'described',
          fetch: never,
          read: never,
          write: never,
          physical: { kind: 'var', name: 'vaddr' },
          updates: [{ when: k(1, 1), cell: k(2, 3), value: { kind: 'binary', op: 'or', left: entry, right: k(8, 0x40) } }],
        },
      },
    });
    for (const engine of ['reference', 'fast', 'both'] as const) {
      const a = oracleAnswers(isa, undefined, { engine }).instructions[0]!;
      expect(a.definitions['location-sensitive'], engine).toBe(false);
      expect(a.stats['location-sensitive']!.covered).toBe(a.stats['location-sensitive']!.space);
    }
  });
});

/** Whether a block's expressions read one of `regs` (directly), and whether it makes a physical access. */
function touches(b: readonly Stmt[], regs: ReadonlySet<string>): { reads: boolean; physical: boolean } {
  const out = { reads: false, physical: false };
  const e = (x: Expr): void => {
    if (x.kind === 'reg' && regs.has(x.name)) out.reads = true;
    if (x.kind === 'load' && x.space === 'physical') out.physical = true;
    for (const v of Object.values(x)) if (v && typeof v === 'object') for (const y of Array.isArray(v) ? v : [v]) if (y && typeof y === 'object' && 'kind' in y) e(y as Expr);
  };
  const s = (st: Stmt): void => {
    if (st.kind === 'assign') {
      if (st.target.kind === 'file') e(st.target.index);
      e(st.value);
    } else if (st.kind === 'store') {
      if (st.space === 'physical') out.physical = true;
      e(st.addr);
      e(st.value);
    } else if (st.kind === 'let') e(st.value);
    else if (st.kind === 'if') {
      e(st.cond);
      st.then.forEach(s);
      st.else.forEach(s);
    } else if (st.kind === 'trap' && st.value) e(st.value);
  };
  b.forEach(s);
  return out;
}

describe('random ISAs reach the composed map\'s cases', () => {
  test('user-location yes from a read of a map register alone and from a physical access alone; no from reads of map registers and from neither (seed 5)', () => {
    const isas = fc.sample(
      smallIsa().filter((isa) => isa.state.addressMap.kind === 'described'),
      { numRuns: 40, seed: 5 },
    );
    const seen = new Map<string, number>();
    for (const isa of isas) {
      const P = partition(isa);
      const regs = new Set(P.mapRegs.filter((r) => r !== isa.state.mode.register && r !== isa.state.pc));
      const a = oracleAnswers(isa);
      for (const i of a.instructions) {
        const t = touches(isa.instructions.find((x) => x.mnemonic === i.mnemonic)!.semantics, regs);
        const shape = t.reads && t.physical ? 'both' : t.reads ? 'reads-map-register' : t.physical ? 'physical' : 'neither';
        const key = `${shape}:${i.definitions['user-location-sensitive'] ? 'user-yes' : i.definitions['location-sensitive'] ? 'supervisor-only' : 'no'}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
    console.log(`composed-map cases in 40 described ISAs (seed 5): ${JSON.stringify([...seen].sort())}`);
    for (const key of ['reads-map-register:user-yes', 'physical:user-yes', 'reads-map-register:no', 'neither:no']) expect(seen.get(key) ?? 0, `${key} in ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
  }, 120_000);
});
