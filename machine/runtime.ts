/**
 * The object generated code talks to (`m`): trap out-parameters, the store log of the step path,
 * code-cache invalidation, and delivery of a trap to the trap sequence or to `onTrap`.
 */
import type { CodeCache } from './code-cache.js';
import type { CompileContext, StorageArray, FaultFn } from './context.js';
import { MachineError } from './errors.js';
import { tick } from './timing.js';
import { CODE, WATCHED } from './code-cache.js';
import { unsignedWord, type RegArray, type Word } from './layout.js';

export interface TrapInfo {
  name: string;
  code: number;
  /** Unsigned; a bigint when the ISA's trap values are wider than 52 bits. */
  value: Word;
}

/**
 * What compiled code — instructions, blocks, the fetch translation, the trap sequence — uses of
 * `m`; the run loop uses the whole Runtime. A monitor runs the same code on a virtual machine's
 * state with its own object of this shape (vmm/compiled-state.ts).
 */
export interface CodeRuntime {
  tk: number;
  tv: Word;
  ff: number;
  rec: boolean;
  readonly log: Word[];
  ml: number;
  ic: number;
  /**
   * 1 when the block being called may skip its fetch checks (the run loop saw them pass with this
   * PC and map state: CompileContext.fetchMemo); a monitor's runtime leaves it undefined.
   */
  fv?: number;
  readonly C: Uint8Array;
  readonly tf: FaultFn[];
  readonly tp: FaultFn[];
  inval(a: number): void;
  fatal(message: string): Error;
}

export class Runtime implements CodeRuntime {
  /** Trap kind (index into isa.traps.kinds; -1: physical access outside storage) and value (canonical form). */
  tk = 0;
  tv: Word = 0;
  /** 1 when the trap was a fault of the instruction fetch. */
  ff = 0;
  /** When set, compiled stores log [address, old value] pairs into `log` (the step path). */
  rec = false;
  readonly log: Word[] = [];
  halted = false;
  steps = 0;
  /** `steps` when the current run() began, less any steps the run loop has not yet reported. */
  runBase = 0;
  stop = false;
  /** 1 when the address map read storage (a page table) since the run loop's last fetch. */
  ml = 0;
  /** 1 when an interrupt condition may have changed: the run loop checks them before the next instruction. */
  ic = 1;
  fv = 0;
  /** Handlers of watched cells (the C bit WATCHED marks them). */
  readonly watched = new Map<number, (paddr: number) => void>();
  readonly C: Uint8Array;
  /** The described map's fault functions (see CompileContext.faultFns). */
  readonly tf: FaultFn[];
  /** The described map's fetch-span functions (see CompileContext.spanFns). */
  readonly tp: FaultFn[];

  constructor(
    readonly ctx: CompileContext,
    readonly R: RegArray,
    readonly S: StorageArray,
    readonly cache: CodeCache,
    /** Called instead of the trap sequence when set. */
    private readonly handler: ((trap: TrapInfo) => void) | undefined,
  ) {
    this.C = cache.C;
    this.tf = ctx.faultFns;
    this.tp = ctx.spanFns;
  }

  /** A committed store to a cell marked in C: drop code compiled from it, tell its watcher. */
  inval(a: number): void {
    const c = this.C[a]!;
    if ((c & CODE) !== 0) this.cache.inval(a);
    if ((c & WATCHED) !== 0) this.watched.get(a)?.(a);
  }

  fatal(message: string): MachineError {
    return new MachineError(message);
  }

  /**
   * From the run loop, with `n` steps run so far (the trapping one included): takes the trap;
   * true to stop. A machine error (tk = -1, or a trap sequence that fails) un-counts the step.
   */
  trap(n: number): boolean {
    this.steps = this.runBase + n;
    try {
      this.takeTrap();
    } catch (e) {
      // A machine error: the trapping step did not happen.
      this.runBase--;
      this.steps--;
      throw e;
    }
    // The handler may have changed `steps` (reset, restore): keep counting from there.
    this.runBase = this.steps - n;
    return this.stop;
  }

  /** Takes the trap in tk/tv: the trap sequence and the timing advance, or the handler. */
  takeTrap(): TrapInfo {
    const { isa, layout, storageCells } = this.ctx;
    if (this.tk < 0) throw new MachineError(`physical access outside storage: cell ${Number(this.tv) >>> 0} (storage has ${storageCells} cells)`);
    const kind = isa.traps.kinds[this.tk]!;
    // Values leave the machine unsigned; 32-bit ones go into compiled code as int32s.
    const vw = isa.traps.valueWidth;
    const info: TrapInfo = { name: kind.name, code: kind.code, value: typeof this.tv === 'bigint' ? this.tv : unsignedWord(vw, this.tv) };
    this.ic = 1;
    if (this.handler) {
      this.handler(info);
      return info;
    }
    this.ctx.sequence(this.R, this.S, this, kind.code | 0, this.tv);
    tick(this.R, layout.timing, layout.carries);
    return info;
  }
}
