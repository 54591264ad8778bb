/**
 * Corpus: described address maps, interrupts, carried counters, shared trap codes and storage
 * devices that do not hold together — each case one mutation of a valid machine that uses all of
 * them, with the exact issues it must produce.
 */
import { describe, expect, it } from 'vitest';
import { loadIsa, rv32, type IsaDescription } from '../../../spec/index.js';
import { feat16 } from '../../machine/feature-isa.js';
import { clone, corpus, field, issuesOf, k, reg, tiny, v, type Case, type Json } from './corpus.js';

const cmp = (op: string, left: Json, right: Json) => ({ kind: 'compare', op, left, right });
const load = (addr: Json, width: number) => ({ kind: 'load', space: 'virtual', addr, width });

/**
 * The corpus's tiny machine with a described map (fetch and read fault above B, write faults
 * below L; physical = vaddr + L), an interrupt taken in user mode while P is set, a clock CLK
 * carried into CLKH, and a console at cell 0xf0.
 */
export const tinyDescribed: IsaDescription = (() => {
  const x = clone(tiny);
  x.name = 'tiny-described';
  x.state.registers.push(
    { name: 'P', width: 1, kind: 'system' },
    { name: 'CLK', width: 8, kind: 'system' },
    { name: 'CLKH', width: 8, kind: 'system' },
  );
  x.state.addressMap = {
    kind: 'described',
    fetch: { fault: cmp('ugt', v('vaddr'), reg('B')), trap: 'mem' },
    read: { fault: cmp('ugt', v('vaddr'), reg('B')), trap: 'mem' },
    write: { fault: cmp('ult', v('vaddr'), reg('L')), trap: 'wmem' },
    physical: { kind: 'binary', op: 'add', left: v('vaddr'), right: reg('L') },
  };
  x.state.timing = ['CLK', 'CLKH'];
  x.state.carries = [{ low: 'CLK', high: 'CLKH' }];
  x.state.storage.devices = [{ name: 'console', kind: 'console', cell: 0xf0 }];
  x.traps.kinds.push({ name: 'wmem', class: 'memory', code: 4 }, { name: 'irq', class: 'interrupt', code: 5 });
  x.traps.interrupts = [{ trap: 'irq', when: { kind: 'binary', op: 'and', left: reg('P'), right: cmp('eq', reg('M'), k(1, 0)) } }];
  return loadIsa(x, 'tiny-described');
})();

const base = tinyDescribed;
/** A walk store: when the cell at vaddr + L is 0, set it to 1 (its parts replaceable). */
const update = (parts: Partial<Record<'when' | 'cell' | 'value', Json>> = {}): Json => ({
  when: cmp('eq', { kind: 'load', space: 'physical', addr: { kind: 'binary', op: 'add', left: v('vaddr'), right: reg('L') }, width: 8 }, k(8, 0)),
  cell: { kind: 'binary', op: 'add', left: v('vaddr'), right: reg('L') },
  value: k(8, 1),
  ...parts,
});
const trapAt = (x: Json, name: string) => (x.traps.kinds as { name: string }[]).findIndex((t) => t.name === name);

