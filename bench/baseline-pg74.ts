/**
 * A hand-written pg74 interpreter for comparison: a switch over the opcode, decoding each word,
 * registers and storage in Int32Arrays (32-bit values as signed int32s, as V8 likes them). It does what the emulator must (relocation-bounds
 * checks on every fetch, load and store, precise traps through the trap sequence, the clock)
 * but knows pg74 by heart. Only the benchmark uses it.
 */
export class BaselinePg74 {
  readonly r = new Int32Array(16);
  readonly E: Int32Array;
  pc = 16;
  m = 1;
  l = 0;
  b = 0xffffffff;
  clk = 0;
  halted = false;

  constructor(readonly q: number) {
    this.E = new Int32Array(q);
  }

  /** Runs until HALT or `limit` steps; returns the steps run. */
  run(limit: number): number {
    const r = this.r;
    const E = this.E;
    const q = this.q;
    // The PSW lives in locals; trap() and the system instructions go through `this`.
    let pc = this.pc;
    let l = this.l;
    let b = this.b;
    let clk = this.clk;
    let n = 0;
    const trap = (code: number, value: number) => {
      this.pc = pc;
      this.trapSequence(code, value);
      pc = this.pc;
      l = this.l;
      b = this.b;
    };
    while (n < limit) {
      n++;
      clk = (clk + 1) >>> 0;
      if (pc >= b || pc + l >= q) {
        trap(2, pc);
        continue;
      }
      const w = E[pc + l]!;
      const ra = (w >>> 20) & 15;
      const rb = (w >>> 16) & 15;
      const rc = (w >>> 12) & 15;
      const imm = (w << 16) >> 16;
      let next = (pc + 1) >>> 0;
      switch (w >>> 24) {
        case 0x10: if (rb !== 0) { trap(4, w >>> 0); continue; } r[ra] = imm; break;
        case 0x11: if (rb !== 0) { trap(4, w >>> 0); continue; } r[ra] = w << 16; break;
        case 0x12: {
          if ((w & 0xfffff) !== 0) { trap(4, w >>> 0); continue; }
          if (pc + 1 >= b || pc + 1 + l >= q) { trap(2, pc); continue; }
          r[ra] = E[pc + 1 + l]!;
          next = (pc + 2) >>> 0;
          break;
        }
        case 0x13: if ((w & 0xffff) !== 0) { trap(4, w >>> 0); continue; } r[ra] = r[rb]!; break;
        case 0x14: {
          const a = ((rb === 0 ? 0 : r[rb]!) + imm) >>> 0;
          if (a >= b || a + l >= q) { trap(2, a); continue; }
          r[ra] = E[a + l]!;
          break;
        }
        case 0x15: {
          const a = ((rb === 0 ? 0 : r[rb]!) + imm) >>> 0;
          if (a >= b || a + l >= q) { trap(2, a); continue; }
          E[a + l] = r[ra]!;
          break;
        }
        case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26:
        case 0x27: case 0x28: case 0x29: case 0x2a: case 0x2b: case 0x2c: {
          if ((w & 0xfff) !== 0) { trap(4, w >>> 0); continue; }
          const x = r[rb]!;
          const y = r[rc]!;
          let v: number;
          switch (w >>> 24) {
            case 0x20: v = x + y; break;
            case 0x21: v = x - y; break;
            case 0x22: v = Math.imul(x, y); break;
            case 0x23: if (y === 0) { trap(5, 0); continue; } v = (x / y) | 0; break;
            case 0x24: if (y === 0) { trap(5, 0); continue; } v = x % y; break;
            case 0x25: v = x & y; break;
            case 0x26: v = x | y; break;
            case 0x27: v = x ^ y; break;
            case 0x28: v = x << (y & 31); break;
            case 0x29: v = x >>> (y & 31); break;
            case 0x2a: v = x >> (y & 31); break;
            case 0x2b: v = x < y ? 1 : 0; break;
            default: v = x >>> 0 < y >>> 0 ? 1 : 0;
          }
          r[ra] = v;
          break;
        }
        case 0x30: r[ra] = r[rb]! + imm; break;
        case 0x31: r[ra] = r[rb]! & (w & 0xffff); break;
        case 0x32: r[ra] = r[rb]! | (w & 0xffff); break;
        case 0x33: r[ra] = r[rb]! ^ (w & 0xffff); break;
        case 0x34: r[ra] = r[rb]! < imm ? 1 : 0; break;
        case 0x40: if (r[ra] === r[rb]) next = (pc + imm) >>> 0; break;
        case 0x41: if (r[ra] !== r[rb]) next = (pc + imm) >>> 0; break;
        case 0x42: if (r[ra]! < r[rb]!) next = (pc + imm) >>> 0; break;
        case 0x43: if (r[ra]! >= r[rb]!) next = (pc + imm) >>> 0; break;
        case 0x44: if (r[ra]! >>> 0 < r[rb]! >>> 0) next = (pc + imm) >>> 0; break;
        case 0x45: if (r[ra]! >>> 0 >= r[rb]! >>> 0) next = (pc + imm) >>> 0; break;
        case 0x48: next = w & 0xffffff; break;
        case 0x49: r[ra] = pc + 1; next = w & 0xfffff; break;
        case 0x4a: if ((w & 0xfffff) !== 0) { trap(4, w >>> 0); continue; } next = r[ra]! >>> 0; break;
        case 0x02: if ((w & 0xffffff) !== 0) { trap(4, w >>> 0); continue; } break;
        case 0x50: if ((w & 0xff0000) !== 0) { trap(4, w >>> 0); continue; } trap(3, w & 0xffff); continue;
        case 0x51: case 0x52: case 0x53: case 0x54: case 0x01:
          if (this.m !== 1) { trap(1, 0); continue; }
          this.pc = pc;
          this.l = l;
          this.b = b;
          this.clk = (clk - 1) >>> 0; // RDCLK reads the clock before this step's tick
          if (this.system(w)) return n;
          pc = this.pc;
          l = this.l;
          b = this.b;
          continue;
        default:
          trap(4, w >>> 0);
          continue;
      }
      pc = next;
    }
    this.pc = pc;
    this.clk = clk;
    return n;
  }

