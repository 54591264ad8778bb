/** Console devices (`state.storage.devices`): what a machine's own instructions write to them. */
import type { IsaDescription } from '../spec/description.js';

/** What watching consoles needs of a machine: the bare `Machine`, a monitor's `VirtualMachine`. */
export interface ConsoleHost {
  readonly isa: IsaDescription;
  readonly storageCells: number;
  watchStores(paddr: number, count: number, handler: ((paddr: number, machine: { readCellWord(paddr: number): number | bigint }) => void) | undefined): void;
}

/**
 * Reports each character the machine's own instructions store to one of its console devices. A
 * console beyond the machine's storage (a guest smaller than the description's storage) is not
 * watched: nothing can store there.
 */
export function watchConsoles(machine: ConsoleHost, onOutput: (ch: string) => void): void {
  for (const device of machine.isa.state.storage.devices ?? [])
    if (device.kind === 'console' && device.cell < machine.storageCells)
      machine.watchStores(device.cell, 1, (cell, m) => onOutput(String.fromCharCode(Number(BigInt.asUintN(16, BigInt(m.readCellWord(cell)))))));
}
