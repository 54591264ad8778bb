/**
 * The oracle itself, held to answers that can be read off tiny hand-written ISAs (hand-isas.ts),
 * its witnesses re-run on referenceStep, and its machinery checked against itself on random
 * ISAs: the compiled evaluator against the reference on every path, the demanded-bits split of
 * loaded cells against whole cells, and every `no` against the size of the space it covers.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { DescribedMap, IsaDescription } from '../../spec/description.js';
import { mapWritesStorage } from '../../spec/address-map.js';
import { add, ADD, extract, handIsa, inUser, JRU, k, LPSW, LRA, RDCTR, RDIM, RDMODE, reg, set, SUPTRAP, type HandInsn } from './hand-isas.js';
import { partition } from '../../proofs/partition.js';
import { compareWithChecker, describeDisagreement } from './compare.js';
import { concreteRun, OracleBudgetError, oracleAnswers, oracleDefinitions, replayWitness, unlikeness, type ConfigurationPart, type OracleAnswers, type OracleDefinition } from './enumerate.js';
import { smallIsa } from './random-isa.js';

const hand = handIsa('oracle-hand', [LPSW, JRU, LRA, RDMODE, RDIM, SUPTRAP, RDCTR, ADD], {
  registers: [
    { name: 'X', width: 2, kind: 'user' },
    { name: 'IM', width: 2, kind: 'system', doc: 'an interrupt mask' },
    { name: 'EN', width: 1, kind: 'system', configurable: '1', doc: 'lets user mode read the counter' },
    { name: 'T', width: 2, kind: 'system', doc: 'a counter' },
  ],
  timing: ['T'],
});
const enableCleared: ConfigurationPart[] = [{ register: 'EN', mask: '1', value: '0' }];

type Row = [mnemonic: string, yes: OracleDefinition[], direct: { anyLevel: boolean; userLevel: boolean }];
const safe = { anyLevel: true, userLevel: true };
const unsafeAny = { anyLevel: false, userLevel: true };
const unsafe = { anyLevel: false, userLevel: false };
/** What each instruction is, read off its semantics (no configuration). */
const expected: Row[] = [
  // Traps in user mode, loads the mode in supervisor mode: privileged, control-sensitive, and
  // mode-sensitive (a trap and a completion are not alike). Safe: its real run always traps.
  ['LPSW', ['privileged', 'control-sensitive', 'mode-sensitive'], safe],
  // Returns to user mode in any mode without a trap: control-sensitive from supervisor mode only.
  ['JRU', ['control-sensitive'], unsafeAny],
  // Reveals the relocation: location-sensitive in user mode too.
  ['LRA', ['location-sensitive', 'user-location-sensitive'], unsafe],
  // Reveals the mode: mode-sensitive; in one user level it sees one value.
  ['RDMODE', ['mode-sensitive'], unsafeAny],
  // Reveals the interrupt mask in user mode: user-system-sensitive.
  ['RDIM', ['mode-sensitive', 'user-system-sensitive'], unsafe],
  // Traps in supervisor mode, completes in user mode: mode-sensitive by the trap-is-an-outcome rule.
  ['SUPTRAP', ['mode-sensitive'], unsafeAny],
  // Without a configuration EN may be set: user mode reads the counter.
  ['RDCTR', ['mode-sensitive', 'user-system-sensitive', 'timing-dependent'], unsafe],
  ['ADD', [], safe],
];

function expectAnswers(a: OracleAnswers, rows: Row[]) {
  const got = a.instructions.map((i) => [i.mnemonic, oracleDefinitions.filter((d) => i.definitions[d]), i.direct]);
  expect(got).toEqual(rows.map(([m, yes, direct]) => [m, oracleDefinitions.filter((d) => yes.includes(d)), direct]));
}

/** Every witness of `a` replays on referenceStep with concrete states. */
function expectWitnessesReplay(isa: IsaDescription, a: OracleAnswers, config?: ConfigurationPart[]) {
  for (const i of a.instructions) {
    const insn = isa.instructions.find((x) => x.mnemonic === i.mnemonic)!;
    for (const d of oracleDefinitions) {
      const needs = d === 'privileged' ? !i.definitions[d] : i.definitions[d];
      expect(i.witnesses[d] !== undefined, `${i.mnemonic} ${d}: a witness exactly where the answer needs one`).toBe(needs);
    }
    expect(i.directWitnesses.anyLevel !== undefined).toBe(!i.direct.anyLevel);
    expect(i.directWitnesses.userLevel !== undefined).toBe(!i.direct.userLevel);
    expect(i.mappedFetchWitnesses.anyLevel !== undefined).toBe(i.mappedFetch.anyLevel);
    expect(i.mappedFetchWitnesses.userLevel !== undefined).toBe(i.mappedFetch.userLevel);
    for (const w of [...Object.values(i.witnesses), ...Object.values(i.directWitnesses), ...Object.values(i.mappedFetchWitnesses)])
      expect(replayWitness(isa, insn, w!, config), `${i.mnemonic} ${w!.question}`).toEqual([]);
  }
}

