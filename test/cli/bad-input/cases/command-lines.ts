/**
 * Malformed command lines: unknown commands and flags, flag values of the wrong kind or out of
 * range, and path arguments that are missing, directories, or run through a file. The message
 * names the flag or the path and what was expected.
 */
import { about, literal, type BadInput } from '../case.js';

const program = '        .org 16\n        halt\n';
const files = { 'p.s': program, 'plain.txt': 'not a directory\n', 'dir/x': '' };

function line(name: string, argv: string[], message: string | RegExp): BadInput {
  return { name, files, argv, message: typeof message === 'string' ? new RegExp(literal(message)) : message };
}

/** Each path argument of each command: missing, a directory, or through a file. */
const pathCases: BadInput[] = (
  [
    ['run', ['run', 'pg74', '$']],
    ['vmm', ['vmm', 'pg74', '$']],
    ['asm', ['asm', 'pg74', '$']],
    ['disasm', ['disasm', 'pg74', '$']],
    ['run-isa', ['run', '$', '@p.s']],
    ['check-isa', ['check', '$']],
    ['fuzz-isa', ['fuzz', '$']],
  ] as const
).flatMap(([where, argv]) =>
  (
    [
      ['missing', 'nowhere.s', 'no such file or directory'],
      ['directory', 'dir', 'is a directory; expected'],
      ['through-a-file', 'plain.txt/p.s', 'a part of the path is a file, not a directory'],
    ] as const
  ).map(([kind, path, message]) => {
    // A missing ISA path without an extension reads as an unknown bundled name: give it one.
    const shown = where.endsWith('isa') && kind !== 'directory' ? path.replace('.s', '.json') : path;
    return { name: `path-${where}-${kind}`, files, argv: argv.map((a) => (a === '$' ? `@${shown}` : a)), message: about(shown, message) };
  }),
);

