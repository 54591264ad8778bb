/**
 * The words the published JSON Schema shows in an editor's hover: one line per section and per
 * node kind. The zod schema holds the shape; these hold the meaning, condensed from
 * spec/description.ts and spec/ast.ts. A path that the shape no longer has is an error when the
 * schema is generated, so the two cannot drift apart silently.
 */
import type { ExprKind, StmtKind } from '../ast.js';

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
  'state.storage': 'Executable storage: cell width, address width, size in cells, memory-mapped devices.',
  'state.storage.cellBits': 'Bits in one addressable cell (8 for a byte-addressed machine, 32 for a word-addressed one).',
  'state.addressMap': 'The address map in force for virtual accesses and instruction fetch.',
  'state.timing': 'Timing resources: registers that advance by one on every step (reading one is a timing dependency).',
  'state.carries': 'Wide counters split into halves: `high` advances when `low` wraps to zero.',
  'state.configuration': "The monitor's configuration C: bits of registers a monitor holds at given values while a guest runs.",
  traps: 'Trap kinds, interrupts, and the trap sequence that saves the old PSW and loads the new one.',
  'traps.kinds': 'Every trap the machine takes, with its class and the code `trapInfo("code")` reads.',
  'traps.interrupts': 'Interrupt sources in priority order, each taken between instructions when its 1-bit condition holds.',
  'traps.sequence': 'Statements run when any trap is taken, on the state before the trapping instruction. It may not trap.',
  instructions: 'The instructions, each with its encoding, assembly syntax, declared class, citation and semantics.',
};

/** Descriptions by property path in one instruction. */
export const instructionDocs: Record<string, string> = {
  mnemonic: 'The mnemonic, unique in the ISA.',
  cite: 'The manual section this entry follows.',
  class: "What the author believes; the checker derives the real class and reports differences.",
  encoding: 'The encoding: `bits` long (whole cells, the lower address holding the lower bits), every bit fixed or in exactly one field.',
  'encoding.fixed': 'Fixed bit ranges, hi..lo inclusive, and their values.',
  'encoding.fields': 'Operand fields: a width, the slices of instruction bits that hold it, and how assembly writes it.',
  syntax: 'Assembly syntax: the mnemonic, then operands as `{field}` placeholders (`ld {ra}, {off}({rb})`).',
  semantics: 'What the instruction does, as statements of the semantics language.',
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
  load: 'A little-endian read of `width` bits (whole cells) at an address, through the address map (`virtual`) or not (`physical`).',
};

export const stmtKindDocs: Record<StmtKind, string> = {
  assign: 'Assigns a register or a register-file element.',
  store: 'A little-endian write of the value (whole cells) at an address, `virtual` or `physical`.',
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
