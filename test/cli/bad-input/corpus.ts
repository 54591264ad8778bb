/** Every bad-input case, by what kind of input it is. */
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
