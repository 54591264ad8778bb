# mstatus.MPP is WARL and 2 is no privilege mode: after writing 2 it reads back a legal value
# (U, S or M; which one the implementation chooses). QEMU 7.2 keeps the 2 (fails test 2).
# priv. 3.1.6.1 Privilege and Global Interrupt-Enable Stack; 2.3 CSR Field Specifications (WARL).
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32M
RVTEST_CODE_BEGIN

  # x14 = 1 when MPP does not read 2
  TEST_CASE( 2, x14, 1,
    li x1, MSTATUS_MPP; csrc mstatus, x1; li x1, 0x1000; csrs mstatus, x1;
    csrr x14, mstatus; li x1, MSTATUS_MPP; and x14, x14, x1; li x1, 0x1000; sub x14, x14, x1; snez x14, x14 );
  li x1, MSTATUS_MPP
  csrs mstatus, x1

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
