/** Every malformed file gets a LoaderError naming the file and what is wrong, nothing else. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadElf32, LoaderError } from '../../loader/index.js';
import { buildElf, CODE, DATA, type ElfSpec } from './elf-builder.js';

/** The message loading `bytes` as prog.elf fails with (and that it is a LoaderError). */
function failure(bytes: Uint8Array): string {
  try {
    loadElf32(bytes, 'prog.elf');
  } catch (e) {
    expect(e).toBeInstanceOf(LoaderError);
    expect((e as LoaderError).file).toBe('prog.elf');
    return (e as LoaderError).message;
  }
  throw new Error('loaded without error');
}

const code = { place: CODE, data: [0x13, 0, 0, 0, 0x13, 0, 0, 0] };
const built = (spec: ElfSpec) => failure(buildElf(spec));

describe('not a RISC-V ELF32 executable', () => {
  it('wrong magic', () => {
    const bytes = buildElf();
    bytes[3] = 0x47;
    expect(failure(bytes)).toBe('prog.elf: not an ELF file: it does not start with the magic bytes 7f 45 4c 46');
  });

  it('a text file', () => {
    expect(failure(new TextEncoder().encode('addi x1, x0, 1\n'))).toBe('prog.elf: not an ELF file: it does not start with the magic bytes 7f 45 4c 46');
  });

  it('an empty file', () => {
    expect(failure(new Uint8Array(0))).toBe('prog.elf: not an ELF file: it does not start with the magic bytes 7f 45 4c 46');
  });

  it('64-bit class', () => {
    expect(built({ cls: 2 })).toBe('prog.elf: a 64-bit ELF file (ELFCLASS64); only ELF32 (RV32) executables can be loaded');
  });

  it('unknown class', () => {
    expect(built({ cls: 7 })).toBe('prog.elf: unknown ELF class 7');
  });

  it('big-endian', () => {
    expect(built({ data: 2 })).toBe('prog.elf: a big-endian ELF file (ELFDATA2MSB); RISC-V executables are little-endian');
  });

  it('wrong machine', () => {
    expect(built({ machine: 62 })).toBe('prog.elf: for machine 62, not RISC-V (EM_RISCV, 243)');
  });

  it('a relocatable object', () => {
    expect(built({ type: 1 })).toBe('prog.elf: not an executable (e_type 1, ET_REL, a relocatable object); link it first');
  });

  it('a shared object', () => {
    expect(built({ type: 3 })).toBe('prog.elf: not an executable (e_type 3, ET_DYN, a shared object); link it first');
  });
});

describe('truncated', () => {
  it('shorter than the header', () => {
    expect(failure(buildElf().slice(0, 30))).toBe('prog.elf: truncated: 30 bytes, shorter than the 52-byte ELF32 header');
  });

  it('in the identification bytes', () => {
    expect(failure(buildElf().slice(0, 5))).toBe('prog.elf: truncated: the ELF identification ends at byte 6, but the file has 5 bytes');
  });

  it('in the program header table', () => {
    expect(failure(buildElf().slice(0, 100))).toBe(
      'prog.elf: truncated: the program header table (2 entries at offset 0x34) ends at byte 116, but the file has 100 bytes',
    );
  });

  it('in the section header table', () => {
    const bytes = buildElf({ symbols: [{ name: 'tohost', value: DATA }] });
    expect(failure(bytes.slice(0, bytes.length - 1))).toBe(
      `prog.elf: truncated: the section header table (3 entries at offset 0x${(bytes.length - 120).toString(16)}) ends at byte ${bytes.length}, but the file has ${bytes.length - 1} bytes`,
    );
  });
});

