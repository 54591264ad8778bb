/** Program images (`vmcheck asm -o`): JSON checked field by field, each problem named with the file and its path. */
import type { IsaDescription } from '../spec/index.js';
import type { Program } from '../asm/index.js';
import type { CellWord } from '../spec/encoding.js';
import { UsageError } from './errors.js';

export const imageFormat = 'vmcheck-image/1';

export interface Image {
  format: typeof imageFormat;
  isa: string;
  /** Cell values: numbers, or above 2^53 - 1 (cells wider than 52 bits) strings of decimal digits. */
  segments: { place: number; address?: number; cells: (number | string)[] }[];
  symbols: Record<string, number>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** A value found where another was expected, in a few words (an object could be nested without end). */
const found = (v: unknown) => (Array.isArray(v) ? 'an array' : isObject(v) ? 'an object' : v === undefined ? 'nothing' : JSON.stringify(v));

export function parseImage(isa: IsaDescription, path: string, text: string): Program {
  let image: unknown;
  try {
    image = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
  const fail = (where: string, what: string): never => {
    throw new UsageError(`${path}: ${where}: ${what}`);
  };
  if (!isObject(image) || image.format !== imageFormat) throw new UsageError(`${path}: not a program image (expected a JSON object with "format": "${imageFormat}")`);
  if (image.isa !== undefined && image.isa !== isa.name) throw new UsageError(`${path}: the image was assembled for ${String(image.isa)}, not ${isa.name}`);
  if (!Array.isArray(image.segments)) fail('segments', 'expected an array of segments');
  const { cellBits } = isa.state.storage;
  const max = 1n << BigInt(cellBits);
  // A cell as the machine takes it: a number, a bigint above 52 bits (written as digits above 2^53 - 1).
  const cell = (c: unknown): CellWord | undefined => {
    const v = isIndex(c) ? BigInt(c) : typeof c === 'string' && /^[0-9]+$/.test(c) ? BigInt(c) : undefined;
    if (v === undefined || v >= max) return undefined;
    return cellBits > 52 ? v : Number(v);
  };
  const segments = (image.segments as unknown[]).map((seg, i) => {
    const at = `segments[${i}]`;
    if (!isObject(seg)) return fail(at, `expected an object { "place", "cells" }, found ${found(seg)}`);
    if (!isIndex(seg.place)) fail(`${at}.place`, `expected a non-negative integer, found ${found(seg.place)}`);
    if (seg.address !== undefined && !isIndex(seg.address)) fail(`${at}.address`, `expected a non-negative integer, found ${found(seg.address)}`);
    if (!Array.isArray(seg.cells)) fail(`${at}.cells`, 'expected an array of cell values');
    const cells = (seg.cells as unknown[]).map((c, k) => cell(c) ?? fail(`${at}.cells[${k}]`, `expected an integer from 0 to ${max - 1n} (${cellBits}-bit cells), found ${found(c)}`));
    return { place: seg.place as number, ...(seg.address !== undefined ? { address: seg.address as number } : {}), cells };
  });
  if (image.symbols !== undefined && !isObject(image.symbols)) fail('symbols', 'expected an object of name: address');
  const symbols = (image.symbols ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(symbols)) if (!Number.isSafeInteger(value)) fail(`symbols.${name}`, `expected an integer, found ${found(value)}`);
  return { segments, symbols: symbols as Record<string, number>, lines: [] };
}

/** The image of a program: cells above 2^53 - 1 as strings of decimal digits (JSON has no bigints). */
export function imageOf(isa: IsaDescription, program: Program): Image {
  const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
  const cells = (cs: readonly CellWord[]) => cs.map((c) => (typeof c === 'bigint' ? (c > MAX_SAFE ? c.toString() : Number(c)) : c));
  return { format: imageFormat, isa: isa.name, segments: program.segments.map((s) => ({ ...s, cells: cells(s.cells) })), symbols: program.symbols };
}
