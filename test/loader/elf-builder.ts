/**
 * Builds small ELF32 files for the loader's tests: a header, program headers with their data,
 * and optionally a symbol table. Defaults make a valid RISC-V executable; each field can be
 * overridden to make exactly one thing wrong.
 */

export interface SegmentSpec {
  type?: number;
  /** p_paddr (and p_vaddr). */
  place: number;
  data: number[];
  /** Defaults to data.length. */
  memsz?: number;
  /** Overrides where p_offset points (defaults to where the data is written). */
  offset?: number;
  /** Overrides p_filesz (defaults to data.length). */
  filesz?: number;
}

export interface SymbolSpec {
  name: string;
  value: number;
  /** STB_*: 0 local, 1 global, 2 weak. Default global. */
  bind?: number;
  /** STT_*: 0 notype, 1 object, 2 func, 3 section, 4 file. Default notype. */
  type?: number;
  /** Section index; 0 is undefined. Default 1. */
  shndx?: number;
  /** Overrides the name's offset in the string table. */
  nameOffset?: number;
}

export interface ElfSpec {
  cls?: number;
  data?: number;
  type?: number;
  machine?: number;
  entry?: number;
  phentsize?: number;
  segments?: SegmentSpec[];
  symbols?: SymbolSpec[];
  /** Overrides the symbol table's sh_link (its string table's section index). */
  symtabLink?: number;
}

const u16 = (out: number[], at: number, v: number) => {
  out[at] = v & 0xff;
  out[at + 1] = (v >>> 8) & 0xff;
};
const u32 = (out: number[], at: number, v: number) => {
  for (let i = 0; i < 4; i++) out[at + i] = (v >>> (8 * i)) & 0xff;
};
const pad = (out: number[], align: number) => {
  while (out.length % align !== 0) out.push(0);
};

export const CODE = 0x80000000;
export const DATA = 0x80001000;

/** A valid two-segment executable: 8 bytes of code (two nops) and 4 bytes of data plus 12 of bss. */
export const DEFAULT_SEGMENTS: SegmentSpec[] = [
  { place: CODE, data: [0x13, 0, 0, 0, 0x13, 0, 0, 0] },
  { place: DATA, data: [1, 2, 3, 4], memsz: 16 },
];

export function buildElf(spec: ElfSpec = {}): Uint8Array {
  const segments = spec.segments ?? DEFAULT_SEGMENTS;
  const out: number[] = new Array<number>(52).fill(0);
  [0x7f, 0x45, 0x4c, 0x46, spec.cls ?? 1, spec.data ?? 1, 1].forEach((b, i) => (out[i] = b));
  u16(out, 16, spec.type ?? 2);
  u16(out, 18, spec.machine ?? 243);
  u32(out, 20, 1);
  u32(out, 24, spec.entry ?? CODE);
  u32(out, 28, 52);
  u16(out, 40, 52);
  u16(out, 42, spec.phentsize ?? 32);
  u16(out, 44, segments.length);
  out.push(...new Array<number>(32 * segments.length).fill(0));
  segments.forEach((s, i) => {
    pad(out, 4);
    const dataAt = out.length;
    out.push(...s.data);
    const ph = 52 + 32 * i;
    u32(out, ph, s.type ?? 1);
    u32(out, ph + 4, s.offset ?? dataAt);
    u32(out, ph + 8, s.place);
    u32(out, ph + 12, s.place);
    u32(out, ph + 16, s.filesz ?? s.data.length);
    u32(out, ph + 20, s.memsz ?? s.data.length);
    u32(out, ph + 24, 5);
    u32(out, ph + 28, 4);
  });
  if (spec.symbols) addSymbols(out, spec.symbols, spec.symtabLink ?? 2);
  return Uint8Array.from(out);
}

/** Sections: 0 null, 1 .symtab, 2 .strtab. */
function addSymbols(out: number[], symbols: SymbolSpec[], link: number): void {
  const strtab: number[] = [0];
  const offsets = symbols.map((s) => {
    const at = strtab.length;
    strtab.push(...new TextEncoder().encode(s.name), 0);
    return s.nameOffset ?? at;
  });
  pad(out, 4);
  const symtabAt = out.length;
  out.push(...new Array<number>(16).fill(0));
  symbols.forEach((s, i) => {
    const at = out.length;
    out.push(...new Array<number>(16).fill(0));
    u32(out, at, offsets[i]!);
    u32(out, at + 4, s.value);
    out[at + 12] = ((s.bind ?? 1) << 4) | (s.type ?? 0);
    u16(out, at + 14, s.shndx ?? 1);
  });
  const symtabSize = out.length - symtabAt;
  const strtabAt = out.length;
  out.push(...strtab);
  pad(out, 4);
  const shoff = out.length;
  out.push(...new Array<number>(40 * 3).fill(0));
  const sh = (i: number, type: number, offset: number, size: number, shLink: number, entsize: number) => {
    const at = shoff + 40 * i;
    u32(out, at + 4, type);
    u32(out, at + 16, offset);
    u32(out, at + 20, size);
    u32(out, at + 24, shLink);
    u32(out, at + 36, entsize);
  };
  sh(1, 2, symtabAt, symtabSize, link, 16);
  sh(2, 3, strtabAt, strtab.length, 0, 0);
  u32(out, 32, shoff);
  u16(out, 46, 40);
  u16(out, 48, 3);
}
