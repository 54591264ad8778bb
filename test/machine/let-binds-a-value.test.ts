/**
 * `let` binds a value (spec/ast.ts): the value its expression had when the `let` ran, not a name
 * for a piece of state. A `let` of a register-file element, a scalar register or the PC, used
 * after that state is written again, must give the old value — on the compiled machine as on the
 * reference evaluator and in Z3.
 *
 * Was a bug (fixed): compile-insn.ts bound the `let` to its compiled source when that was already
 * a plain identifier, such as the buffered-write local of an element this instruction had written
 * (`x0_5`) or the PC local (`xpc0`), so a later write to the element changed the `let`'s value.
 */
import { describe, expect, test } from 'vitest';
import type { Block, Expr, Stmt } from '../../spec/ast.js';
import { withSemantics, xCells } from './sem-isa.js';
import { expectThreeWay, type Case } from './three-way.js';

const k = (width: number, value: number): Expr => ({ kind: 'const', width, value: String(value) });
const reg = (name: string): Expr => ({ kind: 'reg', name });
const r = (index: Expr): Expr => ({ kind: 'file', name: 'r', index });
const h = (index: Expr): Expr => ({ kind: 'file', name: 'h', index });
const v = (name: string): Expr => ({ kind: 'var', name });
const field = (name: string): Expr => ({ kind: 'field', name });
const setR = (index: Expr, value: Expr): Stmt => ({ kind: 'assign', target: { kind: 'file', name: 'r', index }, value });
const setH = (index: Expr, value: Expr): Stmt => ({ kind: 'assign', target: { kind: 'file', name: 'h', index }, value });
const set = (name: string, value: Expr): Stmt => ({ kind: 'assign', target: { kind: 'reg', name }, value });
const let_ = (name: string, value: Expr): Stmt => ({ kind: 'let', name, value });
const zext = (arg: Expr, width: number): Expr => ({ kind: 'extend', signed: false, arg, width });
const extract = (arg: Expr, hi: number, lo: number): Expr => ({ kind: 'extract', arg, hi, lo });
const add = (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: 'add', left, right });
/** A condition that holds in the cases' states (M = 1) but is not known when compiling. */
const inSupervisor: Expr = { kind: 'compare', op: 'eq', left: reg('M'), right: k(1, 1) };
const when = (cond: Expr, then: Block): Stmt => ({ kind: 'if', cond, then, else: [] });

/** A dynamic index of r (A's low bits: 1 in the cases' states) and of h (N's low bits: 2). */
const rDyn = extract(reg('A'), 1, 0);
const hDyn = extract(reg('N'), 2, 0);

/** X running `block` at PC 0x10 in supervisor mode, A = 1, N = 2, fields a = 1, b = 2, imm = 3. */
function caseOf(block: Block): Case {
  const { isa, insn } = withSemantics(block);
  const fields = { a: 1, b: 2, imm: 3 };
  const [c0, c1] = xCells(fields);
  return {
    isa,
    insn,
    fields,
    registers: { PC: 0x10, M: 1, A: 1, N: 2, H: 0x4444, ID: 0x1234, OFF: 0, LIM: 0xff, T: 0 },
    files: { r: [0x100, 0x101, 0x102, 0x103], h: [0x10, 0x11, 0x12, 0x13, 0x14, 0xa5, 0x16, 0x17] },
    storage: [[5, 0x80], [0x10, c0!], [0x11, c1!]],
  };
}

/** Runs the three ways, checks they agree, and returns the machine's state afterwards. */
async function run(block: Block) {
  const { machine } = await expectThreeWay(caseOf(block));
  expect(machine.trap).toBeUndefined();
  return { regs: machine.registers!, r: machine.files!.r!, h: machine.files!.h!, cells: machine.cells! };
}

/** The same statements at depth 0 and inside an `if` whose condition is known only at run time. */
const depths = (name: string, body: Block): [string, Block][] => [
  [`${name}, at depth 0`, body],
  [`${name}, inside an if`, [when(inSupervisor, body)]],
  [`${name}, the element first written inside an if`, [when(inSupervisor, body.slice(0, 1)), ...body.slice(1)]],
];

