/**
 * The statement vocabulary: semantics are written as straight-line TypeScript that records
 * statements, the way Spike's instruction bodies read (`$.set(rd, add(rs1, rs2))`).
 */
import type { Block, Space, Stmt } from '../ast.js';
import { bits, lift, type Arg, type Bits, type Bool, type Loc } from './bits.js';

/** What the recorder needs to know of the ISA for its privilege helpers. */
export interface PrivilegeHooks {
  /** 1 when the current mode counts as supervisor. */
  supervisor: Bool;
  /** The trap kind of class `privileged-instruction`. */
  privilegedTrap: string;
}

export class Semantics<TrapName extends string = string> {
  private readonly blocks: Stmt[][] = [[]];

  constructor(private readonly hooks?: PrivilegeHooks) {}

  /** The recorded statements. */
  get block(): Block {
    return this.blocks[0]!;
  }

  private emit(s: Stmt): void {
    this.blocks[this.blocks.length - 1]!.push(s);
  }

  private record(body: () => void): Block {
    this.blocks.push([]);
    body();
    return this.blocks.pop()!;
  }

  /** Assigns a register or register-file element. */
  set<W extends number>(target: Loc<W>, value: Arg<NoInfer<W>>): void {
    this.emit({ kind: 'assign', target: target.target, value: lift(value, target.width).node });
  }

  /** Writes the value's width of storage at `addr` (through the address map unless physical). */
  store(addr: Bits<number>, value: Bits<number>, space: Space = 'virtual'): void {
    this.emit({ kind: 'store', space, addr: addr.node, value: value.node });
  }

  /** Names a value for the rest of the semantics; returns a reference to it. */
  let<W extends number>(name: string, value: Bits<W>): Bits<W> {
    this.emit({ kind: 'let', name, value: value.node });
    return bits({ kind: 'var', name }, value.width);
  }

  if(cond: Bool, then: () => void, otherwise?: () => void): void {
    const t = this.record(then);
    const e = otherwise ? this.record(otherwise) : [];
    this.emit({ kind: 'if', cond: cond.node, then: t, else: e });
  }

  trap(name: TrapName, value?: Bits<number>): void {
    this.emit(value ? { kind: 'trap', trap: name, value: value.node } : { kind: 'trap', trap: name });
  }

  trapIf(cond: Bool, name: TrapName, value?: Bits<number>): void {
    this.if(cond, () => this.trap(name, value));
  }

  /** Takes the privileged-instruction trap unless the current mode counts as supervisor. */
  requireSupervisor(): void {
    if (!this.hooks) throw new Error('requireSupervisor: this recorder was made without the ISA’s mode');
    const { supervisor, privilegedTrap } = this.hooks;
    this.if(
      bits({ kind: 'compare', op: 'eq', left: supervisor.node, right: { kind: 'const', width: 1, value: '0x0' } }, 1),
      () => this.trap(privilegedTrap as TrapName),
    );
  }

  halt(): void {
    this.emit({ kind: 'halt' });
  }
}
