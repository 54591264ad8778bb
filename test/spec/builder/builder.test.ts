/** The typed builder: what it records, and what it refuses at run time. */
import { describe, expect, it } from 'vitest';
import {
  IsaError,
  Semantics,
  add,
  all,
  any,
  c,
  eq,
  isaBuilder,
  ite,
  load,
  loadIsa,
  trapCode,
  zext,
  type InstructionDecl,
} from '../../../spec/index.js';

/** A small machine: 8-bit addresses and cells, a 4-element file, two modes. */
const b = isaBuilder({
  state: {
    registers: {
      PC: { width: 8, kind: 'user' },
      M: { width: 2, kind: 'system', reset: 3, doc: 'mode' },
      L: { width: 8, kind: 'system' },
      B: { width: 8, kind: 'system', reset: 0xff },
      ID: { width: 8, kind: 'system', readOnly: true, reset: 0x42 },
    },
    files: { r: { count: 4, width: 8, kind: 'user', prefix: 'r', aliases: { sp: 3 }, hardwired: [{ index: 0, value: 0 }] } },
    pc: 'PC',
    mode: { register: 'M', levels: { k: { value: 3, supervisor: true }, h: { value: 2, supervisor: true }, u: { value: 0, supervisor: false } } },
    storage: { cellBits: 8, addressBits: 8, cells: 256 },
    addressMap: { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: 'above', trap: 'mem' },
    timing: [],
  },
  traps: {
    codeWidth: 8,
    valueWidth: 8,
    kinds: { mem: { class: 'memory', code: 1 }, ill: { class: 'illegal-instruction', code: 2 }, priv: { class: 'privileged-instruction', code: 3 } },
    sequence: ($, { reg }) => {
      $.store(c(8, 0), reg('PC'), 'physical');
      $.store(c(8, 1), trapCode(8), 'physical');
      $.set(reg('PC'), load(c(8, 2), 8, 'physical'));
    },
  },
  operands: { ra: { kind: 'register', file: 'r' }, rb: { kind: 'register', file: 'r' } },
});
const r = b.file('r');
const PC = b.reg('PC');

const nop = b.insn('NOP', { cite: '§1', class: 'innocuous', encoding: '0000 0000', syntax: 'nop', semantics: () => {} });
const mov = b.insn('MOV', {
  cite: '§2',
  class: 'innocuous',
  encoding: '0001 ra:2 rb:2',
  syntax: 'mov {ra}, {rb}',
  semantics: ({ ra, rb }, $) => $.set(r(ra), r(rb)),
});

