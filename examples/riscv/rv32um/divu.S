# divu: rd = rs1 / rs2 unsigned; x/0 = 2^32 - 1 (no trap).
# unpriv. 7.2 Division Operations.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_RR_OP( 2, divu, 0x00000001, 0x00000001, 0x00000001 );
  TEST_RR_OP( 3, divu, 0x00000000, 0x00000003, 0x00000007 );
  TEST_RR_OP( 4, divu, 0x00000000, 0x00000000, 0xffff8000 );
  TEST_RR_OP( 5, divu, 0x00000000, 0x80000000, 0xffff8000 );
  TEST_RR_OP( 6, divu, 0x00003900, 0xaaaaaaab, 0x0002fe7d );
  TEST_RR_OP( 7, divu, 0x00000000, 0x0002fe7d, 0xaaaaaaab );
  TEST_RR_OP( 8, divu, 0x00000001, 0xff000000, 0xff000000 );
  TEST_RR_OP( 9, divu, 0x00000001, 0xffffffff, 0xffffffff );
  TEST_RR_OP( 10, divu, 0xffffffff, 0xffffffff, 0x00000001 );
  TEST_RR_OP( 11, divu, 0x00000000, 0x00000001, 0xffffffff );
  TEST_RR_OP( 12, divu, 0x00000001, 0x7fffffff, 0x7fffffff );
  TEST_RR_OP( 13, divu, 0x00000001, 0x80000000, 0x80000000 );
  TEST_RR_OP( 14, divu, 0x00000001, 0x80000000, 0x7fffffff );
  TEST_RR_OP( 15, divu, 0x00000000, 0x12345678, 0x9abcdef0 );
  TEST_RR_OP( 16, divu, 0x00000003, 0x00000014, 0x00000006 );
  TEST_RR_OP( 17, divu, 0x2aaaaaa7, 0xffffffec, 0x00000006 );
  TEST_RR_OP( 18, divu, 0x00000000, 0x00000014, 0xfffffffa );
  TEST_RR_OP( 19, divu, 0x00000000, 0xffffffec, 0xfffffffa );
  TEST_RR_OP( 20, divu, 0x7ffffffc, 0xfffffff9, 0x00000002 );
  TEST_RR_OP( 21, divu, 0x00000000, 0x00000007, 0xfffffffe );
  TEST_RR_OP( 22, divu, 0xffffffff, 0x00000014, 0x00000000 );
  TEST_RR_OP( 23, divu, 0xffffffff, 0xffffffec, 0x00000000 );
  TEST_RR_OP( 24, divu, 0xffffffff, 0x00000000, 0x00000000 );
  TEST_RR_OP( 25, divu, 0xffffffff, 0x80000000, 0x00000000 );
  TEST_RR_OP( 26, divu, 0x00000000, 0x80000000, 0xffffffff );
  TEST_RR_OP( 27, divu, 0x80000000, 0x80000000, 0x00000001 );
  TEST_RR_OP( 28, divu, 0x00000000, 0x7fffffff, 0xffffffff );
  TEST_RR_OP( 29, divu, 0x00000001, 0xffffffff, 0x80000000 );
  TEST_RR_OP( 30, divu, 0x00000000, 0x00000001, 0x80000000 );

  #-- a source register is also the destination
  TEST_RR_SRC1_EQ_DEST( 31, divu, 0x0000000d, 0x0000008f, 0x0000000b );
  TEST_RR_SRC2_EQ_DEST( 32, divu, 0x00000004, 0x0000000e, 0x00000003 );
  TEST_RR_SRC12_EQ_DEST( 33, divu, 0x00000001, 0x0000000d );

  #-- x0 as a source reads 0; as the destination it stays 0
  TEST_RR_ZEROSRC1( 34, divu, 0x00000000, 0xffffffef );
  TEST_RR_ZEROSRC2( 35, divu, 0xffffffff, 0x00000020 );
  TEST_RR_ZEROSRC12( 36, divu, 0xffffffff );
  TEST_RR_ZERODEST( 37, divu, 16, 30 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
