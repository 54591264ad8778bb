/**
 * An architect's extension, written in TypeScript: pg74 plus RDCLKU, a clock read that user
 * programs may use. It changes no mode and no relocation, so Theorem 1 still holds — but a
 * guest can now observe time, which is the timing dependency that Theorem 2 rules out.
 *
 *   npx vmcheck run examples/extension/pg74-uclock.ts examples/pg74/os.s
 */
import { extendIsa, pg74, pg74Builder as b } from 'vmcheck/spec';

const r = b.file('r');

export const rdclku = b.insn('RDCLKU', {
  cite: 'pg74 extension: user clock read (example)',
  class: 'innocuous',
  encoding: '01011111 ra:4 00000000000000000000',
  syntax: 'rdclku {ra}',
  semantics: ({ ra }, $) => $.set(r(ra), b.reg('CLK')),
});

export default extendIsa(pg74, {
  name: 'pg74-uclock',
  summary: 'pg74 + RDCLKU, an unprivileged clock read: a timing dependency (Theorem 2)',
  add: [rdclku],
});