describe('segments', () => {
  it('a segment beyond the end of the file', () => {
    expect(built({ segments: [code, { place: DATA, data: [1, 2, 3, 4], offset: 200 }] })).toBe(
      'prog.elf: segment 1 (PT_LOAD at 0x80001000) lies outside the file: its 4 bytes at offset 0xc8 end at byte 204, but the file has 128 bytes',
    );
  });

  it('a segment running past the end of the file', () => {
    expect(built({ segments: [code, { place: DATA, data: [1, 2, 3, 4], filesz: 100, memsz: 100 }] })).toBe(
      'prog.elf: segment 1 (PT_LOAD at 0x80001000) lies outside the file: its 100 bytes at offset 0x7c end at byte 224, but the file has 128 bytes',
    );
  });

  it('more bytes in the file than in memory', () => {
    expect(built({ segments: [code, { place: DATA, data: [1, 2, 3, 4], memsz: 2 }] })).toBe(
      'prog.elf: segment 1 (PT_LOAD at 0x80001000) has more bytes in the file (4) than in memory (2)',
    );
  });

  it('overlapping segments', () => {
    expect(built({ segments: [code, { place: CODE + 4, data: [1, 2, 3, 4] }] })).toBe('prog.elf: segments 0 and 1 overlap at 0x80000004');
  });

  it('past the end of the address space', () => {
    expect(built({ segments: [code, { place: 0xfffffff0, data: [], memsz: 0x20 }] })).toBe(
      'prog.elf: segment 1 (PT_LOAD at 0xfffffff0) runs past the end of the 32-bit address space',
    );
  });

  it('larger than any storage', () => {
    expect(built({ segments: [code, { place: DATA, data: [], memsz: 0x8000000 }] })).toBe(
      "prog.elf: segment 1 (PT_LOAD at 0x80001000) is 134217728 bytes, more than the 67108864 a machine's storage can hold",
    );
  });

  it('no loadable segment', () => {
    expect(built({ segments: [{ type: 6, place: CODE, data: [0, 0, 0, 0] }] })).toBe('prog.elf: no loadable segment (PT_LOAD)');
  });

  it('program header entries of the wrong size', () => {
    expect(built({ phentsize: 56 })).toBe('prog.elf: program header entries are 56 bytes, not 32');
  });

  it('an entry point outside every segment', () => {
    expect(built({ entry: 0x90000000 })).toBe('prog.elf: the entry point 0x90000000 is in no loaded segment');
  });
});

describe('symbol table', () => {
  it('linked to a section that is not a string table', () => {
    expect(built({ symbols: [{ name: 'tohost', value: DATA }], symtabLink: 1 })).toBe(
      'prog.elf: the symbol table (section 1) links to section 1, which is not a string table',
    );
  });

  it('a name outside the string table', () => {
    expect(built({ symbols: [{ name: 'tohost', value: DATA, nameOffset: 999 }] })).toBe(
      "prog.elf: symbol 1's name (at 0x3e7) is not a string in the string table",
    );
  });
});

describe('the file name', () => {
  it('defaults to <elf>', () => {
    expect(() => loadElf32(new Uint8Array(0))).toThrow('<elf>: not an ELF file');
  });
});

describe('a committed program, corrupted', () => {
  const simple = () => new Uint8Array(readFileSync(fileURLToPath(new URL('../../examples/riscv/rv32ui/simple.elf', import.meta.url))));

  it('loads as it is', () => {
    expect(loadElf32(simple(), 'simple.elf').entry).toBe(0x80000000);
  });

  it('cut short', () => {
    expect(failure(simple().slice(0, 40))).toBe('prog.elf: truncated: 40 bytes, shorter than the 52-byte ELF32 header');
  });

  it('as another machine', () => {
    const bytes = simple();
    bytes[18] = 62;
    bytes[19] = 0;
    expect(failure(bytes)).toBe('prog.elf: for machine 62, not RISC-V (EM_RISCV, 243)');
  });

  it('marked 64-bit', () => {
    const bytes = simple();
    bytes[4] = 2;
    expect(failure(bytes)).toBe('prog.elf: a 64-bit ELF file (ELFCLASS64); only ELF32 (RV32) executables can be loaded');
  });

  it('with its code segment moved past the end of the file', () => {
    const bytes = simple();
    const view = new DataView(bytes.buffer);
    // the first program header is the RISC-V attributes one; the second is the code (PT_LOAD)
    view.setUint32(52 + 32 + 4, bytes.length, true);
    const size = view.getUint32(52 + 32 + 16, true);
    expect(failure(bytes)).toBe(
      `prog.elf: segment 1 (PT_LOAD at 0x80000000) lies outside the file: its ${size} bytes at offset 0x${bytes.length.toString(16)} end at byte ${bytes.length + size}, but the file has ${bytes.length} bytes`,
    );
  });
});
