/** How problems are reported: the IsaError message, and that loadIsa throws nothing else. */
import { test as propTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IsaError, formatIssue, formatPath, loadIsa, pg74 } from '../../../spec/index.js';
import { maxNesting } from '../../../spec/validate/validate.js';
import { clone, issuesOf, k, reg, setReg, tiny, type Json } from './corpus.js';

/** Runs loadIsa and returns what it threw (undefined if it returned). */
function thrown(json: unknown): unknown {
  try {
    loadIsa(json, 'case.json');
    return undefined;
  } catch (e) {
    return e;
  }
}

describe('IsaError', () => {
  it('renders each issue as `path (MNEMONIC): message` under a header that counts them', () => {
    const x = clone(tiny);
    x.state.registers.push({ name: 'M', width: 1, kind: 'system' });
    x.instructions[1].semantics = [setReg('PC', reg('ACC'))];
    const e = thrown(x);
    expect(e).toBeInstanceOf(IsaError);
    expect((e as IsaError).message).toBe(
      [
        'case.json: 2 problems in the ISA description',
        "  state.registers[4]: duplicate register 'M'",
        "  instructions[1].semantics[0].value (INC): read of undeclared register 'ACC'",
      ].join('\n'),
    );
    expect((e as IsaError).name).toBe('IsaError');
    expect((e as IsaError).source).toBe('case.json');
  });

  it('says "1 problem" for one, and names the instruction of a shape error too', () => {
    const x = clone(tiny);
    x.instructions[0].cite = '';
    expect((thrown(x) as IsaError).message).toBe(
      'case.json: 1 problem in the ISA description\n  instructions[0].cite (NOP): every instruction cites the manual section it follows',
    );
  });

  it('names an instruction whose mnemonic is not a string as ?', () => {
    const x = clone(tiny);
    x.instructions[0].mnemonic = 7;
    expect((thrown(x) as IsaError).message).toBe(
      'case.json: 1 problem in the ISA description\n  instructions[0].mnemonic (?): expected a string, not 7',
    );
  });

  it('renders paths with dotted names and bracketed indices, the root as (root)', () => {
    expect(formatPath(['instructions', 3, 'semantics', 0, 'value'])).toBe('instructions[3].semantics[0].value');
    expect(formatPath([])).toBe('(root)');
    expect(formatPath([2, 'a'])).toBe('[2].a');
    expect(formatIssue({ path: [], message: "unknown field 'x'" })).toBe("(root): unknown field 'x'");
    expect(formatIssue({ path: ['instructions', 1, 'syntax'], message: 'm' }, ['A', 'B'])).toBe('instructions[1].syntax (B): m');
    expect(formatIssue({ path: ['instructions', 5], message: 'm' }, ['A', 'B'])).toBe('instructions[5]: m');
  });

  it('is what loadIsa throws for a description nested deeper than the limit, not a stack overflow', () => {
    const x = clone(tiny);
    let e: Json = reg('PC');
    for (let i = 0; i < 5000; i++) e = { kind: 'unary', op: 'not', arg: e };
    x.instructions[0].semantics = [setReg('PC', e)];
    const issues = issuesOf(x);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toBe(`nested more than ${maxNesting} levels deep`);
    expect(issues[0]!.path.slice(0, 6)).toEqual(['instructions', 0, 'semantics', 0, 'value', 'arg']);
    expect(issues[0]!.path).toHaveLength(maxNesting);
  });

  it('accepts nesting well inside the limit', () => {
    const x = clone(tiny);
    let e: Json = reg('PC');
    for (let i = 0; i < 200; i++) e = { kind: 'unary', op: 'not', arg: e };
    x.instructions[0].semantics = [setReg('PC', e)];
    expect(() => loadIsa(x)).not.toThrow();
  });
});

// Properties --------------------------------------------------------------------------------------

