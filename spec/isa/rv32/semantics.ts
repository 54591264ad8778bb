/** The recorder type rv32's instruction helpers take (`$`), with rv32's trap names. */
import type { rv32Builder } from './machine.js';

export type RvSemantics = Parameters<Parameters<typeof rv32Builder.insn>[1]['semantics']>[1];
