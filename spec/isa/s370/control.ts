/**
 * Control instructions (POO ch. 10, "Control Instructions"), all of those that read or write the
 * PSW, the control registers, the storage keys, the clocks or DAT, plus SUPERVISOR CALL and
 * MONITOR CALL (POO ch. 7) — in the chapter's order. The I/O instructions are in io.ts.
 *
 * Classes as the POO has them: every entry here is privileged, except
 * - the semiprivileged IPK and SPKA (privileged in the problem state unless CR0's extraction-
 *   authority control, or CR3's PSW-key-mask bit for the new key, allows them): declared
 *   privileged, which is what they are under the monitor's configuration (machine.ts);
 * - STORE CLOCK, unprivileged (POO: "STCK" has no privileged-operation exception): it reads the
 *   TOD clock, a timing resource: declared innocuous (Theorem 2 is its business);
 * - SVC, unprivileged, which always interrupts: innocuous;
 * - MONITOR CALL, unprivileged: it interrupts when CR8 enables its class and does nothing
 *   otherwise, so in the problem state its outcome depends on system state: declared sensitive
 *   (under the configuration every class is enabled and it always interrupts).
 *
 * A program exception an instruction recognizes passes the instruction's first byte as the trap
 * value, from which the interruption sequence derives the ILC.
 */
