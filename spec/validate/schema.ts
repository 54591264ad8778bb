/**
 * The shape of an ISA description read from JSON (zod). Unknown fields are errors, so a typo in
 * a field name is reported rather than ignored. Constants may be written as numbers or as
 * decimal/0x-hex strings; they come out as canonical 0x-hex strings.
 */
import { z } from 'zod';
import { binaryOps, compareOps, unaryOps, type Expr, type Stmt } from '../ast.js';
import type { IsaDescription } from '../description.js';

/** A JSON value as a message shows it: `5`, `the string "x"`, `an array`, `null`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string':
      return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
    case 'number':
    case 'boolean':
      return String(v);
    case 'bigint':
      return `the bigint ${v}`;
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}

const typeNouns: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
};

const quoted = (xs: readonly unknown[]) => xs.map((x) => (typeof x === 'string' ? `'${x}'` : String(x))).join(', ');

/**
 * Messages for the shape errors zod finds, in place of its generic ones ("Invalid input: expected
 * string, received undefined" becomes `missing field 'summary'`). Passed to every parse; messages
 * given in the schema itself take precedence.
 */
export const schemaErrorMap: z.core.$ZodErrorMap = (iss) => {
  const last = iss.path?.[iss.path.length - 1];
  if (iss.input === undefined && last !== undefined && iss.code !== 'unrecognized_keys')
    return typeof last === 'number' ? `missing element ${last}` : `missing field '${String(last)}'`;
  switch (iss.code) {
    case 'invalid_type':
      if ((iss.path ?? []).length === 0) return `an ISA description is a JSON object, not ${describeValue(iss.input)}`;
      return `expected ${typeNouns[iss.expected] ?? iss.expected}, not ${describeValue(iss.input)}`;
    case 'too_small':
      if (iss.origin === 'string') return 'must not be empty';
      if (iss.origin === 'array') return `needs at least ${iss.minimum} element${Number(iss.minimum) === 1 ? '' : 's'}`;
      if (iss.minimum === 0) return `expected a non-negative integer, not ${describeValue(iss.input)}`;
      return `expected at least ${iss.minimum}, not ${describeValue(iss.input)}`;
    case 'too_big':
      if (iss.maximum === Number.MAX_SAFE_INTEGER) return `expected a safe integer, not ${describeValue(iss.input)}`;
      if (iss.origin === 'array') return `has more than ${iss.maximum} elements`;
      return `expected at most ${iss.maximum}, not ${describeValue(iss.input)}`;
    case 'invalid_value':
      return iss.values.length === 1
        ? `expected ${quoted(iss.values)}, not ${describeValue(iss.input)}`
        : `expected one of ${quoted(iss.values)}, not ${describeValue(iss.input)}`;
    case 'invalid_union': {
      const options = 'options' in iss ? (iss.options as readonly unknown[] | undefined) : undefined;
      const disc = 'discriminator' in iss ? iss.discriminator : undefined;
      if (disc === undefined || options === undefined) return undefined;
      const value = (iss.input as Record<string, unknown> | null)?.[disc];
      return `unknown ${disc} ${describeValue(value)} (expected one of ${quoted(options)})`;
    }
    case 'unrecognized_keys':
      return `unknown field${iss.keys.length > 1 ? 's' : ''} ${quoted(iss.keys)}`;
    default:
      return undefined;
  }
};

/**
 * The error map of a tagged union (`kind`): names what was expected (`unknown statement kind "foo"
 * (expected one of …)`, `missing field 'kind'`).
 */
