/**
 * When the registers the address map reads cannot tell a mode pair apart (findings.ts, the
 * mode-sensitivity shortcut). Where the mode selects the map, a pair is held placed alike
 * (definitions/behavior.ts mapsAgree): wherever both runs look, the two maps as they were before
 * the runs land on the same cell, or one of them faults; and storage is compared only where both
 * place the probe on the same cell (kit.ts userOutcome). If moreover
 *
 * - the map reads no storage (no table walk, so a store cannot change a translation) and makes no
 *   stores of its own (walk stores: spec/description.ts DescribedMap.updates), and where
 *   registers are mapped into storage the instruction loads and stores nothing (its fetch may
 *   reach a mapped register, but both runs fetch the same cell and hold the instruction's word
 *   there);
 * - every fault the map can take is an excluded trap (memory or exception class);
 * - the semantics assign no register or file the map reads, so every translation a run makes is
 *   the one on the state before the run,
 *
 * then two states that differ only in state the semantics do not read run alike: step by step
 * they compute the same values, make the same accesses at the same virtual addresses, and each
 * access lands on the same cell of the one storage they share (mapsAgree) unless it faults in one
 * of them — and a run whose access faults is excluded. Neither run excluded, they end alike:
 * the same traps, registers, halting and stores at the same cells, so the probe, wherever both
 * maps place it on one cell, finds the same value. What the map alone reads (its physical address,
 * its faults) therefore cannot show mode-sensitivity, and need not count as read.
 */
import { mapFiles, mapReadsStorage, mapWritesStorage, translate } from '../spec/address-map.js';
import { accesses } from '../spec/description.js';
import type { IsaDescription } from '../spec/description.js';
import type { Dependencies } from './dependencies.js';
import type { StatePartition } from './partition.js';

/** Whether, by the argument above, what only the address map reads cannot tell mode pairs of an instruction with these dependencies apart. */
export function mapReadsHidden(isa: IsaDescription, part: StatePartition, deps: Dependencies): boolean {
  if (!part.modeSelectsMap || mapReadsStorage(isa) || mapWritesStorage(isa) || ((isa.state.storage.mapped ?? []).length > 0 && deps.storage)) return false;
  const excluded = new Set(isa.traps.kinds.filter((k) => k.class === 'memory' || k.class === 'exception').map((k) => k.name));
  const faultsExcluded = accesses.every((access) => translate(isa, { kind: 'var', name: '$a' }, 1, isa.state.storage.cells, access).faults.every((f) => excluded.has(f.trap)));
  return faultsExcluded && ![...part.mapRegs, ...mapFiles(isa)].some((n) => deps.writes.has(n));
}
