# lui rd, imm20: rd = imm20 << 12, the low 12 bits zero.
# unpriv. 2.4.1 Integer Register-Immediate Instructions.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  TEST_CASE( 2, x1, 0x00000000, lui x1, 0x00000 );
  TEST_CASE( 3, x1, 0xfffff000, lui x1, 0xfffff );
  TEST_CASE( 4, x1, 0xfffff800, lui x1, 0xfffff; sra x1, x1, 1 );
  TEST_CASE( 5, x1, 0x000007ff, lui x1, 0x7ffff; sra x1, x1, 20 );
  TEST_CASE( 6, x1, 0xfffff800, lui x1, 0x80000; sra x1, x1, 20 );
  TEST_CASE( 7, x1, 0x12345000, lui x1, 0x12345 );
  TEST_CASE( 8, x1, 0xaaaaa000, lui x1, 0xaaaaa );
  TEST_CASE( 9, x1, 0x55555000, li x1, -1; lui x1, 0x55555 );

  #-- x0 as the destination stays 0
  TEST_CASE( 10, x0, 0, lui x0, 0x80000 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