function kindError(what: string, kinds: readonly string[]): z.core.$ZodErrorMap {
  const list = `expected one of ${quoted(kinds)}`;
  return (iss) => {
    if (iss.input === undefined) return undefined; // a missing field: the parse-wide map says so
    if (iss.code === 'invalid_type') return `expected ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} (an object with a 'kind'), not ${describeValue(iss.input)}`;
    if (iss.code === 'invalid_union') {
      const kind = (iss.input as { kind?: unknown } | null)?.kind;
      if (kind === undefined) return `missing field 'kind' (${list})`;
      return `unknown ${what} kind ${typeof kind === 'string' ? JSON.stringify(kind) : describeValue(kind)} (${list})`;
    }
    return undefined;
  };
}

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, {
  error: (iss) => `expected a name (a letter or _, then letters, digits, _ and .), not ${describeValue(iss.input)}`,
});
const width = z.number().int().min(1, 'widths are 1..64 bits').max(64, 'widths are 1..64 bits');
/** Banked state: a register, or one element of a register file. */
const bankedState = z.union([z.strictObject({ register: name }), z.strictObject({ file: name, index: z.number().int().nonnegative() })], {
  error: () => 'expected { "register": NAME } or { "file": NAME, "index": N }',
});
const bitIndex = z.number().int().min(0);
/** A bit position inside an encoding (encodings are at most 256 bits). */
const encodingBit = z.number().int().min(0).max(255, 'encoding bit positions are 0..255');

/** A non-negative integer constant, as a number or a decimal/hex string; normalized to 0x-hex. */
export const constValue = z
  .union([z.number().int().nonnegative(), z.string().regex(/^(0x[0-9a-fA-F]+|[0-9]+)$/, 'expected a decimal or 0x-hex number')], {
    error: (iss) =>
      iss.code === 'invalid_union' && iss.input !== undefined
        ? `expected a non-negative integer or a decimal/0x-hex string, not ${describeValue(iss.input)}`
        : undefined,
  })
  .transform((v) => '0x' + BigInt(v).toString(16));

const space = z.enum(['virtual', 'physical']);

const exprKinds = ['const', 'reg', 'file', 'field', 'var', 'trapInfo', 'unary', 'binary', 'compare', 'extract', 'concat', 'extend', 'ite', 'load', 'let'] as const satisfies readonly Expr['kind'][];
const stmtKinds = ['assign', 'store', 'let', 'if', 'trap', 'halt'] as const satisfies readonly Stmt['kind'][];

export const exprSchema: z.ZodType<Expr, unknown> = z.lazy(() =>
  z.discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('const'), width, value: constValue }),
      z.strictObject({ kind: z.literal('reg'), name }),
      z.strictObject({ kind: z.literal('file'), name, index: exprSchema }),
      z.strictObject({ kind: z.literal('field'), name }),
      z.strictObject({ kind: z.literal('var'), name }),
      z.strictObject({ kind: z.literal('trapInfo'), which: z.enum(['code', 'value']) }),
      z.strictObject({ kind: z.literal('unary'), op: z.enum(unaryOps), arg: exprSchema }),
      z.strictObject({ kind: z.literal('binary'), op: z.enum(binaryOps), left: exprSchema, right: exprSchema }),
      z.strictObject({ kind: z.literal('compare'), op: z.enum(compareOps), left: exprSchema, right: exprSchema }),
      z.strictObject({ kind: z.literal('extract'), arg: exprSchema, hi: bitIndex, lo: bitIndex }),
      z.strictObject({ kind: z.literal('concat'), parts: z.array(exprSchema).min(1, 'concat needs at least one part') }),
      z.strictObject({ kind: z.literal('extend'), signed: z.boolean(), arg: exprSchema, width }),
      z.strictObject({ kind: z.literal('ite'), cond: exprSchema, then: exprSchema, else: exprSchema }),
      z.strictObject({ kind: z.literal('load'), space, addr: exprSchema, width, access: z.literal('modify').optional() }),
      z.strictObject({ kind: z.literal('let'), name, value: exprSchema, body: exprSchema }),
    ],
    { error: kindError('expression', exprKinds) },
  ),
);

const lvalue = z.discriminatedUnion(
  'kind',
  [z.strictObject({ kind: z.literal('reg'), name }), z.strictObject({ kind: z.literal('file'), name, index: exprSchema })],
  { error: kindError('assignment target', ['reg', 'file']) },
);

