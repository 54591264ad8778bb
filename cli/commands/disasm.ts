import { disassembleProgram } from '../../asm/index.js';
import type { CommandSpec } from '../args.js';
import type { Io } from '../io.js';
import { resolveIsa } from '../load-isa.js';
import { readProgram } from '../program-file.js';

export const disasmSpec: CommandSpec = {
  name: 'disasm',
  usage: 'disasm <isa> <image.json|program.s>',
  summary: 'Disassemble a program image (or assembly source) into assembly that re-assembles to the same cells.',
  options: {},
  positionals: [2, 2],
};

export async function disasm(args: { values: Record<string, unknown>; positionals: string[] }, io: Io): Promise<number> {
  const [isaRef, path] = args.positionals as [string, string];
  const isa = await resolveIsa(isaRef);
  io.out(disassembleProgram(isa, readProgram(isa, path)).trimEnd());
  return 0;
}
