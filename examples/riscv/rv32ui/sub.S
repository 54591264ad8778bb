# sub: rd = rs1 - rs2, wrapping modulo 2^32; no overflow trap.
# unpriv. 2.4.2 Integer Register-Register Operations.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_RR_OP( 2, sub, 0x00000000, 0x00000000, 0x00000000 );
  TEST_RR_OP( 3, sub, 0x00000000, 0x00000001, 0x00000001 );
  TEST_RR_OP( 4, sub, 0xfffffffc, 0x00000003, 0x00000007 );
  TEST_RR_OP( 5, sub, 0x00008000, 0x00000000, 0xffff8000 );
  TEST_RR_OP( 6, sub, 0x80000000, 0x80000000, 0x00000000 );
  TEST_RR_OP( 7, sub, 0x80008000, 0x80000000, 0xffff8000 );
  TEST_RR_OP( 8, sub, 0xffff8001, 0x00000000, 0x00007fff );
  TEST_RR_OP( 9, sub, 0x7fffffff, 0x7fffffff, 0x00000000 );
  TEST_RR_OP( 10, sub, 0x7fff8000, 0x7fffffff, 0x00007fff );
  TEST_RR_OP( 11, sub, 0x7fff8001, 0x80000000, 0x00007fff );
  TEST_RR_OP( 12, sub, 0x80007fff, 0x7fffffff, 0xffff8000 );
  TEST_RR_OP( 13, sub, 0x00000001, 0x00000000, 0xffffffff );
  TEST_RR_OP( 14, sub, 0xfffffffe, 0xffffffff, 0x00000001 );
  TEST_RR_OP( 15, sub, 0x00000000, 0xffffffff, 0xffffffff );
  TEST_RR_OP( 16, sub, 0x80000002, 0x00000001, 0x7fffffff );
  TEST_RR_OP( 17, sub, 0x7ffffffe, 0x7fffffff, 0x00000001 );
  TEST_RR_OP( 18, sub, 0x7fffffff, 0x80000000, 0x00000001 );
  TEST_RR_OP( 19, sub, 0x03254769, 0x12345678, 0x0f0f0f0f );
  TEST_RR_OP( 20, sub, 0xeff1eff1, 0xff00ff00, 0x0f0f0f0f );
  TEST_RR_OP( 21, sub, 0x100e100f, 0x00ff00ff, 0xf0f0f0f0 );

  #-- a source register is also the destination
  TEST_RR_SRC1_EQ_DEST( 22, sub, 0x00000002, 0x0000000d, 0x0000000b );
  TEST_RR_SRC2_EQ_DEST( 23, sub, 0x00000003, 0x0000000e, 0x0000000b );
  TEST_RR_SRC12_EQ_DEST( 24, sub, 0x00000000, 0x0000000d );

  #-- x0 as a source reads 0; as the destination it stays 0
  TEST_RR_ZEROSRC1( 25, sub, 0x00000011, 0xffffffef );
  TEST_RR_ZEROSRC2( 26, sub, 0x00000020, 0x00000020 );
  TEST_RR_ZEROSRC12( 27, sub, 0x00000000 );
  TEST_RR_ZERODEST( 28, sub, 16, 30 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
