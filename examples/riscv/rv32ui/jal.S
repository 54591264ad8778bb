# jal rd, offset: rd = pc + 4; pc = pc + sext(imm21), the immediate scattered over
# imm[20|10:1|11|19:12]. Offsets of either sign and beyond 4 KiB set every field's bits both ways.
# unpriv. 2.5.1 Unconditional Jumps.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- the link register holds the address after the jal (0 when right)
  TEST_CASE( 2, x14, 0, jal x1, 1f; 2: li x14, 99; j 3f; 1: la x2, 2b; sub x14, x1, x2; 3: );
  TEST_CASE( 3, x14, 0, jal x31, 1f; 2: li x14, 99; j 3f; 1: la x2, 2b; sub x14, x31, x2; 3: );

  #-- jal x0 (j) jumps without linking
  TEST_CASE( 4, x14, 1, li x14, 1; jal x0, 1f; li x14, 2; 1: );
  TEST_CASE( 5, x0, 0, jal x0, 1f; 1: );

  #-- backward
  TEST_CASE( 6, x14, 3, li x14, 0; j 2f; 1: li x14, 3; j 3f; 2: jal x0, 1b; 3: );

  #-- far: forward by 0x1554 (immediate bits 2, 4, .., 12 set), back by -0x1554 (sign and upper bits)
  .option push
  .option norelax
test_7:
  li TESTNUM, 7
  li x14, 0
far_a:
  jal x1, far_b
far_ret:
  SIG(x14)
  li x7, 7
  bne x14, x7, fail
  TEST_CASE( 8, x14, 0, la x2, far_ret; sub x14, x1, x2 );
  j far_done
  .org far_a + 0x1554
far_b:
  li x14, 7
  jal x0, far_ret
far_done:
  .option pop

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
