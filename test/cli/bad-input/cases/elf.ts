/**
 * Malformed ELF executables for rv32 (built by the loader tests' builder, each with one thing
 * wrong), and executables that are well formed but could never give a verdict: no `tohost`, or
 * one that no store reaches. Each is refused before anything is allocated or run.
 */
import { buildElf, CODE, DATA, type ElfSpec } from '../../../loader/elf-builder.js';
import { about, type BadInput } from '../case.js';

const code = { place: CODE, data: [0x13, 0, 0, 0, 0x13, 0, 0, 0] };
const tohost = [{ name: 'tohost', value: DATA }];

function elf(name: string, bytes: Uint8Array, message: string | RegExp, command = 'run', extra: string[] = []): BadInput {
  return { name, files: { 'p.elf': bytes }, argv: [command, 'rv32', '@p.elf', ...extra], message: about('p.elf', message) };
}
const built = (name: string, spec: ElfSpec, message: string | RegExp, command = 'run') => elf(name, buildElf({ symbols: tohost, ...spec }), message, command);
const edited = (name: string, edit: (b: Uint8Array) => void, message: string | RegExp) => {
  const b = buildElf({ symbols: tohost });
  edit(b);
  return elf(name, b, message);
};

export const elfCases: BadInput[] = [
  elf('elf-empty-file', new Uint8Array(0), 'an empty file'),
  elf('elf-three-bytes-of-magic', Uint8Array.from([0x7f, 0x45, 0x4c]), 'not an ELF executable (it does not start with the magic bytes 7f 45 4c 46)'),
  elf('elf-text-named-elf', new TextEncoder().encode('addi x1, x0, 1\n'), 'not an ELF executable'),
  edited('elf-wrong-magic', (b) => (b[3] = 0x47), 'not an ELF executable'),
  elf('elf-identification-only', buildElf().slice(0, 5), 'truncated: the ELF identification ends at byte 6'),
  elf('elf-shorter-than-header', buildElf().slice(0, 30), 'truncated: 30 bytes, shorter than the 52-byte ELF32 header'),
  elf('elf-truncated-program-headers', buildElf().slice(0, 100), 'truncated: the program header table'),
  built('elf-64-bit', { cls: 2 }, 'a 64-bit ELF file (ELFCLASS64)'),
  built('elf-unknown-class', { cls: 7 }, 'unknown ELF class 7'),
  built('elf-big-endian', { data: 2 }, 'a big-endian ELF file'),
  built('elf-unknown-data-encoding', { data: 9 }, 'unknown ELF data encoding 9'),
  built('elf-relocatable-object', { type: 1 }, 'not an executable (e_type 1, ET_REL, a relocatable object); link it first'),
  built('elf-shared-object', { type: 3 }, 'ET_DYN, a shared object'),
  built('elf-core-dump', { type: 4 }, 'ET_CORE, a core dump'),
  built('elf-for-x86', { machine: 3 }, 'for machine 3, not RISC-V'),
  built('elf-program-header-size', { phentsize: 56 }, 'program header entries are 56 bytes, not 32'),
  built('elf-segment-beyond-file', { segments: [code, { place: DATA, data: [1, 2, 3, 4], offset: 4000 }] }, 'segment 1 (PT_LOAD at 0x80001000) lies outside the file'),
  built('elf-filesz-above-memsz', { segments: [code, { place: DATA, data: [1, 2, 3, 4], memsz: 2 }] }, 'has more bytes in the file (4) than in memory (2)'),
  built('elf-overlapping-segments', { segments: [code, { place: CODE + 4, data: [1, 2, 3, 4] }] }, 'segments 0 and 1 overlap at 0x80000004'),
  built('elf-past-address-space', { segments: [code, { place: 0xfffffff0, data: [], memsz: 0x20 }] }, 'runs past the end of the 32-bit address space'),
  built('elf-segment-larger-than-storage', { segments: [code, { place: DATA, data: [], memsz: 0x8000000 }] }, "more than the 67108864 a machine's storage can hold"),
  built('elf-no-loadable-segment', { segments: [{ type: 6, place: CODE, data: [0, 0, 0, 0] }] }, 'no loadable segment (PT_LOAD)'),
  built('elf-entry-outside-segments', { entry: 0x90000000 }, 'the entry point 0x90000000 is in no loaded segment'),
  built('elf-symtab-links-to-symtab', { symtabLink: 1 }, 'links to section 1, which is not a string table'),
  built('elf-symbol-name-outside-strtab', { symbols: [{ name: 'tohost', value: DATA, nameOffset: 999 }] }, "symbol 1's name (at 0x3e7) is not a string"),
  // Placement: checked before a zero-filled segment is allocated.
  built('elf-64-mib-zero-fill-outside-ram', { segments: [code, { place: 0x10000000, data: [], memsz: 2 ** 26 }] }, "the segment at 0x10000000 (67108864 cells) does not lie in rv32's storage"),
  built('elf-segment-below-ram', { entry: 0x1000, segments: [{ place: 0x1000, data: code.data }] }, "the segment at 0x1000 (8 cells) does not lie in rv32's storage"),
  built('elf-segment-straddles-ram-end', { segments: [code, { place: 0x800ffff0, data: [], memsz: 0x100 }] }, "does not lie in rv32's storage"),
  // No usable tohost: said at load time, not after the whole step budget.
  elf('elf-no-symbol-table', buildElf(), "no 'tohost' symbol (the file has no symbol table)"),
  built('elf-symbols-without-tohost', { symbols: [{ name: 'main', value: CODE }] }, "no 'tohost' symbol: an executable reports its verdict"),
  built('elf-tohost-outside-storage', { symbols: [{ name: 'tohost', value: 0x10 }] }, "'tohost' is at 0x10, which rv32's address map does not send to storage"),
  elf('elf-vmm-no-symbol-table', buildElf(), "no 'tohost' symbol", 'vmm'),
  built('elf-vmm-tohost-outside-storage', { symbols: [{ name: 'tohost', value: 0x10 }] }, "'tohost' is at 0x10", 'vmm'),
  built('elf-vmm-64-mib-zero-fill-outside-ram', { segments: [code, { place: 0x10000000, data: [], memsz: 2 ** 26 }] }, 'does not lie in', 'vmm'),
  { ...built('elf-vmm-several-guests', {}, ''), argv: ['vmm', 'rv32', '@p.elf', '--guests', '2'], message: /--guests must be 1/ },
  { ...built('elf-for-pg74', {}, ''), argv: ['run', 'pg74', '@p.elf'], message: about('p.elf', "does not lie in pg74's storage") },
  built('elf-to-asm', {}, 'an ELF executable; expected assembly source (.s) or a program image (.json)', 'asm'),
  built('elf-to-disasm', {}, 'an ELF executable; expected assembly source', 'disasm'),
];
