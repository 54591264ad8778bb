import { describe, expect, test } from 'vitest';
import { bundledIsas, withRamSize } from '../../../spec/index.js';
import { catalog, longChecks, ramSizedIsas } from '../../../spec/isa/catalog.js';

describe('the catalog of bundled ISAs', () => {
  test('names every bundled ISA once, in the same order', () => {
    expect(catalog.map((e) => e.name)).toEqual(bundledIsas.map((i) => i.name));
  });

  test('loads under each name the description bundled under it', async () => {
    for (const entry of catalog) expect(await entry.load(), entry.name).toBe(bundledIsas.find((i) => i.name === entry.name));
  });

  test('keeps check --all to the short checks, and every ISA that has one a RAM option', async () => {
    expect(longChecks).toEqual(catalog.filter((e) => e.long).map((e) => e.name));
    expect(longChecks).not.toContain('pg74');
    expect(longChecks).toContain('pdp10');
    for (const entry of catalog) {
      const eager = withRamSize(entry.name);
      expect(entry.withRam === undefined, entry.name).toBe(eager === undefined);
      if (entry.withRam && eager) expect(await entry.withRam(1 << 20), entry.name).toEqual(eager(1 << 20));
    }
    expect(ramSizedIsas).toEqual(catalog.filter((e) => e.withRam).map((e) => e.name));
  });
});
