/** Errors the monitor reports: a description it cannot virtualize, a bad layout, a misuse of the API. */
export class VmmError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VmmError';
  }
}
