/**
 * A described map switched on and off by a 1-bit register (the VAX's MAPEN, found by the VAX
 * model): the pair of a mode-sensitivity question holds the map's registers equal whatever their
 * width, as a virtual = real monitor keeps them, so an ordinary load is not mode-sensitive; an
 * earlier checker let the narrow enable vary, read storage through two maps, and called every
 * load and store mode-sensitive. The guest below runs under the monitor as it runs bare.
 */
import { describe, expect, test } from 'vitest';
import { add, eq, ite, load, zext, extract } from '../../spec/builder/ops.js';
import { c, type Bits } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';
import { assemble } from '../../asm/index.js';
import { checkIsa } from '../../proofs/index.js';
import { partition } from '../../proofs/partition.js';
import { guestDifferences, runBare, runUnderMonitor } from '../../vmm/index.js';

const b = isaBuilder({
  state: {
    registers: {
      PC: { width: 8, kind: 'user', reset: 0x10 },
      M: { width: 1, kind: 'system', reset: 1 },
      E: { width: 1, kind: 'system', doc: 'the map enable' },
      OFF: { width: 8, kind: 'system', doc: 'where virtual 0 lands while the map is on' },
    },
    files: { r: { count: 4, width: 8, kind: 'user' } },
    pc: 'PC',
    mode: { register: 'M', levels: { s: { value: 1, supervisor: true }, u: { value: 0, supervisor: false } } },
    storage: { cellBits: 8, addressBits: 8, cells: 256 },
    addressMap: ({ reg }) => ({
      fetch: { fault: () => c(1, 0), trap: 'memory' },
      read: { fault: () => c(1, 0), trap: 'memory' },
      write: { fault: () => c(1, 0), trap: 'memory' },
      // Data accesses go through the map; instruction fetch does not (the program stays put).
      physical: {
        fetch: (a) => a as Bits<8>,
        read: (a) => ite(eq(reg('E'), 1), add(a as Bits<8>, reg('OFF')), a as Bits<8>),
        write: (a) => ite(eq(reg('E'), 1), add(a as Bits<8>, reg('OFF')), a as Bits<8>),
      },
    }),
    timing: [],
  },
  traps: {
    codeWidth: 2,
    valueWidth: 8,
    kinds: { memory: { class: 'memory', code: 0 }, privileged: { class: 'privileged-instruction', code: 1 }, illegal: { class: 'illegal-instruction', code: 2 } },
    sequence: ($, { reg }) => {
      $.store(c(8, 0), reg('PC'), 'physical');
      $.set(reg('PC'), load(c(8, 1), 8, 'physical'));
      $.set(reg('M'), c(1, 1));
      $.set(reg('E'), c(1, 0));
    },
  },
  operands: { ra: { kind: 'register', file: 'r' }, rb: { kind: 'register', file: 'r' }, imm: { kind: 'immediate', signed: false } },
});
const r = b.file('r');
const isa = b.define({
  name: 'enable8',
  summary: 'a described map a 1-bit register switches on',
  instructions: [
    b.insn('LDI', { cite: 'test', class: 'innocuous', encoding: '0001 ra:2 00 imm:8', syntax: 'ldi {ra}, {imm}', semantics: ({ ra, imm }, $) => $.set(r(ra), imm) }),
    b.insn('LD', { cite: 'test', class: 'innocuous', encoding: '0010 ra:2 rb:2 00000000', syntax: 'ld {ra}, ({rb})', semantics: ({ ra, rb }, $) => $.set(r(ra), load(r(rb), 8)) }),
    b.insn('ST', { cite: 'test', class: 'innocuous', encoding: '0011 ra:2 rb:2 00000000', syntax: 'st {ra}, ({rb})', semantics: ({ ra, rb }, $) => $.store(r(rb), r(ra)) }),
    b.insn('SETE', {
      cite: 'test', class: 'privileged', encoding: '0100 00 rb:2 00000000', syntax: 'sete {rb}',
      semantics: ({ rb }, $) => {
        $.requireSupervisor();
        $.set(b.reg('E'), extract(r(rb), 0, 0));
      },
    }),
    b.insn('SETOFF', {
      cite: 'test', class: 'privileged', encoding: '0101 00 rb:2 00000000', syntax: 'setoff {rb}',
      semantics: ({ rb }, $) => {
        $.requireSupervisor();
        $.set(b.reg('OFF'), r(rb));
      },
    }),
    b.insn('RDE', { cite: 'test', class: 'innocuous', encoding: '0110 ra:2 00 00000000', syntax: 'rde {ra}', semantics: ({ ra }, $) => $.set(r(ra), zext(b.reg('E'), 8)) }),
    b.insn('HALT', {
      cite: 'test', class: 'privileged', encoding: '1111 0000 00000000', syntax: 'halt',
      semantics: (_, $) => {
        $.requireSupervisor();
        $.halt();
      },
    }),
  ],
});

describe('a map enabled by a 1-bit register', () => {
  test('a mode pair holds the enable equal, with the offset', () => {
    const p = partition(isa);
    expect(p.modeSelectsMap).toBe(false);
    expect(p.modeLike.regs).toEqual(['M']);
  });

  test('loads and stores are innocuous; the map registers are written only by privileged instructions; an unprivileged read of the enable is location-sensitive', async () => {
    const report = await checkIsa(isa);
    const derived = Object.fromEntries(report.instructions.map((i) => [i.mnemonic, i.derived]));
    expect(derived).toEqual({ LDI: 'innocuous', LD: 'innocuous', ST: 'innocuous', SETE: 'privileged', SETOFF: 'privileged', RDE: 'sensitive', HALT: 'privileged' });
    // Not mode-sensitive (the pair holds the enable equal), but a monitor that moves the guest
    // runs it with the map on whatever the guest's enable (composed maps): RDE would see that.
    const rde = report.instructions.find((i) => i.mnemonic === 'RDE')!;
    expect(rde.definitions['mode-sensitive'].answer).toBe('no');
    expect(rde.definitions['user-location-sensitive'].answer).toBe('yes');
    expect(report.theorems.map((t) => [t.status, t.violators.map((v) => v.mnemonic)])).toEqual([['fails', ['RDE']], ['fails', ['RDE']], ['fails', ['RDE']]]);
    // A virtual = real monitor (vmcheck's, the guest below) runs it directly all the same.
    expect(report.crossCheck.safeViolators.map((v) => v.mnemonic)).toContain('RDE');
    expect(report.crossCheck.contradictions).toEqual([]);
  }, 60_000);

  test('a guest that switches the map on, loads through it and reads the enable ends under the monitor as it does bare', () => {
    const program = assemble(
      isa,
      `
        .org 0x10
        ldi r1, 0x40
        setoff r1
        ldi r2, 1
        sete r2           ; virtual 0x20 is physical 0x60 from here on
        ldi r3, 0x20
        ld r0, (r3)
        rde r1
        st r1, (r3)       ; physical 0x60
        halt
        .org 0x60
        .byte 0x5a
      `,
    );
    const bare = runBare(isa, program);
    expect(bare.reason).toBe('halted');
    expect(bare.state.files['r']!.slice(0, 2)).toEqual([0x5a, 1]);
    for (const hybrid of [false, true]) {
      const v = runUnderMonitor(isa, program, { hybrid });
      expect(v.reason).toBe('halted');
      expect(guestDifferences(isa, bare.state, v.guests[0]!.state)).toEqual([]);
    }
  });
});
