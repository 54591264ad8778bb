# Instruction-address-misaligned (cause 0): without the C extension, a taken jump or branch to an
# address that is not a multiple of 4 traps on the jump itself: mepc = the jump, mtval = the target,
# and the jump's rd is not written. A branch that is not taken never traps, and jalr clears bit 0
# of its target before the check. mtval is checked for jalr; for jal and branches QEMU 7.2 writes
# a wrong address, so that check lives in strict/ma_fetch_tval.S.
# unpriv. 2.5 Control Transfer Instructions; priv. 3.1.15 mcause; 3.1.16 mtval.
#include "riscv_test.h"
#include "test_macros.h"

// After TEST_TRAP: x14 = mtval - (target label + 2)
#define TEST_TARGET(testnum, target) TEST_TRAP_TVAL_SYM(testnum, 2, target)

RVTEST_RV32M
RVTEST_CODE_BEGIN

  #-- jal, jalr and a taken branch to target + 2
  li x1, 0x1111
  TEST_TRAP( 2, CAUSE_MISALIGNED_FETCH, jal x1, 1f + 2; 1: nop; nop );
  TEST_TRAP_LEVEL( 3, 'M' );
  TEST_CASE( 4, x1, 0x1111, );                  # rd not written

  la x2, 1f + 2
  li x1, 0x2222
  TEST_TRAP( 5, CAUSE_MISALIGNED_FETCH, jalr x1, 0(x2); 1: nop; nop );
  TEST_TARGET( 6, 1b );
  TEST_CASE( 7, x1, 0x2222, );

  la x2, 1f - 2
  TEST_TRAP( 8, CAUSE_MISALIGNED_FETCH, jalr x0, 4(x2); 1: nop; nop );
  TEST_TARGET( 9, 1b );

  li x1, 5
  TEST_TRAP( 10, CAUSE_MISALIGNED_FETCH, beq x1, x1, 1f + 2; 1: nop; nop );
  TEST_TRAP_LEVEL( 11, 'M' );
  TEST_TRAP( 12, CAUSE_MISALIGNED_FETCH, bne x1, x0, 1f - 6; nop; 1: nop );

  #-- not taken: no trap
  TEST_CASE( 13, x14, 13, li x14, 13; li x1, 5; bne x1, x1, 1f + 2; j 2f; 1: nop; nop; li x14, 99; 2: );
  TEST_CASE( 14, x14, 14, li x14, 14; li x1, 5; blt x1, x0, 1f + 2; j 2f; 1: nop; nop; li x14, 99; 2: );

  #-- jalr to an odd address: bit 0 is dropped, so target + 1 is target and does not trap
  TEST_CASE( 15, x14, 15, li x14, 0; la x2, 1f; jalr x0, 1(x2); li x14, 99; 1: addi x14, x14, 15 );

  #-- the same from U-mode
  RVTEST_GOTO_U
  la x2, 1f + 2
  TEST_TRAP( 16, CAUSE_MISALIGNED_FETCH, jalr x0, 0(x2); 1: nop; nop );
  TEST_TARGET( 17, 1b );
  TEST_TRAP_STATUS( 18, MSTATUS_MPP, MPP_U );
  RVTEST_GOTO_M

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
