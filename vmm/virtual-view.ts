/**
 * A machine seen through the reference evaluator's `StateView`. Over a `VirtualMachine` this is
 * the virtual machine's state — virtual mode and system registers, user registers from wherever
 * the guest's are, storage through the composed map — so an instruction evaluated on it behaves
 * as on a bare machine in that state.
 */
import { cellAt } from '../spec/encoding.js';
import type { RefWrite, StateView } from '../machine/index.js';
import type { MachineLike } from './machine-like.js';
import { VirtualMachine } from './virtual-machine.js';

export function machineView(m: MachineLike): StateView {
  const n = BigInt(m.storageCells);
  return {
    reg: (name) => BigInt(m.getRegWord(name)),
    file: (name, index) => BigInt(m.getFileWord(name, index)),
    cell: (paddr) => (paddr < 0n || paddr >= n ? undefined : BigInt(m.readCellWord(Number(paddr)))),
    storageCells: m.storageCells,
  };
}

/** Applies the reference evaluator's writes to a machine, in order (a store may span several cells). */
export function applyWrites(m: MachineLike, writes: readonly RefWrite[]): void {
  const storage = m.isa.state.storage;
  for (const w of writes) {
    if (w.kind === 'reg') m.setReg(w.name, w.value);
    else if (w.kind === 'file') m.setFile(w.name, w.index, w.value);
    else
      for (let i = 0, n = w.width / storage.cellBits; i < n; i++) {
        const a = Number(w.addr) + i;
        const c = cellAt(w.value, n, i, storage);
        const v = storage.cellBits > 52 ? c : Number(c);
        // A virtual machine's watchers hear of the stores its instructions make, interpreted or not.
        if (m instanceof VirtualMachine) m.guestStore(a, v);
        else m.writeCell(a, v);
      }
  }
}
