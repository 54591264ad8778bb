/**
 * The oracle instruction word by instruction word. The checker asks each definition once per
 * entry (operand fields symbolic), and then asks an unprivileged entry whether one encoding both
 * meets a definition and is unprivileged (proofs/definitions/violation.ts): that refinement, and
 * so every theorem verdict, is about single words. Here each word of an entry becomes an ISA of
 * its own — the entry's fields fixed to constants — and the enumerating oracle answers for it.
 */
import type { IsaDescription, InstructionDecl } from '../../spec/description.js';
import { uncoveredMask } from '../../spec/encoding.js';
import { assertValidIsa } from '../../spec/validate/validate.js';
import { oracleAnswers, type ConfigurationPart, type OracleDefinition } from './enumerate.js';

/** More words than this in one entry are not enumerated (the random ISAs stay far below). */
export const maxWords = 256;

/** `insn` with its operand fields fixed to `values`: fixed bits in place of the fields, constants in place of field reads. */
function fixed(insn: InstructionDecl, values: Record<string, number>): InstructionDecl {
  const fixedBits = insn.encoding.fields.flatMap((f) =>
    f.slices.map((s) => {
      const width = s.fieldHi - s.fieldLo + 1;
      return { hi: s.at + width - 1, lo: s.at, value: (values[f.name]! >> s.fieldLo) & ((1 << width) - 1) };
    }),
  );
  const widths = new Map(insn.encoding.fields.map((f) => [f.name, f.width]));
  const substitute = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(substitute);
    if (x === null || typeof x !== 'object') return x;
    const o = x as Record<string, unknown>;
    if (o.kind === 'field' && typeof o.name === 'string') return { kind: 'const', width: widths.get(o.name)!, value: '0x' + values[o.name]!.toString(16) };
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, substitute(v)]));
  };
  return {
    ...insn,
    syntax: insn.syntax.split(/\s+/)[0]!,
    encoding: { bits: insn.encoding.bits, fixed: [...insn.encoding.fixed, ...fixedBits], fields: [] },
    semantics: substitute(insn.semantics) as InstructionDecl['semantics'],
  };
}

/** Every field assignment of `insn` that is an encoding (bits no slice covers are zero), or undefined when there are too many. */
function assignments(insn: InstructionDecl): Record<string, number>[] | undefined {
  let out: Record<string, number>[] = [{}];
  for (const f of insn.encoding.fields) {
    const mask = uncoveredMask(f);
    const values = Array.from({ length: 2 ** f.width }, (_, v) => v).filter((v) => (v & mask) === 0 && !f.excluded?.includes(v));
    if (out.length * values.length > maxWords) return undefined;
    out = out.flatMap((a) => values.map((v) => ({ ...a, [f.name]: v })));
  }
  return out;
}

export interface WordAnswers {
  values: Record<string, number>;
  definitions: Record<OracleDefinition, boolean>;
}

/** The oracle's answers for each word of `mnemonic`, or undefined when it has too many words. */
export function wordAnswers(isa: IsaDescription, mnemonic: string, configuration: readonly ConfigurationPart[]): WordAnswers[] | undefined {
  const insn = isa.instructions.find((i) => i.mnemonic === mnemonic)!;
  const all = assignments(insn);
  if (!all) return undefined;
  return all.map((values) => {
    // The word alone: a definition of one instruction does not depend on the others (all of one length here).
    if (isa.instructions.some((i) => i.encoding.bits !== insn.encoding.bits)) throw new Error('per-encoding: instructions of several lengths');
    const one = assertValidIsa({ ...isa, instructions: [fixed(insn, values)] });
    const a = oracleAnswers(one, configuration).instructions.find((i) => i.mnemonic === mnemonic)!;
    return { values, definitions: a.definitions };
  });
}

/** Whether one word both meets `d` and is not privileged. */
export function violatedByAWord(words: readonly WordAnswers[], d: OracleDefinition): boolean {
  return words.some((w) => w.definitions[d] && !w.definitions.privileged);
}
