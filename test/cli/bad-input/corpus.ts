/**
 * Every bad-input case, by what kind of input it is (issue 13). To add one: put it in the table of
 * its kind under cases/, named for what it must be rejected for, with the message that names the
 * file and the place; bad-input.test.ts runs it. Inputs that need a process of their own (memory,
 * exit codes through bin.js, about 1 MB) go in subprocess.test.ts.
 */
import type { BadInput } from './case.js';
import { jsonDescriptionCases } from './cases/descriptions-json.js';
import { moduleDescriptionCases } from './cases/descriptions-module.js';
import { extensionCases } from './cases/extensions.js';
import { assemblyCases } from './cases/assembly.js';
import { imageCases } from './cases/images.js';
import { elfCases } from './cases/elf.js';
import { commandLineCases } from './cases/command-lines.js';
import { outputPathCases } from './cases/output-paths.js';

export const corpus: Record<string, BadInput[]> = {
  'JSON descriptions': jsonDescriptionCases,
  'TS/JS descriptions': moduleDescriptionCases,
  'extension files': extensionCases,
  assembly: assemblyCases,
  images: imageCases,
  'ELF files': elfCases,
  'command lines': commandLineCases,
  'output paths': outputPathCases,
};
