/**
 * Malformed program images (`vmcheck asm -o`, `"format": "vmcheck-image/1"`): each field of the
 * wrong kind is named with its path; an image for another ISA or beyond storage is refused.
 */
import { about, type BadInput } from '../case.js';

const good = { format: 'vmcheck-image/1', isa: 'pg74', segments: [{ place: 16, cells: [0x7f000000] }], symbols: { start: 16 } };

function image(name: string, content: unknown, message: string | RegExp, command = 'run', file = 'p.json'): BadInput {
  return { name, files: { [file]: typeof content === 'string' ? content : JSON.stringify(content) }, argv: [command, 'pg74', `@${file}`], message: about(file, message) };
}
const withSegment = (name: string, segment: unknown, message: string | RegExp, command = 'run') => image(name, { ...good, segments: [segment] }, message, command);

export const imageCases: BadInput[] = [
  image('image-not-json', '{ "format": ', 'not valid JSON'),
  image('image-empty-object', {}, 'not a program image (expected a JSON object with "format": "vmcheck-image/1")'),
  image('image-top-level-array', [good], 'not a program image'),
  image('image-top-level-null', 'null', 'not a program image'),
  image('image-other-format-version', { ...good, format: 'vmcheck-image/2' }, 'not a program image'),
  image('image-is-a-description', { format: 'vmcheck-isa/1', name: 'pg74' }, 'not a program image'),
  image('image-for-another-isa', { ...good, isa: 'rv32' }, 'the image was assembled for rv32, not pg74'),
  image('image-without-segments', { format: good.format }, 'segments: expected an array of segments'),
  image('image-segments-object', { ...good, segments: { 0: good.segments[0] } }, 'segments: expected an array'),
  withSegment('image-segment-null', null, 'segments[0]: expected an object { "place", "cells" }, found null'),
  withSegment('image-segment-number', 16, 'segments[0]: expected an object'),
  withSegment('image-segment-array', [16, [1]], 'segments[0]: expected an object'),
  withSegment('image-place-missing', { cells: [1] }, 'segments[0].place: expected a non-negative integer, found nothing'),
  withSegment('image-place-negative', { place: -1, cells: [1] }, 'segments[0].place: expected a non-negative integer, found -1'),
  withSegment('image-place-string', { place: '16', cells: [1] }, 'segments[0].place: expected a non-negative integer, found "16"'),
  withSegment('image-place-fraction', { place: 1.5, cells: [1] }, 'segments[0].place'),
  withSegment('image-address-negative', { place: 16, address: -4, cells: [1] }, 'segments[0].address'),
  withSegment('image-cells-missing', { place: 16 }, 'segments[0].cells: expected an array of cell values'),
  withSegment('image-cells-string', { place: 16, cells: '7f000000' }, 'segments[0].cells'),
  withSegment('image-cell-too-wide', { place: 16, cells: [1, 2 ** 32] }, 'segments[0].cells[1]: expected an integer from 0 to 4294967295 (32-bit cells), found 4294967296'),
  withSegment('image-cell-negative', { place: 16, cells: [-1] }, 'segments[0].cells[0]'),
  withSegment('image-cell-null', { place: 16, cells: [null] }, 'segments[0].cells[0]'),
  withSegment('image-cell-string', { place: 16, cells: ['0x10'] }, 'segments[0].cells[0]'),
  withSegment('image-beyond-storage', { place: 65530, cells: [1, 2, 3, 4, 5, 6, 7, 8] }, "segment 0 (8 cells at 65530) lies beyond pg74's storage of 65536 cells"),
  withSegment('image-place-huge', { place: 1e15, cells: [1] }, "lies beyond pg74's storage"),
  withSegment('image-vmm-place-huge', { place: 2 ** 40, cells: [1] }, "lies beyond pg74's storage", 'vmm'),
  withSegment('image-disasm-segment-null', null, 'segments[0]: expected an object', 'disasm'),
  withSegment('image-asm-cell-string', { place: 16, cells: ['x'] }, 'segments[0].cells[0]', 'asm'),
  image('image-symbol-nested-deep', `{"format":"vmcheck-image/1","segments":[],"symbols":{"a":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}}`, 'symbols.a: expected an integer, found an object'),
  image('image-symbols-array', { ...good, symbols: [16] }, 'symbols: expected an object of name: address'),
  image('image-symbol-string', { ...good, symbols: { start: '16' } }, 'symbols.start: expected an integer, found "16"'),
  image('image-named-s', { ...good, segments: [null] }, 'segments[0]: expected an object', 'run', 'p.s'),
];
