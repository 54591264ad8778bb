import { writeFileSync } from 'node:fs';
import { disassemble } from '../../asm/index.js';
import type { CommandSpec } from '../args.js';
import type { Io } from '../io.js';
import { resolveIsa } from '../load-isa.js';
import { imageFormat, imageOf, readProgram, type Image } from '../program-file.js';
import { checkOutputFile } from '../output-path.js';

export const asmSpec: CommandSpec = {
  name: 'asm',
  usage: 'asm <isa> <program.s> [-o image.json]',
  summary: 'Assemble a program: print a listing, or write a program image with -o.',
  details: `The image is JSON ("format": "${imageFormat}"): segments of cells with their physical
placement, and the symbol table. 'vmcheck run' and 'vmcheck disasm' read it.`,
  options: { output: { type: 'string', short: 'o' } },
  positionals: [2, 2],
};

export async function asm(args: { values: Record<string, unknown>; positionals: string[] }, io: Io): Promise<number> {
  const [isaRef, path] = args.positionals as [string, string];
  const out = args.values.output as string | undefined;
  if (out !== undefined) checkOutputFile('-o', out, [isaRef, path]);
  const isa = await resolveIsa(isaRef);
  const program = readProgram(isa, path);
  if (out !== undefined) {
    const image: Image = imageOf(isa, program);
    writeFileSync(out, JSON.stringify(image, null, 1) + '\n');
    const cells = program.segments.reduce((s, g) => s + g.cells.length, 0);
    io.out(`${out}: ${cells} cells in ${program.segments.length} segment${program.segments.length === 1 ? '' : 's'}`);
    return 0;
  }
  const width = Math.ceil(isa.state.storage.cellBits / 4);
  for (const seg of program.segments) {
    // The listing shows where each line is placed; labels count from the segment's own base.
    const base = seg.address ?? seg.place;
    for (const line of disassemble(isa, seg.cells, base, { symbols: program.symbols }))
      io.out(`${(seg.place + line.address - base).toString(16).padStart(8, '0')}  ${line.cells.map((c) => (typeof c === 'bigint' ? c : c >>> 0).toString(16).padStart(width, '0')).join(' ').padEnd(2 * width + 2)}  ${line.text}`);
  }
  return 0;
}
