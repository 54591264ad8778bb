/**
 * Fetch and decode of the instruction at a guest's PC, as the reference step does it (progressive
 * fetch through the address map; a fetch fault is the map's trap with the PC as value; cells that
 * begin no instruction are the illegal-instruction trap with the first cell as value) — but with
 * the map's expressions compiled (translation.ts) and decodings cached, because the monitor does
 * this on every trap. The instruction's semantics are then run by the reference evaluator.
 */
import type { InstructionDecl, IsaDescription } from '../spec/description.js';
import { cellsMask, decode, fromCells, type CellWord, type Decoded } from '../spec/encoding.js';
import { fixedPattern } from '../spec/validate/check-encoding.js';
import { MachineError, type StateView } from '../machine/index.js';
import { physicalCell } from '../machine/reference-eval.js';
import * as bv from '../machine/bv.js';
import type { Translator } from './translation.js';

export type Fetched =
  | { kind: 'insn'; pc: bigint; cells: CellWord[]; decoded: Decoded }
  | { kind: 'trap'; pc: bigint; cells: CellWord[]; trap: string; value: bigint; fetchFault: boolean };

interface Patterns {
  /** Fixed-bit patterns of instructions longer than k cells, by k. */
  /** By cells read so far: the fixed bits those cells hold of each longer instruction (of `n` cells). */
  longer: Map<number, { n: number; mask: bigint; value: bigint }[]>;
  decodings: Map<string, Decoded | null>;
  illegal: string | undefined;
}

const DECODINGS_LIMIT = 50_000;
const patternsCache = new WeakMap<IsaDescription, Patterns>();

function patternsOf(isa: IsaDescription): Patterns {
  let p = patternsCache.get(isa);
  if (!p) {
    const storage = isa.state.storage;
    const longer = new Map<number, { n: number; mask: bigint; value: bigint }[]>();
    const most = Math.max(...isa.instructions.map((i) => i.encoding.bits / storage.cellBits));
    for (let k = 1; k < most; k++)
      longer.set(
        k,
        isa.instructions.filter((i: InstructionDecl) => i.encoding.bits > k * storage.cellBits).map((i) => {
          const f = fixedPattern(i.encoding);
          const n = i.encoding.bits / storage.cellBits;
          const within = cellsMask(k, n, storage);
          return { n, mask: f.mask & within, value: f.value & within };
        }),
      );
    p = { longer, decodings: new Map(), illegal: isa.traps.kinds.find((x) => x.class === 'illegal-instruction')?.name };
    patternsCache.set(isa, p);
  }
  return p;
}

function decodeCached(isa: IsaDescription, p: Patterns, cells: readonly CellWord[]): Decoded | undefined {
  const key = cells.join(',');
  let d = p.decodings.get(key);
  if (d === undefined) {
    d = decode(isa, cells) ?? null;
    if (p.decodings.size >= DECODINGS_LIMIT) p.decodings.clear();
    p.decodings.set(key, d);
  }
  return d ?? undefined;
}

export function fetchInstruction(isa: IsaDescription, view: StateView, translator: Translator): Fetched {
  const p = patternsOf(isa);
  const pc = view.reg(isa.state.pc);
  const cells: CellWord[] = [];
  for (let k = 1; ; k++) {
    const trap = translator.fault(view, pc, k);
    if (trap !== undefined) return { kind: 'trap', pc, cells: [], trap, value: bv.wrap(pc, isa.traps.valueWidth), fetchFault: true };
    const phys = translator.physical(view, pc, k)!;
    const cell = physicalCell(isa, view, phys + BigInt(k - 1));
    if (cell === undefined) throw new MachineError(`instruction fetch outside storage: physical cell ${phys + BigInt(k - 1)}`);
    cells.push(isa.state.storage.cellBits > 52 ? cell : Number(cell));
    const decoded = decodeCached(isa, p, cells);
    if (decoded) return { kind: 'insn', pc, cells, decoded };
    const longer = (p.longer.get(k) ?? []).some((f) => (fromCells(cells, isa.state.storage, f.n) & f.mask) === f.value);
    if (!longer) {
      if (!p.illegal) throw new MachineError(`${isa.name} declares no illegal-instruction trap`);
      return { kind: 'trap', pc, cells, trap: p.illegal, value: bv.wrap(BigInt(cells[0]!), isa.traps.valueWidth), fetchFault: false };
    }
  }
}