describe('a let binds the value its expression had, not the state it read', () => {
  // Each body writes 7 to the state, binds it, writes 9, and puts the bound value in r[3].
  const fileStatic: Block = [setR(k(2, 1), k(32, 7)), let_('v', r(k(2, 1))), setR(k(2, 1), k(32, 9)), setR(k(2, 3), v('v'))];
  const fileField: Block = [setR(field('a'), k(32, 7)), let_('v', r(field('a'))), setR(field('a'), k(32, 9)), setR(k(2, 3), v('v'))];
  // Operations the compiler folds to their operand: a zero-width-change extend, a whole extract, + 0.
  const fileFolded: Block = [
    setR(k(2, 1), k(32, 7)),
    let_('v', add(extract(zext(r(k(2, 1)), 32), 31, 0), k(32, 0))),
    setR(k(2, 1), k(32, 9)),
    setR(k(2, 3), v('v')),
  ];
  const fileDynamicWrite: Block = [setR(rDyn, k(32, 7)), let_('v', r(rDyn)), setR(rDyn, k(32, 9)), setR(k(2, 3), v('v'))];
  const fileDynamicRead: Block = [setR(k(2, 1), k(32, 7)), let_('v', r(rDyn)), setR(k(2, 1), k(32, 9)), setR(k(2, 3), v('v'))];
  const fileStaticReadOfShadow: Block = [setR(rDyn, k(32, 7)), let_('v', r(k(2, 1))), setR(rDyn, k(32, 9)), setR(k(2, 3), v('v'))];
  const scalar: Block = [set('A', k(32, 7)), let_('v', reg('A')), set('A', k(32, 9)), setR(k(2, 3), v('v'))];
  const narrow: Block = [set('H', k(16, 7)), let_('v', zext(reg('H'), 16)), set('H', k(16, 9)), setR(k(2, 3), zext(v('v'), 32))];
  // A sum that cannot wrap is left unwrapped: + 0 of a 16-bit value is the value's own source.
  const narrowFolded: Block = [
    set('H', k(16, 7)),
    let_('v', add(extract(reg('H'), 15, 0), k(16, 0))),
    set('H', k(16, 9)),
    setR(k(2, 3), zext(v('v'), 32)),
  ];
  const pc: Block = [set('PC', k(8, 7)), let_('v', reg('PC')), set('PC', k(8, 9)), setR(k(2, 3), zext(v('v'), 32))];
  const byteFile: Block = [setH(hDyn, k(8, 7)), let_('v', h(hDyn)), setH(hDyn, k(8, 9)), setR(k(2, 3), zext(v('v'), 32))];
  const byteFileStatic: Block = [setH(field('b'), k(8, 7)), let_('v', h(field('b'))), setH(field('b'), k(8, 9)), setR(k(2, 3), zext(v('v'), 32))];

  const cases: [string, Block, (s: Awaited<ReturnType<typeof run>>) => void][] = [
    ['a file element, static index', fileStatic, (s) => expect(s.r[1]).toBe(9)],
    ['a file element, index from a field', fileField, (s) => expect(s.r[1]).toBe(9)],
    ['a file element through folded operations', fileFolded, (s) => expect(s.r[1]).toBe(9)],
    ['a file element, dynamic index (written at run time)', fileDynamicWrite, (s) => expect(s.r[1]).toBe(9)],
    ['a file element, dynamic read of a statically written element', fileDynamicRead, (s) => expect(s.r[1]).toBe(9)],
    ['a file element, static read of a file written at run time', fileStaticReadOfShadow, (s) => expect(s.r[1]).toBe(9)],
    ['an 8-bit file element, dynamic index', byteFile, (s) => expect(s.h[2]).toBe(9)],
    ['an 8-bit file element, index from a field', byteFileStatic, (s) => expect(s.h[2]).toBe(9)],
    ['a scalar register', scalar, (s) => expect(s.regs.A).toBe(9)],
    ['a 16-bit scalar register through an extend', narrow, (s) => expect(s.regs.H).toBe(9)],
    ['a 16-bit scalar register through + 0', narrowFolded, (s) => expect(s.regs.H).toBe(9)],
    ['the PC', pc, (s) => expect(s.regs.PC).toBe(9)],
  ];
  for (const [name, body, after] of cases)
    for (const [label, block] of depths(name, body))
      test(label, async () => {
        const s = await run(block);
        expect(s.r[3], 'the let kept the value written before it').toBe(7);
        after(s);
      });

  test('the bound value also reaches a store, a PC write and a trap value unchanged', async () => {
    const s = await run([
      set('A', k(32, 0x47)),
      let_('v', reg('A')),
      set('A', k(32, 9)),
      { kind: 'store', space: 'physical', addr: k(8, 0x40), value: extract(v('v'), 7, 0) },
      set('PC', extract(v('v'), 7, 0)),
    ]);
    expect(s.cells.get(0x40)).toBe(0x47);
    expect(s.regs.PC).toBe(0x47);
    const { machine } = await expectThreeWay(
      caseOf([set('H', k(16, 0x1234)), let_('v', reg('H')), set('H', k(16, 9)), { kind: 'trap', trap: 'svc', value: v('v') }]),
    );
    expect(machine.trap).toEqual({ name: 'svc', value: 0x1234 });
  });

  test('a let of the PC before any write keeps the old PC', async () => {
    const s = await run([let_('p', reg('PC')), set('PC', add(v('p'), k(8, 5))), setR(k(2, 3), zext(v('p'), 32))]);
    expect(s.r[3]).toBe(0x10);
    expect(s.regs.PC).toBe(0x15);
  });

  test('a let inside an if, of an element written before the if', async () => {
    const s = await run([setR(k(2, 1), k(32, 7)), when(inSupervisor, [let_('v', r(k(2, 1))), setR(k(2, 1), k(32, 9)), setR(k(2, 3), v('v'))])]);
    expect(s.r[3]).toBe(7);
  });

  test('a let of a value written in a branch, then written again after it', async () => {
    const s = await run([when(inSupervisor, [set('PC', k(8, 7))]), let_('v', reg('PC')), set('PC', k(8, 9)), setR(k(2, 3), zext(v('v'), 32))]);
    expect(s.r[3]).toBe(7);
    expect(s.regs.PC).toBe(9);
  });
});
