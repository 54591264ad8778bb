# Exception delegation: a trap from S- or U-mode whose cause has its bit set in medeleg goes to
# S-mode (stvec) instead: scause, sepc and stval are written, SPP gets the mode it came from, SPIE
# gets SIE and SIE is cleared; sret returns. Causes not delegated still go to M-mode, and a trap
# from M-mode never goes to S-mode, whatever medeleg says.
# priv. 3.1.8 Machine Trap Delegation Registers; 4.1.1 Supervisor Status Register.
#include "riscv_test.h"
#include "test_macros.h"

#define NOWHERE 0xc0000000
#define DELEGATED ((1 << CAUSE_MISALIGNED_FETCH) | (1 << CAUSE_ILLEGAL_INSTRUCTION) | \
  (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_LOAD_ACCESS) | (1 << CAUSE_STORE_ACCESS) | \
  (1 << CAUSE_USER_ECALL))

RVTEST_RV32M
RVTEST_CODE_BEGIN

  li x1, DELEGATED
  csrw medeleg, x1

  #-- from U-mode, to S-mode: each delegated cause, with scause, sepc, stval and SPP = U
  RVTEST_GOTO_U
  li a7, 0
  TEST_TRAP( 2, CAUSE_USER_ECALL, ecall );
  TEST_TRAP_LEVEL( 3, 'S' );
  TEST_TRAP_TVAL( 4, 0 );
  TEST_TRAP_STATUS( 5, MSTATUS_SPP, 0 );
  TEST_ILLEGAL( 6, .word 0 );
  TEST_TRAP_LEVEL( 7, 'S' );
  TEST_TRAP( 8, CAUSE_BREAKPOINT, ebreak );
  TEST_TRAP_LEVEL( 9, 'S' );
  li x1, NOWHERE
  TEST_TRAP( 10, CAUSE_LOAD_ACCESS, lw x14, 8(x1) );
  TEST_TRAP_LEVEL( 11, 'S' );
  TEST_TRAP_TVAL( 12, NOWHERE + 8 );
  li x1, NOWHERE
  TEST_TRAP( 13, CAUSE_STORE_ACCESS, sw x0, 4(x1) );
  TEST_TRAP_LEVEL( 14, 'S' );
  TEST_TRAP_TVAL( 15, NOWHERE + 4 );
  la x2, 1f + 2
  TEST_TRAP( 16, CAUSE_MISALIGNED_FETCH, jalr x0, 0(x2); 1: nop; nop );
  TEST_TRAP_LEVEL( 17, 'S' );
  TEST_TRAP_TVAL_SYM( 18, 2, 1b );
  RVTEST_GOTO_M                               # itself a delegated ecall, passed on by S-mode

  #-- from S-mode: delegated causes stay in S-mode (SPP = S); the ecall from S is not delegated
  RVTEST_GOTO_S
  TEST_TRAP( 19, CAUSE_BREAKPOINT, ebreak );
  TEST_TRAP_LEVEL( 20, 'S' );
  TEST_TRAP_STATUS( 21, MSTATUS_SPP, MSTATUS_SPP );
  TEST_ILLEGAL( 22, csrr x14, mstatus );
  TEST_TRAP_LEVEL( 23, 'S' );
  li a7, 0
  TEST_TRAP( 24, CAUSE_SUPERVISOR_ECALL, ecall );
  TEST_TRAP_LEVEL( 25, 'M' );
  TEST_TRAP_STATUS( 26, MSTATUS_MPP, MPP_S );

  #-- the S interrupt-enable stack: SIE goes to SPIE and is cleared; sret puts it back
  csrsi sstatus, MSTATUS_SIE
  TEST_TRAP( 27, CAUSE_BREAKPOINT, ebreak );
  TEST_TRAP_STATUS( 28, MSTATUS_SIE | MSTATUS_SPIE, MSTATUS_SPIE );
  TEST_CASE( 29, x14, MSTATUS_SIE | MSTATUS_SPIE, csrr x14, sstatus; andi x14, x14, MSTATUS_SIE | MSTATUS_SPIE );
  csrci sstatus, MSTATUS_SIE
  RVTEST_GOTO_M

  #-- M-mode traps go to M-mode, delegated or not
  TEST_TRAP( 30, CAUSE_BREAKPOINT, ebreak );
  TEST_TRAP_LEVEL( 31, 'M' );
  TEST_ILLEGAL( 32, .word 0 );
  TEST_TRAP_LEVEL( 33, 'M' );

  #-- a cause taken out of medeleg goes to M-mode again
  li x1, 1 << CAUSE_BREAKPOINT
  csrc medeleg, x1
  RVTEST_GOTO_U
  TEST_TRAP( 34, CAUSE_BREAKPOINT, ebreak );
  TEST_TRAP_LEVEL( 35, 'M' );
  TEST_TRAP_STATUS( 36, MSTATUS_MPP, MPP_U );
  TEST_ILLEGAL( 37, .word 0 );
  TEST_TRAP_LEVEL( 38, 'S' );
  RVTEST_GOTO_M
  csrw medeleg, x0

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