/** Every search that answered without a witness covered its whole space. */
function expectCoverage(a: OracleAnswers) {
  for (const i of a.instructions)
    for (const [q, s] of Object.entries(i.stats)) {
      const witnessed =
        q === 'direct-any-level'
          ? !i.direct.anyLevel
          : q === 'direct-user-level'
            ? !i.direct.userLevel
            : q === 'mapped-fetch-any'
              ? i.mappedFetch.anyLevel
              : q === 'mapped-fetch-user'
                ? i.mappedFetch.userLevel
                : q === 'privileged'
                  ? !i.definitions.privileged
                  : i.definitions[q as OracleDefinition];
      if (!witnessed) expect(s.covered, `${i.mnemonic} ${q} covers its space`).toBe(s.space);
      else expect(s.covered <= s.space).toBe(true);
    }
}

describe('the oracle on hand-written ISAs', () => {
  for (const engine of ['reference', 'fast', 'both'] as const) {
    test(`each instruction's answers, no configuration (${engine} evaluator)`, () => {
      const a = oracleAnswers(hand, undefined, { engine });
      expectAnswers(a, expected);
      expectWitnessesReplay(hand, a);
      expectCoverage(a);
    });
  }

  test('under the configuration that clears the enable bit, the counter read is privileged and safe', () => {
    const a = oracleAnswers(hand, enableCleared, { engine: 'reference' });
    expectAnswers(
      a,
      expected.map((r): Row => (r[0] === 'RDCTR' ? ['RDCTR', ['privileged', 'mode-sensitive', 'user-system-sensitive', 'timing-dependent'], safe] : r)),
    );
    expectWitnessesReplay(hand, a, enableCleared);
    expectCoverage(a);
  });

  test('a declared configuration is the one assumed when none is given', () => {
    const declared = handIsa('oracle-hand-declared', [RDCTR], {
      registers: hand.state.registers.filter((r) => ['X', 'IM', 'EN', 'T'].includes(r.name)),
      timing: ['T'],
      configuration: enableCleared,
    });
    expect(oracleAnswers(declared).instructions[0]!.definitions.privileged).toBe(true);
    expect(oracleAnswers(declared, []).instructions[0]!.definitions.privileged).toBe(false);
  });

  test('the witnesses show what they claim, re-run by hand', () => {
    const a = oracleAnswers(hand, undefined, { engine: 'reference' });
    const by = (m: string) => a.instructions.find((i) => i.mnemonic === m)!;
    const insn = (m: string) => hand.instructions.find((i) => i.mnemonic === m)!;

    // LPSW: the supervisor run completes and changes the mode.
    const lpsw = by('LPSW').witnesses['control-sensitive']!.states.S!;
    const o = concreteRun(hand, insn('LPSW'), lpsw);
    expect(o.kind).toBe('done');
    if (o.kind === 'done') expect(o.after.registers.M).not.toBe(lpsw.registers.M);

    // JRU is not privileged: a user state completes.
    const jru = by('JRU').witnesses.privileged!.states;
    expect(concreteRun(hand, insn('JRU'), jru.U!).kind).toBe('done');
    // JRU's control-sensitivity is from supervisor mode.
    expect(by('JRU').witnesses['control-sensitive']!.states.S!.registers.M).toBe(1);

    // LRA: the same program moved by x reads a different A.
    const lra = by('LRA').witnesses['user-location-sensitive']!;
    expect(lra.params.x).toBeGreaterThan(0);
    const [r1, r2] = [concreteRun(hand, insn('LRA'), lra.states.S1!), concreteRun(hand, insn('LRA'), lra.states.S2!)];
    expect(r1.kind === 'done' && r2.kind === 'done' && r1.after.registers.A !== r2.after.registers.A).toBe(true);
    expect(lra.states.S1!.registers.M).toBe(0);

    // RDIM: two user states that differ only in IM end with different A.
    const rdim = by('RDIM').witnesses['user-system-sensitive']!.states;
    expect(rdim.S1!.registers.M).toBe(0);
    expect(rdim.S2!.registers.M).toBe(0);
    expect(rdim.S1!.registers.IM).not.toBe(rdim.S2!.registers.IM);
    const [d1, d2] = [concreteRun(hand, insn('RDIM'), rdim.S1!), concreteRun(hand, insn('RDIM'), rdim.S2!)];
    expect(unlikeness(hand, rdim.S1!, d1, rdim.S2!, d2)).toMatch(/^A:/);

    // SUPTRAP: one run traps, the other completes.
    const sup = by('SUPTRAP').witnesses['mode-sensitive']!.states;
    const kinds = [concreteRun(hand, insn('SUPTRAP'), sup.S1!).kind, concreteRun(hand, insn('SUPTRAP'), sup.S2!).kind].sort();
    expect(kinds).toEqual(['done', 'trap']);

    // RDCTR without a configuration: a user state with EN set completes.
    const ctr = by('RDCTR').witnesses.privileged!.states.U!;
    expect(ctr.registers.EN).toBe(1);
    expect(concreteRun(hand, insn('RDCTR'), ctr).kind).toBe('done');
  });

  test('a relocation-free described map answers location-sensitivity no', () => {
    const described: IsaDescription = {
      ...hand,
      name: 'oracle-hand-described',
      state: {
        ...hand.state,
        registers: hand.state.registers.filter((r) => r.name !== 'L' && r.name !== 'B'),
        addressMap: {
          kind: 'described',
          fetch: { fault: { kind: 'const', width: 1, value: '0' }, trap: 'mem' },
          read: { fault: { kind: 'const', width: 1, value: '0' }, trap: 'mem' },
          write: { fault: { kind: 'const', width: 1, value: '0' }, trap: 'mem' },
          physical: { kind: 'var', name: 'vaddr' },
        },
      },
      instructions: hand.instructions.filter((i) => i.mnemonic !== 'LRA'),
    };
    const a = oracleAnswers(described);
    expect(a.relocates).toBe(false);
    expect(a.instructions.every((i) => !i.definitions['location-sensitive'])).toBe(true);
  });
});

