# medeleg[11] (ecall from M-mode) is read-only zero: M-mode traps are never delegated.
# QEMU 7.2 lets the bit be set (fails test 2).
# priv. 3.1.8 Machine Trap Delegation Registers.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32M
RVTEST_CODE_BEGIN

  TEST_CASE( 2, x14, 0, li x1, 1 << CAUSE_MACHINE_ECALL; csrs medeleg, x1; csrr x14, medeleg; and x14, x14, x1 );
  csrw medeleg, x0

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
