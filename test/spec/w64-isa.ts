/**
 * w64 and w60: word machines with cells wider than 52 bits (issue 11, construct 6), after the
 * Cray-1 (64-bit words) and the CDC 6600/7600 (60-bit words). Word-addressed storage of 1024
 * cells with 16-bit addresses, eight full-width accumulators, a 16-bit PC, supervisor and user
 * mode, one relocation/bound pair (the 6600's RA and FL: an address is relocated by RL and traps
 * above RB), and a console at cell 255 (inside the 256 cells a monitor gives a small guest). An
 * instruction is one cell:
 *
 *   op:8 a:3 x:3 0…0 y:16      E = y + (x = 0 ? 0 : low 16 bits of A x)
 *
 * the zeros filling the cell (34 of them at 64 bits, 30 at 60); LDK's 52-bit constant fills a second
 * cell (operand fields are at most 52 bits), a two-cell fetch of wide cells. Arithmetic is on the whole word
 * (add, subtract, multiply and xor wrap at 2^W), so every value a program computes may be above
 * 2^53, where a JavaScript number rounds: the emulator holds such cells as bigints.
 *
 * The trap sequence saves the old PSW — M,,PC in E[0], RB,,RL in E[1] — the code in E[2] and the
 * full-width value in E[3], and loads the new PSW from E[4] (mode bit 16, PC bits 15..0) and the
 * new map from E[5] (RB bits 31..16, RL bits 15..0).
 */
import { add, concat, eq, extract, ite, load, mul, ne, sub, trapCode, trapValue, xor, zext } from '../../spec/builder/ops.js';
import { c, type Bits } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';
import type { Semantics } from '../../spec/builder/recorder.js';
import type { IsaDescription } from '../../spec/description.js';

