/**
 * The shape of an ISA description read from JSON (zod). Unknown fields are errors, so a typo in
 * a field name is reported rather than ignored. Constants may be written as numbers or as
 * decimal/0x-hex strings; they come out as canonical 0x-hex strings.
 */
import { z } from 'zod';
import { binaryOps, compareOps, unaryOps, type Expr, type Stmt } from '../ast.js';
import type { IsaDescription } from '../description.js';

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, 'expected a name (letters, digits, _ and .)');
const width = z.number().int().min(1, 'widths are 1..64 bits').max(64, 'widths are 1..64 bits');
const bitIndex = z.number().int().min(0);

/** A non-negative integer constant, as a number or a decimal/hex string; normalized to 0x-hex. */
export const constValue = z
  .union([z.number().int().nonnegative(), z.string().regex(/^(0x[0-9a-fA-F]+|[0-9]+)$/, 'expected a decimal or 0x-hex number')])
  .transform((v) => '0x' + BigInt(v).toString(16));

const space = z.enum(['virtual', 'physical']);

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
      z.strictObject({ kind: z.literal('load'), space, addr: exprSchema, width }),
    ],
    { error: (iss) => (iss.code === 'invalid_union' ? `unknown expression kind ${JSON.stringify((iss.input as { kind?: unknown })?.kind)}` : undefined) },
  ),
);

const lvalue = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('reg'), name }),
  z.strictObject({ kind: z.literal('file'), name, index: exprSchema }),
]);

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
    { error: (iss) => (iss.code === 'invalid_union' ? `unknown statement kind ${JSON.stringify((iss.input as { kind?: unknown })?.kind)}` : undefined) },
  ),
);

const stateKind = z.enum(['user', 'system']);

const operand = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('register'), file: name }),
  z.strictObject({ kind: z.literal('immediate'), signed: z.boolean() }),
  z.strictObject({ kind: z.literal('target'), relative: z.boolean(), signed: z.boolean() }),
  z.strictObject({ kind: z.literal('enum'), names: z.record(z.string(), z.number().int().nonnegative()) }),
]);

const encoding = z.strictObject({
  bits: z.number().int().min(1).max(256),
  fixed: z.array(z.strictObject({ hi: bitIndex, lo: bitIndex, value: z.number().int().nonnegative() })),
  fields: z.array(
    z.strictObject({
      name,
      width: z.number().int().min(1).max(32, 'fields are at most 32 bits'),
      slices: z.array(z.strictObject({ fieldHi: bitIndex, fieldLo: bitIndex, at: bitIndex })).min(1, 'a field needs at least one slice'),
      operand,
    }),
  ),
});

export const isaSchema: z.ZodType<IsaDescription, unknown> = z.strictObject({
  format: z.literal('vmcheck-isa/1', { error: 'expected "vmcheck-isa/1" (the description format this vmcheck reads)' }),
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
        reset: constValue.optional(),
        doc: z.string().optional(),
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
      cellBits: z.number().int().min(8).max(64),
      addressBits: z.number().int().min(1).max(32),
      cells: z.number().int().min(1),
    }),
    addressMap: z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('relocation-bounds'),
        base: name,
        bound: name,
        boundTest: z.enum(['above', 'at-or-above']),
        trap: name,
      }),
    ]),
    timing: z.array(name),
  }),
  traps: z.strictObject({
    codeWidth: width,
    valueWidth: width,
    kinds: z
      .array(
        z.strictObject({
          name,
          class: z.enum(['privileged-instruction', 'memory', 'supervisor-call', 'illegal-instruction', 'exception']),
          code: z.number().int().nonnegative(),
          doc: z.string().optional(),
        }),
      )
      .min(1),
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
