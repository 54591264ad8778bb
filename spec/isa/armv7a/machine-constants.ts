/** Constants of the armv7a model that machine.ts and banking.ts share (kept apart to avoid an import cycle). */

/** CPSR.M encodings (B1.3.1, Table B1-1). */
export const MODE = { usr: 0x10, fiq: 0x11, irq: 0x12, svc: 0x13, abt: 0x17, und: 0x1b, sys: 0x1f } as const;
export type ModeName = keyof typeof MODE;

/**
 * Trap codes of the exceptions (B1.8.1, Table B1-3) that exception entry (banking.ts) tells apart:
 * the mode, the vector and the return-link offset follow from the code.
 */
export const EXC = { undefined: 1, svc: 2, prefetchAbort: 3, dataAbort: 4 } as const;