describe('isaBuilder', () => {
  it('turns the state configuration into declarations, resets as 0x-hex text', () => {
    expect(b.state.registers).toEqual([
      { name: 'PC', width: 8, kind: 'user' },
      { name: 'M', width: 2, kind: 'system', reset: '0x3', doc: 'mode' },
      { name: 'L', width: 8, kind: 'system' },
      { name: 'B', width: 8, kind: 'system', reset: '0xff' },
      { name: 'ID', width: 8, kind: 'system', readOnly: true, reset: '0x42' },
    ]);
    expect(b.state.files).toEqual([{ name: 'r', count: 4, width: 8, kind: 'user', prefix: 'r', aliases: { sp: 3 }, hardwired: [{ index: 0, value: '0x0' }] }]);
    expect(b.state.mode.levels).toEqual([
      { name: 'k', value: 3, supervisor: true },
      { name: 'h', value: 2, supervisor: true },
      { name: 'u', value: 0, supervisor: false },
    ]);
    expect(b.traps.kinds.map((k) => k.name)).toEqual(['mem', 'ill', 'priv']);
  });

  it('records the trap sequence once, when the builder is made', () => {
    expect(b.traps.sequence).toEqual([
      { kind: 'store', space: 'physical', addr: { kind: 'const', width: 8, value: '0x0' }, value: { kind: 'reg', name: 'PC' } },
      { kind: 'store', space: 'physical', addr: { kind: 'const', width: 8, value: '0x1' }, value: { kind: 'trapInfo', which: 'code' } },
      { kind: 'assign', target: { kind: 'reg', name: 'PC' }, value: { kind: 'load', space: 'physical', addr: { kind: 'const', width: 8, value: '0x2' }, width: 8 } },
    ]);
  });

  it('takes each field’s operand from the instruction, else the shared table, else an unsigned immediate', () => {
    const insn = b.insn('X', {
      cite: '§3',
      class: 'innocuous',
      encoding: '0010 ra:2 n:2',
      syntax: 'x {ra}, {n}',
      semantics: () => {},
    });
    const signed = b.insn('Y', {
      cite: '§3',
      class: 'innocuous',
      encoding: '0011 ra:2 n:2',
      syntax: 'y {ra}, {n}',
      operands: { n: { kind: 'immediate', signed: true } },
      semantics: () => {},
    });
    expect(insn.encoding.fields.map((f) => f.operand)).toEqual([
      { kind: 'register', file: 'r' },
      { kind: 'immediate', signed: false },
    ]);
    expect(signed.encoding.fields[1]!.operand).toEqual({ kind: 'immediate', signed: true });
  });

  it('records an instruction as its four facets side by side', () => {
    expect(mov).toEqual({
      mnemonic: 'MOV',
      cite: '§2',
      class: 'innocuous',
      encoding: {
        bits: 8,
        fixed: [{ hi: 7, lo: 4, value: 1 }],
        fields: [
          { name: 'ra', width: 2, slices: [{ fieldHi: 1, fieldLo: 0, at: 2 }], operand: { kind: 'register', file: 'r' } },
          { name: 'rb', width: 2, slices: [{ fieldHi: 1, fieldLo: 0, at: 0 }], operand: { kind: 'register', file: 'r' } },
        ],
      },
      syntax: 'mov {ra}, {rb}',
      semantics: [
        {
          kind: 'assign',
          target: { kind: 'file', name: 'r', index: { kind: 'field', name: 'ra' } },
          value: { kind: 'file', name: 'r', index: { kind: 'field', name: 'rb' } },
        },
      ],
    } satisfies InstructionDecl);
  });

  it('names the instruction when its bit picture cannot be read', () => {
    expect(() => b.insn('BAD', { cite: '§', class: 'innocuous', encoding: '0000 ra:0 0000', syntax: 'bad', semantics: () => {} })).toThrow(
      new Error("BAD: bit picture: field 'ra' has zero width"),
    );
  });

  it('gives a level’s value at the mode register’s width, and refuses an unknown level', () => {
    expect(b.level('h')).toEqual({ node: { kind: 'const', width: 2, value: '0x2' }, width: 2 });
    expect(() => b.level('x')).toThrow("level 'x' is not one of the mode's levels");
  });

  it('computes supervisor as the or of the supervisor levels', () => {
    const modeIs = (v: number) => ({ kind: 'compare', op: 'eq', left: { kind: 'reg', name: 'M' }, right: { kind: 'const', width: 2, value: `0x${v}` } });
    expect(b.supervisor).toEqual({ node: { kind: 'binary', op: 'or', left: modeIs(3), right: modeIs(2) }, width: 1 });
  });

  it('define returns a description that validates and loads from its JSON as itself', () => {
    const isa = b.define({ name: 'small', summary: 'a small machine', instructions: [nop, mov] });
    expect(isa.format).toBe('vmcheck-isa/1');
    expect(isa).not.toHaveProperty('manual');
    expect(loadIsa(JSON.parse(JSON.stringify(isa)))).toStrictEqual(isa);
  });

  it('define throws an IsaError for what the types cannot see: an overlap', () => {
    const twin = b.insn('NOP2', { cite: '§1', class: 'innocuous', encoding: '0000 0000', syntax: 'nop2', semantics: () => {} });
    expect(() => b.define({ name: 'small', summary: 'x', instructions: [nop, twin] })).toThrow(IsaError);
    try {
      b.define({ name: 'small', summary: 'x', instructions: [nop, twin] });
    } catch (e) {
      expect((e as IsaError).issues).toEqual([{ path: ['instructions', 1, 'encoding'], message: 'encoding overlaps NOP: some word matches both' }]);
    }
  });

  it('define throws an IsaError for what only the schema sees: a field wider than 52 bits', () => {
    const wide = b.insn('WIDE', { cite: '§', class: 'innocuous', encoding: '0100 0000 imm:56', syntax: 'wide {imm}', semantics: () => {} });
    try {
      b.define({ name: 'small', summary: 'x', instructions: [nop, wide] });
      expect.unreachable();
    } catch (e) {
      expect((e as IsaError).issues).toEqual([{ path: ['instructions', 1, 'encoding', 'fields', 0, 'width'], message: 'fields are at most 52 bits (their values are JavaScript numbers)' }]);
    }
  });

  it('define refuses an assignment to a read-only register', () => {
    const poke = b.insn('POKE', { cite: '§', class: 'innocuous', encoding: '0101 ra:2 00', syntax: 'poke {ra}', semantics: ({ ra }, $) => $.set(b.reg('ID'), r(ra)) });
    expect(() => b.define({ name: 'small', summary: 'x', instructions: [poke] })).toThrow(/instructions\[0\]\.semantics\[0\]\.target \(POKE\): assignment to read-only register 'ID'/);
  });
});

