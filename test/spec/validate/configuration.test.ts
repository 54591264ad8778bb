/** Corpus: configurable bits and the monitor's configuration C (DESIGN.md §2 rule 3). */
import { describe } from 'vitest';
import { corpus, tiny, type Case, type Json } from './corpus.js';

/** `tiny` with a system register `cen` whose bit 0 a monitor may configure. */
const withCen = (x: Json, configurable: Json = '0x1') => x.state.registers.push({ name: 'cen', width: 2, kind: 'system', configurable });

const cases: Case[] = [
  {
    name: 'succ_configuration_of_configurable_bits',
    checks: 'a configuration setting configurable bits of a system register is accepted',
    base: tiny,
    mutate: (x) => {
      withCen(x);
      x.state.configuration = [{ register: 'cen', mask: '0x1', value: '0x0' }];
    },
    issues: [],
  },
  {
    name: 'err_configurable_user_register',
    checks: 'a user register cannot be configured by a monitor',
    base: tiny,
    mutate: (x) => x.state.registers.push({ name: 'u', width: 2, kind: 'user', configurable: '0x1' }),
    issues: [{ path: ['state', 'registers', 4, 'configurable'], message: "'u' is user state: only system state can be configured by a monitor" }],
  },
  {
    name: 'err_configurable_mode_register',
    checks: 'the mode is the monitor’s by another rule: it cannot be configurable',
    base: tiny,
    mutate: (x) => (x.state.registers[1].configurable = '0x1'),
    issues: [{ path: ['state', 'registers', 1, 'configurable'], message: "'M' is the mode register: the monitor already decides it, it cannot be configurable" }],
  },
  {
    name: 'err_configurable_map_register',
    checks: 'a register the address map reads is composed or mirrored by the monitor: not configurable',
    base: tiny,
    mutate: (x) => (x.state.registers[2].configurable = '0x1'),
    issues: [{ path: ['state', 'registers', 2, 'configurable'], message: "'L' is read by the address map: the monitor already decides it, it cannot be configurable" }],
  },
  {
    name: 'err_configurable_mask_does_not_fit',
    checks: 'a configurable mask wider than its register is rejected',
    base: tiny,
    mutate: (x) => withCen(x, '0x4'),
    issues: [{ path: ['state', 'registers', 4, 'configurable'], message: 'mask 0x4 does not fit in 2 bits' }],
  },
  {
    name: 'err_configuration_of_unconfigurable_register',
    checks: 'a configuration may only name registers with configurable bits',
    base: tiny,
    mutate: (x) => {
      x.state.registers.push({ name: 'cen', width: 2, kind: 'system' });
      x.state.configuration = [{ register: 'cen', mask: '0x1', value: '0x0' }];
    },
    issues: [{ path: ['state', 'configuration', 0, 'register'], message: "'cen' has no configurable bits (declare its 'configurable' mask)" }],
  },
  {
    name: 'err_configuration_outside_configurable_mask',
    checks: 'a configuration may not set bits outside the register’s configurable mask',
    base: tiny,
    mutate: (x) => {
      withCen(x);
      x.state.configuration = [{ register: 'cen', mask: '0x3', value: '0x0' }];
    },
    issues: [{ path: ['state', 'configuration', 0, 'mask'], message: "mask 0x3 sets bits of 'cen' outside its configurable mask 0x1" }],
  },
  {
    name: 'err_configuration_value_outside_mask',
    checks: 'a configured value with bits outside its mask is rejected',
    base: tiny,
    mutate: (x) => {
      withCen(x, '0x3');
      x.state.configuration = [{ register: 'cen', mask: '0x1', value: '0x2' }];
    },
    issues: [{ path: ['state', 'configuration', 0, 'value'], message: 'value 0x2 has bits outside the mask 0x1' }],
  },
  {
    name: 'err_configuration_register_twice',
    checks: 'one register configured twice is rejected at the second',
    base: tiny,
    mutate: (x) => {
      withCen(x);
      x.state.configuration = [
        { register: 'cen', mask: '0x1', value: '0x0' },
        { register: 'cen', mask: '0x1', value: '0x1' },
      ];
    },
    issues: [{ path: ['state', 'configuration', 1, 'register'], message: "'cen' is configured twice" }],
  },
];

describe('malformed descriptions: the monitor configuration', () => corpus(cases));
