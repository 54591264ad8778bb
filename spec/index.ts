/** vmcheck/spec — the ISA description language, its builder, validation, and the bundled ISAs. */
export * from './ast.js';
export * from './description.js';
export * from './widths.js';
export * from './address-map.js';
export * from './compose.js';
export * from './builder/bits.js';
export * from './builder/ops.js';
export { Semantics, type PrivilegeHooks } from './builder/recorder.js';
export { isaBuilder, type IsaBuilder, type IsaConfig, type InsnInput, type RegisterInput, type FileInput, type TrapInput } from './builder/isa-builder.js';
export { parsePicture, type Picture, type PictureField, type FieldsOf } from './builder/picture.js';
export { loadIsa, validateIsa, assertValidIsa } from './validate/validate.js';
export { IsaError, formatIssue, formatPath, type IsaIssue, type PathSegment } from './validate/issues.js';
export { fixedPattern, placeholders } from './validate/check-encoding.js';
export { bundledIsas, bundledIsa, withRamSize, ramSizedIsas, pg74Family, pg74, pg74Builder, pg74Jrst, pg74Lra, pg74Mode, rv32, rv32Builder, rv32Instructions, rv32WithRam, rv32Sv32, rv32Sv32WithRam, rv32Sv32With, type Sv32Options, longChecks, vax, vaxBuilder, vaxInstructions, mips, mipsTlb8, mipsWith, armv7a, armv7aInstructions, armBuilder, m68000, m68010, s370, s370Instructions, x86, x86Tsd, x86Umip, pdp10, pdp10Instructions, pdp11, pdp11Instructions } from './isa/index.js';

import type { IsaDescription } from './description.js';
/** Identity with a type: lets a TypeScript file describe an ISA as data with checking. */
export function defineIsa(isa: IsaDescription): IsaDescription {
  return isa;
}
export * from './encoding.js';
export { catalog, catalogEntry, catalogNames, type CatalogEntry } from './isa/catalog.js';
export { extensionFormat, isExtensionFile, loadExtension, parseExtensionFile, applyExtension, type ExtensionFile } from './extension-file.js';
export { isaJsonSchema, extensionJsonSchema, type JsonSchema, type GeneratedSchema } from './json-schema/generate.js';
export { tickingCounters, carryingLow, type Ticking } from './timing.js';