  /** The rarely run instructions, in supervisor mode; returns true on HALT. */
  private system(w: number): boolean {
    const r = this.r;
    const ra = (w >>> 20) & 15;
    const rb = (w >>> 16) & 15;
    const clk = this.clk;
    this.clk = (clk + 1) >>> 0;
    const next = (this.pc + 1) >>> 0;
    switch (w >>> 24) {
      case 0x01:
        if ((w & 0xffffff) !== 0) break;
        this.pc = next;
        this.halted = true;
        return true;
      case 0x51: {
        if ((w & 0xf00000) !== 0) break;
        const a = ((rb === 0 ? 0 : r[rb]!) + ((w << 16) >> 16)) >>> 0;
        for (let k = 0; k < 4; k++)
          if (a + k >= this.b || a + k + this.l >= this.q) return this.fault(2, (a + k) >>> 0);
        const E = this.E;
        const at = a + this.l;
        [this.m, this.pc, this.l, this.b] = [E[at]! & 1, E[at + 1]! >>> 0, E[at + 2]! >>> 0, E[at + 3]! >>> 0];
        return false;
      }
      case 0x52:
        if ((w & 0xffff) !== 0) break;
        [this.l, this.b, this.pc] = [r[ra]! >>> 0, r[rb]! >>> 0, next];
        return false;
      case 0x53:
        if ((w & 0xffff) !== 0) break;
        r[ra] = this.l;
        r[rb] = this.b;
        this.pc = next;
        return false;
      case 0x54:
        if ((w & 0xfffff) !== 0) break;
        r[ra] = clk;
        this.pc = next;
        return false;
    }
    return this.fault(4, w >>> 0);
  }

  private fault(code: number, value: number): false {
    this.trapSequence(code, value);
    return false;
  }

  /** The trap sequence: old PSW and cause to E[0..5], new PSW from E[8..11]. */
  private trapSequence(code: number, value: number): void {
    const E = this.E;
    E[0] = this.m;
    E[1] = this.pc;
    E[2] = this.l;
    E[3] = this.b;
    E[4] = code;
    E[5] = value;
    this.m = E[8]! & 1;
    this.pc = E[9]! >>> 0;
    this.l = E[10]! >>> 0;
    this.b = E[11]! >>> 0;
  }
}