export const stmtSchema: z.ZodType<Stmt, unknown> = z.lazy(() =>
  z.discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('assign'), target: lvalue, value: exprSchema }),
      z.strictObject({ kind: z.literal('store'), space, addr: exprSchema, value: exprSchema }),
      z.strictObject({ kind: z.literal('let'), name, value: exprSchema }),
      z.strictObject({ kind: z.literal('if'), cond: exprSchema, then: z.array(stmtSchema), else: z.array(stmtSchema) }),
      z.strictObject({ kind: z.literal('trap'), trap: name, value: exprSchema.optional() }),
      z.strictObject({ kind: z.literal('halt') }),
    ],
    { error: kindError('statement', stmtKinds) },
  ),
);

const stateKind = z.enum(['user', 'system']);

const operand = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('register'), file: name }),
    z.strictObject({ kind: z.literal('immediate'), signed: z.boolean() }),
    z.strictObject({ kind: z.literal('target'), relative: z.boolean(), signed: z.boolean(), from: z.number().int().min(-16).max(16).optional() }),
    z.strictObject({ kind: z.literal('enum'), names: z.record(z.string(), z.number().int().nonnegative()) }),
  ],
  { error: kindError('operand', ['register', 'immediate', 'target', 'enum']) },
);

const encoding = z.strictObject({
  bits: z.number().int().min(1).max(256),
  fixed: z.array(z.strictObject({ hi: encodingBit, lo: encodingBit, value: z.number().int().nonnegative() })),
  fields: z.array(
    z.strictObject({
      name,
      width: z.number().int().min(1).max(52, 'fields are at most 52 bits (their values are JavaScript numbers)'),
      slices: z
        .array(z.strictObject({ fieldHi: encodingBit, fieldLo: encodingBit, at: encodingBit }))
        .min(1, 'a field needs at least one slice'),
      operand,
      excluded: z.array(z.number().int().nonnegative()).min(1, 'an excluded list names at least one value').optional(),
    }),
  ),
});

const accessRule = z.strictObject({ fault: exprSchema, trap: name });
/** One rule, or several in priority order. */
const accessRules = z.union([accessRule, z.array(accessRule).min(1, 'an access kind needs at least one rule')]);
/** A walk store (accessed/dirty bits): when `when` holds, physical cell `cell` gets `value`. */
const mapUpdate = z.strictObject({ when: exprSchema, cell: exprSchema, value: exprSchema, doc: z.string().optional() });
const mapUpdates = z.array(mapUpdate);

