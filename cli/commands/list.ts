import { catalog } from '../../spec/isa/catalog.js';
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
  const width = Math.max(...catalog.map((e) => e.name.length));
  for (const entry of catalog) {
    const isa = await entry.load();
    io.out(`${isa.name.padEnd(width)}  ${isa.instructions.length.toString().padStart(3)} instructions  ${entry.long ? '[long check] ' : ''}${isa.summary}`);
  }
  return 0;
}
