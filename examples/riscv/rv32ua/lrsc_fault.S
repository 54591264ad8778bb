# Faulting LR.W: where nothing is mapped it raises load access fault (5); misaligned, load address
# misaligned (4); mtval is the address, mepc the instruction, rd unchanged. An SC.W with no
# reservation fails without an access, even where nothing is mapped. The store/AMO causes of
# misaligned or faulting SC.W and AMOs: strict/amo_causes.S.
# unpriv. 8.2; priv. 3.1.15 mcause; 3.1.16 mtval.
#include "riscv_test.h"
#include "test_macros.h"

#define NOWHERE 0xc0000000

RVTEST_RV32M
RVTEST_CODE_BEGIN

  li x1, NOWHERE; li x2, 0x1234; li x13, 0x77
  TEST_TRAP( 2, CAUSE_LOAD_ACCESS, lr.w x13, (x1) );
  TEST_TRAP_TVAL( 3, NOWHERE );
  TEST_CASE( 4, x13, 0x77, );

  la x1, amo_word; sw x2, 0(x1); addi x1, x1, 2
  TEST_TRAP( 5, CAUSE_MISALIGNED_LOAD, lr.w x13, (x1) );
  TEST_TRAP_TVAL_SYM( 6, 2, amo_word );
  TEST_CASE( 7, x13, 0x77, );

  li x1, NOWHERE
  TEST_CASE( 8, x13, 1, sc.w x13, x2, (x1) );

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

  AMO_DATA
RVTEST_DATA_BEGIN
RVTEST_DATA_END
