# simple: the smallest program, which only passes. Bring-up order: this one first, then the
# environment's entry code (mret to U-mode) and exit path (ecall, the M-mode trap vector, tohost).
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  RVTEST_PASS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