import { add, all, and, any, eq, extract, ite, load, lshr, ne, not, or, shl, sub, ugt, ule, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import type { InstructionDecl } from '../../description.js';
import { CC, KEY, P, PC, PSW, PSW_MUST_BE_ZERO, R, b, read, setPsw, type S370Semantics } from './machine.js';
import { address, rr, rs, rx, s, sBare, si } from './formats.js';
import { pteAddressOf, pteOf, steAddressOf, steOf, storageBytes, walkOf } from './dat.js';

/** The privileged-operation exception in the problem state (POO ch. 6). */
function privileged($: S370Semantics, opcode: number): void {
  $.trapIf(eq(P, 1), 'privilegedOperation', c(32, firstByte(opcode)));
}
const firstByte = (opcode: number) => (opcode > 0xff ? opcode >> 8 : opcode);
const specificationIf = ($: S370Semantics, cond: Bool, opcode: number) => $.trapIf(cond, 'specification', c(32, firstByte(opcode)));
/** An operand that must be on a doubleword (8) or word (4) boundary. */
const misaligned = (a: Bits<24>, bytes: number): Bool => ne(and(a, bytes - 1), 0);

/** The system mask, PSW bits 0-7 (bits 0 and 2-4 read as zero in the EC mode). */
const systemMask = (): Bits<8> => extract(PSW, 31, 24);
/** The system-mask bits the EC mode requires zero: 0, 2, 3, 4. */
const MASK_MUST_BE_ZERO = 0xb8;
function setSystemMask($: S370Semantics, m: Bits<8>): void {
  $.set(b.reg('PSW.R'), extract(m, 6, 6));
  $.set(b.reg('PSW.T'), extract(m, 2, 2));
  $.set(b.reg('PSW.IO'), extract(m, 1, 1));
  $.set(b.reg('PSW.EX'), extract(m, 0, 0));
}

/** The real address of a storage-key block named by a register (bits 8-20), checked as ISK and SSK check it. */
function keyBlock($: S370Semantics, r2: Bits<4>, opcode: number): Bits<5> {
  const a = $.let('blockAddress', extract(R(r2), 23, 0) as Bits<24>);
  specificationIf($, ne(extract(R(r2), 3, 0), 0), opcode);
  $.trapIf(ugt(a, storageBytes - 1), 'addressing', zext(a, 32));
  return extract(a, 15, 11) as Bits<5>;
}

/** The control registers by number. */
const CRS = Array.from({ length: 16 }, (_, n) => b.reg(`CR${n}` as never) as unknown as Bits<32> & Parameters<S370Semantics['set']>[0]);
/** For LCTL and STCTL: whether CRn is in the range R1 through R3 (wrapping from 15 to 0), and its word's offset. */
const inRange = (n: number, r1: Bits<4>, r3: Bits<4>) => ule(sub(c(4, n), r1), sub(r3, r1));
const offsetOf = (n: number, r1: Bits<4>): Bits<24> => shl(zext(sub(c(4, n), r1), 24), 2);

const KEY_R = 1;

export const controlInstructions: InstructionDecl[] = [
  rs('DIAG', 0x83, {
    cite: 'POO ch. 10, Diagnose',
    class: 'privileged',
    doc: 'Model-dependent (POO: "The CPU performs built-in diagnostic functions"). Modelled as privileged and doing nothing; VM/370 used it as the guest-to-monitor call.',
    semantics: (_f, $) => privileged($, 0x83),
  }, 'diag {r1}, {r3}, {d2}({b2})'),

  sBare('IPK', 0xb20b, {
    cite: 'POO ch. 10, Insert PSW Key',
    class: 'privileged',
    doc: 'R2 bits 24-27 := the PSW key, bits 28-31 := 0. In the problem state only with the extraction-authority control (CR0 bit 4) one.',
    semantics: (_f, $) => {
      $.trapIf(all(eq(P, 1), eq(b.reg('CR0.EA'), 0)), 'privilegedOperation', c(32, 0xb2));
      const r2 = R(c(4, 2));
      $.set(r2, or(and(r2, 0xffff_ff00), shl(zext(b.reg('PSW.KEY'), 32), 4)));
    },
  }),

  rr('ISK', 0x09, {
    cite: 'POO ch. 10, Insert Storage Key',
    class: 'privileged',
    doc: 'R1 bits 24-30 := the key of the 2K-byte block R2 addresses (EC mode), bit 31 := 0; bits 0-23 unchanged.',
    semantics: ({ r1, r2 }, $) => {
      privileged($, 0x09);
      const block = keyBlock($, r2, 0x09);
      $.set(R(r1), or(and(R(r1), 0xffff_ff00), shl(zext(KEY(block), 32), 1)));
    },
  }),

  rs('LCTL', 0xb7, {
    cite: 'POO ch. 10, Load Control',
    class: 'privileged',
    doc: 'CR(R1) through CR(R3), wrapping from 15 to 0, from successive words at the operand (on a word boundary).',
    semantics: ({ r1, r3, b2, d2 }, $) => {
      privileged($, 0xb7);
      const ea = $.let('ea', address(d2, b2));
      specificationIf($, misaligned(ea, 4), 0xb7);
      // Every word is read before any register is written (a fault on a later word loads none).
      const words = CRS.map((_, n) => $.let(`w${n}`, ite(inRange(n, r1, r3), load(add(ea, offsetOf(n, r1)), 32), c(32, 0))));
      CRS.forEach((cr, n) => $.if(inRange(n, r1, r3), () => $.set(cr, words[n]!)));
    },
  }),

  s('LPSW', 0x8200, {
    cite: 'POO ch. 10, Load PSW',
    class: 'privileged',
    doc: 'The doubleword at the operand becomes the PSW. An EC-mode PSW with a bit that must be zero set, or bit 12 zero (the BC mode, not modelled), or an address above 24 bits, is a specification exception. A PSW with the wait bit halts the machine (no interruption can end the wait here).',
    semantics: ({ b2, d2 }, $) => {
      privileged($, 0x82);
      const ea = $.let('ea', address(d2, b2));
      specificationIf($, misaligned(ea, 8), 0x82);
      const hi = $.let('pswHi', load(ea, 32));
      const lo = $.let('pswLo', load(add(ea, 4), 32));
      specificationIf($, any(ne(and(hi, PSW_MUST_BE_ZERO), 0), eq(extract(hi, 19, 19), 0), ne(extract(lo, 31, 24), 0)), 0x82);
      setPsw($, hi);
      $.set(PC, extract(lo, 23, 0));
      $.if(eq(extract(hi, 17, 17), 1), () => $.halt());
    },
  }, 'lpsw {d2}({b2})'),

  rx('LRA', 0xb1, {
    cite: 'POO ch. 10, Load Real Address',
    class: 'privileged',
    doc: 'Translates the operand address with the tables CR0 and CR1 designate, with DAT on or off. CC 0: R1 := the real address; CC 1: the segment-table entry is invalid, R1 := its address; CC 2: the page-table entry is invalid, R1 := its address; CC 3: a length violation, R1 := the address of the entry beyond the table. A translation-specification or an addressing exception on a table interrupts.',
    semantics: ({ r1, x2, b2, d2 }, $) => {
      privileged($, 0xb1);
      const va = $.let('va', address(d2, b2, x2));
      const steAddress = $.let('steA', steAddressOf(read, va));
      const ste = $.let('ste', steOf(steAddress));
      const pteAddress = $.let('pteA', pteAddressOf(ste, va));
      const pte = $.let('pte', pteOf(pteAddress));
      const w = walkOf(read, va, steAddress, ste, pteAddress, pte);
      const result = (cc: number, v: Bits<24>) => () => {
        $.set(CC, cc);
        $.set(R(r1), zext(v, 32));
      };
      $.trapIf(w.formatBad, 'translationSpecification', zext(va, 32));
      $.if(w.segmentLength, result(3, steAddress), () => {
        $.trapIf(w.steAddressing, 'addressing', zext(steAddress, 32));
        $.if(w.segmentInvalid, result(1, steAddress), () => {
          $.if(w.pageLength, result(3, pteAddress), () => {
            $.trapIf(w.pteAddressing, 'addressing', zext(pteAddress, 32));
            $.if(w.pageInvalid, result(2, pteAddress), () => {
              $.trapIf(w.pteFormatBad, 'translationSpecification', zext(va, 32));
              result(0, w.real)();
            });
          });
        });
      });
    },
  }),

  si('MC', 0xaf, {
    cite: 'POO ch. 7, Monitor Call',
    class: 'sensitive',
    doc: 'A monitor event when the monitor mask for class I2 bits 4-7 (CR8 bit 16 + class) is one: a program interruption storing the class and the operand address as the monitor code. Otherwise nothing. I2 bits 0-3 must be zero.',
    semantics: ({ i2, b1, d1 }, $) => {
      specificationIf($, ne(extract(i2, 7, 4), 0), 0xaf);
      const cls = extract(i2, 3, 0);
      const enabled = ne(and(b.reg('CR8.MM') as Bits<16>, lshr(c(16, 0x8000), zext(cls, 16))), 0);
      $.trapIf(enabled, 'monitorEvent', or(shl(zext(cls, 32), 24), zext(address(d1, b1), 32)));
    },
  }, 'mc {d1}({b1}), {i2}'),

  sBare('PTLB', 0xb20d, {
    cite: 'POO ch. 10, Purge TLB',
    class: 'privileged',
    doc: 'No translation-lookaside buffer is modelled (dat.ts): nothing to purge.',
    semantics: (_f, $) => privileged($, 0xb2),
  }),

  s('RRB', 0xb213, {
    cite: 'POO ch. 10, Reset Reference Bit',
    class: 'privileged',
    doc: 'CC := the reference and change bits of the 2K-byte block at the (real) operand address; the reference bit := 0.',
    semantics: ({ b2, d2 }, $) => {
      privileged($, 0xb2);
      const a = $.let('ea', address(d2, b2));
      $.trapIf(ugt(a, storageBytes - 1), 'addressing', zext(a, 32));
      const block = extract(a, 15, 11);
      const key = $.let('key', KEY(block) as Bits<7>);
      $.set(CC, extract(key, 1, 0));
      $.set(KEY(block), and(key, ~(1 << KEY_R) & 0x7f));
    },
  }),

  s('SCK', 0xb204, {
    cite: 'POO ch. 10, Set Clock',
    class: 'privileged',
    doc: 'The TOD clock := the doubleword operand; CC 0 (the clock is in the set state; the TOD-clock-setting switch is not modelled).',
    semantics: ({ b2, d2 }, $) => {
      privileged($, 0xb2);
      const ea = $.let('ea', address(d2, b2));
      specificationIf($, misaligned(ea, 8), 0xb2);
      const hi = $.let('hi', load(ea, 32));
      const lo = $.let('lo', load(add(ea, 4), 32));
      $.set(b.reg('TODH'), hi);
      $.set(b.reg('TODL'), lo);
      $.set(CC, 0);
    },
  }),

  s('SCKC', 0xb206, {
    cite: 'POO ch. 10, Set Clock Comparator',
    class: 'privileged',
    semantics: ({ b2, d2 }, $) => {
      privileged($, 0xb2);
      const ea = $.let('ea', address(d2, b2));
      specificationIf($, misaligned(ea, 8), 0xb2);
      const hi = $.let('hi', load(ea, 32));
      const lo = $.let('lo', load(add(ea, 4), 32));
      $.set(b.reg('CKCH'), hi);
      $.set(b.reg('CKCL'), lo);
    },
  }),

  s('SPT', 0xb208, {
    cite: 'POO ch. 10, Set CPU Timer',
    class: 'privileged',
    doc: 'The CPU timer := the doubleword operand (its bits 0-31; the register holds their complement).',
    semantics: ({ b2, d2 }, $) => {
      privileged($, 0xb2);
      const ea = $.let('ea', address(d2, b2));
      specificationIf($, misaligned(ea, 8), 0xb2);
      const hi = $.let('hi', load(ea, 32));
      $.set(b.reg('CPUT'), not(hi));
    },
  }),

  s('SPKA', 0xb20a, {
    cite: 'POO ch. 10, Set PSW Key from Address',
    class: 'privileged',
    doc: 'The PSW key := bits 24-27 of the operand address. In the problem state only when the PSW-key-mask bit (CR3 bit n) for the new key n is one.',
    semantics: ({ b2, d2 }, $) => {
      const key = $.let('key', extract(address(d2, b2), 7, 4));
      const allowed = ne(and(b.reg('CR3.PKM') as Bits<16>, lshr(c(16, 0x8000), zext(key, 16))), 0);
      $.trapIf(all(eq(P, 1), not(allowed)), 'privilegedOperation', c(32, 0xb2));
      $.set(b.reg('PSW.KEY'), key);
    },
  }),

  rr('SSK', 0x08, {
    cite: 'POO ch. 10, Set Storage Key',
    class: 'privileged',
    doc: 'The key of the 2K-byte block R2 addresses := R1 bits 24-30 (EC mode).',
    semantics: ({ r1, r2 }, $) => {
      privileged($, 0x08);
      const block = keyBlock($, r2, 0x08);
      $.set(KEY(block), extract(R(r1), 7, 1));
    },
  }),

  s('SSM', 0x8000, {
    cite: 'POO ch. 10, Set System Mask',
    class: 'privileged',
    doc: 'PSW bits 0-7 := the byte at the operand. With the SSM-suppression control (CR0 bit 1) one, a special-operation exception; in the EC mode bits 0 and 2-4 of the byte must be zero.',
    semantics: ({ b2, d2 }, $) => {
      privileged($, 0x80);
      $.trapIf(eq(b.reg('CR0.SS'), 1), 'specialOperation', c(32, 0x80));
      const m = $.let('mask', load(address(d2, b2), 8));
      specificationIf($, ne(and(m, MASK_MUST_BE_ZERO), 0), 0x80);
      setSystemMask($, m);
    },
  }, 'ssm {d2}({b2})'),

  s('STCK', 0xb205, {
    cite: 'POO ch. 7, Store Clock',
    class: 'innocuous',
    doc: 'Stores the TOD clock, CC 0. Unprivileged: any program may read the time of day.',
    semantics: ({ b2, d2 }, $) => {
      const ea = $.let('ea', address(d2, b2));
      $.store(ea, b.reg('TODH') as Bits<32>);
      $.store(add(ea, 4), b.reg('TODL') as Bits<32>);
      $.set(CC, 0);
    },
  }),

  s('STCKC', 0xb207, {
    cite: 'POO ch. 10, Store Clock Comparator',
    class: 'privileged',
    semantics: ({ b2, d2 }, $) => {
      privileged($, 0xb2);
      const ea = $.let('ea', address(d2, b2));
      specificationIf($, misaligned(ea, 8), 0xb2);
      $.store(ea, b.reg('CKCH') as Bits<32>);
      $.store(add(ea, 4), b.reg('CKCL') as Bits<32>);
    },
  }),

  rs('STCTL', 0xb6, {
    cite: 'POO ch. 10, Store Control',
    class: 'privileged',
    doc: 'CR(R1) through CR(R3), wrapping from 15 to 0, to successive words at the operand (on a word boundary).',
    semantics: ({ r1, r3, b2, d2 }, $) => {
      privileged($, 0xb6);
      const ea = $.let('ea', address(d2, b2));
      specificationIf($, misaligned(ea, 4), 0xb6);
      CRS.forEach((cr, n) => $.if(inRange(n, r1, r3), () => $.store(add(ea, offsetOf(n, r1)), cr)));
    },
  }),

  s('STIDP', 0xb202, {
    cite: 'POO ch. 10, Store CPU ID',
    class: 'privileged',
    doc: 'Stores the CPU ID doubleword: version code, CPU identification number, model number.',
    semantics: ({ b2, d2 }, $) => {
      privileged($, 0xb2);
      const ea = $.let('ea', address(d2, b2));
      specificationIf($, misaligned(ea, 8), 0xb2);
      $.store(ea, b.reg('CPUIDH') as Bits<32>);
      $.store(add(ea, 4), b.reg('CPUIDL') as Bits<32>);
    },
  }),

  si('STNSM', 0xac, {
    cite: 'POO ch. 10, Store Then And System Mask',
    class: 'privileged',
    doc: 'Stores the system mask at the first operand, then ANDs I2 into it.',
    semantics: ({ i2, b1, d1 }, $) => {
      privileged($, 0xac);
      const old = $.let('old', systemMask());
      $.store(address(d1, b1), old);
      setSystemMask($, and(old, i2));
    },
  }, 'stnsm {d1}({b1}), {i2}'),

  si('STOSM', 0xad, {
    cite: 'POO ch. 10, Store Then Or System Mask',
    class: 'privileged',
    doc: 'Stores the system mask at the first operand, then ORs I2 into it; in the EC mode an I2 with bit 0 or 2-4 one is a specification exception (recognized here before anything is stored).',
    semantics: ({ i2, b1, d1 }, $) => {
      privileged($, 0xad);
      specificationIf($, ne(and(i2, MASK_MUST_BE_ZERO), 0), 0xad);
      const old = $.let('old', systemMask());
      $.store(address(d1, b1), old);
      setSystemMask($, or(old, i2));
    },
  }, 'stosm {d1}({b1}), {i2}'),

  s('STPT', 0xb209, {
    cite: 'POO ch. 10, Store CPU Timer',
    class: 'privileged',
    semantics: ({ b2, d2 }, $) => {
      privileged($, 0xb2);
      const ea = $.let('ea', address(d2, b2));
      specificationIf($, misaligned(ea, 8), 0xb2);
      $.store(ea, not(b.reg('CPUT') as Bits<32>));
      $.store(add(ea, 4), c(32, 0));
    },
  }),

  b.insn('SVC', {
    cite: 'POO ch. 7, Supervisor Call',
    class: 'innocuous',
    encoding: '00001010 i:8',
    syntax: 'svc {i}',
    doc: 'An SVC interruption; the I field is the interruption code (POO ch. 6, "Supervisor-Call Interruption").',
    semantics: ({ i }, $) => $.trap('svc', zext(i, 32)),
  }),
];
