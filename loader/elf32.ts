/**
 * ELF32 little-endian RISC-V executables (the System V gABI and the RISC-V ELF psABI): the header,
 * the loadable segments placed at their physical addresses as byte cells, the entry point and
 * the symbol table. The result has the shape of an assembled Program, so anything that loads
 * one (`loadProgram`) loads the other.
 */
import type { Program } from '../asm/program.js';
import { ElfReader, hex } from './elf-reader.js';
import { readSymbols } from './elf-symbols.js';

/** An executable as loaded: segments of byte cells at physical addresses, entry, symbols. */
export interface ElfProgram extends Program {
  /** Where execution starts (e_entry). */
  entry: number;
  /** An ELF file carries no source map: always empty. */
  lines: [];
}

/** e_machine of RISC-V. */
export const EM_RISCV = 243;
/**
 * The largest segment the loader accepts, in bytes: the emulator's storage limit (2^26 cells),
 * so that a corrupt p_memsz cannot make it allocate gigabytes.
 */
export const MAX_SEGMENT_BYTES = 2 ** 26;

const MAGIC = [0x7f, 0x45, 0x4c, 0x46];
const HEADER_SIZE = 52;
const PROGRAM_HEADER_SIZE = 32;
const ELFCLASS32 = 1;
const ELFCLASS64 = 2;
const ELFDATA2LSB = 1;
const ELFDATA2MSB = 2;
const ET_EXEC = 2;
const ET_NAMES: Record<number, string> = { 0: 'ET_NONE', 1: 'ET_REL, a relocatable object', 3: 'ET_DYN, a shared object', 4: 'ET_CORE, a core dump' };
const PT_LOAD = 1;

/** Whether `bytes` start with the ELF magic number (the CLI's test for "ELF, not assembly"). */
export function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && MAGIC.every((b, i) => bytes[i] === b);
}

function checkHeader(r: ElfReader): void {
  if (!isElf(r.bytes)) r.fail('not an ELF file: it does not start with the magic bytes 7f 45 4c 46');
  r.need(0, 6, 'the ELF identification');
  const cls = r.u8(4);
  if (cls === ELFCLASS64) r.fail('a 64-bit ELF file (ELFCLASS64); only ELF32 (RV32) executables can be loaded');
  if (cls !== ELFCLASS32) r.fail(`unknown ELF class ${cls}`);
  const data = r.u8(5);
  if (data === ELFDATA2MSB) r.fail('a big-endian ELF file (ELFDATA2MSB); RISC-V executables are little-endian');
  if (data !== ELFDATA2LSB) r.fail(`unknown ELF data encoding ${data}`);
  if (r.length < HEADER_SIZE) r.fail(`truncated: ${r.length} bytes, shorter than the ${HEADER_SIZE}-byte ELF32 header`);
  const type = r.u16(16);
  if (type !== ET_EXEC) r.fail(`not an executable (e_type ${type}${ET_NAMES[type] ? `, ${ET_NAMES[type]}` : ''}); link it first`);
  const machine = r.u16(18);
  if (machine !== EM_RISCV) r.fail(`for machine ${machine}, not RISC-V (EM_RISCV, ${EM_RISCV})`);
}

interface LoadSegment {
  index: number;
  place: number;
  offset: number;
  filesz: number;
  memsz: number;
}

