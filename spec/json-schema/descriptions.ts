/**
 * The words the published JSON Schema shows in an editor's hover: one line per section and per
 * node kind. The zod schema holds the shape; these hold the meaning, condensed from
 * spec/description.ts and spec/ast.ts. A path that the shape no longer has is an error when the
 * schema is generated, so the two cannot drift apart silently.
 */
import type { ExprKind, StmtKind } from '../ast.js';
import type { Operand } from '../description.js';

/** Descriptions by property path in the description (`state.storage.cellBits`). */
export const isaSectionDocs: Record<string, string> = {
  format: 'The description format: always "vmcheck-isa/1".',
  name: 'The ISA name, as the command line and reports use it: lower-case letters, digits, ., _ and -.',
  summary: 'One line, shown by `vmcheck list`.',
  manual: 'The manual the description follows.',
  state: 'The machine state: registers, register files, the program counter, the mode, storage, the address map and timing.',
  'state.registers': 'Single registers. `system` state is owned and virtualized by a monitor; `user` state belongs to the guest.',
  'state.files': 'Register files (a power-of-two count of registers of one width), written `<prefix><index>` in assembly.',
  'state.pc': 'The program counter register: an address under the address map, in cells.',
  'state.mode': 'The register holding the privilege level, and its levels (each supervisor or user for the theorems).',
  'state.storage': 'Executable storage: cell width, address width, size in cells, byte order, memory-mapped devices and registers.',
  'state.registers.name': 'The register’s name, as semantics and assembly write it.',
  'state.registers.width': 'Width in bits.',
  'state.registers.kind': '`system` (owned and virtualized by a monitor) or `user` (the guest’s).',
  'state.registers.readOnly': 'Semantics may read but never assign it (a hard-wired identification register).',
  'state.registers.configurable': 'Bits a monitor may hold at values of its choosing while a guest runs (trap enables), as a mask.',
  'state.registers.reset': 'Value at reset (default 0).',
  'state.registers.doc': 'What the register is, for people.',
  'state.registers.fields':
    'Named bit-fields, each its own state (user or system): `REG.FIELD` reads or writes one, `REG` the whole. Lowered to one register per field when loaded.',
  'state.registers.fields.name': 'The field’s name: `REG.NAME` in semantics.',
  'state.registers.fields.hi': 'Its highest bit.',
  'state.registers.fields.lo': 'Its lowest bit.',
  'state.registers.fields.kind': '`system` or `user` (default: the register’s kind).',
  'state.registers.fields.readOnly': 'Semantics may not assign it; a write of the whole register leaves it unchanged.',
  'state.registers.fields.doc': 'What the field is, for people.',
  'state.registers.fieldOf': 'In a loaded (lowered) description: the register this one is a field of, and its lowest bit there.',
  'state.registers.bankOf': 'In a loaded (lowered) description: the banked state this register holds a copy of, for the mode levels (or the values of the selector `by`) named, while none of them is current.',
  'state.files.name': 'The file’s name, as semantics write it.',
  'state.files.count': 'Number of registers, a power of two: an index is exactly log2(count) bits wide.',
  'state.files.width': 'Width of each register in bits.',
  'state.files.kind': '`system` or `user`, as for registers.',
  'state.files.prefix': 'Assembly prefix of element names (default: the file’s name): `r3`, `x10`.',
  'state.files.aliases': 'Other names the assembler accepts for elements, by index (ABI names); the disassembler prints them.',
  'state.files.hardwired': 'Elements that always read as a constant and ignore writes (RISC-V x0).',
  'state.files.doc': 'What the file is, for people.',
  'state.storage.cellBits': 'Bits in one addressable cell, any width from 8 to 64 (8 for a byte-addressed machine, 32 for a word-addressed one, 36 for a PDP-10, 60 for a CDC 6600, 64 for a Cray-1).',
  'state.storage.addressBits': 'Width of an address in bits; storage must be addressable with it.',
  'state.storage.cells': 'Storage size q in cells: storage is E[0..q-1].',
  'state.storage.endianness': 'The order of the cells of a value wider than one cell (loads, stores, instruction encodings): `little` (default) puts the least significant cell at the lowest address, `big` the most significant.',
  'state.storage.devices': 'Memory-mapped device registers, one cell each (`console`: each value stored is a character of output).',
  'state.storage.mapped':
    'Registers physical storage also reaches, `{ register, cell }`: the register occupies ⌈width / cellBits⌉ cells from `cell`, in the storage\'s byte order (a narrower one reads zero-extended), and every physical access there reads or writes it (the PDP-11\'s PSW at 0777776).',
  'state.addressMap': 'The address map in force for virtual accesses and instruction fetch.',
  'state.timing': 'Timing resources: registers that advance by one on every step (reading one is a timing dependency).',
  'state.carries': 'Wide counters split into halves: `high` advances when `low` wraps to zero.',
  'state.configuration': "The monitor's configuration C: bits of registers a monitor holds at given values while a guest runs.",
  'state.banked':
    'State banked per mode (ARM R13/R14/SPSR, the 68000 and VAX stack pointers) or by another register (`by`: the PDP-11\'s register sets, chosen by PSW.RS): a register or file element, and its banks, each a copy name and the mode levels (`levels`) or selector values (`values`) sharing it. Semantics name the state for the current bank\'s copy and a copy for that bank\'s. Lowered when loaded.',
  'state.banked.by': 'The register or register field (`PSW.RS`) whose value selects the bank; absent, the mode register, and banks name mode levels.',
  traps: 'Trap kinds, interrupts, and the trap sequence that saves the old PSW and loads the new one.',
  'traps.kinds': 'Every trap the machine takes, with its class and the code `trapInfo("code")` reads.',
  'traps.codeWidth': 'Width of `trapInfo("code")` in the trap sequence.',
  'traps.valueWidth': 'Width of `trapInfo("value")` (a faulting address, say) and of a `trap` statement’s value.',
  'traps.kinds.name': 'The name `trap` statements and address maps use.',
  'traps.kinds.class': 'How the checker treats the trap: `memory` and `exception` traps are excluded from the definitions; `interrupt`s come from `traps.interrupts`.',
  'traps.kinds.code': 'The value `trapInfo("code")` has in the trap sequence; kinds of different classes may share one.',
  'traps.kinds.doc': 'What the trap is, for people.',
  'traps.interrupts': 'Interrupt sources in priority order, each taken between instructions when its 1-bit condition holds.',
  'traps.sequence': 'Statements run when any trap is taken, on the state before the trapping instruction. It may not trap.',
  instructions: 'The instructions, each with its encoding, assembly syntax, declared class, citation and semantics.',
};

