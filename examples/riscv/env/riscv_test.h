// The test environment: entry code, trap vectors, PASS/FAIL, tohost, the signature and its dump.
//
// A program is
//     #include "riscv_test.h"
//     #include "test_macros.h"
//     RVTEST_RV32U            (or RVTEST_RV32S / RVTEST_RV32M: the mode the test code runs in)
//     RVTEST_CODE_BEGIN
//       ... test cases ...
//       TEST_PASSFAIL
//     RVTEST_CODE_END
//     RVTEST_DATA_BEGIN
//       ... data ...
//     RVTEST_DATA_END
//
// Register conventions: gp holds the test case number, tp points at the next signature word,
// t5/t6 belong to the trap vectors. A test that expects traps defines `mtvec_handler` (entered
// from M-mode's vector) or `stvec_handler` (from S-mode's); exits are handled before them.
#ifndef RISCV_TEST_H
#define RISCV_TEST_H

#include "encoding.h"

// Memory map (README): RAM from 0x80000000; a byte console; QEMU virt's test finisher.
#define CONSOLE_ADDR  0x10000000
#define FINISHER_ADDR 0x00100000
// Services of the trap vectors, asked for by an ecall from any mode with this number in a7:
#define EXIT_CALL   93   // end the test, TESTNUM holding the tohost value (riscv-tests' number)
#define GOTO_M_CALL 94   // continue at the next instruction in M-mode
// an unexpected trap during test case n reports failure n + UNEXPECTED_TRAP
#define UNEXPECTED_TRAP 1000

#define TESTNUM gp
#define SIGPTR  tp

// The mode the test code starts in: mret from reset with this MPP.
#define RVTEST_RV32U .macro init; .endm
#define RVTEST_RV32S .macro init; li t0, MPP_S; csrs mstatus, t0; .endm
#define RVTEST_RV32M .macro init; li t0, MPP_M; csrs mstatus, t0; .endm

#define INIT_XREG \
  li x1, 0;  li x2, 0;  li x3, 0;  li x4, 0;  li x5, 0;  li x6, 0;  li x7, 0;  li x8, 0;  \
  li x9, 0;  li x10, 0; li x11, 0; li x12, 0; li x13, 0; li x14, 0; li x15, 0; li x16, 0; \
  li x17, 0; li x18, 0; li x19, 0; li x20, 0; li x21, 0; li x22, 0; li x23, 0; li x24, 0; \
  li x25, 0; li x26, 0; li x27, 0; li x28, 0; li x29, 0; li x30, 0; li x31, 0;

// Both trap vectors, the exit path and the signature dump. Shared with the C runtime (crt0.S).
#define RVTEST_ENV_CODE \
  .align 2; \
  /* M-mode vector: service calls first, then the test's handler, else an unexpected trap. */ \
trap_vector: \
  csrr t5, mcause; \
  li t6, CAUSE_USER_ECALL;       beq t5, t6, 1f; \
  li t6, CAUSE_SUPERVISOR_ECALL; beq t5, t6, 1f; \
  li t6, CAUSE_MACHINE_ECALL;    bne t5, t6, 2f; \
1:li t6, EXIT_CALL; beq a7, t6, env_exit; \
  li t6, GOTO_M_CALL; bne a7, t6, 2f; \
  csrr t5, mepc; addi t5, t5, 4; csrw mepc, t5; \
  li t5, MSTATUS_MPP; csrs mstatus, t5; li t5, MSTATUS_MPIE; csrc mstatus, t5; \
  mret; \
2:la t5, mtvec_handler; beqz t5, env_unexpected_m; jr t5; \
env_unexpected_m: \
  la t5, env_trap_info; \
  csrr t6, mcause; sw t6, 0(t5); csrr t6, mepc; sw t6, 4(t5); csrr t6, mtval; sw t6, 8(t5); \
  li t6, 'M'; sw t6, 12(t5); \
  li t6, UNEXPECTED_TRAP; add TESTNUM, TESTNUM, t6; slli TESTNUM, TESTNUM, 1; ori TESTNUM, TESTNUM, 1; \
  j env_exit; \
  .align 2; \
  /* S-mode vector: a delegated service call goes on to M-mode; the same order otherwise. */ \