const cases: Case[] = [
  {
    name: 'succ_tiny_described',
    checks: 'the described-map machine loads as it is',
    base,
    mutate: () => {},
    issues: [],
  },

  // Described maps: widths ------------------------------------------------------------------------
  {
    name: 'err_described_fault_not_one_bit',
    checks: 'a read fault that is 8 bits wide (a register, not a condition) is rejected at the fault',
    base,
    mutate: (x) => (x.state.addressMap.read.fault = reg('B')),
    issues: [{ path: ['state', 'addressMap', 'read', 'fault'], message: 'must be 1 bit wide, not 8' }],
  },
  {
    name: 'err_described_fetch_fault_not_one_bit',
    checks: 'the fetch rule is held to the same width as the others',
    base,
    mutate: (x) => (x.state.addressMap.fetch.fault = v('vaddr')),
    issues: [{ path: ['state', 'addressMap', 'fetch', 'fault'], message: 'must be 1 bit wide, not 8' }],
  },
  {
    name: 'err_described_physical_not_address_wide',
    checks: 'a physical address of 16 bits on a machine of 8-bit addresses is rejected',
    base,
    mutate: (x) => (x.state.addressMap.physical = { kind: 'extend', signed: false, arg: v('vaddr'), width: 16 }),
    issues: [{ path: ['state', 'addressMap', 'physical'], message: 'must be 8 bits wide, not 16' }],
  },
  {
    name: 'err_described_physical_one_bit',
    checks: 'a condition used as the physical address is rejected (1 bit, not the address width)',
    base,
    mutate: (x) => (x.state.addressMap.physical = cmp('eq', v('vaddr'), reg('L'))),
    issues: [{ path: ['state', 'addressMap', 'physical'], message: 'must be 8 bits wide, not 1' }],
  },

  // Described maps: what they may read --------------------------------------------------------------
  {
    name: 'err_described_map_loads',
    checks: 'a fault rule that loads through the map itself is rejected at the load (a map walks its tables in physical storage)',
    base,
    mutate: (x) => (x.state.addressMap.fetch.fault = cmp('eq', load(v('vaddr'), 8), k(8, 0))),
    issues: [{ path: ['state', 'addressMap', 'fetch', 'fault', 'left', 'space'], message: "the address map reads storage only with space 'physical'" }],
  },
  {
    name: 'ok_described_physical_loads',
    checks: 'a physical address read from physical storage (a page table) is accepted',
    base,
    mutate: (x) => (x.state.addressMap.physical = { ...load(v('vaddr'), 8), space: 'physical' }),
    issues: [],
  },
  {
    name: 'err_described_map_reads_field',
    checks: 'a write rule that reads an operand field is rejected: the map runs outside any instruction',
    base,
    mutate: (x) => (x.state.addressMap.write.fault = cmp('eq', field('ra'), k(2, 0))),
    issues: [{ path: ['state', 'addressMap', 'write', 'fault', 'left'], message: "the address map has no operand fields (read of field 'ra')" }],
  },
  {
    name: 'err_described_map_reads_trap_info',
    checks: 'a physical address that reads trapInfo is rejected: only the trap sequence has it',
    base,
    mutate: (x) => (x.state.addressMap.physical = { kind: 'trapInfo', which: 'value' }),
    issues: [{ path: ['state', 'addressMap', 'physical'], message: "trapInfo('value') can only be read in the trap sequence" }],
  },
  {
    name: 'err_described_map_unbound_variable',
    checks: 'the only variable a map expression may read is vaddr',
    base,
    mutate: (x) => (x.state.addressMap.read.fault = cmp('ugt', v('addr'), reg('B'))),
    issues: [{ path: ['state', 'addressMap', 'read', 'fault', 'left'], message: "'addr' is not bound by an earlier let" }],
  },
  {
    name: 'err_described_map_undeclared_register',
    checks: 'a map expression reading an undeclared register is rejected at the read',
    base,
    mutate: (x) => (x.state.addressMap.fetch.fault = cmp('ugt', v('vaddr'), reg('LIMIT'))),
    issues: [{ path: ['state', 'addressMap', 'fetch', 'fault', 'right'], message: "read of undeclared register 'LIMIT'" }],
  },

  // Described maps: traps -------------------------------------------------------------------------
  {
    name: 'err_described_trap_unknown',
    checks: 'a read rule naming an undeclared trap is rejected at its trap',
    base,
    mutate: (x) => (x.state.addressMap.read.trap = 'segv'),
    issues: [{ path: ['state', 'addressMap', 'read', 'trap'], message: "unknown trap 'segv'" }],
  },
  {
    name: 'err_described_trap_not_memory',
    checks: 'a write rule whose trap is of class privileged-instruction is rejected',
    base,
    mutate: (x) => (x.state.addressMap.write.trap = 'priv'),
    issues: [{ path: ['state', 'addressMap', 'write', 'trap'], message: "the write trap 'priv' must be of class 'memory', not 'privileged-instruction'" }],
  },
  {
    name: 'err_described_fetch_trap_interrupt',
    checks: 'a fetch rule whose trap is an interrupt is rejected',
    base,
    mutate: (x) => (x.state.addressMap.fetch.trap = 'irq'),
    issues: [{ path: ['state', 'addressMap', 'fetch', 'trap'], message: "the fetch trap 'irq' must be of class 'memory', not 'interrupt'" }],
  },
  {
    name: 'succ_described_traps_per_access',
    checks: 'each access kind may take its own memory trap',
    base,
    mutate: (x) => {
      x.traps.kinds.push({ name: 'fmem', class: 'memory', code: 6 });
      x.state.addressMap.fetch.trap = 'fmem';
    },
    issues: [],
  },
  {
    name: 'err_described_missing_physical',
    checks: 'a described map without a physical address is a shape error',
    base,
    mutate: (x) => delete x.state.addressMap.physical,
    issues: [{ path: ['state', 'addressMap', 'physical'], message: "missing field 'physical'" }],
  },
  {
    name: 'err_described_rule_unknown_field',
    checks: 'an access rule with a field other than fault and trap (no trapInfo) is a shape error',
    base,
    mutate: (x) => (x.state.addressMap.write.trapInfo = k(8, 0)),
    issues: [{ path: ['state', 'addressMap', 'write'], message: "unknown field 'trapInfo'" }],
  },

  // Interrupts ------------------------------------------------------------------------------------
  {
    name: 'err_interrupt_trap_wrong_class',
    checks: 'an interrupt whose trap is of class memory is rejected at its trap',
    base,
    mutate: (x) => (x.traps.interrupts[0].trap = 'mem'),
    issues: [{ path: ['traps', 'interrupts', 0, 'trap'], message: "an interrupt's trap 'mem' must be of class 'interrupt', not 'memory'" }],
  },
  {
    name: 'err_interrupt_trap_unknown',
    checks: 'an interrupt naming an undeclared trap is rejected',
    base,
    mutate: (x) => (x.traps.interrupts[0].trap = 'nmi'),
    issues: [{ path: ['traps', 'interrupts', 0, 'trap'], message: "unknown trap 'nmi'" }],
  },
  {
    name: 'err_interrupt_when_not_one_bit',
    checks: 'an interrupt condition 8 bits wide is rejected',
    base,
    mutate: (x) => (x.traps.interrupts[0].when = reg('L')),
    issues: [{ path: ['traps', 'interrupts', 0, 'when'], message: 'must be 1 bit wide, not 8' }],
  },
  {
    name: 'err_interrupt_reads_vaddr',
    checks: 'an interrupt condition has no vaddr (that is the address map’s variable)',
    base,
    mutate: (x) => (x.traps.interrupts[0].when = cmp('eq', v('vaddr'), k(8, 0))),
    issues: [{ path: ['traps', 'interrupts', 0, 'when', 'left'], message: "'vaddr' is not bound by an earlier let" }],
  },
  {
    name: 'err_interrupt_loads',
    checks: 'an interrupt condition that loads storage is rejected at the load',
    base,
    mutate: (x) => (x.traps.interrupts[0].when = cmp('ne', load(k(8, 0xf0), 8), k(8, 0))),
    issues: [{ path: ['traps', 'interrupts', 0, 'when', 'left'], message: 'the interrupt condition may not read storage' }],
  },
  {
    name: 'err_interrupt_reads_field',
    checks: 'an interrupt condition that reads an operand field is rejected',
    base,
    mutate: (x) => (x.traps.interrupts[0].when = cmp('eq', field('ra'), k(2, 0))),
    issues: [{ path: ['traps', 'interrupts', 0, 'when', 'left'], message: "the interrupt condition has no operand fields (read of field 'ra')" }],
  },
  {
    name: 'err_second_interrupt_reported_at_its_index',
    checks: 'problems of a later interrupt are reported at its own index',
    base,
    mutate: (x) => x.traps.interrupts.push({ trap: 'ill', when: reg('P') }),
    issues: [{ path: ['traps', 'interrupts', 1, 'trap'], message: "an interrupt's trap 'ill' must be of class 'interrupt', not 'illegal-instruction'" }],
  },

  // Carried counters ------------------------------------------------------------------------------
  {
    name: 'err_carry_low_not_timing',
    checks: 'a carry from a register that is not a timing resource is rejected at its low half',
    base,
    mutate: (x) => (x.state.carries[0].low = 'L'),
    issues: [{ path: ['state', 'carries', 0, 'low'], message: "'L' is not one of the timing resources" }],
  },
  {
    name: 'err_carry_high_not_timing',
    checks: 'a carry into a register that is not a timing resource is rejected at its high half',
    base,
    mutate: (x) => (x.state.timing = ['CLK']),
    issues: [{ path: ['state', 'carries', 0, 'high'], message: "'CLKH' is not one of the timing resources" }],
  },
  {
    name: 'err_carry_into_itself',
    checks: 'a counter carrying into itself is rejected',
    base,
    mutate: (x) => (x.state.carries[0].high = 'CLK'),
    issues: [{ path: ['state', 'carries', 0], message: "'CLK' cannot carry into itself" }],
  },
  {
    name: 'err_two_carries_into_one_high',
    checks: 'two counters carrying into one high half are rejected at the second',
    base,
    mutate: (x) => {
      x.state.registers.push({ name: 'INS', width: 8, kind: 'system' });
      x.state.timing.push('INS');
      x.state.carries.push({ low: 'INS', high: 'CLKH' });
    },
    issues: [{ path: ['state', 'carries', 1], message: "duplicate carried-into counter 'CLKH'" }],
  },
  {
    name: 'err_one_counter_carrying_twice',
    checks: 'one counter carrying into two high halves is rejected at the second',
    base,
    mutate: (x) => {
      x.state.registers.push({ name: 'CLKX', width: 8, kind: 'system' });
      x.state.timing.push('CLKX');
      x.state.carries.push({ low: 'CLK', high: 'CLKX' });
    },
    issues: [{ path: ['state', 'carries', 1], message: "duplicate carrying counter 'CLK'" }],
  },
  {
    name: 'err_chain_of_carries',
    checks: 'a high half that carries on into another counter is rejected',
    base,
    mutate: (x) => {
      x.state.registers.push({ name: 'CLKX', width: 8, kind: 'system' });
      x.state.timing.push('CLKX');
      x.state.carries.push({ low: 'CLKH', high: 'CLKX' });
    },
    issues: [{ path: ['state', 'carries', 0, 'high'], message: "'CLKH' carries on into another counter: chains of carries are not supported (use one wider pair)" }],
  },

  // Trap codes ------------------------------------------------------------------------------------
  {
    name: 'err_duplicate_interrupt_code',
    checks: 'two interrupts of one code are rejected at the second (one class, one code)',
    base,
    mutate: (x) => x.traps.kinds.push({ name: 'irq2', class: 'interrupt', code: 5 }),
    issues: (x) => [{ path: ['traps', 'kinds', trapAt(x, 'irq2')], message: "duplicate trap code '5'" }],
  },
  {
    name: 'err_duplicate_memory_code',
    checks: 'two memory traps of one code are rejected at the second',
    base,
    mutate: (x) => (x.traps.kinds[trapAt(x, 'wmem')].code = 1),
    issues: (x) => [{ path: ['traps', 'kinds', trapAt(x, 'wmem')], message: "duplicate trap code '1'" }],
  },
  {
    name: 'succ_privileged_and_illegal_share_a_code',
    checks: 'privileged and illegal instructions may report one code (RISC-V does): their classes differ',
    base,
    mutate: (x) => (x.traps.kinds[trapAt(x, 'priv')].code = x.traps.kinds[trapAt(x, 'ill')].code),
    issues: [],
  },
  {
    name: 'succ_interrupt_shares_a_code_with_an_exception',
    checks: 'an interrupt may share its code with a trap of another class',
    base,
    mutate: (x) => (x.traps.kinds[trapAt(x, 'irq')].code = 1),
    issues: [],
  },

  // Devices ---------------------------------------------------------------------------------------
  {
    name: 'err_device_outside_storage',
    checks: 'a console at cell 256 of a 256-cell storage is rejected',
    base,
    mutate: (x) => (x.state.storage.devices[0].cell = 256),
    issues: [{ path: ['state', 'storage', 'devices', 0, 'cell'], message: "device 'console' is at cell 256, outside storage (256 cells)" }],
  },
  {
    name: 'succ_device_at_last_cell',
    checks: 'a console at the last cell of storage is accepted',
    base,
    mutate: (x) => (x.state.storage.devices[0].cell = 255),
    issues: [],
  },
  // Described maps: walk stores (updates) ---------------------------------------------------------
  {
    name: 'succ_described_updates',
    checks: 'walk stores, one list for every access and one list per access kind, load',
    base,
    mutate: (x) => (x.state.addressMap.updates = [update()]),
    issues: [],
  },
  {
    name: 'succ_described_updates_per_access',
    checks: 'walk stores per access kind, an empty list among them, load',
    base,
    mutate: (x) => (x.state.addressMap.updates = { fetch: [], read: [update()], write: [update(), update()] }),
    issues: [],
  },
  {
    name: 'err_described_update_when_not_one_bit',
    checks: "an update's condition that is 8 bits wide is rejected at the condition",
    base,
    mutate: (x) => (x.state.addressMap.updates = { fetch: [], read: [], write: [update({ when: reg('B') })] }),
    issues: [{ path: ['state', 'addressMap', 'updates', 'write', 0, 'when'], message: 'must be 1 bit wide, not 8' }],
  },
  {
    name: 'err_described_update_cell_not_address_wide',
    checks: "an update's cell of 1 bit (a condition) is rejected: it is a physical address",
    base,
    mutate: (x) => (x.state.addressMap.updates = [update({ cell: cmp('eq', v('vaddr'), reg('L')) })]),
    issues: [{ path: ['state', 'addressMap', 'updates', 0, 'cell'], message: 'must be 8 bits wide, not 1' }],
  },
  {
    name: 'err_described_update_value_not_one_cell',
    checks: "an update's value of 16 bits on a machine of 8-bit cells is rejected: an update stores one cell",
    base,
    mutate: (x) => (x.state.addressMap.updates = [update({ value: { kind: 'extend', signed: false, arg: v('vaddr'), width: 16 } })]),
    issues: [{ path: ['state', 'addressMap', 'updates', 0, 'value'], message: 'must be 8 bits wide, not 16' }],
  },
  {
    name: 'err_described_update_loads_virtually',
    checks: 'an update that reads storage through the map itself is rejected at the load',
    base,
    mutate: (x) => (x.state.addressMap.updates = [update({ value: load(v('vaddr'), 8) })]),
    issues: [{ path: ['state', 'addressMap', 'updates', 0, 'value', 'space'], message: "the address map reads storage only with space 'physical'" }],
  },
  {
    name: 'err_described_update_reads_field',
    checks: 'an update that reads an operand field is rejected (the map has none)',
    base,
    mutate: (x) => (x.state.addressMap.updates = [update({ cell: field('ra') })]),
    issues: [{ path: ['state', 'addressMap', 'updates', 0, 'cell'], message: "the address map has no operand fields (read of field 'ra')" }],
  },
  {
    name: 'err_described_updates_missing_access',
    checks: 'updates per access kind must name all three kinds (a shape error)',
    base,
    mutate: (x) => (x.state.addressMap.updates = { fetch: [], read: [update()] }),
    issues: [{ path: ['state', 'addressMap', 'updates'], message: 'expected a list of updates, or { "fetch": [...], "read": [...], "write": [...] }' }],
  },
  {
    name: 'succ_described_updates_with_mapped_registers',
    checks: 'walk stores together with registers mapped into storage load (a walk store there writes the register)',
    base,
    mutate: (x) => {
      x.state.addressMap.updates = [update()];
      x.state.storage.mapped = [{ register: 'L', cell: 0xe0 }];
    },
    issues: [],
  },
  {
    name: 'succ_described_updates_with_mapped_bank_selector',
    checks: 'walk stores that may reach a bank selector mapped into storage load (every step is lowered to switch banks)',
    base,
    mutate: (x) => {
      x.state.addressMap.updates = [update()];
      x.state.storage.mapped = [{ register: 'M', cell: 0xe0 }];
      x.state.banked = [{ state: { file: 'r', index: 3 }, banks: [{ copy: 'R3_s', levels: ['s'] }, { copy: 'R3_u', levels: ['u'] }] }];
    },
    issues: [],
  },
  {
    name: 'err_duplicate_device',
    checks: 'two devices of one name are rejected at the second',
    base,
    mutate: (x) => x.state.storage.devices.push({ name: 'console', kind: 'console', cell: 0xf1 }),
    issues: [{ path: ['state', 'storage', 'devices', 1], message: "duplicate device 'console'" }],
  },
  {
    name: 'err_device_unknown_kind',
    checks: 'a device kind other than console is a shape error',
    base,
    mutate: (x) => (x.state.storage.devices[0].kind = 'uart'),
    issues: [{ path: ['state', 'storage', 'devices', 0, 'kind'], message: 'expected \'console\', not the string "uart"' }],
  },
];

