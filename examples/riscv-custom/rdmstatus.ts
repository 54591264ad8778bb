/**
 * An architect's custom instruction, first draft: RDMSTATUS rd — copy mstatus into rd in one
 * instruction, from any mode, in the custom-0 major opcode (unpriv. 26.2, 0001011).
 *
 *   npx vmcheck check examples/riscv-custom/rdmstatus.ts
 *
 * The checker finds it mode-sensitive (what it returns depends on machine state the monitor
 * virtualizes) but not privileged (U-mode runs it without trapping): Theorem 1 fails, and the
 * witness is a pair of states a guest could tell apart. rdmstatus-fixed.ts is the corrected draft.
 */
import { extendIsa, rv32, rv32Builder as b } from 'vmcheck/spec';

const x = b.file('x');

export const rdmstatus = b.insn('RDMSTATUS', {
  cite: 'custom-0 (unpriv. 26.2): a vendor extension',
  class: 'innocuous',
  encoding: '000000000000 00000 000 rd:5 0001011',
  syntax: 'rdmstatus {rd}',
  doc: 'rd = mstatus, in every mode.',
  semantics: ({ rd }, $) => $.set(x(rd), b.reg('mstatus')),
});

export default extendIsa(rv32, {
  name: 'rv32-xrdmstatus',
  summary: 'rv32 with RDMSTATUS, which reads mstatus in any mode',
  add: [rdmstatus],
});
