/**
 * Malformed assembly source, for pg74 and rv32: wrong mnemonics, operands, labels, directives
 * and expressions (each located as file:line:column), and files that are not assembly at all.
 */
import { about, located, type BadInput } from '../case.js';

function source(name: string, text: string | Uint8Array, message: string | RegExp, isa = 'pg74', command = 'run'): BadInput {
  const whole = message instanceof RegExp && message.source.startsWith('p\\.s:');
  return { name, files: { 'p.s': text }, argv: [command, isa, '@p.s'], message: whole ? message : about('p.s', message) };
}

/** `line` placed after `.org 16`, so that the error is on line 2. */
const line2 = (name: string, line: string, message: string | RegExp, isa = 'pg74'): BadInput =>
  source(name, isa === 'pg74' ? `        .org 16\n        ${line}\n        halt\n` : `        .org 0\n        ${line}\n`, located('p.s', 2, message), isa);

export const assemblyCases: BadInput[] = [
  // Not assembly at all
  source('asm-empty-file', '', 'an empty file'),
  source('asm-whitespace-only', '   \n\n\t\n', 'no instructions or data'),
  source('asm-comment-only', '; nothing here\n; at all\n', 'no instructions or data'),
  source('asm-labels-only', 'start:\nend:\n', 'no instructions or data'),
  source('asm-only-equ', '        .equ X, 5\n', 'no instructions or data'),
  source('asm-binary-nul-bytes', Uint8Array.from([0x13, 0, 0, 0, 0x73, 0, 0x10, 0]), 'a binary file'),
  source('asm-elf-prefix-three-bytes', Uint8Array.from([0x7f, 0x45, 0x4c]), 'not an ELF executable'),
  source('asm-elf-to-asm', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]), 'an ELF executable; expected assembly source', 'pg74', 'asm'),
  source('asm-elf-to-disasm', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]), 'an ELF executable; expected assembly source', 'pg74', 'disasm'),
  source('asm-c-source', 'int main(void) {\n  return 0;\n}\n', located('p.s', 1, "unknown mnemonic 'int'", 1)),
  source('asm-bom-then-error', '\ufeff        .org 16\n        frob r1\n', located('p.s', 2, "unknown mnemonic 'frob'", 9)),
  source('asm-many-errors-listed-hundred', 'frob\n'.repeat(5000), /… and 4900 more errors/),
  source('asm-expression-nested-deep', `        .org 16\n        .word ${'('.repeat(100_000)}1${')'.repeat(100_000)}\n`, 'nests too deeply to read'),
  // Mnemonics and operands
  line2('asm-unknown-mnemonic', 'lod r1, 5(r0)', "unknown mnemonic 'lod'"),
  line2('asm-mnemonic-of-another-isa', 'addi x1, x0, 1', /x1|register/),
  line2('asm-missing-operand', 'add r1, r2', /operand|expected/),
  line2('asm-extra-operand', 'add r1, r2, r3, r4', /expected|unexpected/),
  line2('asm-unknown-register', 'mov r1, r16', /r16|register/),
  // Register names are reserved words: never a label, never the start of a value.
  line2('asm-register-where-immediate', 'ldi r1, r2', "expected a number for {imm} after ',', found 'r2'"),
  line2('asm-immediate-too-large', 'ldi r1, 0x1ffffffff', /range|fit|bits/),
  line2('asm-negative-unsigned', 'lui r1, -1', /range|fit|bits|negative/),
  line2('asm-branch-target-undefined', 'beq r1, r2, nowhere', "undefined label 'nowhere'"),
  line2('asm-jump-to-undefined-label', 'jmp far_away', "undefined label 'far_away'"),
  line2('asm-missing-comma', 'add r1 r2, r3', "expected ',' after 'r1'"),
  line2('asm-unbalanced-parenthesis', 'ld r1, 5(r0', /expected|\)/),
  line2('asm-unknown-character', 'ldi r1, 5 § 3', /unexpected|§/),
  line2('asm-division-by-zero', 'ldi r1, 5 / 0', /zero|divi/),
  // Labels and directives
  source('asm-duplicate-label', '        .org 16\nhere:   nop\nhere:   halt\n', located('p.s', 3, "duplicate label 'here' (first defined at line 2)")),
  line2('asm-unknown-directive', '.frobnicate 3', "unknown directive '.frobnicate'"),
  line2('asm-org-without-address', '.org', /expected|address/),
  line2('asm-org-beyond-storage', '.org 0x7fffffff', /storage|beyond|cells/),
  source('asm-org-backwards-overlap', '        .org 16\n        nop\n        nop\n        .org 16\n        halt\n', located('p.s', 4, 'overlaps the segment')),
  line2('asm-word-too-large', '.word 0x100000000', /range|fit|bits/),
  line2('asm-word-not-a-number', '.word banana', "undefined label 'banana'"),
  line2('asm-equ-without-value', '.equ X', /expected|value/),
  line2('asm-unterminated-string', '.ascii "abc', /string|unterminated|"/),
  line2('asm-align-zero', '.align 0', '.align needs a positive count'),
  line2('asm-space-negative', '.space -4', '.space needs a count of cells of 0 or more, not -4'),
  source('asm-space-huge', '        .org 16\n        .space 0xffffffff\n', located('p.s', 1, 'segment at 0x10..0x10000000e does not fit in storage (65536 cells)')),
  // rv32
  line2('asm-rv32-immediate-out-of-range', 'addi x1, x0, 5000', /range|fit|bits/, 'rv32'),
  line2('asm-rv32-unknown-register', 'add x1, x2, x32', /x32|register/, 'rv32'),
  line2('asm-rv32-unknown-csr', 'csrrs x1, nosuchcsr, x0', 'nosuchcsr', 'rv32'),
  line2('asm-rv32-misaligned-branch', 'beq x1, x2, 3', /align|even|multiple|range/, 'rv32'),
  line2('asm-rv32-pg74-mnemonic', 'lpsw 0(r0)', "unknown mnemonic 'lpsw'", 'rv32'),
];
