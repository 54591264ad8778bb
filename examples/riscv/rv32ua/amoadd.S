# amoadd.w: rd = the word at rs1, which becomes that word + rs2 (wrapping).
# unpriv. 8.4 Atomic Memory Operations.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  TEST_AMO_OP( 2, amoadd.w, 0x00000003, 0x00000001, 0x00000002 );
  TEST_AMO_OP( 3, amoadd.w, 0x00000000, 0xffffffff, 0x00000001 );
  TEST_AMO_OP( 4, amoadd.w, 0x80000000, 0x7fffffff, 0x00000001 );
  TEST_AMO_OP( 5, amoadd.w, 0xfffff800, 0x00000000, 0xfffff800 );
  TEST_AMO_OP( 6, amoadd.w.aqrl, 0x7ffffffe, 0xffffffff, 0x7fffffff );

  #-- rd = rs1: the address is read before rd is written
  TEST_CASE( 7, x1, 0x00000010, la x1, amo_word; li x2, 0x10; sw x2, 0(x1); li x2, 5; amoadd.w x1, x2, (x1) );
  TEST_CASE( 8, x14, 0x00000015, la x1, amo_word; lw x14, 0(x1) );

  TEST_PASSFAIL

RVTEST_CODE_END

  AMO_DATA
RVTEST_DATA_BEGIN
RVTEST_DATA_END
