/**
 * Input/output instructions (POO ch. 13, "Input/Output Operations": "Instructions"), all of
 * them: START I/O, START I/O FAST RELEASE, TEST I/O, CLEAR I/O, HALT I/O, HALT DEVICE, TEST
 * CHANNEL and STORE CHANNEL ID. Every one is privileged.
 *
 * ABSTRACTED: the channel subsystem. There is one abstract channel and device, whatever the
 * operand address names, and its whole state is the condition code it gives (IOS: 0 available,
 * 1 CSW stored, 2 busy, 3 not operational). An instruction sets the condition code from IOS and
 * performs no transfer: no CAW is read, no CSW stored, no I/O interruption is ever pending. The
 * console (machine.ts) is a storage-mapped byte, not a channel program. What the virtualization
 * question needs of I/O is here: each instruction reads system state, and none completes in the
 * problem state.
 */
import { eq } from '../../builder/ops.js';
import { c, type Bits } from '../../builder/bits.js';
import type { InstructionDecl } from '../../description.js';
import { CC, P, b } from './machine.js';
import { s } from './formats.js';

const IOS = b.reg('IOS') as Bits<2>;

const io = (mnemonic: string, opcode: number, name: string) =>
  s(mnemonic, opcode, {
    cite: `POO ch. 13, ${name}`,
    class: 'privileged',
    doc: 'CC := the abstract channel’s condition code (see the file’s comment).',
    semantics: (_f, $) => {
      $.trapIf(eq(P, 1), 'privilegedOperation', c(32, opcode >> 8));
      $.set(CC, IOS);
    },
  });

export const ioInstructions: InstructionDecl[] = [
  io('SIO', 0x9c00, 'Start I/O'),
  io('SIOF', 0x9c01, 'Start I/O Fast Release'),
  io('TIO', 0x9d00, 'Test I/O'),
  io('CLRIO', 0x9d01, 'Clear I/O'),
  io('HIO', 0x9e00, 'Halt I/O'),
  io('HDV', 0x9e01, 'Halt Device'),
  io('TCH', 0x9f00, 'Test Channel'),
  s('STIDC', 0xb203, {
    cite: 'POO ch. 13, Store Channel ID',
    class: 'privileged',
    doc: 'Stores the channel ID word (CHID) at real-or-virtual location 168 (A8 hex), CC 0; CC 3 when the channel is not operational.',
    semantics: (_f, $) => {
      $.trapIf(eq(P, 1), 'privilegedOperation', c(32, 0xb2));
      $.if(eq(IOS, 3), () => $.set(CC, 3), () => {
        $.store(c(24, 0xa8), b.reg('CHID') as Bits<32>, 'physical');
        $.set(CC, 0);
      });
    },
  }),
];
