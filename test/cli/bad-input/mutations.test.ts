/**
 * Beyond the named cases: random damage to good inputs — bytes of an ELF, characters of a
 * description or an assembly source, fields of a description or an image replaced or removed —
 * never makes the CLI crash. Every outcome is an exit code with a one-message error or a run,
 * and no stack trace.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { afterAll, expect } from 'vitest';
import { pg74 } from '../../../spec/index.js';
import { buildElf, DATA } from '../../loader/elf-builder.js';
import { runInProcess } from './run-case.js';

const dir = mkdtempSync(join(tmpdir(), 'vmcheck-mutations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);
writeFileSync(at('p.s'), '        .org 16\n        ldi r1, 5\n        st r1, 0x100(r0)\n        halt\n');

/** Runs the CLI and checks that it ended as the CLI should: a known exit code, no stack trace. */
async function endsCleanly(...argv: string[]): Promise<void> {
  const r = await runInProcess(argv);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect([0, 1, 2, 3]).toContain(r.code);
  if (r.code === 2) expect(r.err).not.toBe('');
}

// 25 runs each by default (each runs the CLI); a campaign's FC_NUM_RUNS or FC_TIME_LIMIT decides instead.
const runs = process.env.FC_NUM_RUNS || process.env.FC_TIME_LIMIT ? {} : { numRuns: 25 };
const json = JSON.stringify(pg74);
const os = readFileSync('examples/pg74/os.s', 'utf8');
const elf = buildElf({ symbols: [{ name: 'tohost', value: DATA }] });

/** Values a damaged JSON field might hold. */
const junk = fc.constantFrom<unknown>(null, 0, -1, 2 ** 40, 1.5, 'x', '0xffffffffffff', [], {}, true, { kind: 'const', width: 1, value: '0x1' });

/** `value` with the node at the `pick`-th place (in a walk of the tree) replaced by `by`, or removed. */
function damaged(value: unknown, pick: number, by: unknown, remove: boolean): unknown {
  const copy = structuredClone(value);
  const places: [Record<string, unknown>, string][] = [];
  const walk = (x: unknown) => {
    if (x === null || typeof x !== 'object') return;
    for (const k of Object.keys(x)) {
      places.push([x as Record<string, unknown>, k]);
      walk((x as Record<string, unknown>)[k]);
    }
  };
  walk(copy);
  const [o, k] = places[pick % places.length]!;
  if (remove && !Array.isArray(o)) delete o[k];
  else o[k] = by;
  return copy;
}

test.prop([fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.option(fc.nat())], runs)(
  'an ELF with bytes changed (and perhaps cut short)',
  async (edits, cut) => {
    const b = Uint8Array.from(elf);
    for (const [i, v] of edits) b[i % b.length] = v;
    writeFileSync(at('m.elf'), cut === null ? b : b.subarray(0, cut % b.length));
    await endsCleanly('run', 'rv32', at('m.elf'), '--steps', '2000');
  },
);

test.prop([fc.array(fc.tuple(fc.nat(), fc.constantFrom(...'{}[]",:0-9aez')), { minLength: 1, maxLength: 3 })], runs)('a description with characters changed', async (edits) => {
  let s = json;
  for (const [i, c] of edits) s = s.slice(0, i % s.length) + c + s.slice((i % s.length) + 1);
  writeFileSync(at('m.json'), s);
  await endsCleanly('run', at('m.json'), at('p.s'), '--steps', '2000');
});

test.prop([fc.nat(), junk, fc.boolean(), fc.constantFrom('run', 'vmm', 'asm')], runs)('a description with a field replaced or removed', async (pick, by, remove, command) => {
  writeFileSync(at('f.json'), JSON.stringify(damaged(JSON.parse(json), pick, by, remove)));
  await endsCleanly(command, at('f.json'), at('p.s'), ...(command === 'asm' ? [] : ['--steps', '2000']));
});

test.prop([fc.array(fc.tuple(fc.nat(), fc.constantFrom(...' ,()+-*/%:.;"\'x0r9\n')), { minLength: 1, maxLength: 3 }), fc.constantFrom('run', 'vmm')], runs)(
  'an assembly source with characters changed',
  async (edits, command) => {
    let s = os;
    for (const [i, c] of edits) s = s.slice(0, i % s.length) + c + s.slice((i % s.length) + 1);
    writeFileSync(at('m.s'), s);
    await endsCleanly(command, 'pg74', at('m.s'), '--steps', '2000');
  },
);

const image = { format: 'vmcheck-image/1', isa: 'pg74', segments: [{ place: 16, cells: [0x7f000000, 1, 2] }, { place: 100, address: 0, cells: [5] }], symbols: { a: 1 } };
test.prop([fc.nat(), junk, fc.boolean(), fc.constantFrom('run', 'vmm', 'disasm')], runs)('an image with a field replaced or removed', async (pick, by, remove, command) => {
  writeFileSync(at('i.json'), JSON.stringify(damaged(image, pick, by, remove)));
  await endsCleanly(command, 'pg74', at('i.json'), ...(command === 'disasm' ? [] : ['--steps', '2000']));
});
