# slli: rd = rs1 << shamt (shamt in bits 24:20; bit 25 set is reserved on RV32).
# unpriv. 2.4.1 Integer Register-Immediate Instructions.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_IMM_OP( 2, slli, 0x00000001, 0x00000001, 0 );
  TEST_IMM_OP( 3, slli, 0x00000002, 0x00000001, 1 );
  TEST_IMM_OP( 4, slli, 0x00000080, 0x00000001, 7 );
  TEST_IMM_OP( 5, slli, 0x00004000, 0x00000001, 14 );
  TEST_IMM_OP( 6, slli, 0x00100000, 0x00000001, 20 );
  TEST_IMM_OP( 7, slli, 0x80000000, 0x00000001, 31 );
  TEST_IMM_OP( 8, slli, 0xffffffff, 0xffffffff, 0 );
  TEST_IMM_OP( 9, slli, 0xfffffffe, 0xffffffff, 1 );
  TEST_IMM_OP( 10, slli, 0xffffff80, 0xffffffff, 7 );
  TEST_IMM_OP( 11, slli, 0xffffc000, 0xffffffff, 14 );
  TEST_IMM_OP( 12, slli, 0xfff00000, 0xffffffff, 20 );
  TEST_IMM_OP( 13, slli, 0x80000000, 0xffffffff, 31 );
  TEST_IMM_OP( 14, slli, 0x21212121, 0x21212121, 0 );
  TEST_IMM_OP( 15, slli, 0x42424242, 0x21212121, 1 );
  TEST_IMM_OP( 16, slli, 0x90909080, 0x21212121, 7 );
  TEST_IMM_OP( 17, slli, 0x48484000, 0x21212121, 14 );
  TEST_IMM_OP( 18, slli, 0x12100000, 0x21212121, 20 );
  TEST_IMM_OP( 19, slli, 0x80000000, 0x21212121, 31 );
  TEST_IMM_OP( 20, slli, 0x80000000, 0x80000000, 0 );
  TEST_IMM_OP( 21, slli, 0x00000000, 0x80000000, 1 );
  TEST_IMM_OP( 22, slli, 0x00000000, 0x80000000, 7 );
  TEST_IMM_OP( 23, slli, 0x00000000, 0x80000000, 14 );
  TEST_IMM_OP( 24, slli, 0x00000000, 0x80000000, 20 );
  TEST_IMM_OP( 25, slli, 0x00000000, 0x80000000, 31 );
  TEST_IMM_OP( 26, slli, 0x7fffffff, 0x7fffffff, 0 );
  TEST_IMM_OP( 27, slli, 0xfffffffe, 0x7fffffff, 1 );
  TEST_IMM_OP( 28, slli, 0xffffff80, 0x7fffffff, 7 );
  TEST_IMM_OP( 29, slli, 0xffffc000, 0x7fffffff, 14 );
  TEST_IMM_OP( 30, slli, 0xfff00000, 0x7fffffff, 20 );
  TEST_IMM_OP( 31, slli, 0x80000000, 0x7fffffff, 31 );
  TEST_IMM_OP( 32, slli, 0x81818181, 0x81818181, 0 );
  TEST_IMM_OP( 33, slli, 0x03030302, 0x81818181, 1 );
  TEST_IMM_OP( 34, slli, 0xc0c0c080, 0x81818181, 7 );
  TEST_IMM_OP( 35, slli, 0x60604000, 0x81818181, 14 );
  TEST_IMM_OP( 36, slli, 0x18100000, 0x81818181, 20 );
  TEST_IMM_OP( 37, slli, 0x80000000, 0x81818181, 31 );

  #-- the source register is also the destination
  TEST_IMM_SRC1_EQ_DEST( 38, slli, 0x00000680, 0x0000000d, 7 );

  #-- x0 as the source reads 0; as the destination it stays 0
  TEST_IMM_ZEROSRC1( 39, slli, 0x00000000, 31 );
  TEST_IMM_ZERODEST( 40, slli, 0x00000021, 5 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
