/**
 * Initial states of a guest, from the description: storage (data, instruction words, a trap
 * vector that leads somewhere), registers (small addresses and boundary values), any mode level,
 * an address map that puts the bound and the end of storage within reach — and a program placed
 * where the PC points.
 */
import fc from 'fast-check';
import { match } from 'ts-pattern';
import type { Block } from '../spec/ast.js';
import type { IsaDescription } from '../spec/description.js';
import { encode, toCellWords, type CellWord } from '../spec/encoding.js';
import type { MachineSnapshot } from '../machine/index.js';
import { instructionWord, type InstructionWord, type ProgramOptions } from './instructions.js';
import { trapVectorOf } from './trap-vector.js';

/** A guest's starting state with a program in it. */
export interface GuestCase {
  /** The whole starting state, for `Machine.restore` or `VirtualMachine.restore`. */
  image: MachineSnapshot;
  /** Storage size the image is for. */
  cells: number;
  /** Physical cell where the program starts. */
  origin: number;
  /** The generated instructions, in storage order from `origin` (the terminator not included). */
  program: InstructionWord[];
  /** Cells from `origin` that the program and its terminator occupy. */
  length: number;
}

export interface GuestCaseOptions extends ProgramOptions {
  /** Guest storage in cells. @defaultValue 64 */
  cells?: number;
  /** Where the program starts. @defaultValue the reset PC, or the first cell past the trap vector */
  origin?: number;
  /**
   * End every program with an instruction that halts (the first whose semantics can halt), so
   * that runs end rather than wander into data. @defaultValue true
   */
  terminate?: boolean;
}

const allOnes = (width: number) => 2 ** width - 1;

/** A value for a register or storage cell of `width` bits (at most 52): mostly a small address, sometimes a boundary, sometimes anything. */
export function word(width: number, cells = 64): fc.Arbitrary<number> {
  // A number above 2^53 is not exact (and fast-check's integers spin on such a range): refuse, naming the way.
  if (width > 52) throw new Error(`word: ${width} bits are wider than a number holds exactly; use wideWord`);
  const max = allOnes(width);
  const half = Math.floor(max / 2);
  const boundaries = [...new Set([0, 1, 2, cells - 1, cells, half, half + 1, max - 1, max].filter((v) => v >= 0 && v <= max))];
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: Math.min(cells, max) }) },
    { weight: 1, arbitrary: fc.constantFrom(...boundaries) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max }) },
  );
}

/**
 * A value for state of any width, as the machine takes it (machine/layout.ts): `word` up to 52
 * bits; above, a bigint — small, a boundary (2^53 ± 1 among them, where a number would round),
 * or anything.
 */
export function wideWord(width: number, cells = 64): fc.Arbitrary<number | bigint> {
  if (width <= 52) return word(width, cells);
  const max = (1n << BigInt(width)) - 1n;
  const boundaries = [0n, 1n, max >> 1n, (max >> 1n) + 1n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, max - 1n, max];
  return fc.oneof(
    { weight: 4, arbitrary: fc.bigInt({ min: 0n, max: BigInt(cells) }) },
    { weight: 2, arbitrary: fc.constantFrom(...boundaries) },
    { weight: 2, arbitrary: fc.bigInt({ min: 0n, max }) },
  );
}

/** Where programs start on `isa`: the reset PC if it clears the trap vector, else the first cell past it. */
export function defaultOrigin(isa: IsaDescription): number {
  const vector = trapVectorOf(isa).cells;
  const past = vector.size === 0 ? 0 : Math.max(...vector) + 1;
  const pcReset = Number(BigInt(isa.state.registers.find((r) => r.name === isa.state.pc)!.reset ?? 0));
  return pcReset >= past ? pcReset : past;
}

/** The registers of the address map for a program at `origin`: [the PC, map registers…] values. */
function addressMapState(isa: IsaDescription, cells: number, origin: number): fc.Arbitrary<Record<string, number>> {
  const width = (name: string) => isa.state.registers.find((r) => r.name === name)!.width;
  return match(isa.state.addressMap)
    .with({ kind: 'relocation-bounds' }, (m) =>
      fc
        .record({
          base: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: origin }) }),
          bound: fc.oneof(
            { weight: 3, arbitrary: fc.constant(allOnes(width(m.bound))) },
            { weight: 2, arbitrary: fc.integer({ min: 0, max: cells + 2 }) },
            { weight: 1, arbitrary: word(width(m.bound), cells) },
          ),
        })
        .map(({ base, bound }) => ({ [m.base]: base, [m.bound]: bound, [isa.state.pc]: origin - base })),
    )
    // A described map's registers are drawn like any others; the program starts at its origin.
    .with({ kind: 'described' }, () => fc.constant({ [isa.state.pc]: origin }))
    .exhaustive();
}

