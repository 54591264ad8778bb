/**
 * Corpus: registers with fields (spec/lower/register-fields.ts) declared wrongly, and the forms
 * that load. Each rejected case names the place in the source form.
 */
import { describe, expect, test } from 'vitest';
import { extendIsa, loadIsa } from '../../../spec/index.js';
import { clone, corpus, k, reg, regAt, setReg, tiny, type Case, type Json } from './corpus.js';

/** tiny with M replaced by a status register ST: a user flag F (bit 0), a system mask IM (3..2), the mode S (7). */
function withStatus(x: Json): void {
  const i = regAt(x, 'M');
  x.state.registers[i] = {
    name: 'ST',
    width: 8,
    kind: 'system',
    reset: '0x80',
    fields: [
      { name: 'F', hi: 0, lo: 0, kind: 'user' },
      { name: 'IM', hi: 3, lo: 2 },
      { name: 'S', hi: 7, lo: 7 },
    ],
  };
  x.state.mode.register = 'ST.S';
}
const status: Json = clone(tiny);
withStatus(status);

const cases: Case[] = [
  {
    name: 'succ_status_register_with_fields',
    checks: 'a register with user and system fields, the mode one of them, loads',
    base: tiny,
    mutate: withStatus,
    issues: [],
  },
  {
    name: 'err_field_beyond_register',
    checks: 'a field reaching bit 8 of an 8-bit register is rejected at its hi',
    base: status,
    mutate: (x) => (x.state.registers[regAt(x, 'ST')].fields[1].hi = 8),
    issues: (x) => [{ path: ['state', 'registers', regAt(x, 'ST'), 'fields', 1, 'hi'], message: "field 'IM' of 'ST' reaches bit 8, outside the register's 8 bits" }],
  },
  {
    name: 'err_field_lo_above_hi',
    checks: 'a field whose lo is above its hi is rejected at its lo',
    base: status,
    mutate: (x) => (x.state.registers[regAt(x, 'ST')].fields[1].lo = 4),
    issues: (x) => [{ path: ['state', 'registers', regAt(x, 'ST'), 'fields', 1, 'lo'], message: "field 'IM' of 'ST': lo (4) is above hi (3)" }],
  },
  {
    name: 'err_fields_overlap',
    checks: 'two fields claiming bit 3 are rejected at the second',
    base: status,
    mutate: (x) => x.state.registers[regAt(x, 'ST')].fields.push({ name: 'X', hi: 4, lo: 3 }),
    issues: (x) => [{ path: ['state', 'registers', regAt(x, 'ST'), 'fields', 3], message: "field 'X' of 'ST' overlaps another field (bits 4..3)" }],
  },
  {
    name: 'err_field_twice',
    checks: 'two fields of one name are rejected',
    base: status,
    mutate: (x) => x.state.registers[regAt(x, 'ST')].fields.push({ name: 'F', hi: 5, lo: 5 }),
    issues: (x) => [{ path: ['state', 'registers', regAt(x, 'ST'), 'fields', 3, 'name'], message: "duplicate field 'F' in 'ST'" }],
  },
  {
    name: 'err_mode_is_whole_register_with_fields',
    checks: 'the mode naming a register with fields asks for one of its fields',
    base: status,
    mutate: (x) => (x.state.mode.register = 'ST'),
    issues: [{ path: ['state', 'mode', 'register'], message: "the mode register 'ST' has fields: name one of them ('ST.F', 'ST.IM', 'ST.S')" }],
  },
  {
    name: 'err_reset_outside_fields',
    checks: 'a reset value setting a bit no field covers is rejected (the bit would be lost)',
    base: status,
    mutate: (x) => (x.state.registers[regAt(x, 'ST')].reset = '0x82'),
    issues: (x) => [{ path: ['state', 'registers', regAt(x, 'ST'), 'reset'], message: "reset value 0x82 of 'ST' sets bits no field covers (0x2)" }],
  },
  {
    name: 'err_unknown_field_read',
    checks: 'a read of a field the register does not have is an undeclared register',
    base: status,
    mutate: (x) => x.instructions[0].semantics.push(setReg('L', { kind: 'extend', signed: false, arg: reg('ST.Q'), width: 8 })),
    issues: [{ path: ['instructions', 0, 'semantics', 0, 'value', 'arg'], message: "read of undeclared register 'ST.Q'" }],
  },
  {
    name: 'err_whole_register_write_of_wrong_width',
    checks: 'a write of the whole register is checked against its width',
    base: status,
    mutate: (x) => x.instructions[0].semantics.push(setReg('ST', k(4, 1))),
    issues: [{ path: ['instructions', 0, 'semantics', 0], message: "width mismatch in assignment to 'ST': it is 8 bits, the value 4" }],
  },
  {
    name: 'err_loaded_field_beyond_its_register',
    checks: 'a loaded field (fieldOf) reaching past the register it came from is rejected at its fieldOf',
    base: tiny,
    mutate: (x) => x.state.registers.push({ name: 'Q.A', width: 4, kind: 'system', fieldOf: { register: 'Q', lo: 6, registerWidth: 8 } }),
    issues: (x) => [{ path: ['state', 'registers', x.state.registers.length - 1, 'fieldOf'], message: "'Q.A' (bits 9..6) does not fit in 'Q' of 8 bits" }],
  },
];

describe('registers with fields', () => {
  corpus(cases);

  test('the source form in JSON loads to the lowered form, and the lowered form loads back unchanged', () => {
    const json = clone(status);
    json.instructions[0].semantics = [setReg('ST', { kind: 'binary', op: 'or', left: reg('ST'), right: k(8, 0x0c) })];
    const lowered = loadIsa(json, 'status.json');
    expect(lowered.state.registers.map((r) => r.name)).toEqual(['PC', 'ST.F', 'ST.IM', 'ST.S', 'L', 'B']);
    expect(lowered.state.registers.find((r) => r.name === 'ST.S')).toMatchObject({ width: 1, kind: 'system', reset: '0x1', fieldOf: { register: 'ST', lo: 7 } });
    expect(lowered.state.mode.register).toBe('ST.S');
    expect(loadIsa(JSON.parse(JSON.stringify(lowered)), 'lowered.json')).toEqual(lowered);
  });

  test('an extension of the loaded description may still read and write the whole register', () => {
    const base = loadIsa(clone(status), 'status.json');
    const ext = extendIsa(base, {
      name: 'status-ext',
      summary: 'reads ST whole into L, writes it whole from L',
      add: [
        {
          ...base.instructions[0]!,
          mnemonic: 'RDST',
          encoding: { bits: 8, fixed: [{ hi: 7, lo: 0, value: 0xf0 }], fields: [] },
          syntax: 'rdst',
          semantics: [setReg('L', reg('ST')), setReg('ST', reg('L'))] as Json,
        },
      ],
    });
    const sem = JSON.stringify(ext.instructions.find((i) => i.mnemonic === 'RDST')!.semantics);
    expect(sem).not.toContain('"name":"ST"');
    expect(sem).toContain('"name":"ST.IM"');
    // Not lowered twice: the base's own semantics are as they were.
    expect(ext.instructions[0]).toEqual(base.instructions[0]);
  });
});
