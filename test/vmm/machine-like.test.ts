/**
 * A virtual machine offers the bare machine's interface: same state access and errors, the same
 * step reports, `onTrap` with the same contract, snapshots, budgets. And the misuses of the
 * monitor's API get clear errors.
 */
import { describe, expect, expectTypeOf, test } from 'vitest';
import { extendIsa, pg74, pg74Builder } from '../../spec/index.js';
import { Machine, MachineError, type TrapInfo } from '../../machine/index.js';
import { assemble, loadProgram } from '../../asm/index.js';
import { buildStack, Monitor, VirtualMachine, VmmError, type MachineLike } from '../../vmm/index.js';

const program = (src: string) => assemble(pg74, `.org 8\n.word 1, 0x30, 0, 0xffffffff\n.org 0x30\nhalt\n.org 16\n${src}`);

describe('the MachineLike interface', () => {
  test('Machine and VirtualMachine both satisfy it', () => {
    expectTypeOf<Machine>().toMatchTypeOf<MachineLike>();
    expectTypeOf<VirtualMachine>().toMatchTypeOf<MachineLike>();
  });

  test('state access checks like the bare machine', () => {
    const g = Monitor.onMachine(pg74, 256).createGuest({ size: 64 });
    const m = new Machine(pg74, { storageCells: 64 });
    for (const x of [g, m] as MachineLike[]) {
      expect(() => x.getReg('NOPE')).toThrow(MachineError);
      expect(() => x.setReg('M', 2)).toThrow(/not an unsigned 1-bit value/);
      expect(() => x.readCell(64)).toThrow(/outside storage/);
      expect(() => x.getFile('r', 16)).toThrow(/index must be 0..15/);
      expect(() => x.run(-1)).toThrow(/whole number/);
      expect(x.getReg('PC')).toBe(16);
      expect(x.getReg('B')).toBe(0xffffffff);
    }
  });

  test('step() reports a trapping instruction as the bare machine does', () => {
    const p = program('ldi r1, 3\nsrb r1, r1\n');
    const m = new Machine(pg74, { storageCells: 64 });
    const g = Monitor.onMachine(pg74, 128).createGuest({ size: 64 });
    for (const x of [m, g] as MachineLike[]) {
      loadProgram(p, x);
      x.setReg('M', 0);
    }
    for (let i = 0; i < 3; i++) expect(g.step()).toEqual(m.step());
  });

  test('onTrap: the handler sees the state before the trap, the step counts, run() stops on request', () => {
    const p = program('ldi r1, 5\nsvc 9\nldi r2, 6\nhalt\n');
    const seen: { trap: TrapInfo; pc: number; steps: number }[] = [];
    const handler = (trap: TrapInfo, x: MachineLike) => {
      seen.push({ trap, pc: x.getReg('PC'), steps: x.steps });
      x.setReg('PC', x.getReg('PC') + 1);
      x.requestStop();
    };
    const m = new Machine(pg74, { storageCells: 64, onTrap: handler });
    const monitor = new Monitor(pg74, (onTrap) => new Machine(pg74, { storageCells: 128, onTrap }));
    const g = monitor.createGuest({ size: 64, onTrap: handler });
    for (const x of [m, g] as MachineLike[]) {
      loadProgram(p, x);
      expect(x.run(100)).toEqual({ reason: 'stopped', steps: 2 });
      expect(x.run(100)).toEqual({ reason: 'halted', steps: 2 });
      expect(x.getFile('r', 2)).toBe(6);
    }
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[0]).toEqual({ trap: { name: 'svc', code: 3, value: 9 }, pc: 17, steps: 2 });
  });

  test('snapshot and restore round-trip; a bad snapshot changes nothing', () => {
    const g = Monitor.onMachine(pg74, 256).createGuest({ size: 64 });
    loadProgram(program('ldi r3, 7\nhalt\n'), g);
    g.run(10);
    const s = g.snapshot();
    const h = Monitor.onMachine(pg74, 256).createGuest({ size: 64 });
    h.restore(s);
    expect(h.snapshot()).toEqual(s);
    expect(() => h.restore({ ...s, storage: [[64, 1]] })).toThrow(/outside storage/);
    expect(h.snapshot()).toEqual(s);
  });

  test('a guest that never halts ends at its budget, at every depth', () => {
    for (const depth of [1, 2, 3]) {
      const { guests } = buildStack(pg74, { guestCells: 64, depth });
      loadProgram(assemble(pg74, '.org 16\nloop: jmp loop\n'), guests[0]!);
      expect(guests[0]!.run(1000)).toEqual({ reason: 'step-limit', steps: 1000 });
    }
  });
});

describe('an unprivileged halt', () => {
  // pg74 with a HALT anyone may run: the real machine halts while running the guest directly.
  const halt = pg74.instructions.find((i) => i.mnemonic === 'HALT')!;
  const free = extendIsa(pg74, {
    name: 'pg74-free-halt',
    summary: 'pg74 with an unprivileged HALT',
    replace: [pg74Builder.insn('HALT', { cite: halt.cite, class: 'innocuous', encoding: '00000001 000000000000000000000000', syntax: 'halt', semantics: (_, $) => $.halt() })],
  });

  test("halts the guest, not the monitor's machine", () => {
    const monitor = Monitor.onMachine(free, 256);
    const [a, b] = [monitor.createGuest({ size: 64 }), monitor.createGuest({ size: 64 })];
    loadProgram(assemble(free, '.org 16\nldi r1, 1\nhalt\n'), a);
    loadProgram(assemble(free, '.org 16\nldi r1, 2\nldi r2, 2\nhalt\n'), b);
    a.setReg('M', 0);
    expect(a.run(10)).toEqual({ reason: 'halted', steps: 2 });
    expect(monitor.host.halted).toBe(false);
    expect(b.run(10)).toEqual({ reason: 'halted', steps: 3 });
    expect([a.getFile('r', 1), b.getFile('r', 1), b.getFile('r', 2)]).toEqual([1, 2, 2]);
  });
});

describe('misuse gets a clear error', () => {
  test('regions', () => {
    const m = Monitor.onMachine(pg74, 200, { reserve: 16 });
    m.createGuest({ size: 100, base: 50 });
    expect(() => m.createGuest({ size: 10, base: 8 })).toThrow(/must lie within 16..199/);
    expect(() => m.createGuest({ size: 10, base: 140 })).toThrow(/overlaps another guest's 50..149/);
    expect(() => m.createGuest({ size: 60 })).toThrow(/no room for a guest of 60 cells/);
    expect(m.createGuest({ size: 34 }).region).toEqual({ base: 16, size: 34 });
    expect(() => m.createGuest({ size: 0 })).toThrow(VmmError);
  });

  test('a guest is run by its own monitor, one at a time', () => {
    const m = Monitor.onMachine(pg74, 200);
    const g = m.createGuest({ size: 64 });
    const other = Monitor.onMachine(pg74, 200);
    expect(() => other.runGuest(g, 1)).toThrow(/belongs to another monitor/);
    expect(() => buildStack(pg74, { guestCells: 64, depth: 0 })).toThrow(/depth/);
  });

  test('an ISA with no user level cannot be virtualized', () => {
    const all = { ...pg74, name: 'all-supervisor', state: { ...pg74.state, mode: { ...pg74.state.mode, levels: pg74.state.mode.levels.map((l) => ({ ...l, supervisor: true })) } } };
    expect(() => Monitor.onMachine(all, 64)).toThrow(/no mode level counts as user/);
  });
});