export const isaSchema: z.ZodType<IsaDescription, unknown> = z.strictObject({
  format: z.literal('vmcheck-isa/1', {
    error: (iss) =>
      iss.input === undefined ? undefined : `expected "vmcheck-isa/1" (the description format this vmcheck reads), not ${describeValue(iss.input)}`,
  }),
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'ISA names are lower-case letters, digits, ., _ and -'),
  summary: z.string().min(1),
  manual: z.string().optional(),
  state: z.strictObject({
    registers: z.array(
      z.strictObject({
        name,
        width,
        kind: stateKind,
        readOnly: z.boolean().optional(),
        configurable: constValue.optional(),
        reset: constValue.optional(),
        doc: z.string().optional(),
        fields: z
          .array(
            z.strictObject({
              name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'field names are letters, digits and _'),
              hi: z.number().int().nonnegative(),
              lo: z.number().int().nonnegative(),
              kind: stateKind.optional(),
              readOnly: z.boolean().optional(),
              doc: z.string().optional(),
            }),
          )
          .optional(),
        fieldOf: z.strictObject({ register: name, lo: z.number().int().nonnegative(), registerWidth: width }).optional(),
        bankOf: z.union([z.strictObject({ of: bankedState, levels: z.array(name).min(1) }), z.strictObject({ of: bankedState, by: name, values: z.array(z.number().int().nonnegative()).min(1) })]).optional(),
      }),
    ),
    files: z.array(
      z.strictObject({
        name,
        count: z.number().int().min(2).max(1024),
        width,
        kind: stateKind,
        prefix: z.string().optional(),
        aliases: z.record(z.string(), z.number().int().nonnegative()).optional(),
        hardwired: z.array(z.strictObject({ index: z.number().int().nonnegative(), value: constValue })).optional(),
        doc: z.string().optional(),
      }),
    ),
    pc: name,
    mode: z.strictObject({
      register: name,
      levels: z
        .array(z.strictObject({ name, value: z.number().int().nonnegative(), supervisor: z.boolean() }))
        .min(2, 'a mode needs at least two levels'),
    }),
    storage: z.strictObject({
      cellBits: z.number().int().min(8, 'cells are 8 to 64 bits wide').max(64, 'cells are 8 to 64 bits wide'),
      addressBits: z.number().int().min(1).max(32),
      cells: z.number().int().min(1),
      endianness: z.enum(['little', 'big']).optional(),
      devices: z
        .array(z.strictObject({ name, kind: z.literal('console'), cell: z.number().int().nonnegative(), doc: z.string().optional() }))
        .optional(),
      mapped: z.array(z.strictObject({ register: name, cell: z.number().int().nonnegative(), doc: z.string().optional() })).optional(),
    }),
    addressMap: z.discriminatedUnion(
      'kind',
      [
        z.strictObject({
          kind: z.literal('relocation-bounds'),
          base: name,
          bound: name,
          boundTest: z.enum(['above', 'at-or-above']),
          trap: name,
        }),
        z.strictObject({
          kind: z.literal('described'),
          fetch: accessRules,
          read: accessRules,
          write: accessRules,
          physical: z.union([exprSchema, z.strictObject({ fetch: exprSchema, read: exprSchema, write: exprSchema })]),
          updates: z
            .union([mapUpdates, z.strictObject({ fetch: mapUpdates, read: mapUpdates, write: mapUpdates })], {
              error: () => 'expected a list of updates, or { "fetch": [...], "read": [...], "write": [...] }',
            })
            .optional(),
        }),
      ],
      { error: kindError('address map', ['relocation-bounds', 'described']) },
    ),
    timing: z.array(name),
    carries: z.array(z.strictObject({ low: name, high: name })).optional(),
    configuration: z.array(z.strictObject({ register: name, mask: constValue, value: constValue, doc: z.string().optional() })).optional(),
    banked: z
      .array(
        z.strictObject({
          state: bankedState,
          by: name.optional(),
          banks: z
            .array(
              z.strictObject({
                copy: name,
                levels: z.array(name).min(1, 'a bank names at least one mode level').optional(),
                values: z.array(z.number().int().nonnegative()).min(1, 'a bank names at least one value of its selector').optional(),
                doc: z.string().optional(),
              }),
            )
            .min(2, 'banked state needs at least two banks'),
          doc: z.string().optional(),
        }),
      )
      .optional(),
  }),
  traps: z.strictObject({
    codeWidth: width,
    valueWidth: width,
    kinds: z
      .array(
        z.strictObject({
          name,
          class: z.enum(['privileged-instruction', 'memory', 'supervisor-call', 'illegal-instruction', 'exception', 'interrupt']),
          code: z.number().int().nonnegative(),
          doc: z.string().optional(),
        }),
      )
      .min(1),
    interrupts: z.array(z.strictObject({ trap: name, when: exprSchema })).optional(),
    sequence: z.array(stmtSchema),
  }),
  instructions: z
    .array(
      z.strictObject({
        mnemonic: z.string().regex(/^[A-Za-z][A-Za-z0-9_.]*$/, 'expected a mnemonic (a letter, then letters, digits, _ and .)'),
        cite: z.string().min(1, 'every instruction cites the manual section it follows'),
        class: z.enum(['privileged', 'sensitive', 'innocuous']),
        encoding,
        syntax: z.string().min(1),
        semantics: z.array(stmtSchema),
        doc: z.string().optional(),
      }),
    )
    .min(1, 'an ISA needs at least one instruction'),
}) as z.ZodType<IsaDescription, unknown>;
