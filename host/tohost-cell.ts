/**
 * Whether a program can ever give a `tohost` verdict, decided at load time: without the symbol,
 * or with it where no store can reach, a run would use its whole budget and then say only that
 * tohost was never written.
 */
import type { ProgramMachine } from './program-machine.js';
import { HostError } from './errors.js';

/**
 * The storage cell of the program's `tohost` word.
 * @throws HostError naming `source` when there is no `tohost` symbol or it is outside storage
 */
export function tohostCell(machine: ProgramMachine, symbols: Record<string, number>, source = 'program'): number {
  const address = symbols['tohost'];
  if (address === undefined)
    throw new HostError(
      `${source}: no 'tohost' symbol${Object.keys(symbols).length === 0 ? ' (the file has no symbol table)' : ''}: ` +
        `an executable reports its verdict by storing to 'tohost', so this one could never report one`,
    );
  const cell = machine.locate(address, 'write');
  if (cell === undefined)
    throw new HostError(`${source}: 'tohost' is at 0x${address.toString(16)}, which ${machine.isa.name}'s address map does not send to storage, so no store could reach it`);
  return cell;
}
