/**
 * `--ram SIZE` for `run` and `vmm`: a bundled ISA whose RAM size is a parameter of its
 * description (spec/isa/catalog.ts, `withRam`) is built with that size; any other ISA refuses it.
 */
import { MAX_STORAGE_CELLS } from '../machine/index.js';
import type { IsaDescription } from '../spec/description.js';
import { catalogEntry, ramSizedIsas } from '../spec/isa/catalog.js';
import { UsageError } from './errors.js';

const units: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 };

/** Bytes from `16M`, `64K`, `1G`, `0x400000` or `1048576` (K, M, G are powers of 1024). */
export function parseRamSize(text: string): number {
  const m = /^(0x[0-9a-f]+|[0-9]+)([kmg]?)(i?b)?$/i.exec(text.trim());
  if (!m || (m[1]!.toLowerCase().startsWith('0x') && m[2])) throw new UsageError(`--ram expects a size in bytes such as 16M, 512K or 0x400000, not '${text}'`);
  return Number(m[1]) * units[m[2]!.toLowerCase()]!;
}

/** `isa` built with the RAM size `text` asks for (`ref` is how the user named it). */
export async function applyRamOption(ref: string, isa: IsaDescription, text: string | undefined): Promise<IsaDescription> {
  if (text === undefined) return isa;
  const build = catalogEntry(ref)?.withRam;
  if (!build || isa.name !== ref) throw new UsageError(`--ram: the ISA '${ref}' has no RAM size option (bundled ISAs that have one: ${ramSizedIsas.join(', ')})`);
  const bytes = parseRamSize(text);
  let sized: IsaDescription;
  try {
    sized = await build(bytes);
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(`--ram ${text}: ${e.message}`);
    throw e;
  }
  if (sized.state.storage.cells > MAX_STORAGE_CELLS)
    throw new UsageError(`--ram ${text}: the emulator holds at most ${MAX_STORAGE_CELLS} storage cells (${MAX_STORAGE_CELLS / 2 ** 20} MiB), and ${ref} with this RAM needs ${sized.state.storage.cells}`);
  return sized;
}