/** Descriptions by property path in one instruction. */
export const instructionDocs: Record<string, string> = {
  mnemonic: 'The mnemonic, unique in the ISA.',
  cite: 'The manual section this entry follows.',
  class: "What the author believes; the checker derives the real class and reports differences.",
  encoding: 'The encoding: `bits` long (whole cells in the storage\'s `endianness`: the lowest address holds the lowest bits when little-endian, the highest when big-endian), every bit fixed or in exactly one field.',
  'encoding.fixed': 'Fixed bit ranges, hi..lo inclusive, and their values.',
  'encoding.bits': 'Length in bits: a whole number of storage cells.',
  'encoding.fields': 'Operand fields: a width, the slices of instruction bits that hold it, and how assembly writes it.',
  'encoding.fields.name': 'The name `{name}` in the syntax and `field` expressions use.',
  'encoding.fields.width': 'Width of the field’s value, at most 52 bits (a JavaScript number); bits no slice covers are zero.',
  'encoding.fields.slices': 'Where the field’s bits fieldHi..fieldLo sit: at instruction bit `at` upwards.',
  'encoding.fields.operand': 'How assembly writes the field.',
  'encoding.fields.excluded': 'Values the field never takes here: a word holding one is another instruction, or none (x86 ModRM memory forms: mod ≠ 3).',
  syntax: 'Assembly syntax: the mnemonic, then operands as `{field}` placeholders (`ld {ra}, {off}({rb})`).',
  semantics: 'What the instruction does, as statements of the semantics language.',
};

export const operandKindDocs: Record<Operand['kind'], string> = {
  register: 'An element of a register file (`r3`, or an alias).',
  immediate: 'A number or expression, signed or unsigned.',
  target: 'A code address: a label or number; `relative` fields hold target − (the instruction’s address + `from` cells, default 0).',
  enum: 'One of the given names, each standing for a value.',
};

export const exprKindDocs: Record<ExprKind, string> = {
  const: 'A constant of `width` bits (a number, or a decimal or 0x-hex string).',
  reg: 'The value of a register.',
  file: 'An element of a register file, at an index expression.',
  field: "The value of one of the instruction's operand fields.",
  var: 'A variable bound by `let` (or `vaddr` in an address map).',
  trapInfo: 'In the trap sequence: the code or the value of the trap being taken.',
  unary: 'A bitwise `not` or a two’s-complement `neg`.',
  binary: 'An arithmetic, logical or shift operation on two operands of the same width.',
  compare: 'A 1-bit comparison, unsigned (u…) or signed (s…).',
  extract: 'Bits hi..lo of the argument.',
  concat: 'The parts side by side, the first part the most significant.',
  extend: 'The argument zero- or sign-extended to `width` bits.',
  ite: 'If the 1-bit `cond` then `then` else `else`.',
  load: 'A read (in the storage\'s `endianness`) of `width` bits (whole cells) at an address, through the address map (`virtual`) or not (`physical`); `access: "modify"` marks a read-modify-write\'s read (it faults as a read or a write would, with the write\'s trap).',
  let: 'The `value` named `name` within `body`: a value used many times (a page-table entry) written and computed once. Names must not shadow.',
};

export const stmtKindDocs: Record<StmtKind, string> = {
  assign: 'Assigns a register or a register-file element.',
  store: 'A write (in the storage\'s `endianness`) of the value (whole cells) at an address, `virtual` or `physical`.',
  let: 'Binds a name to a value for the statements after it.',
  if: 'Runs `then` when the 1-bit `cond` holds, else `else`.',
  trap: 'Takes a trap of a declared kind, with an optional trap value.',
  halt: 'Stops the machine.',
};

/** Descriptions by property path in an extension file. */
export const extensionDocs: Record<string, string> = {
  format: 'The extension format: always "vmcheck-extension/1".',
  base: 'The ISA extended: a bundled ISA name (`rv32`), or a description file (.json, .ts, .mts, .js, .mjs; a relative path is resolved against this file\'s directory).',
  name: 'The name of the extended ISA.',
  summary: 'One line, shown by `vmcheck list`.',
  manual: "The manual the extension follows (default: the base's).",
  add: 'New instructions, appended in order.',
  replace: "Instructions that take the place of the base's entry with the same mnemonic.",
  remove: 'Mnemonics of base instructions to drop.',
};
