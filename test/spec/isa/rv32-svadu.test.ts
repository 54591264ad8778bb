/**
 * rv32-sv32-svadu (`rv32Sv32With({ adUpdate: 'hardware' })`): its map's walk stores come from the
 * builder (`DescribedMapInput.updates`), one per access kind, and survive the JSON form: loaded
 * back, the description is the same, and the published JSON Schema accepts it. rv32-sv32 has none.
 */
import { describe, expect, test } from 'vitest';
import { loadIsa, rv32Sv32, rv32Sv32With, type DescribedMap } from '../../../spec/index.js';
import { schemaErrors } from '../json-schema/ajv.js';

describe('rv32-sv32-svadu', () => {
  const svadu = rv32Sv32With({ adUpdate: 'hardware' });
  const map = svadu.state.addressMap as DescribedMap;

  test('one walk store per access kind, documented; software A/D (rv32-sv32, the default) has none', () => {
    expect(svadu.name).toBe('rv32-sv32-svadu');
    expect(Array.isArray(map.updates)).toBe(false);
    const per = map.updates as Record<'fetch' | 'read' | 'write', unknown[]>;
    for (const a of ['fetch', 'read', 'write'] as const) expect(per[a], a).toHaveLength(1);
    expect((rv32Sv32.state.addressMap as DescribedMap).updates).toBeUndefined();
    expect(rv32Sv32With()).toBe(rv32Sv32);
  });

  test('its JSON form loads back to the same description, and the JSON Schema accepts it', () => {
    const json = JSON.parse(JSON.stringify(svadu));
    expect(loadIsa(json, 'svadu.json')).toEqual(svadu);
    expect(schemaErrors('isa', json)).toEqual([]);
  });

  test('a RAM size it cannot have is a RangeError', () => {
    expect(() => rv32Sv32With({ adUpdate: 'hardware', ramBytes: 3 })).toThrow(RangeError);
  });
});
