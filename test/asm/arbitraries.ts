/**
 * Random valid programs for any ISA, derived from its description: instructions with random
 * in-range operands (raw field values, so every encodable value can come up), targets that
 * sometimes name a label, and `.word` data. A program renders as the disassembler's canonical
 * text, or as "noisy" text that must assemble to the same cells. The canonical rendering here is
 * written independently of asm/disassemble.ts: it is the specification the property checks.
 */
import fc from 'fast-check';
import type { FieldDecl, InstructionDecl, IsaDescription } from '../../spec/description.js';
import { uncoveredMask } from '../../spec/encoding.js';
import { fixedPattern } from '../../spec/validate/check-encoding.js';
import { allowedFieldValue } from '../../testing/instructions.js';

export interface InsnModel {
  kind: 'insn';
  insn: InstructionDecl;
  /** Stored field values, unsigned, with uncovered bits zero. */
  raw: number[];
  /** For target fields: which labelled item to aim at, when it fits. */
  refs: (number | undefined)[];
  label: boolean;
}
export interface WordModel {
  kind: 'word';
  value: number;
  label: boolean;
}
export type ItemModel = InsnModel | WordModel;

export interface Style {
  upper: boolean;
  spaced: boolean;
  comments: boolean;
  /** Numbers in the other base; pc-relative targets as `.+N`. */
  altNumbers: boolean;
  /** Labels on the same line as what they label. */
  inlineLabels: boolean;
}

export interface ProgramModel {
  isa: IsaDescription;
  place: number;
  address: number;
  items: ItemModel[];
  style: Style;
}

const signed = (f: FieldDecl) => (f.operand.kind === 'immediate' || f.operand.kind === 'target') && f.operand.signed;
const toValue = (f: FieldDecl, raw: number) => (signed(f) && raw >= 2 ** (f.width - 1) ? raw - 2 ** f.width : raw);

function rawField(f: FieldDecl): fc.Arbitrary<number> {
  return fc.bigInt(0n, (1n << BigInt(f.width)) - 1n).map((v) => allowedFieldValue(f, v));
}

/** Whether `cell` could be the first cell of some instruction (then `.word` would not print back). */
function startsInstruction(isa: IsaDescription, cell: number): boolean {
  const { cellBits, endianness } = isa.state.storage;
  const low = (1n << BigInt(cellBits)) - 1n;
  return isa.instructions.some((i) => {
    const { mask, value } = fixedPattern(i.encoding);
    // The first cell holds an encoding's lowest bits in little-endian storage, its highest in big-endian.
    const shift = BigInt(endianness === 'big' ? i.encoding.bits - cellBits : 0);
    return (BigInt(cell) & (mask >> shift) & low) === ((value >> shift) & low);
  });
}

/** Whether some one-cell `.word` value would disassemble back as `.word` (checked exhaustively for cells of up to 16 bits). */
function wordsPossible(isa: IsaDescription): boolean {
  const bits = isa.state.storage.cellBits;
  if (bits > 16) return true;
  for (let v = 0; v < 2 ** bits; v++) if (!startsInstruction(isa, v)) return true;
  return false;
}

export function arbProgram(isa: IsaDescription, maxItems = 20): fc.Arbitrary<ProgramModel> {
  const cellMax = 2 ** isa.state.storage.cellBits - 1;
  const insn: fc.Arbitrary<ItemModel> = fc.constantFrom(...isa.instructions).chain((i) =>
    fc.record({
      kind: fc.constant('insn' as const),
      insn: fc.constant(i),
      raw: fc.tuple(...i.encoding.fields.map(rawField)),
      refs: fc.tuple(...i.encoding.fields.map(() => fc.option(fc.nat(), { nil: undefined }))),
      label: fc.boolean(),
    }),
  );
  const word: fc.Arbitrary<ItemModel> = fc.record({
    kind: fc.constant('word' as const),
    value: fc.integer({ min: 0, max: cellMax }).filter((v) => !startsInstruction(isa, v)),
    label: fc.boolean(),
  });
  // Where the program goes: anywhere up to 0x800, as long as its longest form fits in storage.
  const longest = maxItems * Math.max(...isa.instructions.map((i) => i.encoding.bits / isa.state.storage.cellBits));
  const last = Math.max(0, Math.min(0x800, isa.state.storage.cells - longest));
  return fc.record({
    isa: fc.constant(isa),
    place: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: last })),
    address: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: last })), // -1: same as place
    // `.word` data only where some cell value starts no instruction (on a little-endian MIPS every
    // byte can be an instruction's first cell: the filter above would never pass).
    items: fc.array(wordsPossible(isa) ? fc.oneof({ weight: 4, arbitrary: insn }, { weight: 1, arbitrary: word }) : insn, { minLength: 1, maxLength: maxItems }),
    style: fc.record({ upper: fc.boolean(), spaced: fc.boolean(), comments: fc.boolean(), altNumbers: fc.boolean(), inlineLabels: fc.boolean() }),
  }).map((m) => ({ ...m, address: m.address < 0 ? m.place : m.address }));
}

