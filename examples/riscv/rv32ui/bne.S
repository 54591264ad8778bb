# bne: branch if rs1 != rs2; the target is pc + sext(imm13), taken forward and backward here.
# unpriv. 2.5.2 Conditional Branches.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  TEST_BR2_OP_NOTTAKEN( 2, bne, 0x00000000, 0x00000000 );
  TEST_BR2_OP_NOTTAKEN( 3, bne, 0x00000001, 0x00000001 );
  TEST_BR2_OP_NOTTAKEN( 4, bne, 0xffffffff, 0xffffffff );
  TEST_BR2_OP_TAKEN( 5, bne, 0x00000000, 0x00000001 );
  TEST_BR2_OP_TAKEN( 6, bne, 0x00000001, 0x00000000 );
  TEST_BR2_OP_TAKEN( 7, bne, 0xffffffff, 0x00000001 );
  TEST_BR2_OP_TAKEN( 8, bne, 0x00000001, 0xffffffff );
  TEST_BR2_OP_TAKEN( 9, bne, 0xffffffff, 0x00000000 );
  TEST_BR2_OP_TAKEN( 10, bne, 0x00000000, 0xffffffff );
  TEST_BR2_OP_TAKEN( 11, bne, 0xfffffffe, 0xffffffff );
  TEST_BR2_OP_TAKEN( 12, bne, 0xffffffff, 0xfffffffe );
  TEST_BR2_OP_TAKEN( 13, bne, 0x7fffffff, 0x80000000 );
  TEST_BR2_OP_TAKEN( 14, bne, 0x80000000, 0x7fffffff );
  TEST_BR2_OP_NOTTAKEN( 15, bne, 0x80000000, 0x80000000 );
  TEST_BR2_OP_TAKEN( 16, bne, 0xfffffffe, 0xffffffff );
  TEST_BR2_OP_TAKEN( 17, bne, 0x12345678, 0x12345679 );

  #-- the same register as both operands
  TEST_CASE( 18, x14, 2, li x14, 0; li x1, 5; bne x1, x1, 1f; li x14, 2; j 2f; 1: li x14, 1; 2: );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