function loadSegments(r: ElfReader): LoadSegment[] {
  const phoff = r.u32(28);
  const phentsize = r.u16(42);
  const phnum = r.u16(44);
  if (phnum > 0 && phentsize !== PROGRAM_HEADER_SIZE) r.fail(`program header entries are ${phentsize} bytes, not ${PROGRAM_HEADER_SIZE}`);
  r.need(phoff, phnum * PROGRAM_HEADER_SIZE, `the program header table (${phnum} entries at offset ${hex(phoff)})`);
  const out: LoadSegment[] = [];
  for (let index = 0; index < phnum; index++) {
    const at = phoff + index * PROGRAM_HEADER_SIZE;
    if (r.u32(at) !== PT_LOAD) continue;
    // p_paddr: the programs run with physical addresses (and link them equal to p_vaddr).
    const s = { index, offset: r.u32(at + 4), place: r.u32(at + 12), filesz: r.u32(at + 16), memsz: r.u32(at + 20) };
    const name = `segment ${index} (PT_LOAD at ${hex(s.place)})`;
    if (s.filesz > s.memsz) r.fail(`${name} has more bytes in the file (${s.filesz}) than in memory (${s.memsz})`);
    if (s.offset + s.filesz > r.length)
      r.fail(`${name} lies outside the file: its ${s.filesz} bytes at offset ${hex(s.offset)} end at byte ${s.offset + s.filesz}, but the file has ${r.length} bytes`);
    if (s.place + s.memsz > 2 ** 32) r.fail(`${name} runs past the end of the 32-bit address space`);
    if (s.memsz > MAX_SEGMENT_BYTES) r.fail(`${name} is ${s.memsz} bytes, more than the ${MAX_SEGMENT_BYTES} a machine's storage can hold`);
    if (s.memsz > 0) out.push(s);
  }
  if (out.length === 0) r.fail('no loadable segment (PT_LOAD)');
  for (const s of out)
    for (const t of out)
      if (t.index > s.index && s.place < t.place + t.memsz && t.place < s.place + s.memsz)
        r.fail(`segments ${s.index} and ${t.index} overlap at ${hex(Math.max(s.place, t.place))}`);
  return out;
}

/**
 * Loads an ELF32 little-endian RISC-V executable.
 * @param bytes - the whole file
 * @param file - the file's name, for error messages
 * @throws LoaderError naming the file and what is wrong with it
 */
export function loadElf32(bytes: Uint8Array, file = '<elf>'): ElfProgram {
  const r = new ElfReader(bytes, file);
  const { entry, segments } = layout(r);
  const loaded = segments.map((s) => {
    const cells = new Array<number>(s.memsz).fill(0);
    for (let i = 0; i < s.filesz; i++) cells[i] = bytes[s.offset + i]!;
    return { place: s.place, cells };
  });
  return { entry, segments: loaded, symbols: readSymbols(r), lines: [] };
}

/** An executable whose segments hold only their bytes in the file; `zeroFill` is the rest. */
export interface SparseElfProgram extends ElfProgram {
  /** Each segment's tail beyond its file bytes (p_memsz - p_filesz cells of zero), where it goes. */
  zeroFill: { place: number; cells: number }[];
}

/**
 * `loadElf32` without materializing zero-filled tails: a 300-byte file may ask for 60 MiB of
 * .bss, which as cells would take gigabytes. The caller clears `zeroFill` in storage.
 * @throws LoaderError naming the file and what is wrong with it
 */
export function loadElf32Sparse(bytes: Uint8Array, file = '<elf>'): SparseElfProgram {
  const r = new ElfReader(bytes, file);
  const { entry, segments } = layout(r);
  return {
    entry,
    segments: segments.filter((s) => s.filesz > 0).map((s) => ({ place: s.place, cells: Array.from(bytes.subarray(s.offset, s.offset + s.filesz)) })),
    zeroFill: segments.filter((s) => s.memsz > s.filesz).map((s) => ({ place: s.place + s.filesz, cells: s.memsz - s.filesz })),
    symbols: readSymbols(r),
    lines: [],
  };
}

/** Where an executable's segments go, without allocating them. */
export interface ElfLayout {
  entry: number;
  segments: { place: number; memsz: number }[];
}

/**
 * The header checks of `loadElf32` and where each segment goes, allocating nothing: a caller
 * checks the placement before a large zero-filled segment is made.
 * @throws LoaderError naming the file and what is wrong with it
 */
export function elfLayout(bytes: Uint8Array, file = '<elf>'): ElfLayout {
  const { entry, segments } = layout(new ElfReader(bytes, file));
  return { entry, segments: segments.map((s) => ({ place: s.place, memsz: s.memsz })) };
}

function layout(r: ElfReader): { entry: number; segments: LoadSegment[] } {
  checkHeader(r);
  const segments = loadSegments(r);
  const entry = r.u32(24);
  if (!segments.some((s) => entry >= s.place && entry < s.place + s.memsz)) r.fail(`the entry point ${hex(entry)} is in no loaded segment`);
  return { entry, segments };
}
