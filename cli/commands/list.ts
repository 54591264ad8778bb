import { bundledIsas, longChecks } from '../../spec/index.js';
import type { CommandSpec } from '../args.js';
import type { Io } from '../io.js';

export const listSpec: CommandSpec = {
  name: 'list',
  usage: 'list',
  summary: 'List the bundled ISAs, each with a one-line description; a long check is marked (check --all leaves it out).',
  options: {},
  positionals: [0, 0],
};

export async function list(_: unknown, io: Io): Promise<number> {
  const width = Math.max(...bundledIsas.map((i) => i.name.length));
  for (const isa of bundledIsas)
    io.out(`${isa.name.padEnd(width)}  ${isa.instructions.length.toString().padStart(3)} instructions  ${longChecks.includes(isa.name) ? '[long check] ' : ''}${isa.summary}`);
  return 0;
}
