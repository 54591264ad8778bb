# srai: rd = rs1 >> shamt, the sign bit shifted in (bit 30 of the encoding selects arithmetic).
# unpriv. 2.4.1 Integer Register-Immediate Instructions.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_IMM_OP( 2, srai, 0x00000001, 0x00000001, 0 );
  TEST_IMM_OP( 3, srai, 0x00000000, 0x00000001, 1 );
  TEST_IMM_OP( 4, srai, 0x00000000, 0x00000001, 7 );
  TEST_IMM_OP( 5, srai, 0x00000000, 0x00000001, 14 );
  TEST_IMM_OP( 6, srai, 0x00000000, 0x00000001, 20 );
  TEST_IMM_OP( 7, srai, 0x00000000, 0x00000001, 31 );
  TEST_IMM_OP( 8, srai, 0xffffffff, 0xffffffff, 0 );
  TEST_IMM_OP( 9, srai, 0xffffffff, 0xffffffff, 1 );
  TEST_IMM_OP( 10, srai, 0xffffffff, 0xffffffff, 7 );
  TEST_IMM_OP( 11, srai, 0xffffffff, 0xffffffff, 14 );
  TEST_IMM_OP( 12, srai, 0xffffffff, 0xffffffff, 20 );
  TEST_IMM_OP( 13, srai, 0xffffffff, 0xffffffff, 31 );
  TEST_IMM_OP( 14, srai, 0x21212121, 0x21212121, 0 );
  TEST_IMM_OP( 15, srai, 0x10909090, 0x21212121, 1 );
  TEST_IMM_OP( 16, srai, 0x00424242, 0x21212121, 7 );
  TEST_IMM_OP( 17, srai, 0x00008484, 0x21212121, 14 );
  TEST_IMM_OP( 18, srai, 0x00000212, 0x21212121, 20 );
  TEST_IMM_OP( 19, srai, 0x00000000, 0x21212121, 31 );
  TEST_IMM_OP( 20, srai, 0x80000000, 0x80000000, 0 );
  TEST_IMM_OP( 21, srai, 0xc0000000, 0x80000000, 1 );
  TEST_IMM_OP( 22, srai, 0xff000000, 0x80000000, 7 );
  TEST_IMM_OP( 23, srai, 0xfffe0000, 0x80000000, 14 );
  TEST_IMM_OP( 24, srai, 0xfffff800, 0x80000000, 20 );
  TEST_IMM_OP( 25, srai, 0xffffffff, 0x80000000, 31 );
  TEST_IMM_OP( 26, srai, 0x7fffffff, 0x7fffffff, 0 );
  TEST_IMM_OP( 27, srai, 0x3fffffff, 0x7fffffff, 1 );
  TEST_IMM_OP( 28, srai, 0x00ffffff, 0x7fffffff, 7 );
  TEST_IMM_OP( 29, srai, 0x0001ffff, 0x7fffffff, 14 );
  TEST_IMM_OP( 30, srai, 0x000007ff, 0x7fffffff, 20 );
  TEST_IMM_OP( 31, srai, 0x00000000, 0x7fffffff, 31 );
  TEST_IMM_OP( 32, srai, 0x81818181, 0x81818181, 0 );
  TEST_IMM_OP( 33, srai, 0xc0c0c0c0, 0x81818181, 1 );
  TEST_IMM_OP( 34, srai, 0xff030303, 0x81818181, 7 );
  TEST_IMM_OP( 35, srai, 0xfffe0606, 0x81818181, 14 );
  TEST_IMM_OP( 36, srai, 0xfffff818, 0x81818181, 20 );
  TEST_IMM_OP( 37, srai, 0xffffffff, 0x81818181, 31 );

  #-- the source register is also the destination
  TEST_IMM_SRC1_EQ_DEST( 38, srai, 0x00000000, 0x0000000d, 7 );

  #-- x0 as the source reads 0; as the destination it stays 0
  TEST_IMM_ZEROSRC1( 39, srai, 0x00000000, 31 );
  TEST_IMM_ZERODEST( 40, srai, 0x00000021, 5 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