export const commandLineCases: BadInput[] = [
  line('no-command', [], 'usage: vmcheck <command>'),
  line('unknown-command', ['frobnicate'], "vmcheck: unknown command 'frobnicate'"),
  line('command-misspelt', ['chek', 'pg74'], "unknown command 'chek'"),
  line('unknown-flag', ['run', 'pg74', '@p.s', '--fast'], "Unknown option '--fast'"),
  line('flag-missing-value', ['run', 'pg74', '@p.s', '--steps'], "Option '--steps <value>' argument missing"),
  line('run-too-few-arguments', ['run', 'pg74'], 'vmcheck run: expected 2 arguments, got 1'),
  line('run-too-many-arguments', ['run', 'pg74', '@p.s', 'extra'], 'vmcheck run: expected 2 arguments, got 3'),
  line('list-with-argument', ['list', 'pg74'], 'vmcheck list: expected 0 arguments, got 1'),
  line('unknown-isa-name', ['run', 'pg75', '@p.s'], "unknown ISA 'pg75': not a bundled ISA"),
  line('steps-not-a-number', ['run', 'pg74', '@p.s', '--steps', 'many'], "--steps expects a non-negative integer, not 'many'"),
  line('steps-negative', ['run', 'pg74', '@p.s', '--steps', '-5'], /--steps|argument missing/),
  line('steps-exponent', ['run', 'pg74', '@p.s', '--steps', '1e6'], "--steps expects a non-negative integer, not '1e6'"),
  line('steps-beyond-safe-integer', ['run', 'pg74', '@p.s', '--steps', '99999999999999999999'], '--steps expects a non-negative integer'),
  line('storage-zero', ['run', 'pg74', '@p.s', '--storage', '0'], '--storage expects 1 to 67108864 cells, not 0'),
  line('storage-huge', ['run', 'pg74', '@p.s', '--storage', '0x100000000'], '--storage expects 1 to 67108864 cells'),
  line('storage-smaller-than-program', ['run', 'pg74', '@p.s', '--storage', '8'], "segment 0 (1 cells at 16) lies beyond pg74's storage of 8 cells"),
  line('dump-malformed', ['run', 'pg74', '@p.s', '--dump', '0x100'], "--dump expects ADDR:COUNT, like 0x100:16, not '0x100'"),
  line('dump-past-storage', ['run', 'pg74', '@p.s', '--dump', '0:99999999'], "--dump 0:99999999: cells 0..99999998 run past pg74's storage of 65536 cells"),
  line('dump-starts-past-storage', ['run', 'pg74', '@p.s', '--dump', '0x10000:4'], "--dump 0x10000:4: cells 65536..65539 run past pg74's storage"),
  line('fuzz-runs-zero', ['fuzz', 'pg74', '--runs', '0'], '--runs must be at least 1'),
  line('fuzz-time-zero', ['fuzz', 'pg74', '--time', '0'], '--time must be at least 1 ms'),
  line('program-from-dev-zero', ['run', 'pg74', '/dev/zero'], '/dev/zero: more than 134217728 bytes; vmcheck reads at most 134217728 bytes as'),
  line('cache-onto-dev-null', ['check', 'pg74', '--cache', '/dev/null'], '--cache /dev/null: not a regular file; expected a cache file'),
  line('ram-on-isa-without-ram', ['run', 'pg74', '@p.s', '--ram', '1M'], "--ram: the ISA 'pg74' has no RAM size option"),
  line('ram-malformed', ['run', 'rv32', '@p.s', '--ram', 'lots'], "--ram expects a size in bytes such as 16M"),
  line('ram-too-large', ['run', 'rv32', '@p.s', '--ram', '4G'], /--ram 4G: /),
  line('ram-not-multiple-of-four', ['run', 'rv32', '@p.s', '--ram', '1001'], /--ram 1001: /),
  line('vmm-depth-zero', ['vmm', 'pg74', '@p.s', '--depth', '0'], '--depth must be at least 1'),
  line('vmm-depth-thousand', ['vmm', 'pg74', '@p.s', '--depth', '1000'], '--depth 1000: at most 256 monitors nest'),
  line('vmm-guests-zero', ['vmm', 'pg74', '@p.s', '--guests', '0'], '--guests must be at least 1'),
  line('vmm-guests-beyond-storage', ['vmm', 'pg74', '@p.s', '--guests', '1000000'], "--guests 1000000: at least 256 cells each, more than the emulator's 67108864 cells hold"),
  line('check-no-isa', ['check'], 'name at least one ISA, or --all'),
  line('check-isa-and-all', ['check', 'pg74', '--all'], 'give ISAs or --all, not both'),
  line('check-format-unknown', ['check', 'pg74', '--format', 'pdf'], '--format must be one of text, json, md, sarif, junit, html'),
  line('check-expect-unknown', ['check', 'pg74', '--expect', 'maybe'], '--expect must be one of virtualizable, hybrid, not-virtualizable'),
  line('check-timeout-zero', ['check', 'pg74', '--timeout', '0'], '--timeout must be at least 1 ms'),
  line('check-timeout-words', ['check', 'pg74', '--timeout', 'soon'], "--timeout expects a non-negative integer, not 'soon'"),
  line('check-workers-zero', ['check', 'pg74', '--workers', '0', '--no-cache'], '--workers must be at least 1'),
  line('check-solver-unknown', ['check', 'pg74', '--solver', 'yices', '--no-cache'], '--solver must be one of'),
  line('check-cross-check-same-solver', ['check', 'pg74', '--cross-check', 'z3-wasm', '--no-cache'], '--cross-check z3-wasm would ask the solver that already answers'),
  line('check-cache-and-no-cache', ['check', 'pg74', '--cache', '@c.json', '--no-cache'], 'give --cache FILE or --no-cache, not both'),
  line('fuzz-path-without-seed', ['fuzz', 'pg74', '--path', '1:2'], '--path replays a failure only together with its --seed'),
  line('fuzz-path-malformed', ['fuzz', 'pg74', '--seed', '1', '--path', 'zz'], "--path expects the path a failure printed, numbers separated by ':' (e.g. 12:0:3), not 'zz'"),
  { ...line('fuzz-path-replays-no-failure', ['fuzz', 'pg74', '--seed', '1', '--path', '99999:99999', '--runs', '5'], '--path 99999:99999 replayed a case with no difference'), code: 0 },
  line('fuzz-seed-not-integer', ['fuzz', 'pg74', '--seed', 'abc'], "--seed expects an integer, not 'abc'"),
  line('fuzz-depth-zero', ['fuzz', 'pg74', '--depth', '0'], '--depth must be at least 1'),
  line('fuzz-depth-thousand', ['fuzz', 'pg74', '--depth', '1000'], '--depth 1000: at most 256 monitors nest'),
  line('fuzz-configuration-malformed', ['fuzz', 'pg74', '--configuration', 'M=1'], "--configuration: expected REG[MASK] = VALUE"),
  line('fuzz-from-step-without-from', ['fuzz', 'vax', '--from-step', '3'], '--from-step names a step of the --from program: give --from too'),
  line('fuzz-from-missing-file', ['fuzz', 'pg74', '--from', 'no-such-kernel.s'], 'no-such-kernel.s'),
  ...pathCases,
];
