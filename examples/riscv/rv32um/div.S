# div: rd = rs1 / rs2 signed, rounded toward zero; x/0 = -1; -2^31 / -1 = -2^31 (no trap).
# unpriv. 7.2 Division Operations.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_RR_OP( 2, div, 0x00000001, 0x00000001, 0x00000001 );
  TEST_RR_OP( 3, div, 0x00000000, 0x00000003, 0x00000007 );
  TEST_RR_OP( 4, div, 0x00000000, 0x00000000, 0xffff8000 );
  TEST_RR_OP( 5, div, 0x00010000, 0x80000000, 0xffff8000 );
  TEST_RR_OP( 6, div, 0xffffe380, 0xaaaaaaab, 0x0002fe7d );
  TEST_RR_OP( 7, div, 0x00000000, 0x0002fe7d, 0xaaaaaaab );
  TEST_RR_OP( 8, div, 0x00000001, 0xff000000, 0xff000000 );
  TEST_RR_OP( 9, div, 0x00000001, 0xffffffff, 0xffffffff );
  TEST_RR_OP( 10, div, 0xffffffff, 0xffffffff, 0x00000001 );
  TEST_RR_OP( 11, div, 0xffffffff, 0x00000001, 0xffffffff );
  TEST_RR_OP( 12, div, 0x00000001, 0x7fffffff, 0x7fffffff );
  TEST_RR_OP( 13, div, 0x00000001, 0x80000000, 0x80000000 );
  TEST_RR_OP( 14, div, 0xffffffff, 0x80000000, 0x7fffffff );
  TEST_RR_OP( 15, div, 0x00000000, 0x12345678, 0x9abcdef0 );
  TEST_RR_OP( 16, div, 0x00000003, 0x00000014, 0x00000006 );
  TEST_RR_OP( 17, div, 0xfffffffd, 0xffffffec, 0x00000006 );
  TEST_RR_OP( 18, div, 0xfffffffd, 0x00000014, 0xfffffffa );
  TEST_RR_OP( 19, div, 0x00000003, 0xffffffec, 0xfffffffa );
  TEST_RR_OP( 20, div, 0xfffffffd, 0xfffffff9, 0x00000002 );
  TEST_RR_OP( 21, div, 0xfffffffd, 0x00000007, 0xfffffffe );
  TEST_RR_OP( 22, div, 0xffffffff, 0x00000014, 0x00000000 );
  TEST_RR_OP( 23, div, 0xffffffff, 0xffffffec, 0x00000000 );
  TEST_RR_OP( 24, div, 0xffffffff, 0x00000000, 0x00000000 );
  TEST_RR_OP( 25, div, 0xffffffff, 0x80000000, 0x00000000 );
  TEST_RR_OP( 26, div, 0x80000000, 0x80000000, 0xffffffff );
  TEST_RR_OP( 27, div, 0x80000000, 0x80000000, 0x00000001 );
  TEST_RR_OP( 28, div, 0x80000001, 0x7fffffff, 0xffffffff );
  TEST_RR_OP( 29, div, 0x00000000, 0xffffffff, 0x80000000 );
  TEST_RR_OP( 30, div, 0x00000000, 0x00000001, 0x80000000 );

  #-- a source register is also the destination
  TEST_RR_SRC1_EQ_DEST( 31, div, 0x0000000d, 0x0000008f, 0x0000000b );
  TEST_RR_SRC2_EQ_DEST( 32, div, 0x00000004, 0x0000000e, 0x00000003 );
  TEST_RR_SRC12_EQ_DEST( 33, div, 0x00000001, 0x0000000d );

  #-- x0 as a source reads 0; as the destination it stays 0
  TEST_RR_ZEROSRC1( 34, div, 0x00000000, 0xffffffef );
  TEST_RR_ZEROSRC2( 35, div, 0xffffffff, 0x00000020 );
  TEST_RR_ZEROSRC12( 36, div, 0xffffffff );
  TEST_RR_ZERODEST( 37, div, 16, 30 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
