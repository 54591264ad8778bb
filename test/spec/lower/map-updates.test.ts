/**
 * Lowering reaches a map's walk stores: an update whose condition reads a register with fields
 * (SR) reads its fields after lowering, and runs as written (a fetch stores SR at cell 15 while
 * SR's field E is set).
 */
import { describe, expect, test } from 'vitest';
import { Machine } from '../../../machine/index.js';
import { assertValidIsa, type DescribedMap, type Expr } from '../../../spec/index.js';

const k = (w: number, v: number): Expr => ({ kind: 'const', width: w, value: String(v) });

describe('lowering a map that stores', () => {
  const isa = assertValidIsa({
    format: 'vmcheck-isa/1',
    name: 'fields-updates',
    summary: 'a walk store reading a register with fields',
    state: {
      registers: [
        { name: 'PC', width: 4, kind: 'user' },
        { name: 'M', width: 1, kind: 'system' },
        { name: 'SR', width: 8, kind: 'system', fields: [{ name: 'E', hi: 0, lo: 0 }, { name: 'V', hi: 7, lo: 4 }] },
      ],
      files: [],
      pc: 'PC',
      mode: { register: 'M', levels: [{ name: 's', value: 0, supervisor: true }, { name: 'u', value: 1, supervisor: false }] },
      storage: { cellBits: 8, addressBits: 4, cells: 16 },
      addressMap: {
        kind: 'described',
        fetch: { fault: k(1, 0), trap: 'mem' },
        read: { fault: k(1, 0), trap: 'mem' },
        write: { fault: k(1, 0), trap: 'mem' },
        physical: { kind: 'var', name: 'vaddr' },
        updates: [{ when: { kind: 'extract', arg: { kind: 'reg', name: 'SR' }, hi: 0, lo: 0 }, cell: k(4, 15), value: { kind: 'reg', name: 'SR' } }],
      },
      timing: [],
    },
    traps: { codeWidth: 2, valueWidth: 8, kinds: [{ name: 'mem', class: 'memory', code: 0 }, { name: 'ill', class: 'illegal-instruction', code: 1 }], sequence: [] },
    instructions: [{ mnemonic: 'NOP', cite: 'test', class: 'innocuous', encoding: { bits: 8, fixed: [{ hi: 7, lo: 0, value: 1 }], fields: [] }, syntax: 'nop', semantics: [] }],
  });

  test('the update reads the fields, not the whole register, once lowered', () => {
    const u = (isa.state.addressMap as DescribedMap).updates as { when: Expr; value: Expr }[];
    expect(JSON.stringify(u[0]!.when)).toContain('"SR.E"');
    expect(JSON.stringify(u[0]!.value)).toContain('"SR.V"');
    expect(JSON.stringify(u)).not.toContain('"name":"SR"');
  });

  test('and runs as written: a fetch stores SR at cell 15 while E is set, and not while it is clear', () => {
    const m = new Machine(isa);
    m.loadCells(0, [1, 1]);
    m.setReg('SR.V', 0xa);
    m.step();
    expect(m.readCells(15, 1)).toEqual([0]);
    m.setReg('SR.E', 1);
    m.step();
    expect(m.readCells(15, 1)).toEqual([0xa1]);
  });
});
