# slti: rd = 1 if rs1 < sext(imm12) as signed numbers, else 0.
# unpriv. 2.4.1 Integer Register-Immediate Instructions.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_IMM_OP( 2, slti, 0x00000000, 0x00000000, 0 );
  TEST_IMM_OP( 3, slti, 0x00000001, 0x00000000, 3 );
  TEST_IMM_OP( 4, slti, 0x00000000, 0x00000000, -1 );
  TEST_IMM_OP( 5, slti, 0x00000000, 0x00000000, -2048 );
  TEST_IMM_OP( 6, slti, 0x00000001, 0x00000000, 1365 );
  TEST_IMM_OP( 7, slti, 0x00000000, 0x00000000, -1366 );
  TEST_IMM_OP( 8, slti, 0x00000001, 0x00000000, 240 );
  TEST_IMM_OP( 9, slti, 0x00000000, 0x00000000, -16 );
  TEST_IMM_OP( 10, slti, 0x00000000, 0x00000001, 1 );
  TEST_IMM_OP( 11, slti, 0x00000000, 0x00000001, -1 );
  TEST_IMM_OP( 12, slti, 0x00000001, 0x00000001, 2047 );
  TEST_IMM_OP( 13, slti, 0x00000000, 0x00000001, -2048 );
  TEST_IMM_OP( 14, slti, 0x00000000, 0x00000001, -1366 );
  TEST_IMM_OP( 15, slti, 0x00000000, 0x00000001, -16 );
  TEST_IMM_OP( 16, slti, 0x00000001, 0xffffffff, 0 );
  TEST_IMM_OP( 17, slti, 0x00000001, 0xffffffff, 3 );
  TEST_IMM_OP( 18, slti, 0x00000000, 0xffffffff, -1 );
  TEST_IMM_OP( 19, slti, 0x00000001, 0xffffffff, 1365 );
  TEST_IMM_OP( 20, slti, 0x00000000, 0xffffffff, -1366 );
  TEST_IMM_OP( 21, slti, 0x00000001, 0xffffffff, 240 );
  TEST_IMM_OP( 22, slti, 0x00000000, 0xffffffff, -16 );
  TEST_IMM_OP( 23, slti, 0x00000000, 0x7fffffff, 1 );
  TEST_IMM_OP( 24, slti, 0x00000000, 0x7fffffff, -1 );
  TEST_IMM_OP( 25, slti, 0x00000000, 0x7fffffff, 2047 );
  TEST_IMM_OP( 26, slti, 0x00000000, 0x7fffffff, -2048 );
  TEST_IMM_OP( 27, slti, 0x00000000, 0x7fffffff, -1366 );
  TEST_IMM_OP( 28, slti, 0x00000000, 0x7fffffff, -16 );
  TEST_IMM_OP( 29, slti, 0x00000001, 0x80000000, 0 );
  TEST_IMM_OP( 30, slti, 0x00000001, 0x80000000, 1 );
  TEST_IMM_OP( 31, slti, 0x00000001, 0x80000000, 3 );
  TEST_IMM_OP( 32, slti, 0x00000001, 0x80000000, 2047 );
  TEST_IMM_OP( 33, slti, 0x00000001, 0x80000000, -2048 );
  TEST_IMM_OP( 34, slti, 0x00000001, 0x80000000, 1365 );
  TEST_IMM_OP( 35, slti, 0x00000001, 0x80000000, 240 );
  TEST_IMM_OP( 36, slti, 0x00000000, 0x00000fff, 0 );
  TEST_IMM_OP( 37, slti, 0x00000000, 0x00000fff, 3 );
  TEST_IMM_OP( 38, slti, 0x00000000, 0x00000fff, -1 );
  TEST_IMM_OP( 39, slti, 0x00000000, 0x00000fff, 1365 );
  TEST_IMM_OP( 40, slti, 0x00000000, 0x00000fff, -1366 );
  TEST_IMM_OP( 41, slti, 0x00000000, 0x00000fff, 240 );

  #-- the source register is also the destination
  TEST_IMM_SRC1_EQ_DEST( 42, slti, 0x00000000, 0x0000000d, 11 );

  #-- x0 as the source reads 0; as the destination it stays 0
  TEST_IMM_ZEROSRC1( 43, slti, 0x00000000, -2047 );
  TEST_IMM_ZERODEST( 44, slti, 0x00000021, 2047 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
