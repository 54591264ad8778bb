# amomin.w, amomax.w (signed) and amominu.w, amomaxu.w (unsigned): rd = the word at rs1, which
# becomes the minimum or maximum of that word and rs2. Edge cases: equal values, the sign bit.
# unpriv. 8.4 Atomic Memory Operations.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- signed
  TEST_AMO_OP( 2, amomin.w, 0x00000001, 0x00000001, 0x00000002 );
  TEST_AMO_OP( 3, amomin.w, 0xffffffff, 0x00000001, 0xffffffff );
  TEST_AMO_OP( 4, amomin.w, 0x80000000, 0x7fffffff, 0x80000000 );
  TEST_AMO_OP( 5, amomin.w, 0x80000000, 0x80000000, 0x80000000 );
  TEST_AMO_OP( 6, amomax.w, 0x00000002, 0x00000001, 0x00000002 );
  TEST_AMO_OP( 7, amomax.w, 0x00000001, 0x00000001, 0xffffffff );
  TEST_AMO_OP( 8, amomax.w, 0x7fffffff, 0x7fffffff, 0x80000000 );
  TEST_AMO_OP( 9, amomax.w, 0xffffffff, 0x80000000, 0xffffffff );
  #-- unsigned: the sign bit is the largest value
  TEST_AMO_OP( 10, amominu.w, 0x00000001, 0x00000001, 0xffffffff );
  TEST_AMO_OP( 11, amominu.w, 0x7fffffff, 0x7fffffff, 0x80000000 );
  TEST_AMO_OP( 12, amominu.w, 0x00000000, 0xffffffff, 0x00000000 );
  TEST_AMO_OP( 13, amomaxu.w, 0xffffffff, 0x00000001, 0xffffffff );
  TEST_AMO_OP( 14, amomaxu.w, 0x80000000, 0x7fffffff, 0x80000000 );
  TEST_AMO_OP( 15, amomaxu.w, 0x00000005, 0x00000005, 0x00000005 );

  TEST_PASSFAIL

RVTEST_CODE_END

  AMO_DATA
RVTEST_DATA_BEGIN
RVTEST_DATA_END
