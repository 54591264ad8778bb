/**
 * DESIGN's invariant, closed on the whole semantics language: the compiled emulator, the reference
 * evaluator and Z3's model of a step agree on every node. Random blocks of statements — every
 * statement kind over every expression kind and operator, widths 1 to 64 — run as the one
 * instruction of sem8 (test/machine/sem-isa.ts) from random concrete states, on (a) the compiled
 * Machine's step(), (b) referenceFullStep and (c) Z3 through concreteStep. Compared: the trap taken
 * (name and value) or a physical access outside storage, halted, every register, every file
 * element, and the storage cells written (test/machine/three-way.ts).
 *
 * The run prints what its blocks contained (node kinds, operators, statement kinds) and how the
 * steps ended, and fails if any kind, operator or statement kind was never generated.
 */
import { describe, expect, test } from 'vitest';
import { test as prop } from '@fast-check/vitest';
import fc from 'fast-check';
import type { Block } from '../../spec/ast.js';
import { caseOf, censusNames, semanticsCase, Tally, type SemState } from '../machine/random-semantics.js';
import { expectThreeWay, type Observed } from '../machine/three-way.js';
import { xCells } from '../machine/sem-isa.js';

const outcome = (o: Observed): string => (o.trap === 'outside' ? 'outside storage' : o.trap ? `trap ${o.trap.name}` : o.halted ? 'halted' : 'completed');

/** What the property's blocks contained, and how their steps ended. */
const tally = new Tally();
/** Cases whose block reads several cells at once, by byte order. */
const wideLoads = { little: 0, big: 0 };

/** Cases on sem8w (registers of 36 and 64 bits), and those whose block reads or writes the 64-bit D. */
const wideCases = { all: 0, d: 0 };

/** Whether a block names register `name` (reads or assigns it). */
const readsOrWrites = (block: Block, name: string): boolean => JSON.stringify(block).includes(`"kind":"reg","name":"${name}"`);

/** Whether a block loads a value of several cells. */
const loadsWide = (block: Block): boolean => {
  let wide = false;
  JSON.stringify(block, (_, v: unknown) => ((wide ||= typeof v === 'object' && v !== null && (v as { kind?: string }).kind === 'load' && (v as { width: number }).width > 8), v));
  return wide;
};

describe('the compiled machine, the reference evaluator and Z3 agree on random semantics', () => {
  prop.prop([semanticsCase])('random blocks of every statement and expression kind, on random states, little- and big-endian, with registers wider than 32 bits a quarter of the time', async ({ block, state, endianness, wide }) => {
    tally.add(block);
    if (loadsWide(block)) wideLoads[endianness]++;
    if (wide) wideCases.all++;
    if (wide && readsOrWrites(block, 'D')) wideCases.d++;
    const { machine } = await expectThreeWay(caseOf(block, state, endianness, wide));
    tally.outcome(outcome(machine));
  });

  test('the blocks contained every expression kind, operator and statement kind', () => {
    // A replay (FC_PATH) or a short run sees few blocks: count a fixed sample of the generator instead.
    const seen = tally.runs >= 100 ? tally : sampleTally();
    console.log(seen.table(seen === tally ? 'three-way property' : 'generator sample (the property ran fewer than 100 cases)'));
    expect(seen.missing(), 'census names no block contained').toEqual([]);
    expect(censusNames.length).toBeGreaterThan(50);
    // trapInfo, the one expression kind an instruction may not use, is the trap sequence's: it ran.
    if (seen === tally) expect([...tally.outcomes.keys()].some((o) => o.startsWith('trap ')), 'some step trapped').toBe(true);
    // Multi-cell loads in both byte orders: the order of cells is what the two storages differ in.
    if (seen === tally) expect(Math.min(wideLoads.little, wideLoads.big), `wide loads by byte order ${JSON.stringify(wideLoads)}`).toBeGreaterThan(0);
    // Registers wider than 32 bits: the machine's wide representation, D beyond a double's 53 bits.
    if (seen === tally) {
      console.log(`three-way cases on sem8w (36- and 64-bit registers): ${wideCases.all} of ${tally.runs}, ${wideCases.d} reading or writing the 64-bit D`);
      expect(wideCases.d, 'cases on sem8w whose block uses D').toBeGreaterThan(0);
    }
  });
});

function sampleTally(): Tally {
  const t = new Tally();
  for (const { block } of fc.sample(semanticsCase, { numRuns: 200, seed: 3 })) t.add(block);
  return t;
}

// -------------------------------------------------------------------------------------------------
// Disagreements the property found, kept as named cases.

const k = (width: number, value: number) => ({ kind: 'const', width, value: String(value) }) as const;

/** A sem8 state: supervisor mode, the map open, X at 0x10 with fields a = 1, b = 2, imm = 3. */
function stateWith(over: Partial<SemState['registers']> = {}): SemState {
  const [c0, c1] = xCells({ a: 1, b: 2, imm: 3 });
  return {
    fields: { a: 1, b: 2, imm: 3 },
    registers: { PC: 0x10, M: 1, A: 1, N: 2, H: 0x4444, ID: 0x1234, OFF: 0, LIM: 0xff, T: 0, ...over },
    files: { r: [0x100, 0x101, 0x102, 0x103], h: [0x10, 0x11, 0x12, 0x13, 0x14, 0xa5, 0x16, 0x17] },
    storage: [
      [5, 0x80],
      [0x10, c0!],
      [0x11, c1!],
    ],
  };
}

describe('three-way regressions', () => {
  const cases: [string, Block, SemState][] = [
    [
      'a let of an element written before it and after it (the compiled machine aliased the buffered write)',
      [
        { kind: 'assign', target: { kind: 'file', name: 'r', index: { kind: 'field', name: 'a' } }, value: k(32, 7) },
        { kind: 'let', name: 'v', value: { kind: 'file', name: 'r', index: { kind: 'field', name: 'a' } } },
        { kind: 'assign', target: { kind: 'file', name: 'r', index: { kind: 'field', name: 'a' } }, value: k(32, 9) },
        { kind: 'assign', target: { kind: 'file', name: 'r', index: k(2, 3) }, value: { kind: 'var', name: 'v' } },
      ],
      stateWith(),
    ],
  ];
  for (const [name, block, state] of cases)
    test(name, async () => {
      await expectThreeWay(caseOf(block, state));
    });
});
