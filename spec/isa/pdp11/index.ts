/** pdp11: the DEC PDP-11/45 — PSW with current and previous mode, banked stack pointers, two register sets, KT11-C memory management, the PSW and page registers in the I/O page. See machine.ts. */
import { ioPageMapped, pdp11Builder } from './machine.js';
import { integerInstructions } from './integer.js';
import { systemInstructions } from './system.js';

export const pdp11Instructions = [...integerInstructions, ...systemInstructions];

export const pdp11 = pdp11Builder.define({
  name: 'pdp11',
  summary: 'DEC PDP-11/45: kernel/supervisor/user modes with previous mode, banked R6, two register sets, KT11-C page registers, PSW and MMU registers in the I/O page, RTI/RTT/SPL/RESET/WAIT/MFPx/MTPx',
  manual: 'PDP-11/45 Processor Handbook (DEC, 1973); PDP-11 Processor Handbook (DEC, 1979), memory management',
  instructions: pdp11Instructions,
});

/**
 * The same machine with the whole I/O page of the model mapped: the 48 page registers too, as on
 * the 11/45, so that a kernel can program memory management with ordinary stores. Not bundled:
 * its check is several times slower than pdp11's (machine.ts).
 */
export const pdp11IoPage = pdp11Builder.withState({ storage: { ...pdp11.state.storage, mapped: ioPageMapped } }).define({
  name: 'pdp11-iopage',
  summary: 'DEC PDP-11/45 as pdp11, with the 48 page registers also in the I/O page',
  manual: pdp11.manual!,
  instructions: pdp11Instructions,
});

export { pdp11Builder, consoleAddress, pswAddress, resetPc, resetPsw, storageBytes, vector } from './machine.js';