describe('Semantics (the statement recorder)', () => {
  it('records let, nested if/else, trapIf and halt in order', () => {
    const $ = b.semantics();
    const x = $.let('x', add(PC, 1));
    expect(x).toEqual({ node: { kind: 'var', name: 'x' }, width: 8 });
    $.if(
      eq(x, 0),
      () => $.set(PC, x),
      () => {
        $.trapIf(eq(PC, 7), 'mem', PC);
        $.halt();
      },
    );
    expect($.block).toEqual([
      { kind: 'let', name: 'x', value: { kind: 'binary', op: 'add', left: { kind: 'reg', name: 'PC' }, right: { kind: 'const', width: 8, value: '0x1' } } },
      {
        kind: 'if',
        cond: { kind: 'compare', op: 'eq', left: { kind: 'var', name: 'x' }, right: { kind: 'const', width: 8, value: '0x0' } },
        then: [{ kind: 'assign', target: { kind: 'reg', name: 'PC' }, value: { kind: 'var', name: 'x' } }],
        else: [
          {
            kind: 'if',
            cond: { kind: 'compare', op: 'eq', left: { kind: 'reg', name: 'PC' }, right: { kind: 'const', width: 8, value: '0x7' } },
            then: [{ kind: 'trap', trap: 'mem', value: { kind: 'reg', name: 'PC' } }],
            else: [],
          },
          { kind: 'halt' },
        ],
      },
    ]);
  });

  it('requireSupervisor takes the privileged-instruction trap unless the mode counts as supervisor', () => {
    const $ = b.semantics();
    $.requireSupervisor();
    expect($.block).toEqual([
      {
        kind: 'if',
        cond: { kind: 'compare', op: 'eq', left: b.supervisor.node, right: { kind: 'const', width: 1, value: '0x0' } },
        then: [{ kind: 'trap', trap: 'priv' }],
        else: [],
      },
    ]);
  });

  it('requireSupervisor without the ISA’s mode is an error, not a silent no-op', () => {
    expect(() => new Semantics().requireSupervisor()).toThrow(/without the ISA’s mode/);
  });

  it('lifts numbers to the other operand’s width, negatives modulo 2^width', () => {
    expect(c(8, -1).node).toEqual({ kind: 'const', width: 8, value: '0xff' });
    expect(c(4, 17).node).toEqual({ kind: 'const', width: 4, value: '0x1' });
    expect(ite(eq(PC, 0), PC, 9).node).toMatchObject({ kind: 'ite', else: { kind: 'const', width: 8, value: '0x9' } });
    expect(zext(PC, 8)).toBe(PC);
  });

  it('all and any fold conditions with and/or, and are true/false when empty', () => {
    const p = eq(PC, 1);
    const q = eq(PC, 2);
    expect(all().node).toEqual({ kind: 'const', width: 1, value: '0x1' });
    expect(any().node).toEqual({ kind: 'const', width: 1, value: '0x0' });
    expect(all(p).node).toBe(p.node);
    expect(any(p, q).node).toEqual({ kind: 'binary', op: 'or', left: p.node, right: q.node });
  });
});
