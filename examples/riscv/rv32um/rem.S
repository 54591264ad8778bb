# rem: rd = rs1 % rs2 signed, with the sign of the dividend; x%0 = x; -2^31 % -1 = 0 (no trap).
# unpriv. 7.2 Division Operations.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_RR_OP( 2, rem, 0x00000000, 0x00000001, 0x00000001 );
  TEST_RR_OP( 3, rem, 0x00000003, 0x00000003, 0x00000007 );
  TEST_RR_OP( 4, rem, 0x00000000, 0x00000000, 0xffff8000 );
  TEST_RR_OP( 5, rem, 0x00000000, 0x80000000, 0xffff8000 );
  TEST_RR_OP( 6, rem, 0xffff952b, 0xaaaaaaab, 0x0002fe7d );
  TEST_RR_OP( 7, rem, 0x0002fe7d, 0x0002fe7d, 0xaaaaaaab );
  TEST_RR_OP( 8, rem, 0x00000000, 0xff000000, 0xff000000 );
  TEST_RR_OP( 9, rem, 0x00000000, 0xffffffff, 0xffffffff );
  TEST_RR_OP( 10, rem, 0x00000000, 0xffffffff, 0x00000001 );
  TEST_RR_OP( 11, rem, 0x00000000, 0x00000001, 0xffffffff );
  TEST_RR_OP( 12, rem, 0x00000000, 0x7fffffff, 0x7fffffff );
  TEST_RR_OP( 13, rem, 0x00000000, 0x80000000, 0x80000000 );
  TEST_RR_OP( 14, rem, 0xffffffff, 0x80000000, 0x7fffffff );
  TEST_RR_OP( 15, rem, 0x12345678, 0x12345678, 0x9abcdef0 );
  TEST_RR_OP( 16, rem, 0x00000002, 0x00000014, 0x00000006 );
  TEST_RR_OP( 17, rem, 0xfffffffe, 0xffffffec, 0x00000006 );
  TEST_RR_OP( 18, rem, 0x00000002, 0x00000014, 0xfffffffa );
  TEST_RR_OP( 19, rem, 0xfffffffe, 0xffffffec, 0xfffffffa );
  TEST_RR_OP( 20, rem, 0xffffffff, 0xfffffff9, 0x00000002 );
  TEST_RR_OP( 21, rem, 0x00000001, 0x00000007, 0xfffffffe );
  TEST_RR_OP( 22, rem, 0x00000014, 0x00000014, 0x00000000 );
  TEST_RR_OP( 23, rem, 0xffffffec, 0xffffffec, 0x00000000 );
  TEST_RR_OP( 24, rem, 0x00000000, 0x00000000, 0x00000000 );
  TEST_RR_OP( 25, rem, 0x80000000, 0x80000000, 0x00000000 );
  TEST_RR_OP( 26, rem, 0x00000000, 0x80000000, 0xffffffff );
  TEST_RR_OP( 27, rem, 0x00000000, 0x80000000, 0x00000001 );
  TEST_RR_OP( 28, rem, 0x00000000, 0x7fffffff, 0xffffffff );
  TEST_RR_OP( 29, rem, 0xffffffff, 0xffffffff, 0x80000000 );
  TEST_RR_OP( 30, rem, 0x00000001, 0x00000001, 0x80000000 );

  #-- a source register is also the destination
  TEST_RR_SRC1_EQ_DEST( 31, rem, 0x00000000, 0x0000008f, 0x0000000b );
  TEST_RR_SRC2_EQ_DEST( 32, rem, 0x00000002, 0x0000000e, 0x00000003 );
  TEST_RR_SRC12_EQ_DEST( 33, rem, 0x00000000, 0x0000000d );

  #-- x0 as a source reads 0; as the destination it stays 0
  TEST_RR_ZEROSRC1( 34, rem, 0x00000000, 0xffffffef );
  TEST_RR_ZEROSRC2( 35, rem, 0x00000020, 0x00000020 );
  TEST_RR_ZEROSRC12( 36, rem, 0x00000000 );
  TEST_RR_ZERODEST( 37, rem, 16, 30 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
