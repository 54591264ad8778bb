# or: rd = rs1 | rs2.
# unpriv. 2.4.2 Integer Register-Register Operations.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_RR_OP( 2, or, 0x00000000, 0x00000000, 0x00000000 );
  TEST_RR_OP( 3, or, 0x00000001, 0x00000001, 0x00000001 );
  TEST_RR_OP( 4, or, 0x00000007, 0x00000003, 0x00000007 );
  TEST_RR_OP( 5, or, 0xffff8000, 0x00000000, 0xffff8000 );
  TEST_RR_OP( 6, or, 0x80000000, 0x80000000, 0x00000000 );
  TEST_RR_OP( 7, or, 0xffff8000, 0x80000000, 0xffff8000 );
  TEST_RR_OP( 8, or, 0x00007fff, 0x00000000, 0x00007fff );
  TEST_RR_OP( 9, or, 0x7fffffff, 0x7fffffff, 0x00000000 );
  TEST_RR_OP( 10, or, 0x7fffffff, 0x7fffffff, 0x00007fff );
  TEST_RR_OP( 11, or, 0x80007fff, 0x80000000, 0x00007fff );
  TEST_RR_OP( 12, or, 0xffffffff, 0x7fffffff, 0xffff8000 );
  TEST_RR_OP( 13, or, 0xffffffff, 0x00000000, 0xffffffff );
  TEST_RR_OP( 14, or, 0xffffffff, 0xffffffff, 0x00000001 );
  TEST_RR_OP( 15, or, 0xffffffff, 0xffffffff, 0xffffffff );
  TEST_RR_OP( 16, or, 0x7fffffff, 0x00000001, 0x7fffffff );
  TEST_RR_OP( 17, or, 0x7fffffff, 0x7fffffff, 0x00000001 );
  TEST_RR_OP( 18, or, 0x80000001, 0x80000000, 0x00000001 );
  TEST_RR_OP( 19, or, 0x1f3f5f7f, 0x12345678, 0x0f0f0f0f );
  TEST_RR_OP( 20, or, 0xff0fff0f, 0xff00ff00, 0x0f0f0f0f );
  TEST_RR_OP( 21, or, 0xf0fff0ff, 0x00ff00ff, 0xf0f0f0f0 );

  #-- a source register is also the destination
  TEST_RR_SRC1_EQ_DEST( 22, or, 0x0000000f, 0x0000000d, 0x0000000b );
  TEST_RR_SRC2_EQ_DEST( 23, or, 0x0000000f, 0x0000000e, 0x0000000b );
  TEST_RR_SRC12_EQ_DEST( 24, or, 0x0000000d, 0x0000000d );

  #-- x0 as a source reads 0; as the destination it stays 0
  TEST_RR_ZEROSRC1( 25, or, 0xffffffef, 0xffffffef );
  TEST_RR_ZEROSRC2( 26, or, 0x00000020, 0x00000020 );
  TEST_RR_ZEROSRC12( 27, or, 0x00000000 );
  TEST_RR_ZERODEST( 28, or, 16, 30 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
