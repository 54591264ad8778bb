# A misaligned jump or branch target: mtval is the target (when the platform writes mtval for
# this exception at all, it must be the faulting address). QEMU 7.2 writes the address of the
# start of its translation block for jal and branches (fails test 3); jalr is right.
# priv. 3.1.16 Machine Trap Value Register (mtval).
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32M
RVTEST_CODE_BEGIN

  TEST_TRAP( 2, CAUSE_MISALIGNED_FETCH, jal x0, 1f + 2; 1: nop; nop );
  TEST_TRAP_TVAL_SYM( 3, 2, 1b );
  li x1, 3
  TEST_TRAP( 4, CAUSE_MISALIGNED_FETCH, bne x1, x0, 1f + 2; 1: nop; nop );
  TEST_TRAP_TVAL_SYM( 5, 2, 1b );
  TEST_TRAP( 6, CAUSE_MISALIGNED_FETCH, bge x1, x0, 1f - 2; nop; 1: nop );
  TEST_TRAP_TVAL_SYM( 7, -2, 1b );

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
