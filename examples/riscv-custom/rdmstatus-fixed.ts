/**
 * The corrected draft: RDMSTATUS traps below M-mode (as the privileged CSRs do), so a monitor
 * keeping its guest in U-mode sees every use and can answer with the guest's own mstatus.
 *
 *   npx vmcheck check examples/riscv-custom/rdmstatus-fixed.ts
 */
import { extendIsa, ne, rv32, rv32Builder as b } from 'vmcheck/spec';

const x = b.file('x');

export const rdmstatus = b.insn('RDMSTATUS', {
  cite: 'custom-0 (unpriv. 26.2): a vendor extension',
  class: 'privileged',
  encoding: '000000000000 00000 000 rd:5 0001011',
  syntax: 'rdmstatus {rd}',
  doc: 'rd = mstatus; an illegal instruction below M-mode.',
  semantics: ({ rd }, $) => {
    $.trapIf(ne(b.reg('mode'), 3), 'privileged');
    $.set(x(rd), b.reg('mstatus'));
  },
});

export default extendIsa(rv32, {
  name: 'rv32-xrdmstatus-fixed',
  summary: 'rv32 with RDMSTATUS, which traps below M-mode',
  add: [rdmstatus],
});
