/**
 * The three classic counterexamples, each pg74 plus one instruction (DESIGN.md §1): derived from
 * the base by composition, never copied.
 */
import { extendIsa } from '../compose.js';
import { load, zext } from '../builder/ops.js';
import { translate } from '../address-map.js';
import { bits } from '../builder/bits.js';
import { ea, pg74, pg74Builder as b } from './pg74.js';

const r = b.file('r');
const PC = b.reg('PC');

/** PDP-10 JRST 1: in supervisor mode, drop to user mode and jump; in user mode, just jump. */
export const jru = b.insn('JRU', {
  cite: '§5.1 return to user (PDP-10 JRST 1; Popek & Goldberg 1974, §5)',
  class: 'sensitive',
  encoding: '01011000 target:24',
  syntax: 'jru {target}',
  doc: 'Not privileged: in user mode it is an ordinary jump, so it never traps.',
  semantics: ({ target }, $) => {
    $.if(b.supervisor, () => $.set(b.reg('M'), b.level('u')));
    $.set(PC, zext(target, 32));
  },
});

/** IBM 360/67 LRA: load the real (relocated) address of an operand, unprivileged. */
export const lra = b.insn('LRA', {
  cite: '§5.2 load real address (IBM 360/67 LRA; Popek & Goldberg 1974, §5)',
  class: 'innocuous',
  encoding: '01011001 ra:4 rb:4 off:16',
  syntax: 'lra {ra}, {off}({rb})',
  doc: 'ra receives the physical address the operand maps to; an illegal address takes the memory trap.',
  semantics: ({ ra, rb, off }, $) => {
    const a = $.let('a', ea(rb, off));
    // Probe the operand so an illegal address takes the memory trap through the machine's own
    // address map (whatever its storage size), then report where the map sends it.
    $.let('probe', load(a, 32));
    $.set(r(ra), bits(translate(pg74, a.node).physical, 32));
  },
});

/** PDP-11/45 MFPI-like: a result that depends on the mode, unprivileged. */
export const rmode = b.insn('RMODE', {
  cite: '§5.3 read mode (after the PDP-11/45 MFPI; Popek & Goldberg 1974, §5)',
  class: 'innocuous',
  encoding: '01011010 ra:4 00000000000000000000',
  syntax: 'rmode {ra}',
  doc: 'ra receives the current mode (1 supervisor, 0 user).',
  semantics: ({ ra }, $) => $.set(r(ra), zext(b.reg('M'), 32)),
});

export const pg74Jrst = extendIsa(pg74, {
  name: 'pg74-jrst',
  summary: 'pg74 + JRU, an unprivileged return-to-user (PDP-10 JRST 1): Theorem 1 fails, Theorem 3 holds',
  add: [jru],
});

export const pg74Lra = extendIsa(pg74, {
  name: 'pg74-lra',
  summary: 'pg74 + LRA, an unprivileged load-real-address (IBM 360/67): Theorems 1 and 3 fail',
  add: [lra],
});

export const pg74Mode = extendIsa(pg74, {
  name: 'pg74-mode',
  summary: 'pg74 + RMODE, an unprivileged read of the mode (PDP-11/45 MFPI): Theorem 1 fails, Theorem 3 holds',
  add: [rmode],
});
