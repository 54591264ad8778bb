# sltiu: rd = 1 if rs1 < sext(imm12) as unsigned numbers, else 0 (sltiu rd, rs, 1 is seqz).
# unpriv. 2.4.1 Integer Register-Immediate Instructions.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_IMM_OP( 2, sltiu, 0x00000000, 0x00000000, 0 );
  TEST_IMM_OP( 3, sltiu, 0x00000001, 0x00000000, 3 );
  TEST_IMM_OP( 4, sltiu, 0x00000001, 0x00000000, -1 );
  TEST_IMM_OP( 5, sltiu, 0x00000001, 0x00000000, -2048 );
  TEST_IMM_OP( 6, sltiu, 0x00000001, 0x00000000, 1365 );
  TEST_IMM_OP( 7, sltiu, 0x00000001, 0x00000000, -1366 );
  TEST_IMM_OP( 8, sltiu, 0x00000001, 0x00000000, 240 );
  TEST_IMM_OP( 9, sltiu, 0x00000001, 0x00000000, -16 );
  TEST_IMM_OP( 10, sltiu, 0x00000000, 0x00000001, 1 );
  TEST_IMM_OP( 11, sltiu, 0x00000001, 0x00000001, -1 );
  TEST_IMM_OP( 12, sltiu, 0x00000001, 0x00000001, 2047 );
  TEST_IMM_OP( 13, sltiu, 0x00000001, 0x00000001, -2048 );
  TEST_IMM_OP( 14, sltiu, 0x00000001, 0x00000001, -1366 );
  TEST_IMM_OP( 15, sltiu, 0x00000001, 0x00000001, -16 );
  TEST_IMM_OP( 16, sltiu, 0x00000000, 0xffffffff, 0 );
  TEST_IMM_OP( 17, sltiu, 0x00000000, 0xffffffff, 3 );
  TEST_IMM_OP( 18, sltiu, 0x00000000, 0xffffffff, -1 );
  TEST_IMM_OP( 19, sltiu, 0x00000000, 0xffffffff, 1365 );
  TEST_IMM_OP( 20, sltiu, 0x00000000, 0xffffffff, -1366 );
  TEST_IMM_OP( 21, sltiu, 0x00000000, 0xffffffff, 240 );
  TEST_IMM_OP( 22, sltiu, 0x00000000, 0xffffffff, -16 );
  TEST_IMM_OP( 23, sltiu, 0x00000000, 0x7fffffff, 1 );
  TEST_IMM_OP( 24, sltiu, 0x00000001, 0x7fffffff, -1 );
  TEST_IMM_OP( 25, sltiu, 0x00000000, 0x7fffffff, 2047 );
  TEST_IMM_OP( 26, sltiu, 0x00000001, 0x7fffffff, -2048 );
  TEST_IMM_OP( 27, sltiu, 0x00000001, 0x7fffffff, -1366 );
  TEST_IMM_OP( 28, sltiu, 0x00000001, 0x7fffffff, -16 );
  TEST_IMM_OP( 29, sltiu, 0x00000000, 0x80000000, 0 );
  TEST_IMM_OP( 30, sltiu, 0x00000000, 0x80000000, 1 );
  TEST_IMM_OP( 31, sltiu, 0x00000000, 0x80000000, 3 );
  TEST_IMM_OP( 32, sltiu, 0x00000000, 0x80000000, 2047 );
  TEST_IMM_OP( 33, sltiu, 0x00000001, 0x80000000, -2048 );
  TEST_IMM_OP( 34, sltiu, 0x00000000, 0x80000000, 1365 );
  TEST_IMM_OP( 35, sltiu, 0x00000000, 0x80000000, 240 );
  TEST_IMM_OP( 36, sltiu, 0x00000000, 0x00000fff, 0 );
  TEST_IMM_OP( 37, sltiu, 0x00000000, 0x00000fff, 3 );
  TEST_IMM_OP( 38, sltiu, 0x00000001, 0x00000fff, -1 );
  TEST_IMM_OP( 39, sltiu, 0x00000000, 0x00000fff, 1365 );
  TEST_IMM_OP( 40, sltiu, 0x00000001, 0x00000fff, -1366 );
  TEST_IMM_OP( 41, sltiu, 0x00000000, 0x00000fff, 240 );

  #-- the source register is also the destination
  TEST_IMM_SRC1_EQ_DEST( 42, sltiu, 0x00000000, 0x0000000d, 11 );

  #-- x0 as the source reads 0; as the destination it stays 0
  TEST_IMM_ZEROSRC1( 43, sltiu, 0x00000001, -2047 );
  TEST_IMM_ZERODEST( 44, sltiu, 0x00000021, 2047 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