/** The machine with W-bit cells and accumulators. */
function wordMachine(W: 60 | 64, name: string, summary: string) {
  const b = isaBuilder({
    state: {
      registers: {
        PC: { width: 16, kind: 'user', reset: 0o20 },
        M: { width: 1, kind: 'system', reset: 1, doc: 'mode: 1 supervisor, 0 user' },
        RL: { width: 16, kind: 'system', doc: 'relocation, added to every address' },
        RB: { width: 16, kind: 'system', reset: 0xffff, doc: 'bound: an address above it traps' },
      },
      files: { a: { count: 8, width: W, kind: 'user', doc: 'accumulators' } },
      pc: 'PC',
      mode: { register: 'M', levels: { sup: { value: 1, supervisor: true }, user: { value: 0, supervisor: false } } },
      storage: { cellBits: W, addressBits: 16, cells: 1024, devices: [{ name: 'tty', kind: 'console', cell: 255 }] },
      addressMap: { kind: 'relocation-bounds', base: 'RL', bound: 'RB', boundTest: 'above', trap: 'memory' },
      timing: [],
    },
    traps: {
      codeWidth: 8,
      valueWidth: W,
      kinds: {
        privileged: { class: 'privileged-instruction', code: 1 },
        memory: { class: 'memory', code: 2, doc: 'value: the address' },
        illegal: { class: 'illegal-instruction', code: 3 },
        svc: { class: 'supervisor-call', code: 4, doc: 'value: the effective address' },
      },
      sequence: ($, { reg }) => {
        const E = (a: number) => c(16, a);
        $.store(E(0), zext(concat(reg('M'), reg('PC')), W), 'physical');
        $.store(E(1), zext(concat(reg('RB'), reg('RL')), W), 'physical');
        $.store(E(2), zext(trapCode(8), W), 'physical');
        $.store(E(3), trapValue(W), 'physical');
        const psw = $.let('psw', load(E(4), W, 'physical'));
        const map = $.let('map', load(E(5), W, 'physical'));
        $.set(reg('M'), extract(psw, 16, 16));
        $.set(reg('PC'), extract(psw, 15, 0));
        $.set(reg('RB'), extract(map, 31, 16));
        $.set(reg('RL'), extract(map, 15, 0));
      },
    },
    operands: {
      a: { kind: 'register', file: 'a' },
      x: { kind: 'register', file: 'a' },
      y: { kind: 'immediate', signed: false },
      k: { kind: 'immediate', signed: false },
    },
  });
  const A = b.file('a');
  const PC = b.reg('PC');
  const M = b.reg('M');
  const ea = (x: Bits<3>, y: Bits<16>) => add(y, ite(eq(x, 0), c(16, 0), extract(A(x), 15, 0)));
  const pad = '0'.repeat(W - 30);
  const op = (n: number) => n.toString(2).padStart(8, '0');
  type Fields = { a: Bits<3>; x: Bits<3>; y: Bits<16> };
  /** The encoding by the operands the syntax names: `a, y(x)`, `y(x)` (a fixed at 0) or none. */
  const picture = (code: number, syntax: string) =>
    syntax.includes('{a}') ? `${op(code)} a:3 x:3 ${pad} y:16` : syntax.includes('{y}') ? `${op(code)} 000 x:3 ${pad} y:16` : `${op(code)} 000000 ${pad} ${'0'.repeat(16)}`;
  const insn = (mnemonic: string, code: number, semantics: (f: Fields, $: Semantics<string>) => void, cls: 'innocuous' | 'privileged' = 'innocuous', syntax = `${mnemonic.toLowerCase()} {a}, {y}({x})`) =>
    b.insn(mnemonic, {
      cite: `${name}: a ${W}-bit word machine`,
      class: cls,
      encoding: picture(code, syntax) as `${string} a:3 x:3 ${string} y:16`,
      syntax,
      semantics: (f, $) => semantics(f as Fields, $),
    });
  const privileged = (mnemonic: string, code: number, semantics: (f: Fields, $: Semantics<string>) => void, syntax?: string) =>
    insn(
      mnemonic,
      code,
      (f, $) => {
        $.requireSupervisor();
        semantics(f, $);
      },
      'privileged',
      syntax,
    );
  const word = (f: Fields) => load(ea(f.x, f.y), W);
  const isa = b.define({
    name,
    summary,
    instructions: [
      insn('LD', 0x01, (f, $) => $.set(A(f.a), word(f))),
      insn('ST', 0x02, (f, $) => $.store(ea(f.x, f.y), A(f.a))),
      insn('LDI', 0x03, (f, $) => $.set(A(f.a), zext(ea(f.x, f.y), W))),
      insn('ADD', 0x04, (f, $) => $.set(A(f.a), add(A(f.a), word(f)))),
      insn('SUB', 0x05, (f, $) => $.set(A(f.a), sub(A(f.a), word(f)))),
      insn('MUL', 0x06, (f, $) => $.set(A(f.a), mul(A(f.a), word(f)))),
      insn('XOR', 0x07, (f, $) => $.set(A(f.a), xor(A(f.a), word(f)))),
      // A 52-bit constant in a second cell (operand fields are at most 52 bits): a two-cell fetch of wide cells.
      b.insn('LDK', {
        cite: `${name}: a constant in the next word`,
        class: 'innocuous',
        encoding: `${op(0x0b)} a:3 000 ${pad} ${'0'.repeat(16)} ${'0'.repeat(W - 52)} k:52` as `${string} a:3 ${string} k:52`,
        syntax: 'ldk {a}, {k}',
        semantics: ({ a, k }, $) => $.set(A(a as Bits<3>), zext(k as Bits<52>, W)),
      }),
      insn('JZ', 0x08, (f, $) => $.if(eq(A(f.a), 0), () => $.set(PC, ea(f.x, f.y)))),
      insn('JNZ', 0x09, (f, $) => $.if(ne(A(f.a), 0), () => $.set(PC, ea(f.x, f.y)))),
      insn('SVC', 0x0a, (f, $) => $.trap('svc', zext(ea(f.x, f.y), W)), 'innocuous', 'svc {y}({x})'),
      privileged('LDMAP', 0x10, (f, $) => {
        const w = $.let('w', word(f));
        $.set(b.reg('RB'), extract(w, 31, 16));
        $.set(b.reg('RL'), extract(w, 15, 0));
      }, 'ldmap {y}({x})'),
      // Return to user: the mode and the PC at once (the 6600's exchange jump, in miniature).
      privileged('RETU', 0x11, (f, $) => {
        $.set(M, c(1, 0));
        $.set(PC, ea(f.x, f.y));
      }, 'retu {y}({x})'),
      privileged('HALT', 0x12, (_, $) => $.halt(), 'halt'),
    ],
  });
  return { isa: isa as IsaDescription, builder: b };
}

export const { isa: w64, builder: w64Builder } = wordMachine(64, 'w64', 'A Cray-1-like word machine: 64-bit cells and accumulators, relocation/bound');
export const { isa: w60, builder: w60Builder } = wordMachine(60, 'w60', 'A CDC 6600-like word machine: 60-bit cells and accumulators, relocation/bound');