describe('where the mode selects the map, pairs are placed alike', () => {
  // User mode relocates by L, supervisor mode does not (RISC-V: M does not translate, U does).
  const LDA: HandInsn = { mnemonic: 'LDA', semantics: [set('A', extract({ kind: 'load', space: 'virtual', width: 8, addr: reg('A') }, 1, 0))] };
  const selected: IsaDescription = {
    ...handIsa('oracle-hand-mode-selected', [LDA, RDMODE, ADD], { registers: [{ name: 'X', width: 2, kind: 'user' }] }),
  };
  selected.state = {
    ...selected.state,
    registers: selected.state.registers.filter((r) => r.name !== 'B'),
    addressMap: {
      kind: 'described',
      fetch: { fault: k(1, 0), trap: 'mem' },
      read: { fault: k(1, 0), trap: 'mem' },
      write: { fault: k(1, 0), trap: 'mem' },
      physical: { kind: 'ite', cond: inUser, then: add({ kind: 'var', name: 'vaddr' }, reg('L')), else: { kind: 'var', name: 'vaddr' } },
    },
  };

  test('a load is not mode-sensitive, a read of the mode is, and both change without the requirement', () => {
    const mode = (a: OracleAnswers) => Object.fromEntries(a.instructions.map((i) => [i.mnemonic, i.definitions['mode-sensitive']]));
    const a = oracleAnswers(selected, undefined, { engine: 'both' });
    // L = 0 places a user state and a supervisor state alike: the mode read shows them apart.
    expect(mode(a)).toEqual({ LDA: false, RDMODE: true, ADD: false });
    expectWitnessesReplay(selected, a);
    expectCoverage(a);
    const rd = a.instructions.find((i) => i.mnemonic === 'RDMODE')!.witnesses['mode-sensitive']!.states;
    expect(new Set([rd.S1!.registers.M, rd.S2!.registers.M])).toEqual(new Set([0, 1]));
    expect(rd[rd.S1!.registers.M === 0 ? 'S1' : 'S2']!.registers.L).toBe(0);
    // Without it, a user state relocated by L != 0 fetches and loads other cells: LDA (and ADD,
    // fetched elsewhere or not at all) read as mode-sensitive.
    const loose = oracleAnswers(selected, undefined, { placedAlike: false });
    expect(mode(loose).LDA).toBe(true);
  });

  test('the checker (Z3) gives the same answers on it', async () => {
    const c = await compareWithChecker(selected);
    expect(c.compared).toBeGreaterThan(20);
    expect(c.disagreements.map(describeDisagreement)).toEqual([]);
  }, 60_000);

  test('on random ISAs whose map the mode selects, the requirement decides answers, and every witness pair is placed alike', () => {
    const isas = fc.sample(
      smallIsa().filter((isa) => partition(isa).modeSelectsMap),
      { numRuns: Number(process.env.ORACLE_SELF_ISAS ?? 25), seed: 11 },
    );
    let decided = 0;
    for (const isa of isas) {
      const a = oracleAnswers(isa);
      // replayWitness checks that each pair is placed alike (placedAlikeIn).
      expectWitnessesReplay(isa, a);
      expectCoverage(a);
      const loose = oracleAnswers(isa, undefined, { placedAlike: false });
      if (JSON.stringify(summaryOf(loose)) !== JSON.stringify(summaryOf(a))) decided++;
    }
    console.log(`placed alike: ${decided} of ${isas.length} ISAs answer differently without it`);
    expect(decided).toBeGreaterThan(0);
  }, 300_000);
});