const hex = (n: number) => (n < 0 ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`);

/** Whether a target fits its field (range and uncovered bits), as the stored value it would need. */
function storedTarget(f: FieldDecl, target: number, address: number): number | undefined {
  const op = f.operand;
  if (op.kind !== 'target') return undefined;
  const v = op.relative ? target - address - (op.from ?? 0) : target;
  const [min, max] = signed(f) ? [-(2 ** (f.width - 1)), 2 ** (f.width - 1) - 1] : [0, 2 ** f.width - 1];
  if (v < min || v > max) return undefined;
  const stored = v < 0 ? v + 2 ** f.width : v;
  return (BigInt(stored) & BigInt(uncoveredMask(f))) === 0n ? stored : undefined;
}

interface Laid {
  item: ItemModel;
  address: number;
  name?: string;
  /** Final stored field values (label references applied). */
  raw: number[];
}

function layout(m: ProgramModel): Laid[] {
  const cellBits = m.isa.state.storage.cellBits;
  let at = m.address;
  const laid: Laid[] = m.items.map((item, i) => {
    const l: Laid = { item, address: at, raw: item.kind === 'insn' ? [...item.raw] : [], ...(item.label ? { name: `L${i}` } : {}) };
    at += item.kind === 'insn' ? item.insn.encoding.bits / cellBits : 1;
    return l;
  });
  const labelled = laid.filter((l) => l.name !== undefined);
  for (const l of laid) {
    if (l.item.kind !== 'insn' || labelled.length === 0) continue;
    const { insn, refs } = l.item;
    insn.encoding.fields.forEach((f, k) => {
      const ref = refs[k];
      if (ref === undefined) return;
      const stored = storedTarget(f, labelled[ref % labelled.length]!.address, l.address);
      if (stored !== undefined) l.raw[k] = stored;
    });
  }
  return laid;
}

/** The text of one instruction; `names` maps addresses to labels. */
function instructionText(m: ProgramModel, l: Laid & { item: InsnModel }, names: Map<number, string>, noisy: boolean): string {
  const { insn } = l.item;
  const alt = noisy && m.style.altNumbers;
  const num = (v: number) => (alt ? (v > 9999 ? String(v) : hex(v)) : v > 9999 ? hex(v) : String(v));
  const text = insn.syntax.trim().replace(/\{([^}]*)\}/g, (_, name: string) => {
    const k = insn.encoding.fields.findIndex((f) => f.name === name);
    const f = insn.encoding.fields[k]!;
    const raw = l.raw[k]!;
    const op = f.operand;
    switch (op.kind) {
      case 'register': {
        const file = m.isa.state.files.find((x) => x.name === op.file)!;
        const alias = Object.entries(file.aliases ?? {}).find(([, i]) => i === raw)?.[0];
        return noisy && alt ? `${(file.prefix ?? file.name).toUpperCase()}${raw}` : (alias ?? `${file.prefix ?? file.name}${raw}`);
      }
      case 'immediate':
        return num(toValue(f, raw));
      case 'enum':
        return Object.entries(op.names).find(([, v]) => v === raw)?.[0] ?? num(raw);
      case 'target': {
        const v = toValue(f, raw);
        // A pc-relative field holds target − (address + from) (spec/description.ts).
        const from = op.relative ? (op.from ?? 0) : 0;
        const target = op.relative ? l.address + from + v : v;
        const name = names.get(target);
        if (alt && op.relative) return v + from < 0 ? `.-${-(v + from)}` : `.+${v + from}`;
        if (name !== undefined) return alt ? `${name}+0` : name;
        return alt ? String(target) : hex(target);
      }
    }
  });
  if (!noisy) return text;
  const head = insn.syntax.trim().split(/\s+/)[0]!;
  const cased = m.style.upper ? head.toUpperCase() + text.slice(head.length) : text;
  return m.style.spaced ? cased.replaceAll(', ', ' ,\t').replaceAll('(', ' ( ') : cased;
}

/** The program as text: canonical (what the disassembler prints) or noisy (same cells, other spelling). */
export function render(m: ProgramModel, noisy = false): string {
  const laid = layout(m);
  const names = new Map(laid.flatMap((l) => (l.name ? [[l.address, l.name] as const] : [])));
  const digits = Math.ceil(m.isa.state.storage.cellBits / 4);
  const out: string[] = [];
  if (m.place !== 0 || m.address !== 0) out.push(m.address === m.place ? `.org ${hex(m.place)}` : `.org ${hex(m.place)}, ${hex(m.address)}`);
  for (const l of laid) {
    const body =
      l.item.kind === 'word'
        ? noisy && m.style.altNumbers
          ? `.WORD ${l.item.value}`
          : `.word 0x${l.item.value.toString(16).padStart(digits, '0')}`
        : instructionText(m, l as Laid & { item: InsnModel }, names, noisy);
    const comment = noisy && m.style.comments ? ' ; comment' : '';
    if (l.name && noisy && m.style.inlineLabels) out.push(`${l.name}: ${body}${comment}`);
    else {
      if (l.name) out.push(`${l.name}:`);
      out.push(`    ${body}${comment}`);
    }
  }
  return out.map((x) => x + '\n').join('');
}

/** Mnemonics a program uses, for `fc.statistics`. */
export const mnemonicsOf = (m: ProgramModel): string[] => m.items.flatMap((i) => (i.kind === 'insn' ? [i.insn.mnemonic] : ['.word']));
