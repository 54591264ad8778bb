/**
 * An example to copy into your own vitest suite: a property over guests generated from an ISA
 * description, run bare and under the monitor. Below this comment the file is the README's
 * example word for word (test/testing/readme-example.test.ts holds them together); here the
 * package's names resolve to the sources (vitest.config.ts).
 *
 * `pg74` can be your own description (`defineIsa`, or `loadIsa` on a JSON file). Run it longer
 * with FC_NUM_RUNS=10000, or for a minute with FC_TIME_LIMIT=60000; a failure prints a seed and
 * path, and FC_SEED=… FC_PATH=… replays it.
 */
import { expect } from 'vitest';
import { test } from '@fast-check/vitest';
import { pg74 } from 'vmcheck/spec';
import { Machine } from 'vmcheck/machine';
import { guestCase } from 'vmcheck/testing';
import { buildStack, guestDifferences } from 'vmcheck/vmm';

// A guest of 64 cells: a random program of up to 10 instructions, random registers, mode and
// relocation-bounds, and a trap vector that leads back into the program.
const guests = guestCase(pg74, { cells: 64, maxLength: 10 });

test.prop([guests])('a guest ends the same bare and under the monitor, nested two deep', (g) => {
  const bare = new Machine(pg74, { storageCells: g.cells });
  bare.restore(g.image);
  bare.run(100);

  const { guests: [vm] } = buildStack(pg74, { guestCells: g.cells, depth: 2 });
  vm!.restore(g.image);
  vm!.run(100);

  expect(guestDifferences(pg74, bare.snapshot(), vm!.snapshot())).toEqual([]);
});
