/**
 * The ISA description: state, traps, address map and instructions, as plain data.
 *
 * This is the one source every consumer derives from (emulator, assembler, VMM, checker). The
 * typed builder in `builder/` produces it; `loadIsa` validates it when it comes from JSON.
 */
import type { Block, Expr } from './ast.js';

export const descriptionFormat = 'vmcheck-isa/1' as const;

/** `user` state belongs to the guest; `system` state is owned and virtualized by a VMM. */
export type StateKind = 'user' | 'system';

export interface RegisterDecl {
  name: string;
  width: number;
  kind: StateKind;
  /** Semantics may read but never assign it (a hard-wired identification register, say). */
  readOnly?: boolean;
  /** Value at reset, default 0. */
  reset?: string;
  /**
   * Bits a monitor may hold at values of its choosing while a guest runs (trap enables such as
   * RISC-V `mcounteren` or x86 `CR4.TSD`), as a mask in decimal or 0x-hex. The checker searches
   * them for a configuration when the description declares none (DESIGN.md §2 rule 3).
   */
  configurable?: string;
  doc?: string;
  /**
   * Named bit-fields, each its own piece of state (the 68000's SR: the condition codes are user
   * state, the interrupt mask and the S bit system state; the mode may be a field). Source form
   * only: a description is lowered before any consumer sees it (spec/register-fields.ts), each
   * field becoming a register `REG.FIELD` and each use of the whole register a concatenation or
   * a write of every field. Bits no field covers read as zero and ignore writes.
   */
  fields?: RegisterFieldDecl[];
  /**
   * In a lowered description: this register is a field of register `register` (of
   * `registerWidth` bits), from its bit `lo`. Semantics may still read or assign the whole
   * register by its name (an extension of a loaded description, say): it is lowered again.
   */
  fieldOf?: { register: string; lo: number; registerWidth: number };
  /**
   * In a lowered description: this register holds the copy of banked state (`of`) that the mode
   * levels `levels` use, while none of them is current (spec/lower/banked-registers.ts).
   */
  bankOf?: BankOf;
}

/**
 * Which bank a lowered copy register holds: the bank of mode levels `levels` (state banked per
 * mode), or of the values `values` of the register `by` (state banked by another selector).
 */
export type BankOf = { of: BankedState; levels: string[] } | { of: BankedState; by: string; values: number[] };

/** State a bank is kept for: a scalar register, or one element of a register file. */
export type BankedState = { register: string } | { file: string; index: number };

/**
 * State banked per mode (ARM's R13/R14 and SPSR, the VAX's and the 68000's stack pointers), or by
 * another register's value (`by`: the PDP-11's general register sets, chosen by PSW<RS>): each
 * bank — the levels, or selector values, that share one copy — sees its own value. Source form
 * only. Semantics write the state by its own name for the current bank's copy and a bank's `copy`
 * name for that bank's copy, whatever the mode, as the manuals write R13 and R13_svc; a change of
 * the selector in the middle of an instruction switches copies at once. Lowered, the state itself
 * holds the current bank's value and each copy is a register holding its bank's value while that
 * bank is not current, so that one state in two modes reads the same stack pointer (a monitor
 * keeps the guest's current copy in the real register), and the copies are swapped at the end of
 * every step that changes the bank. A copy of state banked per mode is system state (it belongs
 * to the other levels); a copy of state banked by another selector has the banked state's kind
 * (the PDP-11's second register set is the program's own).
 */
export interface BankedDecl {
  state: BankedState;
  /**
   * The register (or register field, `PSW.RS`) whose value selects the bank, for state banked by
   * something other than the mode: the PDP-11's two general register sets, chosen by PSW<RS>.
   * Absent: the mode register, and each bank names mode levels.
   */
  by?: string;
  /**
   * Banked per mode: every mode level in exactly one bank (`levels`). Banked by `by`: every value
   * of that register in exactly one bank (`values`).
   */
  banks: { copy: string; levels?: string[]; values?: number[]; doc?: string }[];
  doc?: string;
}

/** One bit-field of a register (see `RegisterDecl.fields`). */
export interface RegisterFieldDecl {
  name: string;
  hi: number;
  lo: number;
  /** The field's kind; default the register's. */
  kind?: StateKind;
  /** Semantics may not assign the field; a write of the whole register leaves it unchanged. */
  readOnly?: boolean;
  doc?: string;
}