strap_vector: \
  csrr t5, scause; \
  li t6, CAUSE_USER_ECALL; bne t5, t6, 1f; \
  li t6, EXIT_CALL; beq a7, t6, 3f; \
  li t6, GOTO_M_CALL; bne a7, t6, 1f; \
  /* Pass the request to M-mode; back here in M-mode, go on after the U-mode ecall. */ \
3:ecall; \
  csrr t5, sepc; addi t5, t5, 4; jr t5; \
1:la t5, stvec_handler; beqz t5, env_unexpected_s; jr t5; \
env_unexpected_s: \
  la t5, env_trap_info; \
  csrr t6, scause; sw t6, 0(t5); csrr t6, sepc; sw t6, 4(t5); csrr t6, stval; sw t6, 8(t5); \
  li t6, 'S'; sw t6, 12(t5); \
  li t6, UNEXPECTED_TRAP; add TESTNUM, TESTNUM, t6; slli TESTNUM, TESTNUM, 1; ori TESTNUM, TESTNUM, 1; \
  li a7, EXIT_CALL; ecall; \
  /* The end, in M-mode, TESTNUM holding the tohost value: dump, write tohost, stop QEMU. */ \
env_exit: \
  li t5, MSTATUS_MPRV; csrc mstatus, t5; \
  la a0, env_msg_begin; jal t0, env_puts; \
  la s0, begin_signature; la s1, end_signature; \
1:bgeu s0, s1, 2f; lw a0, 0(s0); jal t0, env_puthex; addi s0, s0, 4; j 1b; \
2:la a0, env_msg_end; jal t0, env_puts; \
  la s0, env_trap_info; lw s1, 12(s0); beqz s1, 3f; \
  la a0, env_msg_trap; jal t0, env_puts; li a1, CONSOLE_ADDR; sb s1, 0(a1); \
  la a0, env_msg_cause; jal t0, env_puts; lw a0, 0(s0); jal t0, env_puthex; \
  la a0, env_msg_epc;   jal t0, env_puts; lw a0, 4(s0); jal t0, env_puthex; \
  la a0, env_msg_tval;  jal t0, env_puts; lw a0, 8(s0); jal t0, env_puthex; \
3:la a0, env_msg_tohost; jal t0, env_puts; mv a0, TESTNUM; jal t0, env_puthex; \
  la t5, tohost; sw TESTNUM, 0(t5); sw zero, 4(t5); \
  /* Only QEMU gets here: an implementation that stops at the tohost write never does. */ \
  la t5, env_halt; csrw mtvec, t5; \
  li t6, 0x5555; li t5, 1; beq TESTNUM, t5, 4f; \
  slli t6, TESTNUM, 16; li t5, 0x3333; or t6, t6, t5; \
4:li t5, FINISHER_ADDR; sw t6, 0(t5); \
  .align 2; \
env_halt: \
  j env_halt; \
  /* a0: NUL-terminated string; returns through t0. */ \
env_puts: \
  li t1, CONSOLE_ADDR; \
1:lbu t2, 0(a0); beqz t2, 2f; sb t2, 0(t1); addi a0, a0, 1; j 1b; \
2:jr t0; \
  /* a0: printed as 8 hex digits and a newline; returns through t0. */ \
env_puthex: \
  li t1, CONSOLE_ADDR; li t3, 28; li t4, 9; \
1:srl t2, a0, t3; andi t2, t2, 15; bleu t2, t4, 2f; addi t2, t2, 'a' - '0' - 10; \
2:addi t2, t2, '0'; sb t2, 0(t1); addi t3, t3, -4; bgez t3, 1b; \
  li t2, '\n'; sb t2, 0(t1); \
  jr t0;

