/** What the builder produces is plain data: it survives JSON and loads back as itself. */
import { describe, expect, it } from 'vitest';
import { bundledIsas, loadIsa, pg74 } from '../../../spec/index.js';

/** Every value reachable from `v` that is not plain JSON data (a function, undefined, a class instance…). */
function nonJson(v: unknown, path = '(root)'): string[] {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return [];
  if (typeof v === 'number') return Number.isFinite(v) ? [] : [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => nonJson(x, `${path}[${i}]`));
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return [path];
    return Object.entries(v).flatMap(([k, x]) => nonJson(x, `${path}.${k}`));
  }
  return [path];
}

describe.each(bundledIsas.map((isa) => [isa.name, isa] as const))('%s as data', (_, isa) => {
  it('holds only plain JSON values (no functions, undefined, class instances or non-finite numbers)', () => {
    expect(nonJson(isa)).toEqual([]);
  });

  it('deep-equals its own JSON round trip', () => {
    expect(JSON.parse(JSON.stringify(isa))).toStrictEqual(isa);
  });

  it('loads from its JSON as exactly itself (constants already canonical)', () => {
    expect(loadIsa(JSON.parse(JSON.stringify(isa)), `${isa.name}.json`)).toStrictEqual(isa);
  });
});

describe('pg74 as data', () => {
  it('declares the Popek–Goldberg state: mode, relocation-bounds, program counter and a clock', () => {
    expect(pg74.state.pc).toBe('PC');
    expect(pg74.state.mode.register).toBe('M');
    expect(pg74.state.addressMap).toMatchObject({ kind: 'relocation-bounds', base: 'L', bound: 'B' });
    expect(pg74.state.timing).toEqual(['CLK']);
  });

  it('writes its constants as 0x-hex text', () => {
    const consts: string[] = [];
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o.kind === 'const') consts.push(o.value as string);
        Object.values(o).forEach(visit);
      }
    };
    visit(pg74);
    expect(consts.length).toBeGreaterThan(0);
    for (const k of consts) expect(k).toMatch(/^0x[0-9a-f]+$/);
    for (const r of pg74.state.registers) if (r.reset !== undefined) expect(r.reset).toMatch(/^0x[0-9a-f]+$/);
  });

  it('loads from JSON that writes constants as decimal numbers and strings, normalizing them to 0x-hex', () => {
    const json = JSON.parse(JSON.stringify(pg74));
    const pc = pg74.state.registers.findIndex((r) => r.name === 'PC');
    const bound = pg74.state.registers.findIndex((r) => r.name === 'B');
    expect([pg74.state.registers[pc]!.reset, pg74.state.registers[bound]!.reset]).toEqual(['0x10', '0xffffffff']);
    json.state.registers[pc].reset = 16;
    json.state.registers[bound].reset = '4294967295';
    const loaded = loadIsa(json);
    expect(loaded.state.registers[pc]!.reset).toBe('0x10');
    expect(loaded.state.registers[bound]!.reset).toBe('0xffffffff');
    expect(loaded).toStrictEqual(pg74);
  });
});