/**
 * One part of the monitor's configuration C: while a guest runs, the real `register` holds
 * `value` in the bits of `mask` (which must be configurable). A state "holds C" when every part
 * does; "privileged under C" means trapping in user mode from every state that holds C.
 */
export interface ConfigurationDecl {
  register: string;
  mask: string;
  value: string;
  doc?: string;
}

export interface RegisterFileDecl {
  /** The file's name; its elements are written `<prefix><index>` in assembly. */
  name: string;
  /** Number of elements, a power of two: an index is exactly log2(count) bits wide. */
  count: number;
  width: number;
  kind: StateKind;
  /** Assembly prefix, default the file's name. */
  prefix?: string;
  /** Other names accepted by the assembler, by index (ABI names); the disassembler prints them. */
  aliases?: Record<string, number>;
  /** Elements that always read as a constant and ignore writes (RISC-V x0). */
  hardwired?: { index: number; value: string }[];
  doc?: string;
}

export interface ModeLevel {
  name: string;
  value: number;
  /** Whether the level counts as supervisor for the theorems (DESIGN.md §2). */
  supervisor: boolean;
}

export interface ModeDecl {
  /** The register that holds the current privilege level. */
  register: string;
  levels: ModeLevel[];
}

export interface StorageDecl {
  /** Bits in one addressable cell (32 for a word-addressed machine, 8 for bytes). */
  cellBits: number;
  /** Width of an address. */
  addressBits: number;
  /** Storage size q in cells; storage is E[0..q-1]. */
  cells: number;
  /**
   * The order of the cells of a value wider than one cell (a load, a store, an instruction
   * encoding, an assembler data word): `little` (the default) puts the least significant cell at
   * the lowest address (RISC-V, PDP-11, VAX); `big` puts the most significant there (68000,
   * S/370), so an encoding's high-order bits — its opcode, usually — come first.
   */
  endianness?: Endianness;
  /** Device registers in storage, for whoever runs programs (the semantics see plain cells). */
  devices?: DeviceDecl[];
  /** Registers that physical storage also reaches (the PDP-11's PSW at 0777776): see `MappedRegisterDecl`. */
  mapped?: MappedRegisterDecl[];
}

/**
 * A register at a physical storage address (issue 11, construct 5): the PDP-11's PSW at 0777776,
 * its memory-management registers in the I/O page. The register occupies ⌈width / cellBits⌉ cells
 * from `cell`, laid out as a store of its value there would lay it out (the storage's byte order);
 * a register narrower than those cells reads zero-extended and keeps the low bits of a write.
 * Every physical access — a load or store after the address map, an instruction fetch, a read of
 * the map's own tables, the trap sequence's accesses — reads a mapped cell as that slice of the
 * register and writes it by writing that slice of the register, at the point of the access (later
 * reads in the same step see it). The storage cell underneath is neither read nor written.
 *
 * A register with fields is mapped whole: a write through storage writes every field that is not
 * read-only, as an assignment to the register does. The program counter, timing resources and
 * banked state cannot be mapped.
 */
export interface MappedRegisterDecl {
  /** The register; in a lowered description, a register with fields is named whole (its fields' `fieldOf`). */
  register: string;
  /** The first of its cells. */
  cell: number;
  doc?: string;
}

export type Endianness = 'little' | 'big';

/** A memory-mapped device register, occupying one storage cell. */
export interface DeviceDecl {
  name: string;
  /** `console`: every value stored to the cell is one character of output. */
  kind: 'console';
  cell: number;
  doc?: string;
}

/**
 * How the bound is tested: `above` traps when a > b (b is the last legal address); `at-or-above`
 * traps when a >= b (b is the size of the region). The 1974 paper is ambiguous here.
 */
export type BoundTest = 'above' | 'at-or-above';

/**
 * The address map in force for `virtual` accesses and instruction fetch. A tagged union so that
 * segment or page-table maps can be added; spec/address-map.ts turns each kind into expressions
 * of the semantics language, which is all the consumers see.
 */
export type AddressMap =
  | {
      kind: 'relocation-bounds';
      /** Register holding the relocation l. */
      base: string;
      /** Register holding the bound b. */
      bound: string;
      boundTest: BoundTest;
      /** Trap taken on an illegal address (a + l >= q, or a beyond the bound). */
      trap: string;
    }
  | DescribedMap;

/** What an access through the address map does: fetch an instruction, read or write data. */
export type Access = 'fetch' | 'read' | 'write';
export const accesses: readonly Access[] = ['fetch', 'read', 'write'];
/** An access as the semantics make it: `modify` is a read-modify-write's read (a `load` with `access: 'modify'`). */
export type MemoryAccess = Access | 'modify';

