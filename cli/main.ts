/**
 * vmcheck's command line. User errors (bad flags, malformed ISAs, assembly errors, machine
 * errors) print one message and exit 2; only a bug in vmcheck prints a stack trace.
 */
import { helpText, parseCommand, type CommandSpec } from './args.js';
import { exitCodes, isStackOverflow, UsageError } from './errors.js';
import { processIo, type Io } from './io.js';
import { fsReason } from './input-file.js';
import { list, listSpec } from './commands/list.js';
import { run, runSpec } from './commands/run.js';
import { asm, asmSpec } from './commands/asm.js';
import { disasm, disasmSpec } from './commands/disasm.js';
import { check, checkSpec } from './commands/check.js';
import { vmm, vmmSpec } from './commands/vmm.js';
import { fuzz, fuzzSpec } from './commands/fuzz.js';

type Handler = (args: { values: Record<string, unknown>; positionals: string[] }, io: Io) => Promise<number>;

const commands: [CommandSpec, Handler][] = [
  [checkSpec, check],
  [listSpec, list],
  [runSpec, run],
  [asmSpec, asm],
  [disasmSpec, disasm],
  [vmmSpec, vmm],
  [fuzzSpec, fuzz],
];

function usage(): string {
  const width = Math.max(...commands.map(([s]) => s.name.length));
  return [
    'usage: vmcheck <command> [options]',
    '',
    'Decide whether an instruction set can be virtualized, and show it running.',
    '',
    'commands:',
    ...commands.map(([s]) => `  ${s.name.padEnd(width)}  ${s.summary}`),
    '',
    "'vmcheck <command> --help' describes a command.",
  ].join('\n');
}

/** Names of errors that are the user's input, not vmcheck's bug. */
const userErrors = new Set(['UsageError', 'IsaError', 'AsmError', 'AsmErrors', 'MachineError', 'VmmError', 'LoaderError', 'HostError', 'SolverUnavailableError']);

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // No command is a usage error: the usage goes where errors go.
    io.err(usage());
    return exitCodes.inputError;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return exitCodes.ok;
  }
  const entry = commands.find(([s]) => s.name === name);
  try {
    if (!entry) throw new UsageError(`unknown command '${name}'\n\n${usage()}`);
    const [spec, handler] = entry;
    const args = parseCommand(spec, rest);
    if (args.help) {
      io.out(helpText(spec));
      return exitCodes.ok;
    }
    return await handler(args, io);
  } catch (e) {
    const err = e as Error;
    if (userErrors.has(err?.name)) {
      io.err(err.name === 'UsageError' ? `vmcheck: ${err.message}` : err.message);
      return exitCodes.inputError;
    }
    // A path the commands did not check ahead (a race, a file a description names): still the
    // user's to fix, and the error names it.
    const fsError = e as NodeJS.ErrnoException;
    if (typeof fsError?.code === 'string' && typeof fsError.path === 'string') {
      io.err(`vmcheck: ${fsError.path}: ${fsReason(e)}`);
      return exitCodes.inputError;
    }
    if (isStackOverflow(e)) {
      io.err(`vmcheck: ${name}: the input nests too deeply to process (JavaScript's call stack overflowed)`);
      return exitCodes.inputError;
    }
    io.err(`vmcheck: internal error (please report it): ${err?.stack ?? String(e)}`);
    return exitCodes.internal;
  }
}