#define RVTEST_ENV_DATA \
  .pushsection .tohost, "aw", @progbits; \
  .align 6; .globl tohost;   .type tohost, @object;   .size tohost, 8;   tohost:   .dword 0; \
  .align 6; .globl fromhost; .type fromhost, @object; .size fromhost, 8; fromhost: .dword 0; \
  .popsection; \
  .pushsection .data; \
  .align 2; env_trap_info: .word 0, 0, 0, 0; \
  .popsection; \
  .pushsection .rodata, "a", @progbits; \
  env_msg_begin:  .string "signature begin\n"; \
  env_msg_end:    .string "signature end\n"; \
  env_msg_trap:   .string "unexpected trap in mode "; \
  env_msg_cause:  .string "\ncause "; \
  env_msg_epc:    .string "epc "; \
  env_msg_tval:   .string "tval "; \
  env_msg_tohost: .string "tohost "; \
  .popsection;

#define RVTEST_CODE_BEGIN \
  .section .text.init, "ax", @progbits; \
  .weak mtvec_handler, stvec_handler; \
  .globl _start; \
_start: \
  j reset_vector; \
  RVTEST_ENV_CODE \
reset_vector: \
  INIT_XREG \
  la t0, trap_vector; csrw mtvec, t0; \
  /* Let S and U reach all memory; with PMP present and no entry, their accesses fault. */ \
  /* The CSRs below trap on an implementation without them: skip to 1f then. */ \
  la t0, 1f; csrw mtvec, t0; \
  li t0, -1; csrw pmpaddr0, t0; \
  li t0, PMP_NAPOT | PMP_R | PMP_W | PMP_X; csrw pmpcfg0, t0; \
  csrwi satp, 0; \
  .align 2; \
1:la t0, trap_vector; csrw mtvec, t0; \
  csrwi medeleg, 0; csrwi mideleg, 0; csrwi mie, 0; csrwi mip, 0; \
  csrwi mcounteren, 0; csrwi scounteren, 0; \
  la t0, strap_vector; csrw stvec, t0; \
  li TESTNUM, 0; la SIGPTR, begin_signature; \
  csrwi mstatus, 0; \
  init; \
  la t0, env_test_start; csrw mepc, t0; \
  mret; \
env_test_start:

#define RVTEST_CODE_END unimp;

#define RVTEST_DATA_BEGIN RVTEST_ENV_DATA .data; .align 4;
#define RVTEST_DATA_END   .align 4;

// Mode switches for the test code: GOTO_S and GOTO_U from M-mode (an mret), GOTO_M from any
// mode (a service call). Each continues with the next instruction, with mstatus.MIE = 0 (an mret
// would otherwise set it from MPIE); t0 is clobbered.
#define RVTEST_GOTO_MODE(mpp) \
  li t0, MSTATUS_MPP | MSTATUS_MPIE; csrc mstatus, t0; li t0, mpp; csrs mstatus, t0; \
  la t0, 1f; csrw mepc, t0; mret; 1:
#define RVTEST_GOTO_S RVTEST_GOTO_MODE(MPP_S)
#define RVTEST_GOTO_U RVTEST_GOTO_MODE(MPP_U)
#define RVTEST_GOTO_M li a7, GOTO_M_CALL; ecall;

// Ends the test: an ecall the trap vector turns into the tohost write.
#define RVTEST_PASS \
  fence; li TESTNUM, 1; li a7, EXIT_CALL; ecall;

// Fails test case TESTNUM (1 when no case has started: 0 would read as a pass).
#define RVTEST_FAIL \
  fence; bnez TESTNUM, 1f; li TESTNUM, 1; \
1:slli TESTNUM, TESTNUM, 1; ori TESTNUM, TESTNUM, 1; li a7, EXIT_CALL; ecall;

#endif
