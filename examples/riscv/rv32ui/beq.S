# beq: branch if rs1 == rs2; the target is pc + sext(imm13), taken forward and backward here.
# unpriv. 2.5.2 Conditional Branches.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  TEST_BR2_OP_TAKEN( 2, beq, 0x00000000, 0x00000000 );
  TEST_BR2_OP_TAKEN( 3, beq, 0x00000001, 0x00000001 );
  TEST_BR2_OP_TAKEN( 4, beq, 0xffffffff, 0xffffffff );
  TEST_BR2_OP_NOTTAKEN( 5, beq, 0x00000000, 0x00000001 );
  TEST_BR2_OP_NOTTAKEN( 6, beq, 0x00000001, 0x00000000 );
  TEST_BR2_OP_NOTTAKEN( 7, beq, 0xffffffff, 0x00000001 );
  TEST_BR2_OP_NOTTAKEN( 8, beq, 0x00000001, 0xffffffff );
  TEST_BR2_OP_NOTTAKEN( 9, beq, 0xffffffff, 0x00000000 );
  TEST_BR2_OP_NOTTAKEN( 10, beq, 0x00000000, 0xffffffff );
  TEST_BR2_OP_NOTTAKEN( 11, beq, 0xfffffffe, 0xffffffff );
  TEST_BR2_OP_NOTTAKEN( 12, beq, 0xffffffff, 0xfffffffe );
  TEST_BR2_OP_NOTTAKEN( 13, beq, 0x7fffffff, 0x80000000 );
  TEST_BR2_OP_NOTTAKEN( 14, beq, 0x80000000, 0x7fffffff );
  TEST_BR2_OP_TAKEN( 15, beq, 0x80000000, 0x80000000 );
  TEST_BR2_OP_NOTTAKEN( 16, beq, 0xfffffffe, 0xffffffff );
  TEST_BR2_OP_NOTTAKEN( 17, beq, 0x12345678, 0x12345679 );

  #-- the same register as both operands
  TEST_CASE( 18, x14, 1, li x14, 0; li x1, 5; beq x1, x1, 1f; li x14, 2; j 2f; 1: li x14, 1; 2: );

  #-- far: forward by 0xaa8 (immediate bits 3, 5, .., 11 set), back by -0xaa8 (sign and bit 12)
  .option push
  .option norelax
test_19:
  li TESTNUM, 19
  li x14, 0
br_far_a:
  beq x0, x0, br_far_b
br_far_ret:
  SIG(x14)
  li x7, 19
  bne x14, x7, fail
  j br_far_done
  .org br_far_a + 0xaa8
br_far_b:
  li x14, 19
  beq x14, x14, br_far_ret
br_far_done:
  .option pop

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
