/**
 * The bundled ISAs by name, each loaded only when asked for. Building and validating every model
 * costs seconds (armv7a alone about 0.8 s), and a command names one ISA: the CLI finds ISAs here,
 * so `vmcheck run pg74 …` builds pg74 and nothing else. spec/isa/index.ts still exports every
 * description eagerly for library users; test/spec/isa/catalog.test.ts holds the two lists equal.
 */
import type { IsaDescription } from '../description.js';

export interface CatalogEntry {
  readonly name: string;
  /** `check --all` leaves it out: a long check (name it to check it). */
  readonly long: boolean;
  load(): Promise<IsaDescription>;
  /** The description with `bytes` of RAM, where the RAM size is a parameter (a RangeError for a size the machine cannot have). */
  withRam?(bytes: number): Promise<IsaDescription>;
}

const pg74Variants = () => import('./pg74-variants.js');
const rv32Module = () => import('./rv32/index.js');
const mipsModule = () => import('./mips/index.js');
const m68kModule = () => import('./m68k/index.js');
const x86Module = () => import('./x86/index.js');

/** In the order `list` shows them and `check --all` checks them. */
export const catalog: readonly CatalogEntry[] = [
  { name: 'pg74', long: false, load: async () => (await import('./pg74.js')).pg74 },
  { name: 'pg74-jrst', long: false, load: async () => (await pg74Variants()).pg74Jrst },
  { name: 'pg74-lra', long: false, load: async () => (await pg74Variants()).pg74Lra },
  { name: 'pg74-mode', long: false, load: async () => (await pg74Variants()).pg74Mode },
  { name: 'rv32', long: false, load: async () => (await rv32Module()).rv32, withRam: async (bytes) => (await rv32Module()).rv32WithRam(bytes) },
  { name: 'rv32-sv32', long: true, load: async () => (await rv32Module()).rv32Sv32, withRam: async (bytes) => (await rv32Module()).rv32Sv32WithRam(bytes) },
  { name: 'mips', long: true, load: async () => (await mipsModule()).mips, withRam: async (bytes) => (await mipsModule()).mipsWith({ ramBytes: bytes }) },
  {
    name: 'mips-tlb8',
    long: false,
    load: async () => (await mipsModule()).mipsTlb8,
    withRam: async (bytes) => (await mipsModule()).mipsWith({ ramBytes: bytes, tlbEntries: 8 }, 'mips-tlb8'),
  },
  { name: 'vax', long: true, load: async () => (await import('./vax/index.js')).vax },
  { name: 'armv7a', long: true, load: async () => (await import('./armv7a/index.js')).armv7a },
  { name: 'm68000', long: true, load: async () => (await m68kModule()).m68000 },
  { name: 'm68010', long: true, load: async () => (await m68kModule()).m68010 },
  { name: 's370', long: true, load: async () => (await import('./s370/index.js')).s370 },
  { name: 'x86', long: true, load: async () => (await x86Module()).x86 },
  { name: 'x86-tsd', long: true, load: async () => (await x86Module()).x86Tsd },
  { name: 'x86-umip', long: true, load: async () => (await x86Module()).x86Umip },
  { name: 'pdp10', long: true, load: async () => (await import('./pdp10/index.js')).pdp10 },
  { name: 'pdp11', long: true, load: async () => (await import('./pdp11/index.js')).pdp11 },
];

export const catalogNames: readonly string[] = catalog.map((e) => e.name);

export function catalogEntry(name: string): CatalogEntry | undefined {
  return catalog.find((e) => e.name === name);
}

/** The bundled ISAs whose RAM size is a parameter. */
export const ramSizedIsas: readonly string[] = catalog.filter((e) => e.withRam !== undefined).map((e) => e.name);

/** Bundled ISAs `check --all` leaves out by default. */
export const longChecks: readonly string[] = catalog.filter((e) => e.long).map((e) => e.name);
