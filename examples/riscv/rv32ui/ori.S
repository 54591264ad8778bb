# ori: rd = rs1 | sext(imm12).
# unpriv. 2.4.1 Integer Register-Immediate Instructions.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_IMM_OP( 2, ori, 0x00000000, 0x00000000, 0 );
  TEST_IMM_OP( 3, ori, 0x00000003, 0x00000000, 3 );
  TEST_IMM_OP( 4, ori, 0xffffffff, 0x00000000, -1 );
  TEST_IMM_OP( 5, ori, 0xfffff800, 0x00000000, -2048 );
  TEST_IMM_OP( 6, ori, 0x00000555, 0x00000000, 1365 );
  TEST_IMM_OP( 7, ori, 0xfffffaaa, 0x00000000, -1366 );
  TEST_IMM_OP( 8, ori, 0x000000f0, 0x00000000, 240 );
  TEST_IMM_OP( 9, ori, 0xfffffff0, 0x00000000, -16 );
  TEST_IMM_OP( 10, ori, 0x00000001, 0x00000001, 1 );
  TEST_IMM_OP( 11, ori, 0xffffffff, 0x00000001, -1 );
  TEST_IMM_OP( 12, ori, 0x000007ff, 0x00000001, 2047 );
  TEST_IMM_OP( 13, ori, 0xfffff801, 0x00000001, -2048 );
  TEST_IMM_OP( 14, ori, 0xfffffaab, 0x00000001, -1366 );
  TEST_IMM_OP( 15, ori, 0xfffffff1, 0x00000001, -16 );
  TEST_IMM_OP( 16, ori, 0xffffffff, 0xffffffff, 0 );
  TEST_IMM_OP( 17, ori, 0xffffffff, 0xffffffff, 3 );
  TEST_IMM_OP( 18, ori, 0xffffffff, 0xffffffff, -1 );
  TEST_IMM_OP( 19, ori, 0xffffffff, 0xffffffff, 1365 );
  TEST_IMM_OP( 20, ori, 0xffffffff, 0xffffffff, -1366 );
  TEST_IMM_OP( 21, ori, 0xffffffff, 0xffffffff, 240 );
  TEST_IMM_OP( 22, ori, 0xffffffff, 0xffffffff, -16 );
  TEST_IMM_OP( 23, ori, 0x7fffffff, 0x7fffffff, 1 );
  TEST_IMM_OP( 24, ori, 0xffffffff, 0x7fffffff, -1 );
  TEST_IMM_OP( 25, ori, 0x7fffffff, 0x7fffffff, 2047 );
  TEST_IMM_OP( 26, ori, 0xffffffff, 0x7fffffff, -2048 );
  TEST_IMM_OP( 27, ori, 0xffffffff, 0x7fffffff, -1366 );
  TEST_IMM_OP( 28, ori, 0xffffffff, 0x7fffffff, -16 );
  TEST_IMM_OP( 29, ori, 0x80000000, 0x80000000, 0 );
  TEST_IMM_OP( 30, ori, 0x80000001, 0x80000000, 1 );
  TEST_IMM_OP( 31, ori, 0x80000003, 0x80000000, 3 );
  TEST_IMM_OP( 32, ori, 0x800007ff, 0x80000000, 2047 );
  TEST_IMM_OP( 33, ori, 0xfffff800, 0x80000000, -2048 );
  TEST_IMM_OP( 34, ori, 0x80000555, 0x80000000, 1365 );
  TEST_IMM_OP( 35, ori, 0x800000f0, 0x80000000, 240 );
  TEST_IMM_OP( 36, ori, 0x00000fff, 0x00000fff, 0 );
  TEST_IMM_OP( 37, ori, 0x00000fff, 0x00000fff, 3 );
  TEST_IMM_OP( 38, ori, 0xffffffff, 0x00000fff, -1 );
  TEST_IMM_OP( 39, ori, 0x00000fff, 0x00000fff, 1365 );
  TEST_IMM_OP( 40, ori, 0xffffffff, 0x00000fff, -1366 );
  TEST_IMM_OP( 41, ori, 0x00000fff, 0x00000fff, 240 );

  #-- the source register is also the destination
  TEST_IMM_SRC1_EQ_DEST( 42, ori, 0x0000000f, 0x0000000d, 11 );

  #-- x0 as the source reads 0; as the destination it stays 0
  TEST_IMM_ZEROSRC1( 43, ori, 0xfffff801, -2047 );
  TEST_IMM_ZERODEST( 44, ori, 0x00000021, 2047 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
