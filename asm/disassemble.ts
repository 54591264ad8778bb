/**
 * The disassembler: cells back to assembly text, through spec/encoding.ts `decode` and the syntax
 * templates. Its output re-assembles to the same cells: targets print as absolute addresses in hex
 * (or the symbol at that address), immediates in decimal (signed ones signed; above 9999 in hex),
 * and a cell that starts no instruction as `.word`.
 */
import type { FieldDecl, IsaDescription } from '../spec/description.js';
import { decode, maxCells, type CellWord, type Decoded } from '../spec/encoding.js';
import { fromFieldBits } from './fields.js';
import type { Program } from './program.js';

export interface DisassembleOptions {
  /** Names for addresses: targets print as the name, and lines carry the names of their address. */
  symbols?: Readonly<Record<string, number>>;
}

export interface DisassembledLine {
  /** Address of the first cell, as the program sees it. */
  address: number;
  cells: CellWord[];
  /** Assembly text without labels: `ld r1, -4(r2)`, `.word 0x00000000`. */
  text: string;
  /** The description's mnemonic (`LD`), or `.word`. */
  mnemonic: string;
  /** Symbols whose value is this address. */
  labels: string[];
  /** The decoded instruction; absent for `.word`. */
  decoded?: Decoded;
}

const hex = (n: number) => (n < 0 ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`);

/** The first name of each value (in the record's order). */
function namesByValue(symbols: Readonly<Record<string, number>> | undefined): Map<number, string> {
  const out = new Map<number, string>();
  for (const [name, v] of Object.entries(symbols ?? {})) if (!out.has(v)) out.set(v, name);
  return out;
}

function formatOperand(isa: IsaDescription, field: FieldDecl, raw: number, address: number, names: Map<number, string>): string {
  const op = field.operand;
  switch (op.kind) {
    case 'register': {
      const file = isa.state.files.find((f) => f.name === op.file)!;
      const alias = Object.entries(file.aliases ?? {}).find(([, i]) => i === raw)?.[0];
      return alias ?? `${file.prefix ?? file.name}${raw}`;
    }
    case 'immediate': {
      // Short numbers read best in decimal; long unsigned ones are bit patterns, clearer in hex.
      const v = fromFieldBits(field, raw);
      return v > 9999 ? hex(v) : String(v);
    }
    case 'target': {
      const v = fromFieldBits(field, raw);
      const target = op.relative ? address + (op.from ?? 0) + v : v;
      return names.get(target) ?? hex(target);
    }
    case 'enum':
      return Object.entries(op.names).find(([, v]) => v === raw)?.[0] ?? String(raw);
  }
}

function format(isa: IsaDescription, d: Decoded, address: number, names: Map<number, string>): string {
  return d.insn.syntax.trim().replace(/\{([^}]*)\}/g, (whole, name: string) => {
    const field = d.insn.encoding.fields.find((f) => f.name === name);
    return field ? formatOperand(isa, field, d.fields[name] ?? 0, address, names) : whole;
  });
}

/** One decoded instruction at `address` as assembly text (for listings, witnesses and traces). */
export function formatInstruction(isa: IsaDescription, decoded: Decoded, address: number, options: DisassembleOptions = {}): string {
  return format(isa, decoded, address, namesByValue(options.symbols));
}

/** `.word` with the cell in hex, as wide as the cell. */
export function formatWord(isa: IsaDescription, cell: CellWord): string {
  return `.word 0x${cell.toString(16).padStart(Math.ceil(isa.state.storage.cellBits / 4), '0')}`;
}

/**
 * Disassembles `cells`, the first of which is at `address` (the address the program sees, which
 * pc-relative targets are computed from). Multi-cell instructions consume their cells.
 */
export function disassemble(isa: IsaDescription, cells: readonly CellWord[], address: number, options: DisassembleOptions = {}): DisassembledLine[] {
  const names = namesByValue(options.symbols);
  const labelsAt = new Map<number, string[]>();
  for (const [name, v] of Object.entries(options.symbols ?? {})) labelsAt.set(v, [...(labelsAt.get(v) ?? []), name]);
  const longest = maxCells(isa);
  const out: DisassembledLine[] = [];
  for (let i = 0; i < cells.length; ) {
    const at = address + i;
    const labels = labelsAt.get(at) ?? [];
    const d = decode(isa, cells.slice(i, i + longest));
    if (d) {
      out.push({ address: at, cells: cells.slice(i, i + d.cells), text: format(isa, d, at, names), mnemonic: d.insn.mnemonic, labels, decoded: d });
      i += d.cells;
    } else {
      out.push({ address: at, cells: [cells[i]!], text: formatWord(isa, cells[i]!), mnemonic: '.word', labels });
      i++;
    }
  }
  return out;
}

/**
 * A whole program as source that assembles back to it: `.org` for each segment (but a first one
 * at 0), each label on its own line, and `.equ` for symbols that label no line.
 */
export function disassembleProgram(isa: IsaDescription, program: Program): string {
  const body: string[] = [];
  const printed = new Set<string>();
  program.segments.forEach((seg, k) => {
    const address = seg.address ?? seg.place;
    if (!(k === 0 && seg.place === 0 && address === 0))
      body.push(address === seg.place ? `.org ${hex(seg.place)}` : `.org ${hex(seg.place)}, ${hex(address)}`);
    for (const line of disassemble(isa, seg.cells, address, { symbols: program.symbols })) {
      for (const l of line.labels.filter((n) => !printed.has(n))) {
        body.push(`${l}:`);
        printed.add(l);
      }
      body.push(`    ${line.text}`);
    }
  });
  const equs = Object.entries(program.symbols)
    .filter(([n]) => !printed.has(n))
    .map(([n, v]) => `.equ ${n}, ${v}`);
  return [...equs, ...body].map((l) => l + '\n').join('');
}
