/**
 * The example System/370 kernel (examples/s370/os.s) under the monitor. The 370 is virtualizable
 * under the configuration its description declares (CR0's extraction authority off, CR3's PSW-key
 * mask empty, CR8's monitor masks all on): the kernel — DAT tables, LRA, SSK, LCTL, LPSW — runs in
 * real problem state, every privileged instruction it issues traps and is emulated, and the guest
 * ends exactly as the bare run, plain and hybrid. The configuration is needed: a monitor that holds
 * no CR8 monitor masks lets the user program's MONITOR CALL run directly against the real CR8,
 * and the monitor event the guest's kernel enabled never happens.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { assemble, loadProgram } from '../../asm/index.js';
import { Machine } from '../../machine/index.js';
import { s370 } from '../../spec/isa/index.js';
import { checkEquivalence, guestCellsFor, runUnderMonitor } from '../../vmm/index.js';
import { runCli } from '../cli/run-cli.js';

const path = join(import.meta.dirname, '../../examples/s370/os.s');
const source = readFileSync(path, 'utf8');
const expected = [
  'S/370 kernel: supervisor state, key 0, DAT off',
  'kernel: LRA maps the user program to real 0x800',
  'kernel: user block has storage key 8',
  'user: hello from the problem state',
  'user: 1 + 2 + ... + 10 = 55',
  '[kernel: monitor event, class 3]',
  '[kernel: privileged operation refused]',
  'user: still here',
  'kernel: user program exited',
];

function compare(options: { hybrid?: boolean; configuration?: [] }) {
  const program = assemble(s370, source);
  const bare = new Machine(s370);
  loadProgram(program, bare);
  return checkEquivalence(s370, bare.snapshot(), guestCellsFor(s370, program), { maxSteps: 10_000, reserve: 0, ...options });
}

describe('the s370 kernel under the monitor', () => {
  test.each([false, true])('hybrid %s: the same console output as bare; the privileged instructions trap and are emulated, SVCs reflected', (hybrid) => {
    const r = runUnderMonitor(s370, source, { hybrid });
    expect(r.reason).toBe('halted');
    expect(r.guests[0]!.output).toBe(expected.join('\n') + '\n');
    const s = r.guests[0]!.statistics;
    expect(s.direct).toBeGreaterThan(hybrid ? 400 : 2000);
    expect(s.guestTraps['svc']).toBeGreaterThan(70);
    expect(s.guestTraps['monitorEvent']).toBe(1);
    expect(s.guestTraps['privilegedOperation']).toBe(1);
  });

  test.each([false, true])('hybrid %s: every step agrees with the bare machine', (hybrid) => {
    const r = compare({ hybrid });
    expect([r.ok, r.reason]).toEqual([true, 'halted']);
  });

  test('without the configuration the user program’s MC runs directly against the real CR8 and the guest diverges there', () => {
    const d = compare({ configuration: [] }).divergence!;
    expect([d.culprit?.mnemonic, d.culprit?.mode]).toEqual(['MC', 1]);
  });

  test('`vmm --compare`, plain and hybrid, reports agreement at every step', async () => {
    for (const [flags, who] of [[['--compare'], 'monitor'], [['--compare', '--hybrid'], 'hybrid monitor']] as const) {
      const c = await runCli('vmm', 's370', path, ...flags);
      expect(c.code).toBe(0);
      expect(c.out).toContain(`under the ${who} agrees with the bare machine after each of its`);
    }
  });
});

describe('storage keys are the guest’s while it runs directly', () => {
  /**
   * The address map reads the storage keys (a register file): with the host's own keys, a
   * problem-state load from a block the guest's key fetch-protects went through directly. The
   * monitor now makes the map's register files the guest's before it runs it (virtual = real).
   */
  test('a problem-state load from a fetch-protected block takes the protection exception, bare and as a guest', () => {
    const program = assemble(s370, `
        .org 0x1000
        l r1, 0x100(r0, r0)             ; block 0: key 0, fetch-protected (KEY[0] = 4)
        `);
    const bare = new Machine(s370);
    loadProgram(program, bare);
    bare.setReg('PC', 0x1000);
    bare.setReg('PSW.P', 1);
    bare.setReg('PSW.KEY', 8);
    bare.setFile('KEY', 0, 4);
    bare.setFile('KEY', 2, 8 << 3);
    bare.writeCell(0x100, 0x12);
    const r = checkEquivalence(s370, bare.snapshot(), guestCellsFor(s370, program), { maxSteps: 1, reserve: 0 });
    expect(bare.step().trap?.name).toBe('protection');
    expect(r.ok, JSON.stringify(r.divergence)).toBe(true);
    expect(r.statistics[0]!.hostTraps).toBe(1);
  });
});
