/**
 * A plain mutable machine state over bigints: the reference's counterpart of `Machine`, for tests
 * and for a VMM that keeps a virtual machine's state itself.
 */
import type { IsaDescription } from '../spec/description.js';
import { cellAt } from '../spec/encoding.js';
import type { MachineSnapshot } from './machine.js';
import type { RefWrite, StateView } from './reference-eval.js';
import * as bv from './bv.js';
import { isBig, type Word } from './layout.js';

export class RefState implements StateView {
  readonly regs = new Map<string, bigint>();
  readonly files = new Map<string, bigint[]>();
  /** Non-zero cells only. */
  readonly storage = new Map<bigint, bigint>();

  constructor(
    readonly isa: IsaDescription,
    readonly storageCells: number = isa.state.storage.cells,
  ) {
    for (const r of isa.state.registers) this.regs.set(r.name, BigInt(r.reset ?? 0));
    for (const f of isa.state.files) {
      const values = Array.from({ length: f.count }, () => 0n);
      for (const h of f.hardwired ?? []) values[h.index] = BigInt(h.value);
      this.files.set(f.name, values);
    }
  }

  static fromSnapshot(isa: IsaDescription, s: MachineSnapshot, storageCells?: number): RefState {
    const st = new RefState(isa, storageCells);
    for (const [k, v] of Object.entries(s.registers)) st.regs.set(k, BigInt(v));
    // Hard-wired elements hold their constant whatever the snapshot says, as Machine.restore does.
    for (const [k, v] of Object.entries(s.files)) {
      const wired = new Map((isa.state.files.find((f) => f.name === k)?.hardwired ?? []).map((h) => [h.index, BigInt(h.value)]));
      st.files.set(k, v.map((x, i) => wired.get(i) ?? BigInt(x)));
    }
    for (const [a, v] of s.storage) if (v !== 0) st.storage.set(BigInt(a), BigInt(v));
    return st;
  }

  reg(name: string): bigint {
    const v = this.regs.get(name);
    if (v === undefined) throw new Error(`no register '${name}'`);
    return v;
  }

  file(name: string, index: number): bigint {
    const v = this.files.get(name)?.[index];
    if (v === undefined) throw new Error(`no element ${name}[${index}]`);
    return v;
  }

  cell(paddr: bigint): bigint | undefined {
    if (paddr < 0n || paddr >= BigInt(this.storageCells)) return undefined;
    return this.storage.get(paddr) ?? 0n;
  }

  /** Applies writes in order (a store spans width / cellBits cells, in the storage's byte order). */
  apply(writes: readonly RefWrite[]): void {
    const cellBits = this.isa.state.storage.cellBits;
    for (const w of writes) {
      if (w.kind === 'reg') this.regs.set(w.name, w.value);
      else if (w.kind === 'file') this.files.get(w.name)![w.index] = w.value;
      else
        for (let i = 0; i < w.width / cellBits; i++) {
          const v = cellAt(w.value, w.width / cellBits, i, this.isa.state.storage);
          const a = w.addr + BigInt(i);
          if (v === 0n) this.storage.delete(a);
          else this.storage.set(a, v);
        }
    }
  }

  /** The state in the machine's snapshot form (steps and halted as given). */
  toSnapshot(halted = false, steps = 0): MachineSnapshot {
    const width = new Map([...this.isa.state.registers, ...this.isa.state.files].map((r) => [r.name, r.width]));
    const word = (name: string) => (isBig(width.get(name)!) ? (v: bigint): Word => v : (v: bigint): Word => Number(v));
    return {
      registers: Object.fromEntries([...this.regs].map(([k, v]) => [k, word(k)(v)])),
      files: Object.fromEntries([...this.files].map(([k, v]) => [k, v.map(word(k))])),
      storage: [...this.storage].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([a, v]) => [Number(a), isBig(this.isa.state.storage.cellBits) ? v : Number(v)] as [number, Word]),
      halted,
      steps,
    };
  }
}