/** Storage contents: sparse data and instruction words, then the trap vector's new state. */
function storage(isa: IsaDescription, cells: number, origin: number, options: ProgramOptions): fc.Arbitrary<CellWord[]> {
  const cellBits = isa.state.storage.cellBits;
  const entry = fc.tuple(
    fc.nat(cells - 1),
    fc.oneof(
      { weight: 2, arbitrary: instructionWord(isa, { addressRange: cells, ...options }).map((w) => w.cells) },
      { weight: 2, arbitrary: wideWord(cellBits, cells).map((v) => [v]) },
    ),
  );
  const vector = trapVectorOf(isa);
  const levels = isa.state.mode.levels;
  const supervisor = levels.filter((l) => l.supervisor).map((l) => l.value);
  const newState = fc.record({
    mode: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...(supervisor.length > 0 ? supervisor : [levels[0]!.value])) }, { weight: 1, arbitrary: fc.constantFrom(...levels.map((l) => l.value)) }),
    // Mostly the program's start; sometimes inside it, so that a handler may skip its beginning.
    pc: fc.oneof({ weight: 4, arbitrary: fc.constant(origin) }, { weight: 1, arbitrary: fc.integer({ min: origin, max: Math.min(cells - 1, origin + (options.maxLength ?? 16)) }) }),
    // The handler's own map: mostly the identity, sometimes a small relocation with a bound that
    // still covers the program (a map that covers nothing would only make a storm of traps).
    map: fc.oneof(
      { weight: 9, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.record({ base: fc.nat(4), bound: fc.integer({ min: origin + 8, max: cells + 2 }) }) },
    ),
  });
  return fc.tuple(fc.array(entry, { maxLength: cells }), newState).map(([entries, ns]) => {
    // Cells wider than 52 bits are bigints, as the machine's API takes them.
    const out = new Array<CellWord>(cells).fill(cellBits > 52 ? 0n : 0);
    for (const [at, ws] of entries) ws.forEach((w, i) => at + i < cells && (out[at + i] = w));
    const put = (reg: string, value: number) => {
      const at = vector.loads.get(reg);
      if (!at || at.cell >= cells) return;
      const v = (BigInt(out[at.cell]!) & ~(((1n << BigInt(cellBits)) - 1n) << BigInt(at.lo)) | (BigInt(value) << BigInt(at.lo))) & ((1n << BigInt(cellBits)) - 1n);
      out[at.cell] = cellBits > 52 ? v : Number(v);
    };
    put(isa.state.mode.register, ns.mode);
    put(isa.state.pc, ns.pc);
    match(isa.state.addressMap)
      .with({ kind: 'relocation-bounds' }, (m) => {
        put(m.base, ns.map?.base ?? 0);
        put(m.bound, ns.map?.bound ?? allOnes(isa.state.registers.find((r) => r.name === m.bound)!.width));
      })
      .with({ kind: 'described' }, () => {})
      .exhaustive();
    return out;
  });
}

/** Starting states of a guest with no program placed: registers, mode, address map, storage. */
export function initialState(isa: IsaDescription, options: GuestCaseOptions = {}): fc.Arbitrary<MachineSnapshot> {
  const cells = options.cells ?? 64;
  const origin = options.origin ?? defaultOrigin(isa);
  if (origin >= cells) throw new Error(`initialState: a program at ${origin} does not fit in ${cells} cells`);
  const mapped = new Set([isa.state.pc, isa.state.mode.register, ...match(isa.state.addressMap).with({ kind: 'relocation-bounds' }, (m) => [m.base, m.bound]).with({ kind: 'described' }, () => []).exhaustive()]);
  const others = isa.state.registers.filter((r) => !mapped.has(r.name));
  return fc
    .record({
      mode: fc.constantFrom(...isa.state.mode.levels.map((l) => l.value)),
      map: addressMapState(isa, cells, origin),
      registers: fc.tuple(...others.map((r) => wideWord(r.width, cells))),
      files: fc.tuple(...isa.state.files.map((f) => fc.array(wideWord(f.width, cells), { minLength: f.count, maxLength: f.count }))),
      storage: storage(isa, cells, origin, options),
    })
    .map(({ mode, map, registers, files, storage: cellsOut }) => {
      const regs: Record<string, number | bigint> = { [isa.state.mode.register]: mode, ...map };
      others.forEach((r, i) => (regs[r.name] = registers[i]!));
      const fileValues = Object.fromEntries(
        isa.state.files.map((f, i) => {
          const vs = [...files[i]!];
          for (const h of f.hardwired ?? []) vs[h.index] = f.width > 52 ? BigInt(h.value) : Number(BigInt(h.value));
          return [f.name, vs];
        }),
      );
      return {
        registers: Object.fromEntries(isa.state.registers.map((r) => [r.name, regs[r.name]!])),
        files: fileValues,
        storage: cellsOut.flatMap((v, a) => (v !== 0 ? [[a, v] as [number, number]] : [])),
        halted: false,
        steps: 0,
      };
    });
}