/** When one kind of access faults, and the trap it then takes (a trap of class `memory`). */
export interface AccessRule {
  /** 1-bit expression over the state and the variable `vaddr`. */
  fault: Expr;
  trap: string;
}

/**
 * An address map written in the semantics language itself: per access kind, when it faults and
 * with which trap; and where a virtual address lands in storage. The expressions read registers,
 * the variable `vaddr` (the address, of the address width) and physical storage (`load` with
 * space `physical`: page tables, descriptor tables), which is how a map walks tables of its own.
 * A map's loads must stay inside storage on every path it takes (guard them with `ite`: only the
 * taken branch is evaluated), or the run is a machine error.
 *
 * An access kind has one rule or several in priority order (a page fault before an access fault,
 * say): the first whose fault holds is the trap taken. An access of several cells faults when its
 * first or its last cell does (a rule at a time, in order; an access wrapping round the address
 * space takes the first rule's trap), and occupies consecutive cells from the first one's
 * physical address: a map must not change within the span of one access (RISC-V's PMP and pages
 * cannot, for aligned accesses of at most 4 bytes).
 */
export interface DescribedMap {
  kind: 'described';
  fetch: AccessRule | AccessRule[];
  read: AccessRule | AccessRule[];
  write: AccessRule | AccessRule[];
  /**
   * The storage cell `vaddr` reaches when no fault is taken: one expression for every access, or
   * one per access kind (a map selected per access, as RISC-V's MPRV selects for loads and stores).
   */
  physical: Expr | PerAccess<Expr>;
  /**
   * Stores the translation makes when the access does not fault (accessed and dirty bits: RISC-V
   * Svadu, x86's A and D, the VAX's PTE<M>): one list for every access, or one per access kind
   * (`fetch`, `read`, `write`; a read-modify-write's read makes the `write` list's stores). Order
   * (spec/address-map.ts `Translation.updates`): an access's translation decides its fault and
   * physical address first; when it does not fault, its updates are made, in list order, each one
   * evaluated on the state the ones before it left; then the access reads or writes. So a later
   * access of the same instruction, and the access itself, see them. An instruction fetch's
   * updates come before the instruction's own accesses, in program order; a data access's, where
   * the access stands in the semantics. A step that traps keeps none of its stores, walk stores
   * included (the trap sequence runs on the state before the step). An access of several cells
   * makes the updates of its first cell's translation (the one whose physical address it uses).
   */
  updates?: MapUpdate[] | PerAccess<MapUpdate[]>;
}

/**
 * One store a translation makes (see `DescribedMap.updates`): when the 1-bit `when` holds, the
 * physical cell `cell` (an address-width expression) gets `value` (one cell wide). All three are
 * expressions over the state and `vaddr`, like a fault rule's. A store outside storage on a taken
 * path is a machine error, as a table read outside it is.
 */
export interface MapUpdate {
  when: Expr;
  cell: Expr;
  value: Expr;
  doc?: string;
}

export type PerAccess<T> = Record<Access, T>;

/** The rules of one access kind, in priority order. */
export function accessRules(map: DescribedMap, access: Access): AccessRule[] {
  const r = map[access];
  return Array.isArray(r) ? r : [r];
}

/** The updates (walk stores) of one access kind, in order. */
export function updatesOf(map: DescribedMap, access: Access): MapUpdate[] {
  const u = map.updates;
  if (u === undefined) return [];
  return Array.isArray(u) ? u : u[access];
}

/** The physical address expression of one access kind. */
export function physicalOf(map: DescribedMap, access: Access): Expr {
  const p = map.physical;
  return 'kind' in p ? p : p[access];
}

export type TrapClass =
  | 'privileged-instruction'
  | 'memory'
  | 'supervisor-call'
  | 'illegal-instruction'
  /** An ordinary exception (divide by zero, overflow): excluded from sensitivity like the memory trap. */
  | 'exception'
  /** An asynchronous interrupt, taken between instructions (see `TrapDecl.interrupts`). */
  | 'interrupt';

export interface TrapKind {
  name: string;
  class: TrapClass;
  /** The value `trapInfo('code')` has in the trap sequence. */
  code: number;
  doc?: string;
}

/** An interrupt source: taken between instructions whenever its condition holds. */
export interface InterruptDecl {
  /** The trap kind taken (its code tells the trap sequence which interrupt it is). */
  trap: string;
  /** 1-bit expression over the state: pending, enabled and not masked in the current mode. */
  when: Expr;
}