const summaryOf = (a: OracleAnswers) => a.instructions.map((i) => ({ m: i.mnemonic, d: i.definitions, direct: i.direct }));

describe('the oracle against itself on random ISAs', () => {
  const n = Number(process.env.ORACLE_SELF_ISAS ?? 25);
  const summary = (a: OracleAnswers) => a.instructions.map((i) => ({ m: i.mnemonic, d: i.definitions, direct: i.direct }));

  test('the compiled evaluator asks and answers as the reference on every path, and the answers are the same', () => {
    fc.assert(
      fc.property(smallIsa(), (isa) => {
        const both = oracleAnswers(isa, undefined, { engine: 'both' });
        const fast = oracleAnswers(isa, undefined, { engine: 'fast' });
        expect(summary(fast)).toEqual(summary(both));
        expectWitnessesReplay(isa, fast);
        expectCoverage(fast);
      }),
      { numRuns: n },
    );
  }, 600_000);

  test('on maps whose walk stores (accessed and dirty bits), the compiled evaluator asks and answers as the reference on every path', () => {
    // Without registers mapped into storage (those run on the reference only). The fetch's, a
    // load's and a store's walk stores, with loads and stores that reach the entry itself: both
    // shapes of updates (A on every access; A, and D on a store), a few small ISAs each (the
    // reference is slow on walks that store: both engines run every path).
    const storing = smallIsa({ walk: true, stateBits: 14 }).filter((isa) => mapWritesStorage(isa) && (isa.state.storage.mapped ?? []).length === 0);
    const everyAccess = (isa: IsaDescription) => Array.isArray((isa.state.addressMap as DescribedMap).updates);
    for (const shape of [true, false])
      fc.assert(
        fc.property(
          storing.filter((isa) => everyAccess(isa) === shape),
          (isa) => {
            const both = oracleAnswers(isa, undefined, { engine: 'both' });
            const fast = oracleAnswers(isa, undefined, { engine: 'fast' });
            expect(summary(fast)).toEqual(summary(both));
            expectWitnessesReplay(isa, fast);
            expectCoverage(fast);
          },
        ),
        // A pinned seed (ORACLE_WALK_SEED to vary it): an unlucky draw costs the reference minutes.
        // Seed 2 fails without the data accesses' walk stores in fast-eval.ts (seed 1 does not).
        { numRuns: Math.max(2, Math.round(n / 12)), seed: Number(process.env.ORACLE_WALK_SEED ?? 2) },
      );
  }, 600_000);

  test('splitting loaded cells by demanded bits changes no answer', () => {
    // Whole cells multiply the space by up to 2^6 per loaded cell: smaller ISAs, and a cap.
    let compared = 0;
    fc.assert(
      fc.property(smallIsa({ stateBits: 12 }), (isa) => {
        let whole: OracleAnswers;
        try {
          whole = oracleAnswers(isa, undefined, { demand: false, maxLeaves: 50_000 });
        } catch (e) {
          if (e instanceof OracleBudgetError) return;
          throw e;
        }
        compared++;
        expect(summary(whole)).toEqual(summary(oracleAnswers(isa)));
      }),
      { numRuns: n },
    );
    expect(compared).toBeGreaterThan(n / 2);
  }, 600_000);
});
