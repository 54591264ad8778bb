/** Corpus: state, mode, storage, address-map and trap declarations that do not hold together. */
import { describe } from 'vitest';
import { corpus, regAt, tiny, type Case } from './corpus.js';

const cases: Case[] = [
  // Register files -------------------------------------------------------------------------------
  {
    name: 'err_file_count_not_power_of_two',
    checks: 'a register file of 12 elements is rejected once: indices are whole bit-vectors, and uses are not blamed',
    base: tiny,
    mutate: (x) => (x.state.files[0].count = 12),
    issues: [{ path: ['state', 'files', 0, 'count'], message: 'a register file has a power-of-two number of elements, not 12' }],
  },
  {
    name: 'err_hardwired_index_out_of_range',
    checks: 'hard-wiring element 4 of a 4-element file is out of range',
    base: tiny,
    mutate: (x) => (x.state.files[0].hardwired = [{ index: 4, value: 0 }]),
    issues: [{ path: ['state', 'files', 0, 'hardwired', 0, 'index'], message: "index 4 is outside 'r' (4 elements)" }],
  },
  {
    name: 'err_hardwired_value_does_not_fit',
    checks: 'hard-wiring 256 into an 8-bit element is rejected',
    base: tiny,
    mutate: (x) => (x.state.files[0].hardwired = [{ index: 0, value: 256 }]),
    issues: [{ path: ['state', 'files', 0, 'hardwired', 0, 'value'], message: 'value 0x100 does not fit in 8 bits' }],
  },
  {
    name: 'err_hardwired_index_twice',
    checks: 'hard-wiring one element to two values is rejected at the second',
    base: tiny,
    mutate: (x) =>
      (x.state.files[0].hardwired = [
        { index: 0, value: 0 },
        { index: 0, value: 1 },
      ]),
    issues: [{ path: ['state', 'files', 0, 'hardwired', 1], message: "duplicate hardwired index '0'" }],
  },
  {
    name: 'err_alias_out_of_range',
    checks: 'an alias naming element 7 of a 4-element file is rejected at the alias',
    base: tiny,
    mutate: (x) => (x.state.files[0].aliases = { zero: 0, sp: 7 }),
    issues: [{ path: ['state', 'files', 0, 'aliases', 'sp'], message: "alias 'sp' names index 7, outside 'r' (4 elements)" }],
  },
  {
    name: 'err_alias_reads_as_another_element',
    checks: 'an alias spelt like another element’s ordinary name is rejected (r1 naming element 2 would not round-trip)',
    base: tiny,
    mutate: (x) => (x.state.files[0].aliases = { R1: 2 }),
    issues: [{ path: ['state', 'files', 0, 'aliases', 'R1'], message: "alias 'R1' names index 2, but 'R1' is how element 1 of 'r' is written" }],
  },
  {
    name: 'succ_alias_spelt_as_its_own_element',
    checks: 'an alias spelt like its own element’s ordinary name is accepted',
    base: tiny,
    mutate: (x) => (x.state.files[0].aliases = { r3: 3, sp: 3 }),
    issues: [],
  },
  {
    name: 'err_aliases_differ_only_in_case',
    checks: 'two aliases that differ only in case are rejected: assembly ignores case',
    base: tiny,
    mutate: (x) => (x.state.files[0].aliases = { sp: 3, SP: 2 }),
    issues: [{ path: ['state', 'files', 0, 'aliases', 'SP'], message: "alias 'SP' is alias 'sp' in another case (assembly ignores case)" }],
  },

  // Registers ------------------------------------------------------------------------------------
  {
    name: 'err_reset_does_not_fit',
    checks: 'a reset value of 2 for the 1-bit mode register does not fit',
    base: tiny,
    mutate: (x) => (x.state.registers[1].reset = '2'),
    issues: [{ path: ['state', 'registers', 1, 'reset'], message: 'reset value 0x2 does not fit in 1 bits' }],
  },
  {
    name: 'err_duplicate_register',
    checks: 'declaring a register twice is rejected at the second declaration',
    base: tiny,
    mutate: (x) => x.state.registers.push({ name: 'L', width: 8, kind: 'system' }),
    issues: [{ path: ['state', 'registers', 4], message: "duplicate register 'L'" }],
  },
  {
    name: 'err_duplicate_file',
    checks: 'declaring a register file twice is rejected at the second declaration, and uses are checked against the first',
    base: tiny,
    mutate: (x) => x.state.files.push({ name: 'r', count: 8, width: 8, kind: 'user' }),
    issues: [{ path: ['state', 'files', 1], message: "duplicate register file 'r'" }],
  },
  {
    name: 'err_register_and_file_share_a_name',
    checks: 'a name declared both as a register and as a register file is rejected',
    base: tiny,
    mutate: (x) => x.state.files.push({ name: 'L', count: 2, width: 8, kind: 'user' }),
    issues: [{ path: ['state', 'files', 1, 'name'], message: "'L' is declared both as a register and as a register file" }],
  },

  // Storage and the program counter --------------------------------------------------------------
  {
    name: 'err_storage_beyond_address_space',
    checks: '512 cells cannot be addressed with 8-bit addresses',
    base: tiny,
    mutate: (x) => (x.state.storage.cells = 512),
    issues: [{ path: ['state', 'storage', 'cells'], message: '512 cells cannot all be addressed with 8-bit addresses' }],
  },
  {
    name: 'succ_cell_not_whole_bytes',
    checks: 'a 12-bit storage cell is accepted (cells need not be whole bytes: PDP-8 words, PDP-10 36-bit words)',
    base: tiny,
    mutate: (x) => {
      x.state.storage.cellBits = 12;
      x.traps.sequence = [];
      x.instructions = [{ ...x.instructions[0], encoding: { bits: 12, fixed: [{ hi: 11, lo: 0, value: 0 }], fields: [] } }];
    },
    issues: [],
  },
  {
    name: 'succ_cell_of_64_bits',
    checks: 'a 64-bit storage cell is accepted (a Cray-1 word: cells above 52 bits are bigints in the emulator)',
    base: tiny,
    mutate: (x) => {
      x.state.storage.cellBits = 64;
      x.traps.sequence = [];
      x.instructions = [{ ...x.instructions[0], encoding: { bits: 64, fixed: [{ hi: 63, lo: 0, value: 0 }], fields: [] } }];
    },
    issues: [],
  },
  {
    name: 'err_cell_wider_than_64_bits',
    checks: 'a 72-bit storage cell is rejected with the range cells may have',
    base: tiny,
    mutate: (x) => (x.state.storage.cellBits = 72),
    issues: [{ path: ['state', 'storage', 'cellBits'], message: 'cells are 8 to 64 bits wide' }],
  },
  {
    name: 'err_pc_undeclared',
    checks: 'a program counter that is not a declared register is rejected',
    base: tiny,
    mutate: (x) => (x.state.pc = 'IP'),
    issues: [{ path: ['state', 'pc'], message: "the program counter 'IP' is not a declared register" }],
  },
  {
    name: 'err_pc_wrong_width',
    checks: 'a 16-bit program counter on a machine of 8-bit addresses is rejected',
    base: tiny,
    mutate: (x) => {
      x.state.registers.push({ name: 'IP', width: 16, kind: 'user' });
      x.state.pc = 'IP';
    },
    issues: [{ path: ['state', 'pc'], message: "the program counter 'IP' must be 8 bits (the address width), not 16" }],
  },

  // The mode -------------------------------------------------------------------------------------
  {
    name: 'err_mode_register_undeclared',
    checks: 'a mode register that is not declared is rejected (a file of that name does not count)',
    base: tiny,
    mutate: (x) => (x.state.mode.register = 'r'),
    issues: [{ path: ['state', 'mode', 'register'], message: "the mode register 'r' is not a declared register" }],
  },
  {
    name: 'err_mode_register_user_state',
    checks: 'a mode register declared as user state is rejected: the VMM must own the mode',
    base: tiny,
    mutate: (x) => (x.state.registers[1].kind = 'user'),
    issues: [{ path: ['state', 'mode', 'register'], message: "the mode register 'M' must be system state (the VMM owns and virtualizes it), not user state" }],
  },
  {
    name: 'err_no_supervisor_level',
    checks: 'a mode where no level counts as supervisor is rejected',
    base: tiny,
    mutate: (x) => (x.state.mode.levels[0].supervisor = false),
    issues: [{ path: ['state', 'mode', 'levels'], message: 'no level counts as supervisor' }],
  },
  {
    name: 'err_no_user_level',
    checks: 'a mode where every level counts as supervisor is rejected',
    base: tiny,
    mutate: (x) => (x.state.mode.levels[1].supervisor = true),
    issues: [{ path: ['state', 'mode', 'levels'], message: 'no level counts as user' }],
  },
  {
    name: 'err_duplicate_mode_level',
    checks: 'two levels of one name are rejected at the second',
    base: tiny,
    mutate: (x) => (x.state.mode.levels[1].name = 's'),
    issues: [{ path: ['state', 'mode', 'levels', 1], message: "duplicate mode level 's'" }],
  },
  {
    name: 'err_duplicate_mode_level_value',
    checks: 'two levels of one value are rejected at the second',
    base: tiny,
    mutate: (x) => (x.state.mode.levels[1].value = 1),
    issues: [{ path: ['state', 'mode', 'levels', 1], message: "duplicate mode level value '1'" }],
  },
  {
    name: 'err_mode_level_does_not_fit',
    checks: 'a level of value 2 does not fit the 1-bit mode register',
    base: tiny,
    mutate: (x) => x.state.mode.levels.push({ name: 'h', value: 2, supervisor: true }),
    issues: [{ path: ['state', 'mode', 'levels', 2, 'value'], message: "level 'h' = 2 does not fit in the 1-bit mode register" }],
  },
  {
    name: 'err_one_mode_level',
    checks: 'a mode with a single level is rejected by the schema',
    base: tiny,
    mutate: (x) => x.state.mode.levels.pop(),
    issues: [{ path: ['state', 'mode', 'levels'], message: 'a mode needs at least two levels' }],
  },

  // The address map ------------------------------------------------------------------------------
  {
    name: 'err_address_map_registers_undeclared',
    checks: 'relocation and bound registers that are not declared are both rejected',
    base: tiny,
    mutate: (x) => Object.assign(x.state.addressMap, { base: 'BASE', bound: 'LIMIT' }),
    issues: [
      { path: ['state', 'addressMap', 'base'], message: "the relocation register 'BASE' is not a declared register" },
      { path: ['state', 'addressMap', 'bound'], message: "the bound register 'LIMIT' is not a declared register" },
    ],
  },
  {
    name: 'err_address_map_register_wrong_width',
    checks: 'a 1-bit bound register is rejected: it holds an address',
    base: tiny,
    mutate: (x) => (x.state.addressMap.bound = 'M'),
    issues: [{ path: ['state', 'addressMap', 'bound'], message: "the bound register 'M' must be 8 bits (the address width), not 1" }],
  },
  {
    name: 'err_address_map_register_user_state',
    checks: 'a relocation register declared as user state is rejected: the VMM must own the map',
    base: tiny,
    mutate: (x) => (x.state.registers[2].kind = 'user'),
    issues: [
      { path: ['state', 'addressMap', 'base'], message: "the relocation register 'L' must be system state (the VMM owns and virtualizes it), not user state" },
    ],
  },
  {
    name: 'err_address_map_trap_unknown',
    checks: 'an address map whose trap is not declared is rejected',
    base: tiny,
    mutate: (x) => (x.state.addressMap.trap = 'segv'),
    issues: [{ path: ['state', 'addressMap', 'trap'], message: "unknown trap 'segv'" }],
  },
  {
    name: 'err_address_map_trap_not_memory',
    checks: 'an address map whose trap is not of class memory is rejected',
    base: tiny,
    mutate: (x) => (x.state.addressMap.trap = 'priv'),
    issues: [{ path: ['state', 'addressMap', 'trap'], message: "the address map's trap 'priv' must be of class 'memory', not 'privileged-instruction'" }],
  },

  // Timing ---------------------------------------------------------------------------------------
  {
    name: 'err_timing_undeclared',
    checks: 'a timing resource that is not a declared register is rejected',
    base: tiny,
    mutate: (x) => x.state.timing.push('CLK'),
    issues: [{ path: ['state', 'timing', 0], message: "the timing resource 'CLK' is not a declared register" }],
  },
  {
    name: 'err_timing_twice',
    checks: 'a timing resource listed twice is rejected at the second',
    mutate: (x) => x.state.timing.push('CLK'),
    issues: [{ path: ['state', 'timing', 1], message: "duplicate timing resource 'CLK'" }],
  },

  // Traps ----------------------------------------------------------------------------------------
  {
    name: 'err_duplicate_trap',
    checks: 'two traps of one name are rejected at the second',
    base: tiny,
    mutate: (x) => x.traps.kinds.push({ name: 'mem', class: 'exception', code: 9 }),
    issues: [{ path: ['traps', 'kinds', 3], message: "duplicate trap 'mem'" }],
  },
  {
    name: 'err_duplicate_trap_code',
    checks: 'two traps of one code and one class are rejected at the second',
    base: tiny,
    mutate: (x) => x.traps.kinds.push({ name: 'priv2', class: 'privileged-instruction', code: 3 }),
    issues: [{ path: ['traps', 'kinds', 3], message: "duplicate trap code '3'" }],
  },
  {
    name: 'err_trap_code_does_not_fit',
    checks: 'a trap code of 256 does not fit the 8-bit code width',
    base: tiny,
    mutate: (x) => x.traps.kinds.push({ name: 'div', class: 'exception', code: 256 }),
    issues: [{ path: ['traps', 'kinds', 3, 'code'], message: "code 256 of 'div' does not fit in 8 bits" }],
  },
  {
    name: 'err_no_illegal_instruction_trap',
    checks: 'a machine with no trap of class illegal-instruction is rejected: undecodable words need one',
    base: tiny,
    mutate: (x) => (x.traps.kinds[1].class = 'exception'),
    issues: [{ path: ['traps', 'kinds'], message: "exactly one trap must be of class 'illegal-instruction' (taken on an undecodable word), found 0" }],
  },
  {
    name: 'err_two_illegal_instruction_traps',
    checks: 'a machine with two illegal-instruction traps is rejected',
    base: tiny,
    mutate: (x) => x.traps.kinds.push({ name: 'ill2', class: 'illegal-instruction', code: 4 }),
    issues: [{ path: ['traps', 'kinds'], message: "exactly one trap must be of class 'illegal-instruction' (taken on an undecodable word), found 2" }],
  },
  {
    name: 'err_pg74_mode_register_read_only',
    checks: 'in pg74, making the mode register read-only is rejected wherever it is assigned',
    mutate: (x) => (x.state.registers[regAt(x, 'M')].readOnly = true),
    issues: (x) => {
      // The trap sequence loads the new mode; that assignment is the first of M in pg74.
      const i = (x.traps.sequence as { kind: string; target?: { name: string } }[]).findIndex((s) => s.kind === 'assign' && s.target?.name === 'M');
      const lpsw = x.instructions.findIndex((n: { mnemonic: string }) => n.mnemonic === 'LPSW');
      const j = (x.instructions[lpsw].semantics as { kind: string; target?: { name: string } }[]).findIndex((s) => s.kind === 'assign' && s.target?.name === 'M');
      return [
        { path: ['traps', 'sequence', i, 'target'], message: "assignment to read-only register 'M'" },
        { path: ['instructions', lpsw, 'semantics', j, 'target'], message: "assignment to read-only register 'M'" },
      ];
    },
  },
];

describe('malformed descriptions: state and traps', () => corpus(cases));