describe('malformed descriptions: described maps, interrupts, carries, trap codes, devices', () => corpus(cases));

describe('a described-map machine as JSON', () => {
  it.each([
    ['tiny-described', tinyDescribed],
    ['feat16 (built with the builder)', feat16],
    ['rv32 (PMP, interrupts, carries, a console)', rv32],
  ])('%s loads from its own JSON and comes back equal', (_, isa) => {
    expect(isa.state.addressMap.kind).toBe('described');
    const json = JSON.parse(JSON.stringify(isa));
    expect(loadIsa(json)).toEqual(JSON.parse(JSON.stringify(isa)));
  });
  it('loads from JSON when written with numbers for constants, which come out as 0x-hex', () => {
    const json = clone(tinyDescribed);
    json.state.addressMap.physical.right = reg('L');
    json.state.addressMap.fetch.fault = cmp('ugt', v('vaddr'), { kind: 'const', width: 8, value: 200 });
    const loaded = loadIsa(json);
    expect(loaded.state.addressMap).toMatchObject({ kind: 'described', fetch: { fault: { right: { kind: 'const', width: 8, value: '0xc8' } } } });
  });
  it('reports every problem of the map at once', () => {
    const json = clone(tinyDescribed);
    json.state.addressMap.fetch.trap = 'nope';
    json.state.addressMap.read.fault = reg('B');
    json.state.addressMap.physical = reg('M');
    expect(issuesOf(json)).toEqual([
      { path: ['state', 'addressMap', 'fetch', 'trap'], message: "unknown trap 'nope'" },
      { path: ['state', 'addressMap', 'read', 'fault'], message: 'must be 1 bit wide, not 8' },
      { path: ['state', 'addressMap', 'physical'], message: 'must be 8 bits wide, not 1' },
    ]);
  });
});
