/** Errors the machine reports to its user: bad input or a description the machine cannot run. */
export class MachineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MachineError';
  }
}
