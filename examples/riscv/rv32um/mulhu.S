# mulhu: rd = the high 32 bits of the 64-bit product, both operands unsigned.
# unpriv. 7.1 Multiplication Operations.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_RR_OP( 2, mulhu, 0x00000000, 0x00000000, 0x00000000 );
  TEST_RR_OP( 3, mulhu, 0x00000000, 0x00000001, 0x00000001 );
  TEST_RR_OP( 4, mulhu, 0x00000000, 0x00000003, 0x00000007 );
  TEST_RR_OP( 5, mulhu, 0x00000000, 0x00000000, 0xffff8000 );
  TEST_RR_OP( 6, mulhu, 0x00000000, 0x80000000, 0x00000000 );
  TEST_RR_OP( 7, mulhu, 0x7fffc000, 0x80000000, 0xffff8000 );
  TEST_RR_OP( 8, mulhu, 0x0001fefe, 0xaaaaaaab, 0x0002fe7d );
  TEST_RR_OP( 9, mulhu, 0x0001fefe, 0x0002fe7d, 0xaaaaaaab );
  TEST_RR_OP( 10, mulhu, 0xfe010000, 0xff000000, 0xff000000 );
  TEST_RR_OP( 11, mulhu, 0xfffffffe, 0xffffffff, 0xffffffff );
  TEST_RR_OP( 12, mulhu, 0x00000000, 0xffffffff, 0x00000001 );
  TEST_RR_OP( 13, mulhu, 0x00000000, 0x00000001, 0xffffffff );
  TEST_RR_OP( 14, mulhu, 0x3fffffff, 0x7fffffff, 0x7fffffff );
  TEST_RR_OP( 15, mulhu, 0x40000000, 0x80000000, 0x80000000 );
  TEST_RR_OP( 16, mulhu, 0x3fffffff, 0x80000000, 0x7fffffff );
  TEST_RR_OP( 17, mulhu, 0x0b00ea4e, 0x12345678, 0x9abcdef0 );
  TEST_RR_OP( 18, mulhu, 0x00000000, 0x00000014, 0x00000006 );
  TEST_RR_OP( 19, mulhu, 0x00000005, 0xffffffec, 0x00000006 );
  TEST_RR_OP( 20, mulhu, 0x00000013, 0x00000014, 0xfffffffa );
  TEST_RR_OP( 21, mulhu, 0xffffffe6, 0xffffffec, 0xfffffffa );
  TEST_RR_OP( 22, mulhu, 0x00000001, 0xfffffff9, 0x00000002 );
  TEST_RR_OP( 23, mulhu, 0x00000006, 0x00000007, 0xfffffffe );

  #-- a source register is also the destination
  TEST_RR_SRC1_EQ_DEST( 24, mulhu, 0x00000000, 0x0000000d, 0x0000000b );
  TEST_RR_SRC2_EQ_DEST( 25, mulhu, 0x00000000, 0x0000000e, 0x0000000b );
  TEST_RR_SRC12_EQ_DEST( 26, mulhu, 0x00000000, 0x0000000d );

  #-- x0 as a source reads 0; as the destination it stays 0
  TEST_RR_ZEROSRC1( 27, mulhu, 0x00000000, 0xffffffef );
  TEST_RR_ZEROSRC2( 28, mulhu, 0x00000000, 0x00000020 );
  TEST_RR_ZEROSRC12( 29, mulhu, 0x00000000 );
  TEST_RR_ZERODEST( 30, mulhu, 16, 30 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
