/**
 * The symbol table (.symtab with its string table) as a name → value record: every defined global
 * and weak symbol, and the local labels and functions whose names are unambiguous. Globals win a
 * name over locals; a local name defined twice with different values is left out. Section and
 * file symbols, undefined symbols and the RISC-V mapping symbols (`$x…`, `$d`) are left out.
 */
import { type ElfReader, hex } from './elf-reader.js';

const SHT_SYMTAB = 2;
const SHT_STRTAB = 3;
const SECTION_HEADER_SIZE = 40;
const SYMBOL_SIZE = 16;
const STB_LOCAL = 0;
const STB_GLOBAL = 1;
const STB_WEAK = 2;
const STT_SECTION = 3;
const STT_FILE = 4;
const SHN_UNDEF = 0;

interface Section {
  type: number;
  offset: number;
  size: number;
  link: number;
}

function sectionHeaders(r: ElfReader): Section[] {
  const shoff = r.u32(32);
  const shentsize = r.u16(46);
  const shnum = r.u16(48);
  if (shoff === 0 || shnum === 0) return [];
  if (shentsize !== SECTION_HEADER_SIZE) r.fail(`section header entries are ${shentsize} bytes, not ${SECTION_HEADER_SIZE}`);
  r.need(shoff, shnum * SECTION_HEADER_SIZE, `the section header table (${shnum} entries at offset ${hex(shoff)})`);
  return Array.from({ length: shnum }, (_, i) => {
    const at = shoff + i * SECTION_HEADER_SIZE;
    return { type: r.u32(at + 4), offset: r.u32(at + 16), size: r.u32(at + 20), link: r.u32(at + 24) };
  });
}

export function readSymbols(r: ElfReader): Record<string, number> {
  const sections = sectionHeaders(r);
  const globals = new Map<string, number>();
  const locals = new Map<string, number | undefined>();
  sections.forEach((symtab, index) => {
    if (symtab.type !== SHT_SYMTAB) return;
    const where = `the symbol table (section ${index})`;
    r.need(symtab.offset, symtab.size, `${where} at offset ${hex(symtab.offset)}`);
    const strtab = sections[symtab.link];
    if (strtab === undefined || strtab.type !== SHT_STRTAB) r.fail(`${where} links to section ${symtab.link}, which is not a string table`);
    r.need(strtab.offset, strtab.size, `the string table (section ${symtab.link}) at offset ${hex(strtab.offset)}`);
    const count = Math.floor(symtab.size / SYMBOL_SIZE);
    for (let i = 1; i < count; i++) {
      const at = symtab.offset + i * SYMBOL_SIZE;
      const info = r.u8(at + 12);
      const bind = info >> 4;
      const type = info & 15;
      const shndx = r.u16(at + 14);
      if (shndx === SHN_UNDEF || type === STT_SECTION || type === STT_FILE) continue;
      const nameOffset = r.u32(at);
      const name = r.cString(strtab.offset, strtab.offset + strtab.size, nameOffset);
      if (name === undefined) r.fail(`symbol ${i}'s name (at ${hex(nameOffset)}) is not a string in the string table`);
      if (name === '' || name.startsWith('$') || name.startsWith('.L')) continue;
      const value = r.u32(at + 4);
      if (bind === STB_GLOBAL || bind === STB_WEAK) globals.set(name, value);
      else if (bind === STB_LOCAL) locals.set(name, locals.has(name) && locals.get(name) !== value ? undefined : value);
    }
  });
  const merged = new Map<string, number>();
  for (const [name, value] of locals) if (value !== undefined) merged.set(name, value);
  for (const [name, value] of globals) merged.set(name, value);
  // fromEntries defines own properties, so even a symbol named __proto__ is just a name
  return Object.fromEntries([...merged].sort(([a], [b]) => (a < b ? -1 : 1)));
}
