/**
 * The statements the data-flow shortcuts (findings.ts, behavior.ts) must see for an instruction
 * under an address map that stores (spec/description.ts `DescribedMap.updates`): the step's block
 * (the fetch's walk stores, then the semantics: what proofs/run.ts executes) and, where the
 * semantics reach storage through the map, every access kind's walk stores too. Those stores have
 * no place of their own in the semantics (the translation makes them), but a may-analysis needs
 * only to see them somewhere: the instruction may store, and reads what they read.
 */
import type { Block } from '../spec/ast.js';
import { accesses, updatesOf, type InstructionDecl, type IsaDescription } from '../spec/description.js';
import { mapWritesStorage, stepSemantics } from '../spec/address-map.js';
import { dependencies } from './dependencies.js';

export function flowBlock(isa: IsaDescription, insn: InstructionDecl): Block {
  const map = isa.state.addressMap;
  if (map.kind !== 'described' || !mapWritesStorage(isa)) return insn.semantics;
  let b = blocks.get(insn);
  if (!b) {
    const step = stepSemantics(isa, insn);
    const reaches = dependencies(insn.semantics).storage;
    const walks: Block = reaches
      ? accesses.flatMap((a) => updatesOf(map, a).map((u): Block[number] => ({ kind: 'if', cond: u.when, then: [{ kind: 'store', space: 'physical', addr: u.cell, value: u.value }], else: [] })))
      : [];
    blocks.set(insn, (b = [...step, ...walks]));
  }
  return b;
}

const blocks = new WeakMap<InstructionDecl, Block>();