export interface TrapDecl {
  codeWidth: number;
  valueWidth: number;
  /** Several kinds may share a code: RISC-V reports privileged and undefined instructions alike. */
  kinds: TrapKind[];
  /**
   * Interrupts, in priority order: before each instruction the first whose condition holds is
   * taken instead (the trap value is 0). Conditions can only change when an instruction, the
   * trap sequence or the host writes a register they read.
   */
  interrupts?: InterruptDecl[];
  /**
   * Run when any trap is taken, on the state as it was before the trapping instruction: saves
   * the old PSW and loads the new one. It may not trap itself.
   */
  sequence: Block;
}

export interface StateDecl {
  registers: RegisterDecl[];
  files: RegisterFileDecl[];
  /** The program counter register: an address under the address map, in cells. */
  pc: string;
  mode: ModeDecl;
  storage: StorageDecl;
  addressMap: AddressMap;
  /**
   * Timing resources (clocks, counters): registers that advance by one on every step. Reading
   * one makes an instruction timing-dependent (Theorem 2).
   */
  timing: string[];
  /**
   * Wide counters split into halves: `high` (a timing resource) advances when `low` wraps to
   * zero, instead of on every step (RISC-V's cycleh, instreth, timeh).
   */
  carries?: { low: string; high: string }[];
  /** The monitor's configuration C (DESIGN.md §2 rule 3); absent: the checker searches for one. */
  configuration?: ConfigurationDecl[];
  /** State banked per mode (source form; see `BankedDecl`). */
  banked?: BankedDecl[];
}

/** A contiguous range of instruction bits, inclusive. */
export interface BitRange {
  hi: number;
  lo: number;
}

/** A slice of an operand field placed in a range of instruction bits. */
export interface FieldSlice {
  /** Field bits hi..lo ... */
  fieldHi: number;
  fieldLo: number;
  /** ... sit at instruction bit `at` upwards. */
  at: number;
}

/** How an operand is written in assembly. */
export type Operand =
  | { kind: 'register'; file: string }
  | { kind: 'immediate'; signed: boolean }
  /**
   * A code address: a label or number. `pc-relative` fields hold target − (address of the
   * instruction + `from` cells): `from` (default 0) is where the machine measures from (the
   * 68000's branch displacements count from the word after the opcode, `from` 2).
   */
  | { kind: 'target'; relative: boolean; signed: boolean; from?: number }
  | { kind: 'enum'; names: Record<string, number> };

export interface FieldDecl {
  name: string;
  /** Width of the field's value. Bits of it that no slice covers are zero (RISC-V branch offsets). */
  width: number;
  slices: FieldSlice[];
  operand: Operand;
  /**
   * Values the field never takes in this encoding: a word whose field holds one of them is not
   * this instruction (x86's ModRM memory forms are mod != 3; ARM's conditional forms, cond != 1111;
   * a compressed RISC-V form's rd != 0). Decoding, assembly, the overlap check and the checker's
   * instruction word all honour them.
   */
  excluded?: number[];
}

export interface FixedBits {
  hi: number;
  lo: number;
  value: number;
}

/**
 * An instruction's encoding, `bits` long (a whole number of storage cells, in the storage's
 * `endianness`: in little-endian storage the cell at the lowest address holds the lowest bits, in
 * big-endian storage the highest). Every bit is either fixed or in exactly one field.
 */
export interface EncodingDecl {
  bits: number;
  fixed: FixedBits[];
  fields: FieldDecl[];
}

export type DeclaredClass = 'privileged' | 'sensitive' | 'innocuous';

export interface InstructionDecl {
  mnemonic: string;
  /** The manual section this entry follows. */
  cite: string;
  /** What the author believes; the checker derives the real class and reports differences. */
  class: DeclaredClass;
  encoding: EncodingDecl;
  /** Assembly syntax: the mnemonic, then operands as `{field}` placeholders (`ld {ra}, {off}({rb})`). */
  syntax: string;
  semantics: Block;
  doc?: string;
}

export interface IsaDescription {
  format: typeof descriptionFormat;
  name: string;
  /** One line, shown by `vmcheck list`. */
  summary: string;
  /** The manual the description follows. */
  manual?: string;
  state: StateDecl;
  traps: TrapDecl;
  instructions: InstructionDecl[];
}

export type RelocationBoundsMap = Extract<AddressMap, { kind: 'relocation-bounds' }>;
