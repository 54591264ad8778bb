# xori: rd = rs1 ^ sext(imm12); xori rd, rs, -1 is not.
# unpriv. 2.4.1 Integer Register-Immediate Instructions.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_IMM_OP( 2, xori, 0x00000000, 0x00000000, 0 );
  TEST_IMM_OP( 3, xori, 0x00000003, 0x00000000, 3 );
  TEST_IMM_OP( 4, xori, 0xffffffff, 0x00000000, -1 );
  TEST_IMM_OP( 5, xori, 0xfffff800, 0x00000000, -2048 );
  TEST_IMM_OP( 6, xori, 0x00000555, 0x00000000, 1365 );
  TEST_IMM_OP( 7, xori, 0xfffffaaa, 0x00000000, -1366 );
  TEST_IMM_OP( 8, xori, 0x000000f0, 0x00000000, 240 );
  TEST_IMM_OP( 9, xori, 0xfffffff0, 0x00000000, -16 );
  TEST_IMM_OP( 10, xori, 0x00000000, 0x00000001, 1 );
  TEST_IMM_OP( 11, xori, 0xfffffffe, 0x00000001, -1 );
  TEST_IMM_OP( 12, xori, 0x000007fe, 0x00000001, 2047 );
  TEST_IMM_OP( 13, xori, 0xfffff801, 0x00000001, -2048 );
  TEST_IMM_OP( 14, xori, 0xfffffaab, 0x00000001, -1366 );
  TEST_IMM_OP( 15, xori, 0xfffffff1, 0x00000001, -16 );
  TEST_IMM_OP( 16, xori, 0xffffffff, 0xffffffff, 0 );
  TEST_IMM_OP( 17, xori, 0xfffffffc, 0xffffffff, 3 );
  TEST_IMM_OP( 18, xori, 0x00000000, 0xffffffff, -1 );
  TEST_IMM_OP( 19, xori, 0xfffffaaa, 0xffffffff, 1365 );
  TEST_IMM_OP( 20, xori, 0x00000555, 0xffffffff, -1366 );
  TEST_IMM_OP( 21, xori, 0xffffff0f, 0xffffffff, 240 );
  TEST_IMM_OP( 22, xori, 0x0000000f, 0xffffffff, -16 );
  TEST_IMM_OP( 23, xori, 0x7ffffffe, 0x7fffffff, 1 );
  TEST_IMM_OP( 24, xori, 0x80000000, 0x7fffffff, -1 );
  TEST_IMM_OP( 25, xori, 0x7ffff800, 0x7fffffff, 2047 );
  TEST_IMM_OP( 26, xori, 0x800007ff, 0x7fffffff, -2048 );
  TEST_IMM_OP( 27, xori, 0x80000555, 0x7fffffff, -1366 );
  TEST_IMM_OP( 28, xori, 0x8000000f, 0x7fffffff, -16 );
  TEST_IMM_OP( 29, xori, 0x80000000, 0x80000000, 0 );
  TEST_IMM_OP( 30, xori, 0x80000001, 0x80000000, 1 );
  TEST_IMM_OP( 31, xori, 0x80000003, 0x80000000, 3 );
  TEST_IMM_OP( 32, xori, 0x800007ff, 0x80000000, 2047 );
  TEST_IMM_OP( 33, xori, 0x7ffff800, 0x80000000, -2048 );
  TEST_IMM_OP( 34, xori, 0x80000555, 0x80000000, 1365 );
  TEST_IMM_OP( 35, xori, 0x800000f0, 0x80000000, 240 );
  TEST_IMM_OP( 36, xori, 0x00000fff, 0x00000fff, 0 );
  TEST_IMM_OP( 37, xori, 0x00000ffc, 0x00000fff, 3 );
  TEST_IMM_OP( 38, xori, 0xfffff000, 0x00000fff, -1 );
  TEST_IMM_OP( 39, xori, 0x00000aaa, 0x00000fff, 1365 );
  TEST_IMM_OP( 40, xori, 0xfffff555, 0x00000fff, -1366 );
  TEST_IMM_OP( 41, xori, 0x00000f0f, 0x00000fff, 240 );

  #-- the source register is also the destination
  TEST_IMM_SRC1_EQ_DEST( 42, xori, 0x00000006, 0x0000000d, 11 );

  #-- x0 as the source reads 0; as the destination it stays 0
  TEST_IMM_ZEROSRC1( 43, xori, 0xfffff801, -2047 );
  TEST_IMM_ZERODEST( 44, xori, 0x00000021, 2047 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
