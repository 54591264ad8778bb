/** Flag parsing for the subcommands, with `--help` on each and errors as UsageError. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  /** Extra lines for --help. */
  details?: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Number of positional arguments: [min, max]. */
  positionals: [number, number];
}

export function helpText(spec: CommandSpec): string {
  return `usage: vmcheck ${spec.usage}\n\n${spec.summary}\n${spec.details ? '\n' + spec.details.trimEnd() + '\n' : ''}`;
}

export function parseCommand(spec: CommandSpec, argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...spec.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify.*$/s, '')}\n\n${helpText(spec)}`);
  }
  if (parsed.values.help) return { help: true as const, values: parsed.values, positionals: parsed.positionals };
  const [min, max] = spec.positionals;
  const n = parsed.positionals.length;
  if (n < min || n > max) throw new UsageError(`vmcheck ${spec.name}: expected ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, got ${n}\n\n${helpText(spec)}`);
  return { help: false as const, values: parsed.values, positionals: parsed.positionals };
}

/** A non-negative integer flag value (decimal or 0x-hex). */
export function intFlag(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const text = String(value);
  const n = /^(0x[0-9a-f]+|[0-9]+)$/i.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`--${name} expects a non-negative integer, not '${text}'`);
  return n;
}
