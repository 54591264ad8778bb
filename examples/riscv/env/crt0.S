# Start of the C programs, in M-mode: the same trap vectors and exit path as the assembly tests,
# a stack, a zeroed .bss, then main(). main returns 0 for a pass or n > 0 for failure n, which
# becomes the tohost value 1 or (n << 1) | 1. Any trap is unexpected and fails the program.
#include "riscv_test.h"

  .section .text.init, "ax", @progbits
  .weak mtvec_handler, stvec_handler
  .globl _start
_start:
  j reset_vector
  RVTEST_ENV_CODE

reset_vector:
  INIT_XREG
  la t0, trap_vector
  csrw mtvec, t0
  csrwi mstatus, 0
  csrwi mie, 0
  la sp, stack_top
  la t0, __bss_start
  la t1, __bss_end
1:bgeu t0, t1, 2f
  sw zero, 0(t0)
  addi t0, t0, 4
  j 1b
2:li TESTNUM, 0
  call main
  li TESTNUM, 1
  beqz a0, 3f
  slli TESTNUM, a0, 1
  ori TESTNUM, TESTNUM, 1
3:j env_exit

  RVTEST_ENV_DATA

  .section .bss
  .align 4
  .skip 8192
stack_top:
