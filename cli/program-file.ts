/** Reads a program for an ISA: assembly source (.s/.asm) or an image written by `vmcheck asm -o`. */
import { readFileSync, existsSync } from 'node:fs';
import { extname } from 'node:path';
import type { IsaDescription } from '../spec/index.js';
import { assemble, type Program } from '../asm/index.js';
import { UsageError } from './errors.js';

export const imageFormat = 'vmcheck-image/1';

export interface Image {
  format: typeof imageFormat;
  isa: string;
  segments: { place: number; address?: number; cells: number[] }[];
  symbols: Record<string, number>;
}

export function readProgram(isa: IsaDescription, path: string): Program {
  if (!existsSync(path)) throw new UsageError(`${path}: no such file`);
  const text = readFileSync(path, 'utf8');
  if (extname(path).toLowerCase() === '.json') {
    let image: Partial<Image>;
    try {
      image = JSON.parse(text) as Partial<Image>;
    } catch (e) {
      throw new UsageError(`${path}: not valid JSON: ${(e as Error).message}`);
    }
    if (image.format !== imageFormat || !Array.isArray(image.segments))
      throw new UsageError(`${path}: not a program image (expected "format": "${imageFormat}")`);
    if (image.isa !== undefined && image.isa !== isa.name)
      throw new UsageError(`${path}: the image was assembled for ${image.isa}, not ${isa.name}`);
    return { segments: image.segments, symbols: image.symbols ?? {}, lines: [] };
  }
  return assemble(isa, text, path);
}
