# addi: rd = rs1 + sext(imm12); addi x0, x0, 0 is the canonical nop.
# unpriv. 2.4.1 Integer Register-Immediate Instructions.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_IMM_OP( 2, addi, 0x00000000, 0x00000000, 0 );
  TEST_IMM_OP( 3, addi, 0x00000003, 0x00000000, 3 );
  TEST_IMM_OP( 4, addi, 0xffffffff, 0x00000000, -1 );
  TEST_IMM_OP( 5, addi, 0xfffff800, 0x00000000, -2048 );
  TEST_IMM_OP( 6, addi, 0x00000555, 0x00000000, 1365 );
  TEST_IMM_OP( 7, addi, 0xfffffaaa, 0x00000000, -1366 );
  TEST_IMM_OP( 8, addi, 0x000000f0, 0x00000000, 240 );
  TEST_IMM_OP( 9, addi, 0xfffffff0, 0x00000000, -16 );
  TEST_IMM_OP( 10, addi, 0x00000002, 0x00000001, 1 );
  TEST_IMM_OP( 11, addi, 0x00000000, 0x00000001, -1 );
  TEST_IMM_OP( 12, addi, 0x00000800, 0x00000001, 2047 );
  TEST_IMM_OP( 13, addi, 0xfffff801, 0x00000001, -2048 );
  TEST_IMM_OP( 14, addi, 0xfffffaab, 0x00000001, -1366 );
  TEST_IMM_OP( 15, addi, 0xfffffff1, 0x00000001, -16 );
  TEST_IMM_OP( 16, addi, 0xffffffff, 0xffffffff, 0 );
  TEST_IMM_OP( 17, addi, 0x00000002, 0xffffffff, 3 );
  TEST_IMM_OP( 18, addi, 0xfffffffe, 0xffffffff, -1 );
  TEST_IMM_OP( 19, addi, 0x00000554, 0xffffffff, 1365 );
  TEST_IMM_OP( 20, addi, 0xfffffaa9, 0xffffffff, -1366 );
  TEST_IMM_OP( 21, addi, 0x000000ef, 0xffffffff, 240 );
  TEST_IMM_OP( 22, addi, 0xffffffef, 0xffffffff, -16 );
  TEST_IMM_OP( 23, addi, 0x80000000, 0x7fffffff, 1 );
  TEST_IMM_OP( 24, addi, 0x7ffffffe, 0x7fffffff, -1 );
  TEST_IMM_OP( 25, addi, 0x800007fe, 0x7fffffff, 2047 );
  TEST_IMM_OP( 26, addi, 0x7ffff7ff, 0x7fffffff, -2048 );
  TEST_IMM_OP( 27, addi, 0x7ffffaa9, 0x7fffffff, -1366 );
  TEST_IMM_OP( 28, addi, 0x7fffffef, 0x7fffffff, -16 );
  TEST_IMM_OP( 29, addi, 0x80000000, 0x80000000, 0 );
  TEST_IMM_OP( 30, addi, 0x80000001, 0x80000000, 1 );
  TEST_IMM_OP( 31, addi, 0x80000003, 0x80000000, 3 );
  TEST_IMM_OP( 32, addi, 0x800007ff, 0x80000000, 2047 );
  TEST_IMM_OP( 33, addi, 0x7ffff800, 0x80000000, -2048 );
  TEST_IMM_OP( 34, addi, 0x80000555, 0x80000000, 1365 );
  TEST_IMM_OP( 35, addi, 0x800000f0, 0x80000000, 240 );
  TEST_IMM_OP( 36, addi, 0x00000fff, 0x00000fff, 0 );
  TEST_IMM_OP( 37, addi, 0x00001002, 0x00000fff, 3 );
  TEST_IMM_OP( 38, addi, 0x00000ffe, 0x00000fff, -1 );
  TEST_IMM_OP( 39, addi, 0x00001554, 0x00000fff, 1365 );
  TEST_IMM_OP( 40, addi, 0x00000aa9, 0x00000fff, -1366 );
  TEST_IMM_OP( 41, addi, 0x000010ef, 0x00000fff, 240 );

  #-- the source register is also the destination
  TEST_IMM_SRC1_EQ_DEST( 42, addi, 0x00000018, 0x0000000d, 11 );

  #-- x0 as the source reads 0; as the destination it stays 0
  TEST_IMM_ZEROSRC1( 43, addi, 0xfffff801, -2047 );
  TEST_IMM_ZERODEST( 44, addi, 0x00000021, 2047 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
