# amoswap.w: rd = the word at rs1, which becomes rs2, in one step; the aq/rl bits change nothing.
# unpriv. 8.4 Atomic Memory Operations.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  TEST_AMO_OP( 2, amoswap.w, 0x00000002, 0x00000001, 0x00000002 );
  TEST_AMO_OP( 3, amoswap.w, 0x80000000, 0xffffffff, 0x80000000 );
  TEST_AMO_OP( 4, amoswap.w.aq, 0x12345678, 0x00000000, 0x12345678 );
  TEST_AMO_OP( 5, amoswap.w.rl, 0xdeadbeef, 0x7fffffff, 0xdeadbeef );
  TEST_AMO_OP( 6, amoswap.w.aqrl, 0x00000000, 0x55555555, 0x00000000 );

  #-- rd = rs2: the old word goes to rd, the register's old value to memory
  TEST_CASE( 7, x2, 0x0000abcd, la x1, amo_word; li x2, 0xabcd; sw x2, 0(x1); li x2, 0x1234; amoswap.w x2, x2, (x1) );
  TEST_CASE( 8, x14, 0x00001234, lw x14, 0(x1) );
  #-- rd = x0: memory still changes
  TEST_CASE( 9, x14, 0x00000077, li x2, 0x77; amoswap.w x0, x2, (x1); lw x14, 0(x1) );

  TEST_PASSFAIL

RVTEST_CODE_END

  AMO_DATA
RVTEST_DATA_BEGIN
RVTEST_DATA_END
