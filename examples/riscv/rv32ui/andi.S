# andi: rd = rs1 & sext(imm12).
# unpriv. 2.4.1 Integer Register-Immediate Instructions.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_IMM_OP( 2, andi, 0x00000000, 0x00000000, 0 );
  TEST_IMM_OP( 3, andi, 0x00000000, 0x00000000, 3 );
  TEST_IMM_OP( 4, andi, 0x00000000, 0x00000000, -1 );
  TEST_IMM_OP( 5, andi, 0x00000000, 0x00000000, -2048 );
  TEST_IMM_OP( 6, andi, 0x00000000, 0x00000000, 1365 );
  TEST_IMM_OP( 7, andi, 0x00000000, 0x00000000, -1366 );
  TEST_IMM_OP( 8, andi, 0x00000000, 0x00000000, 240 );
  TEST_IMM_OP( 9, andi, 0x00000000, 0x00000000, -16 );
  TEST_IMM_OP( 10, andi, 0x00000001, 0x00000001, 1 );
  TEST_IMM_OP( 11, andi, 0x00000001, 0x00000001, -1 );
  TEST_IMM_OP( 12, andi, 0x00000001, 0x00000001, 2047 );
  TEST_IMM_OP( 13, andi, 0x00000000, 0x00000001, -2048 );
  TEST_IMM_OP( 14, andi, 0x00000000, 0x00000001, -1366 );
  TEST_IMM_OP( 15, andi, 0x00000000, 0x00000001, -16 );
  TEST_IMM_OP( 16, andi, 0x00000000, 0xffffffff, 0 );
  TEST_IMM_OP( 17, andi, 0x00000003, 0xffffffff, 3 );
  TEST_IMM_OP( 18, andi, 0xffffffff, 0xffffffff, -1 );
  TEST_IMM_OP( 19, andi, 0x00000555, 0xffffffff, 1365 );
  TEST_IMM_OP( 20, andi, 0xfffffaaa, 0xffffffff, -1366 );
  TEST_IMM_OP( 21, andi, 0x000000f0, 0xffffffff, 240 );
  TEST_IMM_OP( 22, andi, 0xfffffff0, 0xffffffff, -16 );
  TEST_IMM_OP( 23, andi, 0x00000001, 0x7fffffff, 1 );
  TEST_IMM_OP( 24, andi, 0x7fffffff, 0x7fffffff, -1 );
  TEST_IMM_OP( 25, andi, 0x000007ff, 0x7fffffff, 2047 );
  TEST_IMM_OP( 26, andi, 0x7ffff800, 0x7fffffff, -2048 );
  TEST_IMM_OP( 27, andi, 0x7ffffaaa, 0x7fffffff, -1366 );
  TEST_IMM_OP( 28, andi, 0x7ffffff0, 0x7fffffff, -16 );
  TEST_IMM_OP( 29, andi, 0x00000000, 0x80000000, 0 );
  TEST_IMM_OP( 30, andi, 0x00000000, 0x80000000, 1 );
  TEST_IMM_OP( 31, andi, 0x00000000, 0x80000000, 3 );
  TEST_IMM_OP( 32, andi, 0x00000000, 0x80000000, 2047 );
  TEST_IMM_OP( 33, andi, 0x80000000, 0x80000000, -2048 );
  TEST_IMM_OP( 34, andi, 0x00000000, 0x80000000, 1365 );
  TEST_IMM_OP( 35, andi, 0x00000000, 0x80000000, 240 );
  TEST_IMM_OP( 36, andi, 0x00000000, 0x00000fff, 0 );
  TEST_IMM_OP( 37, andi, 0x00000003, 0x00000fff, 3 );
  TEST_IMM_OP( 38, andi, 0x00000fff, 0x00000fff, -1 );
  TEST_IMM_OP( 39, andi, 0x00000555, 0x00000fff, 1365 );
  TEST_IMM_OP( 40, andi, 0x00000aaa, 0x00000fff, -1366 );
  TEST_IMM_OP( 41, andi, 0x000000f0, 0x00000fff, 240 );

  #-- the source register is also the destination
  TEST_IMM_SRC1_EQ_DEST( 42, andi, 0x00000009, 0x0000000d, 11 );

  #-- x0 as the source reads 0; as the destination it stays 0
  TEST_IMM_ZEROSRC1( 43, andi, 0x00000000, -2047 );
  TEST_IMM_ZERODEST( 44, andi, 0x00000021, 2047 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
