/**
 * The semantics language: a loop-free expression/statement AST over fixed-width bit-vectors.
 *
 * Every node means what the same operation means in SMT-LIB's QF_ABV logic, so the emulator's
 * compiler, the reference evaluator and the Z3 translation can agree by construction. Nodes are
 * plain JSON-serializable data; widths are in bits (1..64).
 *
 * Evaluation order, which every consumer follows so that the same fault wins everywhere:
 * depth-first, left to right; `ite` evaluates only the branch it takes; an assignment evaluates
 * its target's index, then its value; a store evaluates its address, then its value, then takes
 * its own address fault. Reads see earlier writes of the same instruction, including the address
 * map's own registers during translation. A multi-cell access faults with its first address.
 */

/** Binary operations whose operands and result share one width (SMT-LIB `bv…` names in comments). */
export const binaryOps = [
  'add', // bvadd
  'sub', // bvsub
  'mul', // bvmul
  'udiv', // bvudiv: x / 0 = all ones
  'urem', // bvurem: x % 0 = x
  'sdiv', // bvsdiv: x / 0 = (x < 0 ? 1 : -1), overflow wraps
  'srem', // bvsrem: sign follows the dividend, x % 0 = x
  'and', // bvand
  'or', // bvor
  'xor', // bvxor
  'shl', // bvshl: shift amount >= width gives 0
  'lshr', // bvlshr
  'ashr', // bvashr: shift amount >= width gives all sign bits
] as const;
export type BinaryOp = (typeof binaryOps)[number];

/** Comparisons: operands share one width, the result is 1 bit. */
export const compareOps = ['eq', 'ne', 'ult', 'ule', 'ugt', 'uge', 'slt', 'sle', 'sgt', 'sge'] as const;
export type CompareOp = (typeof compareOps)[number];

export const unaryOps = ['not', 'neg'] as const;
export type UnaryOp = (typeof unaryOps)[number];

/**
 * Storage is reached through the ISA's address map (`virtual`, which may take the memory trap)
 * or directly (`physical`, as a trap sequence does when it saves the old PSW). A physical access
 * outside storage has no trap and no defined outcome: the emulator stops with a machine error and
 * the checker excludes such runs. A description should make them impossible.
 */
export type Space = 'virtual' | 'physical';

export type Expr =
  /** A constant; `value` is a non-negative integer in decimal or 0x-hex, below 2^width. */
  | { kind: 'const'; width: number; value: string }
  /** A scalar register. */
  | { kind: 'reg'; name: string }
  /** An element of a register file; the index width is log2 of the file's size. */
  | { kind: 'file'; name: string; index: Expr }
  /** An operand field of the instruction being executed, as an unsigned value of the field's width. */
  | { kind: 'field'; name: string }
  /** A name bound by an earlier `let` statement. */
  | { kind: 'var'; name: string }
  /** Inside the trap sequence only: the trap's code or its value (fault address, call number…). */
  | { kind: 'trapInfo'; which: 'code' | 'value' }
  | { kind: 'unary'; op: UnaryOp; arg: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr }
  /** Bits hi..lo of `arg`, inclusive (SMT-LIB `extract`). */
  | { kind: 'extract'; arg: Expr; hi: number; lo: number }
  /** Concatenation, most significant part first (SMT-LIB `concat`). */
  | { kind: 'concat'; parts: Expr[] }
  /** Zero or sign extension to `width` bits (must not narrow). */
  | { kind: 'extend'; signed: boolean; arg: Expr; width: number }
  /** If-then-else on a 1-bit condition. */
  | { kind: 'ite'; cond: Expr; then: Expr; else: Expr }
  /**
   * A read of `width` bits (a whole number of storage cells) starting at `addr`, its cells in the
   * storage's `endianness` (little-endian unless declared).
   * `access: 'modify'` is the read of a read-modify-write (RISC-V AMOs, priv. 3.1.15): through
   * the address map it faults where a read or a write would, and takes the write's trap.
   */
  | { kind: 'load'; space: Space; addr: Expr; width: number; access?: 'modify' }
  /**
   * `value`, named `name` within `body` (as Sail's `let`): an expression that uses a value many
   * times (a page-table entry, say) names it once, so that the description stays linear in size
   * and every consumer computes it once. `value` is evaluated first, then `body`.
   */
  | { kind: 'let'; name: string; value: Expr; body: Expr };

export type ExprKind = Expr['kind'];

/** What an `assign` may write: a scalar register or a register-file element. */
export type LValue = { kind: 'reg'; name: string } | { kind: 'file'; name: string; index: Expr };

export type Stmt =
  | { kind: 'assign'; target: LValue; value: Expr }
  /** A write of the value's width (a whole number of cells) at `addr`, in the storage's `endianness`. */
  | { kind: 'store'; space: Space; addr: Expr; value: Expr }
  /** Binds `name` for the statements after it in the same block and in blocks nested there. */
  | { kind: 'let'; name: string; value: Expr }
  | { kind: 'if'; cond: Expr; then: Stmt[]; else: Stmt[] }
  /**
   * Takes the named trap. The instruction's own effects are discarded (traps are precise) and
   * the ISA's trap sequence runs on the state as it was before the instruction.
   */
  | { kind: 'trap'; trap: string; value?: Expr }
  /** Stops the machine after this instruction completes. */
  | { kind: 'halt' };

export type StmtKind = Stmt['kind'];
/** A sequence of statements, run in order. */
export type Block = Stmt[];
