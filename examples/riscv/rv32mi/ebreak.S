# ebreak from M, S and U raises the breakpoint exception (cause 3) with mepc at the ebreak; mtval
# is 0 or the ebreak's address (the implementation chooses: the signature gets 0 either way).
# priv. 3.3.1 Environment Call and Breakpoint; 3.1.16 Machine Trap Value Register (mtval).
#include "riscv_test.h"
#include "test_macros.h"

// x14 = 0 when mtval is 0 or the address of the ebreak
#define TEST_BREAK_TVAL(testnum) \
  TEST_CASE(testnum, x14, 0, \
    la x15, trap_record; lw x14, TR_TVAL(x15); beqz x14, 1f; lw x7, TR_EPC(x15); sub x14, x14, x7; 1:)

RVTEST_RV32M
RVTEST_CODE_BEGIN

  TEST_TRAP( 2, CAUSE_BREAKPOINT, ebreak );
  TEST_BREAK_TVAL( 3 );
  TEST_TRAP_STATUS( 4, MSTATUS_MPP, MPP_M );

  RVTEST_GOTO_S
  TEST_TRAP( 5, CAUSE_BREAKPOINT, ebreak );
  TEST_BREAK_TVAL( 6 );
  TEST_TRAP_STATUS( 7, MSTATUS_MPP, MPP_S );
  RVTEST_GOTO_M

  RVTEST_GOTO_U
  TEST_TRAP( 8, CAUSE_BREAKPOINT, ebreak );
  TEST_BREAK_TVAL( 9 );
  TEST_TRAP_STATUS( 10, MSTATUS_MPP, MPP_U );
  RVTEST_GOTO_M

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
