/**
 * The malformed-description corpus, in the style of QEMU decodetree's tests: each case is one
 * small mutation of a valid description, named for what it must be rejected for (`err_…`) or
 * accepted as (`succ_…`), with a line saying what it checks and the exact issues it must produce.
 */
import { expect, it } from 'vitest';
import { IsaError, loadIsa, pg74, type IsaDescription, type IsaIssue } from '../../../spec/index.js';
import { schemaErrors } from '../json-schema/ajv.js';
import { validatorOnly } from './validator-only.js';

/** A description as parsed JSON: the corpus mutates it freely, into shapes the types forbid. */
export type Json = any;

/** A valid two-instruction machine with 8-bit cells, small enough to state whole issue lists. */
export const tiny: IsaDescription = {
  format: 'vmcheck-isa/1',
  name: 'tiny',
  summary: 'A two-instruction machine for the malformed-description corpus',
  state: {
    registers: [
      { name: 'PC', width: 8, kind: 'user' },
      { name: 'M', width: 1, kind: 'system', reset: '0x1' },
      { name: 'L', width: 8, kind: 'system' },
      { name: 'B', width: 8, kind: 'system', reset: '0xff' },
    ],
    files: [{ name: 'r', count: 4, width: 8, kind: 'user' }],
    pc: 'PC',
    mode: {
      register: 'M',
      levels: [
        { name: 's', value: 1, supervisor: true },
        { name: 'u', value: 0, supervisor: false },
      ],
    },
    storage: { cellBits: 8, addressBits: 8, cells: 256 },
    addressMap: { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: 'above', trap: 'mem' },
    timing: [],
  },
  traps: {
    codeWidth: 8,
    valueWidth: 8,
    kinds: [
      { name: 'mem', class: 'memory', code: 1 },
      { name: 'ill', class: 'illegal-instruction', code: 2 },
      { name: 'priv', class: 'privileged-instruction', code: 3 },
    ],
    sequence: [
      { kind: 'store', space: 'physical', addr: { kind: 'const', width: 8, value: '0x0' }, value: { kind: 'reg', name: 'PC' } },
      {
        kind: 'assign',
        target: { kind: 'reg', name: 'PC' },
        value: { kind: 'load', space: 'physical', addr: { kind: 'const', width: 8, value: '0x1' }, width: 8 },
      },
    ],
  },
  instructions: [
    {
      mnemonic: 'NOP',
      cite: 'tiny §1',
      class: 'innocuous',
      //          0000 0000
      encoding: { bits: 8, fixed: [{ hi: 7, lo: 0, value: 0 }], fields: [] },
      syntax: 'nop',
      semantics: [],
    },
    {
      mnemonic: 'INC',
      cite: 'tiny §2',
      class: 'innocuous',
      //          0001 ra:2 00
      encoding: {
        bits: 8,
        fixed: [
          { hi: 7, lo: 4, value: 1 },
          { hi: 1, lo: 0, value: 0 },
        ],
        fields: [{ name: 'ra', width: 2, slices: [{ fieldHi: 1, fieldLo: 0, at: 2 }], operand: { kind: 'register', file: 'r' } }],
      },
      syntax: 'inc {ra}',
      semantics: [
        {
          kind: 'assign',
          target: { kind: 'file', name: 'r', index: { kind: 'field', name: 'ra' } },
          value: {
            kind: 'binary',
            op: 'add',
            left: { kind: 'file', name: 'r', index: { kind: 'field', name: 'ra' } },
            right: { kind: 'const', width: 8, value: '0x1' },
          },
        },
      ],
    },
  ],
};

export const clone = (isa: IsaDescription): Json => JSON.parse(JSON.stringify(isa));

/** Index of the instruction with this mnemonic in a description (pg74's order may change). */
export function at(isa: Json, mnemonic: string): number {
  const i = (isa.instructions as { mnemonic: string }[]).findIndex((x) => x.mnemonic === mnemonic);
  if (i < 0) throw new Error(`corpus: no instruction ${mnemonic}`);
  return i;
}

/** Index of the register with this name. */
export function regAt(isa: Json, name: string): number {
  const i = (isa.state.registers as { name: string }[]).findIndex((x) => x.name === name);
  if (i < 0) throw new Error(`corpus: no register ${name}`);
  return i;
}

/** The issues `loadIsa` reports for `json`; fails the test if it loads or throws anything else. */
export function issuesOf(json: unknown): IsaIssue[] {
  try {
    loadIsa(json, 'case.json');
  } catch (e) {
    if (e instanceof IsaError) return e.issues;
    throw e;
  }
  throw new Error('expected the description to be rejected, but it loaded');
}

/** Small expression and statement makers, to keep cases one line each. */
export const k = (width: number, value: number | string) => ({ kind: 'const', width, value: typeof value === 'number' ? '0x' + value.toString(16) : value });
export const reg = (name: string) => ({ kind: 'reg', name });
export const file = (name: string, index: Json) => ({ kind: 'file', name, index });
export const field = (name: string) => ({ kind: 'field', name });
export const v = (name: string) => ({ kind: 'var', name });
export const setReg = (name: string, value: Json) => ({ kind: 'assign', target: { kind: 'reg', name }, value });

export interface Case {
  /** `err_…` or `succ_…`, after decodetree. */
  name: string;
  /** What the case checks, as the test's title. */
  checks: string;
  /** The valid description the case starts from (default pg74). */
  base?: IsaDescription;
  /** Turns the copy of the base into the malformed description. */
  mutate: (isa: Json) => void;
  /** The exact issues, computed from the mutated description where indices depend on it. */
  issues: IsaIssue[] | ((isa: Json) => IsaIssue[]);
}

/**
 * Registers two tests per case: what vmcheck's validator says, and whether the published JSON
 * Schema agrees. The schema rejects every rejected case except those it cannot express, which
 * validator-only.ts lists by name; it accepts those, so the list cannot go stale.
 */
export function corpus(cases: readonly Case[]): void {
  for (const c of cases) {
    const make = () => {
      const json = clone(c.base ?? pg74);
      c.mutate(json);
      return json;
    };
    const expectedOf = (json: Json) => (typeof c.issues === 'function' ? c.issues(json) : c.issues);
    it(`${c.name}: ${c.checks}`, () => {
      const json = make();
      const expected = expectedOf(json);
      if (expected.length === 0) expect(() => loadIsa(json, 'case.json')).not.toThrow();
      else expect(issuesOf(json)).toEqual(expected);
    });
    const json = make();
    const rejected = expectedOf(json).length > 0;
    const schemaRejects = rejected && !(c.name in validatorOnly);
    it(`${c.name}: the JSON Schema ${schemaRejects ? 'rejects it too' : rejected ? `accepts it (validator-only: ${validatorOnly[c.name]})` : 'accepts it'}`, () => {
      const errors = schemaErrors('isa', make());
      if (schemaRejects) expect(errors, 'the JSON Schema accepts a description vmcheck rejects: if JSON Schema cannot express the rule, list the case in validator-only.ts with its reason').not.toEqual([]);
      else expect(errors, rejected ? `the JSON Schema now rejects it: take ${c.name} off validator-only.ts` : 'the JSON Schema rejects a valid description').toEqual([]);
    });
  }
}