/** A starting state with a program placed at `origin`, where the PC points (through the address map). */
export function guestCase(isa: IsaDescription, options: GuestCaseOptions = {}): fc.Arbitrary<GuestCase> {
  const cells = options.cells ?? 64;
  const origin = options.origin ?? defaultOrigin(isa);
  const terminator = options.terminate === false ? undefined : terminatorOf(isa);
  const room = cells - origin - (terminator?.cells.length ?? 0);
  const maxLength = Math.min(options.maxLength ?? 16, room);
  if (room < 1) throw new Error(`guestCase: no room for a program at ${origin} in ${cells} cells`);
  return fc
    .record({
      image: initialState(isa, { ...options, cells, origin }),
      // Each slot may be empty, and an empty slot is what a slot shrinks to: so shrinking can drop
      // any instruction, where shrinking an array only drops some of its elements.
      program: fc.array(fc.option(instructionWord(isa, { addressRange: cells, ...options }), { nil: undefined, freq: 8 }), {
        minLength: options.minLength ?? 1,
        maxLength,
      }),
    })
    .map(({ image, program }) => {
      const { storage, placed, length } = placeProgram(image.storage, origin, room, program, terminator);
      return {
        image: { ...image, storage },
        cells,
        origin,
        program: placed,
        length,
      };
    });
}

/** The first instruction whose semantics can halt, with zero operands: what ends a generated program. */
function terminatorOf(isa: IsaDescription): InstructionWord | undefined {
  const halting = isa.instructions.find((i) => canHalt(i.semantics));
  return halting && { mnemonic: halting.mnemonic, fields: {}, cells: toCellWords(encode(halting, {}), halting.encoding, isa.state.storage) };
}

/**
 * `storage` with the program's words placed from `origin` (those that fit in `room` cells; an
 * empty slot is skipped) and the terminator after them.
 */
function placeProgram(
  storage: MachineSnapshot['storage'],
  origin: number,
  room: number,
  program: readonly (InstructionWord | undefined)[],
  terminator: InstructionWord | undefined,
): { storage: MachineSnapshot['storage']; placed: InstructionWord[]; length: number } {
  const cells = new Map(storage);
  let at = origin;
  const placed: InstructionWord[] = [];
  const put = (w: InstructionWord) => {
    w.cells.forEach((c, i) => (c === 0 ? cells.delete(at + i) : cells.set(at + i, c)));
    at += w.cells.length;
  };
  for (const w of program) {
    if (!w) continue;
    if (at + w.cells.length > room + origin) break;
    put(w);
    placed.push(w);
  }
  if (terminator) put(terminator);
  return { storage: [...cells].sort((a, b) => a[0] - b[0]), placed, length: at - origin };
}

/** Whether a block has a halt statement anywhere. */
function canHalt(b: Block): boolean {
  return b.some((s) => s.kind === 'halt' || (s.kind === 'if' && (canHalt(s.then) || canHalt(s.else))));
}

export interface GuestCaseFromOptions extends ProgramOptions {
  /** The cell where the start state's PC fetches: the program goes there. */
  origin: number;
  /** Storage size of the start state. */
  cells: number;
  /** Longest program. @defaultValue 16 */
  maxLength?: number;
}

/**
 * Cases that start from a given state — typically one a real kernel reached when it first
 * entered a user level, with its address map, trap vectors and stacks in place — with the user
 * state (registers and register files of kind `user`, the PC aside) drawn again half the time and
 * a program placed at `origin`. A random map rarely lets a user level fetch at all; a kernel's map
 * does, so these cases run user code directly under a monitor.
 */
export function guestCaseFrom(isa: IsaDescription, start: MachineSnapshot, options: GuestCaseFromOptions): fc.Arbitrary<GuestCase> {
  const { origin, cells } = options;
  const terminator = terminatorOf(isa);
  const room = cells - origin - (terminator?.cells.length ?? 0);
  if (room < 1) throw new Error(`guestCaseFrom: no room for a program at ${origin} in ${cells} cells`);
  const redraw = <T>(keep: T, fresh: fc.Arbitrary<T>) => fc.oneof(fc.constant(keep), fresh);
  const users = isa.state.registers.filter((r) => r.kind === 'user' && r.name !== isa.state.pc);
  const userFiles = isa.state.files.filter((f) => f.kind === 'user');
  const small = Math.min(cells, 1 << 16);
  return fc
    .record({
      registers: fc.tuple(...users.map((r) => redraw<number | bigint>(start.registers[r.name]!, wideWord(r.width, small)))),
      files: fc.tuple(...userFiles.map((f) => fc.tuple(...start.files[f.name]!.map((v) => redraw<number | bigint>(v, wideWord(f.width, small)))))),
      program: fc.array(fc.option(instructionWord(isa, { addressRange: small, ...options }), { nil: undefined, freq: 8 }), {
        minLength: 1,
        maxLength: Math.min(options.maxLength ?? 16, room),
      }),
    })
    .map(({ registers, files, program }) => {
      const regs = { ...start.registers };
      users.forEach((r, i) => (regs[r.name] = registers[i]!));
      const fileValues = { ...start.files };
      userFiles.forEach((f, i) => {
        const vs = [...files[i]!];
        for (const h of f.hardwired ?? []) vs[h.index] = Number(BigInt(h.value));
        fileValues[f.name] = vs;
      });
      const { storage, placed, length } = placeProgram(start.storage, origin, room, program, terminator);
      const image: MachineSnapshot = { registers: regs, files: fileValues, storage, halted: false, steps: 0 };
      return { image, cells, origin, program: placed, length };
    });
}
