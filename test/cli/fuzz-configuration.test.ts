/**
 * `vmcheck fuzz --configuration`: the bits the monitor holds, written as `check` reports them; a
 * malformed or impossible one is a usage error (exit 2), never a silent default.
 */
import { describe, expect, test } from 'vitest';
import { parseConfiguration } from '../../cli/commands/fuzz.js';
import { runCli } from './run-cli.js';

describe('vmcheck fuzz --configuration', () => {
  test('reads the report’s spelling, several parts, and none', () => {
    expect(parseConfiguration('mcounteren[0x7] = 0x0, cen[1]=0')).toEqual([
      { register: 'mcounteren', mask: '0x7', value: '0x0' },
      { register: 'cen', mask: '1', value: '0' },
    ]);
    expect(parseConfiguration('none')).toEqual([]);
  });

  test('a malformed configuration, or one naming a register that is not configurable, exits 2 with the reason', async () => {
    const bad = await runCli('fuzz', 'pg74', '--runs', '1', '--configuration', 'B = 0');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/expected REG\[MASK\] = VALUE/);
    const notConfigurable = await runCli('fuzz', 'pg74', '--runs', '1', '--configuration', 'B[1] = 0');
    expect(notConfigurable.code).toBe(2);
    expect(notConfigurable.err).toMatch(/B: the monitor can hold only system registers that are not the mode, the PC, a timing resource or read by the address map/);
  });
});
