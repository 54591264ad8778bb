/** Corpus: semantics that do not type-check against the description's state, fields and traps. */
import { describe } from 'vitest';
import { at, corpus, field, file, k, reg, setReg, tiny, v, type Case, type Json } from './corpus.js';

/** Replaces INC's semantics (tiny machine: 8-bit registers, file r of 4, field ra:2). */
const inc = (...stmts: Json[]) => (x: Json) => (x.instructions[1].semantics = stmts);
/** Path into INC's semantics. */
const incPath = (...p: (string | number)[]) => ['instructions', 1, 'semantics', ...p];
/** Appends to the tiny machine's trap sequence (which has two statements). */
const seq = (...stmts: Json[]) => (x: Json) => x.traps.sequence.push(...stmts);
const seqPath = (...p: (string | number)[]) => ['traps', 'sequence', ...p];

const add = (left: Json, right: Json) => ({ kind: 'binary', op: 'add', left, right });
const one = k(1, 1);

const cases: Case[] = [
  // Widths ---------------------------------------------------------------------------------------
  {
    name: 'err_width_mismatch_binary',
    checks: 'adding a 1-bit value to an 8-bit register is a width mismatch at the binary node',
    base: tiny,
    mutate: inc(setReg('PC', add(reg('PC'), reg('M')))),
    issues: [{ path: incPath(0, 'value'), message: 'width mismatch in add: left is 8 bits, right is 1' }],
  },
  {
    name: 'err_width_mismatch_compare',
    checks: 'comparing values of different widths is a width mismatch at the compare node',
    base: tiny,
    mutate: inc({ kind: 'if', cond: { kind: 'compare', op: 'ult', left: reg('PC'), right: k(16, 3) }, then: [], else: [] }),
    issues: [{ path: incPath(0, 'cond'), message: 'width mismatch in ult: left is 8 bits, right is 16' }],
  },
  {
    name: 'err_width_mismatch_ite',
    checks: 'an if-then-else whose arms differ in width is a mismatch naming both arms',
    base: tiny,
    mutate: inc(setReg('PC', { kind: 'ite', cond: reg('M'), then: reg('PC'), else: k(4, 0) })),
    issues: [{ path: incPath(0, 'value'), message: 'width mismatch in ite: then is 8 bits, else is 4' }],
  },
  {
    name: 'err_width_mismatch_assign',
    checks: 'assigning a 1-bit value to an 8-bit register is a mismatch at the statement',
    base: tiny,
    mutate: inc(setReg('PC', one)),
    issues: [{ path: incPath(0), message: "width mismatch in assignment to 'PC': it is 8 bits, the value 1" }],
  },
  {
    name: 'err_width_mismatch_assign_file',
    checks: 'assigning a 16-bit value to an element of an 8-bit file is a mismatch',
    base: tiny,
    mutate: inc({ kind: 'assign', target: { kind: 'file', name: 'r', index: field('ra') }, value: k(16, 1) }),
    issues: [{ path: incPath(0), message: "width mismatch in assignment to 'r': it is 8 bits, the value 16" }],
  },
  {
    name: 'err_condition_not_one_bit',
    checks: 'an if on an 8-bit value is rejected: conditions are 1 bit',
    base: tiny,
    mutate: inc({ kind: 'if', cond: reg('PC'), then: [], else: [] }),
    issues: [{ path: incPath(0, 'cond'), message: 'a condition must be 1 bit wide, not 8' }],
  },
  {
    name: 'err_constant_does_not_fit',
    checks: 'the constant 256 does not fit in 8 bits',
    base: tiny,
    mutate: inc(setReg('PC', k(8, 256))),
    issues: [{ path: incPath(0, 'value', 'value'), message: 'constant 0x100 does not fit in 8 bits' }],
  },
  {
    name: 'err_extract_out_of_range',
    checks: 'extracting bit 8 of an 8-bit register is out of range',
    base: tiny,
    mutate: inc(setReg('M', { kind: 'extract', arg: reg('PC'), hi: 8, lo: 8 })),
    issues: [{ path: incPath(0, 'value'), message: 'extract 8..8 is outside the 8-bit value' }],
  },
  {
    name: 'err_extract_backwards',
    checks: 'an extract with hi below lo says it runs backwards',
    base: tiny,
    mutate: inc(setReg('M', { kind: 'extract', arg: reg('PC'), hi: 2, lo: 3 })),
    issues: [{ path: incPath(0, 'value'), message: 'extract 2..3 runs backwards (hi is the upper bit)' }],
  },
  {
    name: 'err_narrowing_extension',
    checks: 'a zero extension from 8 to 4 bits narrows and is rejected',
    base: tiny,
    mutate: inc(setReg('PC', { kind: 'extend', signed: false, arg: { kind: 'extend', signed: false, arg: reg('PC'), width: 4 }, width: 8 })),
    issues: [{ path: incPath(0, 'value', 'arg'), message: 'zero extension from 8 to 4 bits narrows (use extract)' }],
  },
  {
    name: 'err_concat_wider_than_64',
    checks: 'concatenating nine 8-bit registers makes 72 bits, more than a value can hold',
    base: tiny,
    mutate: inc({ kind: 'let', name: 'wide', value: { kind: 'concat', parts: Array.from({ length: 9 }, () => reg('PC')) } }),
    issues: [{ path: incPath(0, 'value'), message: 'concat is 72 bits wide; values are at most 64 bits' }],
  },
  {
    name: 'err_load_not_whole_cells',
    checks: 'a 12-bit load on a machine of 8-bit cells is rejected',
    base: tiny,
    mutate: inc({ kind: 'let', name: 'x', value: { kind: 'load', space: 'virtual', addr: reg('PC'), width: 12 } }),
    issues: [{ path: incPath(0, 'value', 'width'), message: 'loads are whole storage cells: 12 is not a multiple of 8' }],
  },
  {
    name: 'err_store_not_whole_cells',
    checks: 'storing a 1-bit value is rejected: stores are whole cells',
    base: tiny,
    mutate: inc({ kind: 'store', space: 'virtual', addr: reg('PC'), value: reg('M') }),
    issues: [{ path: incPath(0, 'value'), message: 'stores are whole storage cells: 1 bits is not a multiple of 8' }],
  },
  {
    name: 'err_load_address_width',
    checks: 'a load from a 16-bit address on a machine of 8-bit addresses is rejected at the address',
    base: tiny,
    mutate: inc({ kind: 'let', name: 'x', value: { kind: 'load', space: 'virtual', addr: k(16, 0), width: 8 } }),
    issues: [{ path: incPath(0, 'value', 'addr'), message: "an address must be 8 bits wide (the storage's address width), not 16" }],
  },
  {
    name: 'err_store_address_width',
    checks: 'a store to a 1-bit address is rejected at the address',
    base: tiny,
    mutate: inc({ kind: 'store', space: 'virtual', addr: reg('M'), value: reg('PC') }),
    issues: [{ path: incPath(0, 'addr'), message: "an address must be 8 bits wide (the storage's address width), not 1" }],
  },
  {
    name: 'err_file_index_width',
    checks: 'reading r (4 elements) with an 8-bit index is rejected at the index',
    base: tiny,
    mutate: inc(setReg('PC', file('r', reg('PC')))),
    issues: [{ path: incPath(0, 'value', 'index'), message: "index of 'r' must be 2 bits (it has 4 elements), not 8" }],
  },
  {
    name: 'err_file_index_width_in_target',
    checks: 'assigning r with a 1-bit index is rejected at the target’s index',
    base: tiny,
    mutate: inc({ kind: 'assign', target: { kind: 'file', name: 'r', index: reg('M') }, value: reg('PC') }),
    issues: [{ path: incPath(0, 'target', 'index'), message: "index of 'r' must be 2 bits, not 1" }],
  },
  {
    name: 'err_trap_value_width',
    checks: 'a trap value of 1 bit on a machine of 8-bit trap values is rejected',
    base: tiny,
    mutate: inc({ kind: 'trap', trap: 'priv', value: one }),
    issues: [{ path: incPath(0, 'value'), message: 'a trap value is 8 bits, not 1' }],
  },

  // Names ----------------------------------------------------------------------------------------
  {
    name: 'err_read_undeclared_register',
    checks: 'a register read of an undeclared name is rejected with its path',
    base: tiny,
    mutate: inc(setReg('PC', reg('ACC'))),
    issues: [{ path: incPath(0, 'value'), message: "read of undeclared register 'ACC'" }],
  },
  {
    name: 'err_read_file_as_register',
    checks: 'reading a register file as a scalar register says how to read an element',
    base: tiny,
    mutate: inc(setReg('PC', reg('r'))),
    issues: [{ path: incPath(0, 'value'), message: "'r' is a register file: read an element with { kind: 'file', index }" }],
  },
  {
    name: 'err_read_undeclared_file',
    checks: 'a read of an element of an undeclared register file is rejected',
    base: tiny,
    mutate: inc(setReg('PC', file('f', field('ra')))),
    issues: [{ path: incPath(0, 'value'), message: "read of undeclared register file 'f'" }],
  },
  {
    name: 'err_read_undeclared_field',
    checks: 'a read of a field the encoding does not declare is rejected',
    base: tiny,
    mutate: inc({ kind: 'assign', target: { kind: 'file', name: 'r', index: field('rb') }, value: reg('PC') }),
    issues: [{ path: incPath(0, 'target', 'index'), message: "read of field 'rb', which the encoding does not declare" }],
  },
  {
    name: 'err_read_unbound_variable',
    checks: 'a read of a let-variable before its let is rejected',
    base: tiny,
    mutate: inc(setReg('PC', v('x')), { kind: 'let', name: 'x', value: reg('PC') }),
    issues: [{ path: incPath(0, 'value'), message: "'x' is not bound by an earlier let" }],
  },
  {
    name: 'err_variable_out_of_scope',
    checks: 'a let inside an if is not visible after the if',
    base: tiny,
    mutate: inc({ kind: 'if', cond: reg('M'), then: [{ kind: 'let', name: 'x', value: reg('PC') }], else: [] }, setReg('PC', v('x'))),
    issues: [{ path: incPath(1, 'value'), message: "'x' is not bound by an earlier let" }],
  },
  {
    name: 'succ_variable_in_nested_block',
    checks: 'a let is visible in blocks nested after it',
    base: tiny,
    mutate: inc({ kind: 'let', name: 'x', value: reg('PC') }, { kind: 'if', cond: reg('M'), then: [setReg('PC', v('x'))], else: [] }),
    issues: [],
  },
  {
    name: 'err_let_rebinds',
    checks: 'binding a let-variable twice is rejected at the second let',
    base: tiny,
    mutate: inc({ kind: 'let', name: 'x', value: reg('PC') }, { kind: 'let', name: 'x', value: reg('L') }),
    issues: [{ path: incPath(1), message: "'x' is already bound" }],
  },
  {
    name: 'err_broken_let_reported_once',
    checks: 'a let of a broken value is reported once, not again at each use (uses once read as 0 bits wide)',
    base: tiny,
    mutate: inc({ kind: 'let', name: 'x', value: reg('ACC') }, setReg('PC', v('x'))),
    issues: [{ path: incPath(0, 'value'), message: "read of undeclared register 'ACC'" }],
  },
  {
    name: 'err_assign_read_only',
    checks: 'an assignment to a read-only register is rejected at the target',
    base: tiny,
    mutate: (x) => {
      x.state.registers.push({ name: 'ID', width: 8, kind: 'system', readOnly: true });
      x.instructions[1].semantics = [setReg('ID', reg('PC'))];
    },
    issues: [{ path: incPath(0, 'target'), message: "assignment to read-only register 'ID'" }],
  },
  {
    name: 'err_assign_undeclared_register',
    checks: 'an assignment to an undeclared register is rejected at the target',
    base: tiny,
    mutate: inc(setReg('ACC', reg('PC'))),
    issues: [{ path: incPath(0, 'target'), message: "assignment to undeclared register 'ACC'" }],
  },
  {
    name: 'err_assign_undeclared_file',
    checks: 'an assignment to an element of an undeclared file is rejected at the target',
    base: tiny,
    mutate: inc({ kind: 'assign', target: { kind: 'file', name: 'f', index: field('ra') }, value: reg('PC') }),
    issues: [{ path: incPath(0, 'target'), message: "assignment to undeclared register file 'f'" }],
  },
  {
    name: 'err_unknown_trap',
    checks: 'a trap statement naming an undeclared trap lists the declared ones',
    base: tiny,
    mutate: inc({ kind: 'trap', trap: 'overflow' }),
    issues: [{ path: incPath(0, 'trap'), message: "unknown trap 'overflow' (declared: mem, ill, priv)" }],
  },
  {
    name: 'err_trap_info_outside_trap_sequence',
    checks: 'an instruction reading trapInfo is rejected: it exists only in the trap sequence',
    base: tiny,
    mutate: inc(setReg('PC', { kind: 'trapInfo', which: 'value' })),
    issues: [{ path: incPath(0, 'value'), message: "trapInfo('value') can only be read in the trap sequence" }],
  },

  // The trap sequence ----------------------------------------------------------------------------
  {
    name: 'succ_trap_info_in_trap_sequence',
    checks: 'the trap sequence may read trapInfo',
    base: tiny,
    mutate: seq({ kind: 'store', space: 'physical', addr: k(8, 2), value: { kind: 'trapInfo', which: 'code' } }),
    issues: [],
  },
  {
    name: 'err_field_in_trap_sequence',
    checks: 'a field read in the trap sequence is rejected: it has no instruction',
    base: tiny,
    mutate: seq(setReg('PC', { kind: 'extend', signed: false, arg: field('ra'), width: 8 })),
    issues: [{ path: seqPath(2, 'value', 'arg'), message: "the trap sequence has no operand fields (read of field 'ra')" }],
  },
  {
    name: 'err_trap_in_trap_sequence',
    checks: 'a trap statement in the trap sequence is rejected, even inside an if',
    base: tiny,
    mutate: seq({ kind: 'if', cond: reg('M'), then: [{ kind: 'trap', trap: 'mem' }], else: [] }),
    issues: [{ path: seqPath(2, 'then', 0), message: 'the trap sequence may not trap' }],
  },
  {
    name: 'err_halt_in_trap_sequence',
    checks: 'a halt in the trap sequence is rejected',
    base: tiny,
    mutate: seq({ kind: 'halt' }),
    issues: [{ path: seqPath(2), message: 'the trap sequence may not halt' }],
  },
  {
    name: 'err_virtual_load_in_trap_sequence',
    checks: 'a load through the address map in the trap sequence is rejected at the load',
    base: tiny,
    mutate: seq(setReg('L', { kind: 'load', space: 'virtual', addr: k(8, 2), width: 8 })),
    issues: [{ path: seqPath(2, 'value'), message: 'the trap sequence may not trap: load from physical storage, not through the address map' }],
  },
  {
    name: 'err_virtual_store_in_trap_sequence',
    checks: 'a store through the address map in the trap sequence is rejected',
    base: tiny,
    mutate: seq({ kind: 'store', space: 'virtual', addr: k(8, 2), value: reg('L') }),
    issues: [{ path: seqPath(2), message: 'the trap sequence may not trap: store to physical storage, not through the address map' }],
  },

  // On pg74 --------------------------------------------------------------------------------------
  {
    name: 'err_pg74_field_width_in_use',
    checks: 'in pg74, adding the 16-bit immediate of ADDI to a 32-bit register without extending it is a mismatch',
    mutate: (x) => {
      const i = at(x, 'ADDI');
      x.instructions[i].semantics = [
        { kind: 'assign', target: { kind: 'file', name: 'r', index: field('ra') }, value: add(file('r', field('rb')), field('imm')) },
      ];
    },
    issues: (x) => [{ path: ['instructions', at(x, 'ADDI'), 'semantics', 0, 'value'], message: 'width mismatch in add: left is 32 bits, right is 16' }],
  },
  {
    name: 'err_pg74_unprivileged_trap_name',
    checks: 'in pg74, trapping with a name the machine does not declare is rejected',
    mutate: (x) => x.instructions[at(x, 'NOP')].semantics.push({ kind: 'trap', trap: 'breakpoint' }),
    issues: (x) => [
      { path: ['instructions', at(x, 'NOP'), 'semantics', 0, 'trap'], message: "unknown trap 'breakpoint' (declared: privileged, memory, svc, illegal, divide)" },
    ],
  },
];

describe('malformed descriptions: semantics', () => corpus(cases));
