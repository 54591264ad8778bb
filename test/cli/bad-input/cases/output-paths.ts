/**
 * Output paths that cannot be written, refused before any work starts (a check is minutes of
 * work), and files that are not vmcheck's to overwrite, left exactly as they were.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { literal, type BadInput } from '../case.js';

/** `vmcheck: <flag> <path>…: <rest>`, the form every output path error takes. */
const flag = (name: string, rest: RegExp) => new RegExp(`vmcheck: ${literal(name)} \\S+[^]*(?:${rest.source})`);

const program = '        .org 16\n        halt\n';
const precious = 'my notes: do not lose\n';
const description = JSON.stringify({ format: 'vmcheck-isa/1', name: 'mine' });
const files = { 'p.s': program, 'notes.txt': precious, 'isa.json': description, 'dir/x': '' };

/** The file is unchanged and no temporary file was left beside it. */
const unchanged = (name: string, content: string) => (path: (n: string) => string) => {
  if (readFileSync(path(name), 'utf8') !== content) return `${name} was changed`;
  const stray = readdirSync(path('.')).filter((f) => f.startsWith('.save-') || f.endsWith('.lock'));
  return stray.length > 0 ? `left behind: ${stray.join(', ')}` : undefined;
};
const nothingLeft = (path: (n: string) => string) => {
  const stray = readdirSync(path('.')).filter((f) => f.startsWith('.save-') || f.endsWith('.lock'));
  return stray.length > 0 ? `left behind: ${stray.join(', ')}` : existsSync(path('missing')) ? 'made the missing directory' : undefined;
};

function output(name: string, argv: string[], message: RegExp, after: BadInput['after'] = nothingLeft): BadInput {
  return { name, files, argv, message, after };
}

export const outputPathCases: BadInput[] = [
  output('check-o-into-missing-directory', ['check', 'pg74', '--no-cache', '-o', '@missing/report.txt'], flag('-o', /missing\/report\.txt: the directory \S*missing does not exist/)),
  output('check-o-onto-directory', ['check', 'pg74', '--no-cache', '-o', '@dir'], flag('-o', /dir: is a directory; expected a file name to write/)),
  output('check-o-through-a-file', ['check', 'pg74', '--no-cache', '-o', '@notes.txt/report.txt'], flag('-o', /notes\.txt\/report\.txt: a part of the path is a file, not a directory/)),
  output('check-o-empty-name', ['check', 'pg74', '--no-cache', '-o', ''], /-o needs a file name/),
  output('check-smt-out-onto-file', ['check', 'pg74', '--smt-out', '@notes.txt'], flag('--smt-out', /notes\.txt: is a file; expected a directory/), unchanged('notes.txt', precious)),
  output('check-smt-out-under-a-file', ['check', 'pg74', '--smt-out', '@notes.txt/queries'], flag('--smt-out', /notes\.txt\/\S+: a part of the path is a file, not a directory/)),
  output('check-cache-onto-text-file', ['check', 'pg74', '--cache', '@notes.txt'], flag('--cache', /notes\.txt: not a vmcheck cache \(expected a JSON file beginning \{"format": "vmcheck-findings\/…"\}\); it would be overwritten/), unchanged('notes.txt', precious)),
  output('check-cache-onto-description', ['check', 'pg74', '--cache', '@isa.json'], flag('--cache', /isa\.json: not a vmcheck cache/), unchanged('isa.json', description)),
  output('check-cache-onto-directory', ['check', 'pg74', '--cache', '@dir'], flag('--cache', /dir: is a directory; expected a cache file \(e\.g\. \S*dir\/findings\.json\)/)),
  output('check-cache-under-a-file', ['check', 'pg74', '--cache', '@notes.txt/findings.json'], flag('--cache', /notes\.txt\/\S+: a part of the path is a file, not a directory/), unchanged('notes.txt', precious)),
  output('check-o-checked-before-isa', ['check', '@nowhere.json', '-o', '@dir'], flag('-o', /is a directory/)),
  output('check-o-onto-its-own-description', ['check', '@isa.json', '-o', '@isa.json'], flag('-o', /isa\.json: is also an input of this command/), unchanged('isa.json', description)),
  output('asm-o-onto-its-own-source', ['asm', 'pg74', '@p.s', '-o', '@p.s'], flag('-o', /p\.s: is also an input of this command/), unchanged('p.s', program)),
  output('asm-o-onto-its-source-by-another-name', ['asm', 'pg74', '@p.s', '-o', '@dir/../p.s'], flag('-o', /p\.s: is also an input of this command/), unchanged('p.s', program)),
  output('asm-o-into-missing-directory', ['asm', 'pg74', '@p.s', '-o', '@missing/p.json'], flag('-o', /the directory \S*missing does not exist/)),
  output('asm-o-onto-directory', ['asm', 'pg74', '@p.s', '-o', '@dir'], flag('-o', /dir: is a directory/)),
  output('asm-o-through-a-file', ['asm', 'pg74', '@p.s', '-o', '@notes.txt/p.json'], flag('-o', /notes\.txt\/\S+: a part of the path is a file, not a directory/), unchanged('notes.txt', precious)),
  output('asm-o-checked-before-assembling', ['asm', 'pg74', '@nowhere.s', '-o', '@missing/p.json'], flag('-o', /does not exist/)),
];
