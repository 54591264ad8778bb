# sltu: rd = 1 if rs1 < rs2 as unsigned numbers, else 0 (sltu rd, x0, rs2 is snez).
# unpriv. 2.4.2 Integer Register-Register Operations.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_RR_OP( 2, sltu, 0x00000000, 0x00000000, 0x00000000 );
  TEST_RR_OP( 3, sltu, 0x00000000, 0x00000001, 0x00000001 );
  TEST_RR_OP( 4, sltu, 0x00000001, 0x00000003, 0x00000007 );
  TEST_RR_OP( 5, sltu, 0x00000001, 0x00000000, 0xffff8000 );
  TEST_RR_OP( 6, sltu, 0x00000000, 0x80000000, 0x00000000 );
  TEST_RR_OP( 7, sltu, 0x00000001, 0x80000000, 0xffff8000 );
  TEST_RR_OP( 8, sltu, 0x00000001, 0x00000000, 0x00007fff );
  TEST_RR_OP( 9, sltu, 0x00000000, 0x7fffffff, 0x00000000 );
  TEST_RR_OP( 10, sltu, 0x00000000, 0x7fffffff, 0x00007fff );
  TEST_RR_OP( 11, sltu, 0x00000000, 0x80000000, 0x00007fff );
  TEST_RR_OP( 12, sltu, 0x00000001, 0x7fffffff, 0xffff8000 );
  TEST_RR_OP( 13, sltu, 0x00000001, 0x00000000, 0xffffffff );
  TEST_RR_OP( 14, sltu, 0x00000000, 0xffffffff, 0x00000001 );
  TEST_RR_OP( 15, sltu, 0x00000000, 0xffffffff, 0xffffffff );
  TEST_RR_OP( 16, sltu, 0x00000001, 0x00000001, 0x7fffffff );
  TEST_RR_OP( 17, sltu, 0x00000000, 0x7fffffff, 0x00000001 );
  TEST_RR_OP( 18, sltu, 0x00000000, 0x80000000, 0x00000001 );
  TEST_RR_OP( 19, sltu, 0x00000000, 0x12345678, 0x0f0f0f0f );
  TEST_RR_OP( 20, sltu, 0x00000000, 0xff00ff00, 0x0f0f0f0f );
  TEST_RR_OP( 21, sltu, 0x00000001, 0x00ff00ff, 0xf0f0f0f0 );

  #-- a source register is also the destination
  TEST_RR_SRC1_EQ_DEST( 22, sltu, 0x00000000, 0x0000000d, 0x0000000b );
  TEST_RR_SRC2_EQ_DEST( 23, sltu, 0x00000000, 0x0000000e, 0x0000000b );
  TEST_RR_SRC12_EQ_DEST( 24, sltu, 0x00000000, 0x0000000d );

  #-- x0 as a source reads 0; as the destination it stays 0
  TEST_RR_ZEROSRC1( 25, sltu, 0x00000001, 0xffffffef );
  TEST_RR_ZEROSRC2( 26, sltu, 0x00000000, 0x00000020 );
  TEST_RR_ZEROSRC12( 27, sltu, 0x00000000 );
  TEST_RR_ZERODEST( 28, sltu, 16, 30 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
