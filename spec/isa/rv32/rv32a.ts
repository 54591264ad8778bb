/**
 * The A extension, atomic instructions, version 2.1 (unpriv. chapter 8): LR.W and SC.W (8.2) and
 * the nine AMO*.W read-modify-writes (8.4).
 *
 * Format (unpriv. 8.1), most significant bit first:
 *   funct5 aq rl rs2 rs1 010 rd 0101111
 * aq and rl are one operand, `aqrl` (none, rl, aq, aqrl), accepted with any value and ignored:
 * rv32 is a single hart that performs its accesses in program order, which every ordering
 * annotation allows.
 *
 * Accesses must be naturally aligned (8.2, 8.4). A misaligned LR.W raises load address misaligned
 * (4); a misaligned SC.W or AMO raises store/AMO address misaligned (6) — even an SC.W that would
 * fail, as the Sail model does. Access faults: LR.W takes load access (5); an AMO needs read and
 * write access and takes store/AMO access (7) where either is missing (priv. 3.1.15: AMOs report
 * store/AMO causes; `loadForModify`); SC.W takes store/AMO access (7) when it would store — a
 * failing SC.W accesses no memory.
 *
 * The reservation is two registers of the description, `reserved` and `reservation` (the
 * address of the reserved word; the reservation set is that aligned word). LR.W sets them; every
 * SC.W clears `reserved`, and succeeds (rd = 0, the word stored) only when a reservation is held
 * for its address; otherwise rd = 1, the one failure code defined (8.2). With one hart and no
 * device that writes RAM, nothing else must make an SC fail: an ordinary store to the reserved
 * word by the same hart need not (8.2 lists stores of other harts and devices), so it does not.
 *
 * Why the reservation is *user* state that traps and xRET leave alone (DESIGN.md §2):
 * - It is the guest's own: LR.W and SC.W run directly under a monitor and read and write it. Had
 *   it been system state, both would be sensitive (they change it and depend on it without
 *   trapping) and unprivileged, and Theorem 1 would fail for a reason that is not in the machine.
 * - A monitor's own traps must not change what the guest can observe. A guest's S-mode code runs
 *   in real U-mode, and each of its CSR accesses traps to the monitor, which emulates it and
 *   returns; the bare run takes no trap there. If a trap cleared the reservation (Spike and QEMU
 *   drop it on every trap; priv. 3.3.2 lets xRET clear it), an LR; CSR access; SC sequence
 *   would succeed bare and fail under the monitor, an equivalence failure the checker could not
 *   see (it classifies instructions, and the trap sequence is no instruction), and which the
 *   monitor could not undo (no instruction sets a reservation without a load of its own).
 *   The manual requires neither: trap handlers that need the reservation gone use a dummy SC
 *   (priv. 3.3.2). So the trap sequence and MRET/SRET leave it as it is, and a monitor that takes
 *   traps in place of the trap sequence changes nothing the guest sees.
 * - A reservation holds the virtual address of the LR: with satp Bare only, virtual = physical.
 */
import { add, and, extract, ite, loadForModify, load, ne, or, sge, slt, uge, ult, xor, all, eq } from '../../builder/ops.js';
import { c, type Bits } from '../../builder/bits.js';
import { rv32Builder as b } from './machine.js';

const x = b.file('x');
const reserved = b.reg('reserved');
const reservation = b.reg('reservation');

const misaligned = (a: Bits<32>) => ne(extract(a, 1, 0), 0);

const lrsc = 'unpriv. 8.2 Load-Reserved/Store-Conditional Instructions; priv. 3.1.15 (causes 4-7)';
const amoCite = 'unpriv. 8.4 Atomic Memory Operations; priv. 3.1.15 (store/AMO causes 6, 7)';

/** An AMO: rd = the word at rs1, which becomes op(that word, rs2), in one step. */
const amo = (mnemonic: string, funct5: string, op: (old: Bits<32>, v: Bits<32>) => Bits<32>, doc: string) =>
  b.insn(mnemonic, {
    cite: amoCite,
    class: 'innocuous',
    encoding: `${funct5} aqrl:2 rs2:5 rs1:5 010 rd:5 0101111` as const,
    syntax: `${mnemonic.toLowerCase()} {rd}, {rs2}, ({rs1}), {aqrl}`,
    doc,
    semantics: ({ rd, rs1, rs2 }, $) => {
      const a = $.let('a', x(rs1));
      $.trapIf(misaligned(a), 'storeMisaligned', a);
      const old = $.let('old', loadForModify(a, 32));
      $.store(a, op(old, x(rs2)));
      $.set(x(rd), old);
    },
  });

export const rv32aInstructions = [
  b.insn('LR.W', {
    cite: lrsc,
    class: 'innocuous',
    encoding: '00010 aqrl:2 00000 rs1:5 010 rd:5 0101111',
    syntax: 'lr.w {rd}, ({rs1}), {aqrl}',
    doc: 'rd = the word at rs1; registers a reservation of that word.',
    semantics: ({ rd, rs1 }, $) => {
      const a = $.let('a', x(rs1));
      $.trapIf(misaligned(a), 'loadMisaligned', a);
      $.set(x(rd), load(a, 32));
      $.set(reserved, 1);
      $.set(reservation, a);
    },
  }),
  b.insn('SC.W', {
    cite: lrsc,
    class: 'innocuous',
    encoding: '00011 aqrl:2 rs2:5 rs1:5 010 rd:5 0101111',
    syntax: 'sc.w {rd}, {rs2}, ({rs1}), {aqrl}',
    doc: 'Stores rs2 at rs1 and sets rd = 0 if a reservation is held for that word, else rd = 1; the reservation is gone either way.',
    semantics: ({ rd, rs1, rs2 }, $) => {
      const a = $.let('a', x(rs1));
      $.trapIf(misaligned(a), 'storeMisaligned', a);
      const ok = $.let('ok', all(eq(reserved, 1), eq(reservation, a)));
      $.if(ok, () => $.store(a, x(rs2)));
      $.set(x(rd), ite(ok, c(32, 0), c(32, 1)));
      $.set(reserved, 0);
    },
  }),
  amo('AMOSWAP.W', '00001', (_, v) => v, 'rd = M[rs1]; M[rs1] = rs2.'),
  amo('AMOADD.W', '00000', add, 'rd = M[rs1]; M[rs1] += rs2.'),
  amo('AMOXOR.W', '00100', xor, 'rd = M[rs1]; M[rs1] ^= rs2.'),
  amo('AMOAND.W', '01100', and, 'rd = M[rs1]; M[rs1] &= rs2.'),
  amo('AMOOR.W', '01000', or, 'rd = M[rs1]; M[rs1] |= rs2.'),
  amo('AMOMIN.W', '10000', (o, v) => ite(slt(o, v), o, v), 'rd = M[rs1]; M[rs1] = the signed minimum of it and rs2.'),
  amo('AMOMAX.W', '10100', (o, v) => ite(sge(o, v), o, v), 'rd = M[rs1]; M[rs1] = the signed maximum of it and rs2.'),
  amo('AMOMINU.W', '11000', (o, v) => ite(ult(o, v), o, v), 'rd = M[rs1]; M[rs1] = the unsigned minimum of it and rs2.'),
  amo('AMOMAXU.W', '11100', (o, v) => ite(uge(o, v), o, v), 'rd = M[rs1]; M[rs1] = the unsigned maximum of it and rs2.'),
];
