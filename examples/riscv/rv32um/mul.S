# mul: rd = the low 32 bits of rs1 * rs2 (the same for signed and unsigned operands).
# unpriv. 7.1 Multiplication Operations.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_RR_OP( 2, mul, 0x00000000, 0x00000000, 0x00000000 );
  TEST_RR_OP( 3, mul, 0x00000001, 0x00000001, 0x00000001 );
  TEST_RR_OP( 4, mul, 0x00000015, 0x00000003, 0x00000007 );
  TEST_RR_OP( 5, mul, 0x00000000, 0x00000000, 0xffff8000 );
  TEST_RR_OP( 6, mul, 0x00000000, 0x80000000, 0x00000000 );
  TEST_RR_OP( 7, mul, 0x00000000, 0x80000000, 0xffff8000 );
  TEST_RR_OP( 8, mul, 0x0000ff7f, 0xaaaaaaab, 0x0002fe7d );
  TEST_RR_OP( 9, mul, 0x0000ff7f, 0x0002fe7d, 0xaaaaaaab );
  TEST_RR_OP( 10, mul, 0x00000000, 0xff000000, 0xff000000 );
  TEST_RR_OP( 11, mul, 0x00000001, 0xffffffff, 0xffffffff );
  TEST_RR_OP( 12, mul, 0xffffffff, 0xffffffff, 0x00000001 );
  TEST_RR_OP( 13, mul, 0xffffffff, 0x00000001, 0xffffffff );
  TEST_RR_OP( 14, mul, 0x00000001, 0x7fffffff, 0x7fffffff );
  TEST_RR_OP( 15, mul, 0x00000000, 0x80000000, 0x80000000 );
  TEST_RR_OP( 16, mul, 0x80000000, 0x80000000, 0x7fffffff );
  TEST_RR_OP( 17, mul, 0x242d2080, 0x12345678, 0x9abcdef0 );
  TEST_RR_OP( 18, mul, 0x00000078, 0x00000014, 0x00000006 );
  TEST_RR_OP( 19, mul, 0xffffff88, 0xffffffec, 0x00000006 );
  TEST_RR_OP( 20, mul, 0xffffff88, 0x00000014, 0xfffffffa );
  TEST_RR_OP( 21, mul, 0x00000078, 0xffffffec, 0xfffffffa );
  TEST_RR_OP( 22, mul, 0xfffffff2, 0xfffffff9, 0x00000002 );
  TEST_RR_OP( 23, mul, 0xfffffff2, 0x00000007, 0xfffffffe );

  #-- a source register is also the destination
  TEST_RR_SRC1_EQ_DEST( 24, mul, 0x0000008f, 0x0000000d, 0x0000000b );
  TEST_RR_SRC2_EQ_DEST( 25, mul, 0x0000009a, 0x0000000e, 0x0000000b );
  TEST_RR_SRC12_EQ_DEST( 26, mul, 0x000000a9, 0x0000000d );

  #-- x0 as a source reads 0; as the destination it stays 0
  TEST_RR_ZEROSRC1( 27, mul, 0x00000000, 0xffffffef );
  TEST_RR_ZEROSRC2( 28, mul, 0x00000000, 0x00000020 );
  TEST_RR_ZEROSRC12( 29, mul, 0x00000000 );
  TEST_RR_ZERODEST( 30, mul, 16, 30 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
