/**
 * The tables of docs/json-format.md, derived from the published ISA schema so that the page
 * says what the loader accepts. `npm run schema` rewrites each block between
 * `<!-- schema:NAME -->` and `<!-- /schema:NAME -->`; a test checks that they are current.
 */
import type { JsonSchema } from './annotate.js';

type Node = JsonSchema & {
  $ref?: string;
  type?: string;
  const?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  pattern?: string;
  items?: Node;
  anyOf?: Node[];
  oneOf?: Node[];
  properties?: Record<string, Node>;
  required?: string[];
  additionalProperties?: Node | boolean;
  description?: string;
};

const safeMax = Number.MAX_SAFE_INTEGER;

/** A value's type in a few words: `integer 1..64`, `"user" | "system"`, `[statement]`. */
export function typeText(n: Node): string {
  if (n.$ref) return n.$ref.replace('#/$defs/', '');
  if (n.const !== undefined) return JSON.stringify(n.const);
  if (n.enum) return n.enum.map((v) => JSON.stringify(v)).join(' | ');
  const alts = n.anyOf ?? n.oneOf;
  if (alts) {
    // A constant: a non-negative integer or a decimal/0x-hex string.
    if (alts.length === 2 && alts[0]?.type === 'integer' && alts[1]?.type === 'string') return 'constant';
    const kinds = alts.map((a) => a.properties?.kind?.const);
    if (kinds.every((k) => typeof k === 'string')) return `object (kind ${kinds.map((k) => JSON.stringify(k)).join(' | ')})`;
    return alts.map(typeText).join(' | ');
  }
  switch (n.type) {
    case 'integer': {
      const lo = n.minimum;
      const hi = n.maximum === undefined || n.maximum === safeMax ? undefined : n.maximum;
      if (lo !== undefined && hi !== undefined) return `integer ${lo}..${hi}`;
      if (lo !== undefined) return `integer ≥ ${lo}`;
      return 'integer';
    }
    case 'string':
      return n.pattern === '^[A-Za-z_][A-Za-z0-9_.]*$' ? 'name' : 'string';
    case 'array':
      return `[${n.items ? typeText(n.items) : '…'}]${n.minItems ? ` (≥ ${n.minItems})` : ''}`;
    case 'object':
      if (n.properties === undefined && typeof n.additionalProperties === 'object') return `{ name: ${typeText(n.additionalProperties)} }`;
      return 'object';
    default:
      return n.type ?? 'any';
  }
}

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The properties of an object schema as a table: field, type, required, meaning. */
export function propertyTable(obj: Node): string {
  const rows = Object.entries(obj.properties ?? {}).map(
    ([k, v]) => `| \`${k}\` | ${cell(typeText(v))} | ${obj.required?.includes(k) ? 'yes' : ''} | ${cell(v.description ?? '')} |`,
  );
  return ['| field | type | required | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** A tagged union as a table: kind, its other fields with their types, meaning. */
export function kindTable(union: Node): string {
  const rows = (union.oneOf ?? union.anyOf ?? []).map((b) => {
    const props = b.properties ?? {};
    const kind = JSON.stringify(props.kind?.const);
    const fields = Object.entries(props)
      .filter(([k]) => k !== 'kind')
      .map(([k, v]) => `\`${k}\`${b.required?.includes(k) ? '' : '?'}: ${typeText(v)}`)
      .join(', ');
    return `| \`${kind}\` | ${cell(fields)} | ${cell(b.description ?? '')} |`;
  });
  return ['| kind | fields | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** Every generated block of docs/json-format.md, by name. */
export function docTables(isa: JsonSchema): Record<string, string> {
  const root = isa as Node;
  const defs = root.$defs as Record<string, Node>;
  const p = (n: Node, key: string): Node => {
    const next = (n.items ?? n).properties?.[key];
    if (!next) throw new Error(`docs/json-format.md tables: no property '${key}'`);
    return next;
  };
  const state = p(root, 'state');
  const traps = p(root, 'traps');
  const instruction = defs.instruction!;
  const encoding = p(instruction, 'encoding');
  return {
    top: propertyTable(root),
    state: propertyTable(state),
    registers: propertyTable(p(state, 'registers').items!),
    files: propertyTable(p(state, 'files').items!),
    storage: propertyTable(p(state, 'storage')),
    'address-map': kindTable(p(state, 'addressMap')),
    traps: propertyTable(traps),
    'trap-kinds': propertyTable(p(traps, 'kinds').items!),
    instruction: propertyTable(instruction),
    encoding: propertyTable(encoding),
    'encoding-fields': propertyTable(p(encoding, 'fields').items!),
    operands: kindTable(p(p(encoding, 'fields'), 'operand')),
    expressions: kindTable(defs.expression!),
    statements: kindTable(defs.statement!),
  };
}

/** `doc` with each `<!-- schema:NAME -->` block replaced by its table; unknown or missing blocks are errors. */
export function fillDocTables(doc: string, tables: Record<string, string>): string {
  const used = new Set<string>();
  const out = doc.replace(/(<!-- schema:([a-z-]+) -->)[\s\S]*?(<!-- \/schema:\2 -->)/g, (_, open: string, name: string, close: string) => {
    const table = tables[name];
    if (table === undefined) throw new Error(`docs/json-format.md: no generated table '${name}'`);
    used.add(name);
    return `${open}\n${table}\n${close}`;
  });
  const missing = Object.keys(tables).filter((n) => !used.has(n));
  if (missing.length > 0) throw new Error(`docs/json-format.md: no block for the generated tables ${missing.join(', ')}`);
  return out;
}
