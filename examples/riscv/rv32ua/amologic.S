# amoxor.w, amoand.w, amoor.w: rd = the word at rs1, which becomes that word op rs2.
# unpriv. 8.4 Atomic Memory Operations.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  TEST_AMO_OP( 2, amoxor.w, 0x0f0f0f0f, 0xff00ff00, 0xf00ff00f );
  TEST_AMO_OP( 3, amoxor.w, 0x00000000, 0xffffffff, 0xffffffff );
  TEST_AMO_OP( 4, amoand.w, 0xf000f000, 0xff00ff00, 0xf00ff00f );
  TEST_AMO_OP( 5, amoand.w, 0x00000000, 0xaaaaaaaa, 0x55555555 );
  TEST_AMO_OP( 6, amoor.w,  0xff0fff0f, 0xff00ff00, 0xf00ff00f );
  TEST_AMO_OP( 7, amoor.w,  0xffffffff, 0xaaaaaaaa, 0x55555555 );

  TEST_PASSFAIL

RVTEST_CODE_END

  AMO_DATA
RVTEST_DATA_BEGIN
RVTEST_DATA_END