/** The value at `path`, or undefined. */
function valueAt(json: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = json;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** Every path to a value inside `json`, including the root. */
function allPaths(json: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (Array.isArray(json)) json.forEach((x, i) => allPaths(x, [...path, i], out));
  else if (json && typeof json === 'object') for (const [key, x] of Object.entries(json)) allPaths(x, [...path, key], out);
  return out;
}

/** The laws every rejection obeys: an IsaError whose issues are readable and point into the input. */
function expectWellFormedRejection(json: unknown, e: unknown): void {
  if (!(e instanceof IsaError)) throw e;
  expect(e.issues.length).toBeGreaterThan(0);
  for (const issue of e.issues) {
    expect(issue.message).not.toBe('');
    expect(issue.message).not.toMatch(/^(Invalid input|Invalid option|Too (small|big)|Invalid discriminator)/);
    // The issue's place exists, or (a missing field) its parent does.
    const parent = valueAt(json, issue.path.slice(0, -1));
    expect(issue.path.length === 0 || (parent !== null && typeof parent === 'object')).toBe(true);
  }
}

const pg74Json: Json = clone(pg74);
const pg74Paths = allPaths(pg74Json);
const pg74Names = [...new Set(pg74Paths.map((p) => valueAt(pg74Json, p)).filter((x): x is string => typeof x === 'string' && x.length < 24))];

type Mutation =
  | { op: 'set'; at: number; value: unknown }
  | { op: 'delete'; at: number }
  | { op: 'graft'; at: number; from: number }
  | { op: 'duplicate'; at: number }
  | { op: 'extra'; at: number; key: string };

const interesting = fc.constantFrom(0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 255, 256, 1024, 65536, 2 ** 32, 2 ** 53, -1, 1.5, 1e300);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.oneof(interesting, fc.constantFrom(...pg74Names), fc.jsonValue({ maxDepth: 2 })) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('graft' as const), at: fc.nat(), from: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('extra' as const), at: fc.nat(), key: fc.constantFrom('kind', 'name', 'width', 'value', 'extra') }),
);

/** Applies mutations to a fresh copy of pg74's JSON (paths are picked among the current ones). */
function mutate(mutations: readonly Mutation[]): Json {
  let json: Json = clone(pg74);
  for (const m of mutations) {
    const paths = allPaths(json);
    const path = paths[m.at % paths.length]!;
    const parent = valueAt(json, path.slice(0, -1)) as Json;
    const key = path[path.length - 1];
    const copy = (x: unknown) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));
    if (key === undefined) {
      if (m.op === 'set') json = m.value;
      continue;
    }
    switch (m.op) {
      case 'set':
        parent[key] = m.value;
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        break;
      case 'graft':
        parent[key] = copy(valueAt(json, paths[m.from % paths.length]!));
        break;
      case 'duplicate':
        if (Array.isArray(parent)) parent.push(copy(parent[key as number]));
        break;
      case 'extra': {
        const target = parent[key];
        if (target && typeof target === 'object' && !Array.isArray(target)) target[m.key] = 1;
        break;
      }
    }
  }
  return json;
}

describe('loadIsa on arbitrary input', () => {
  propTest.prop([fc.anything()])('throws only IsaError on fc.anything()', (value) => {
    expectWellFormedRejection(value, thrown(value));
  });

  propTest.prop([
    fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
    }),
  ])('throws only IsaError on values JSON cannot even express', (value) => {
    const e = thrown(value);
    if (!(e instanceof IsaError)) throw e;
  });

  propTest.prop([fc.array(mutation, { minLength: 1, maxLength: 4 })])(
    'throws only IsaError on random mutations of pg74, with readable issues that point into the input',
    (mutations) => {
      const json = mutate(mutations);
      const e = thrown(json);
      if (e === undefined) {
        // Whatever loads is a description: loading it again gives the same thing.
        const isa = loadIsa(json);
        expect(loadIsa(JSON.parse(JSON.stringify(isa)))).toEqual(isa);
      } else expectWellFormedRejection(json, e);
    },
  );

  propTest.prop([fc.constantFrom(...pg74Paths.filter((p) => p.length > 0))])('rejects pg74 with any one part deleted, or loads it', (path) => {
    const json = clone(pg74);
    const parent = valueAt(json, path.slice(0, -1)) as Json;
    const key = path[path.length - 1]!;
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
    const e = thrown(json);
    if (e !== undefined) expectWellFormedRejection(json, e);
  });

  it('reports a constant that is not a number the same way from every place', () => {
    const x = clone(tiny);
    x.instructions[1].semantics[0].value.right = k(8, 'lots');
    expect(issuesOf(x)).toEqual([{ path: ['instructions', 1, 'semantics', 0, 'value', 'right', 'value'], message: 'expected a decimal or 0x-hex number' }]);
  });
});
