# mepc and sepc: bit 0 is always zero, and bit 1 too on a hart with IALIGN = 32 (no C extension).
# QEMU 7.2 keeps all written bits (fails test 2).
# priv. 3.1.14 Machine Exception Program Counter (mepc); 4.1.7 sepc.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32M
RVTEST_CODE_BEGIN

  TEST_CASE( 2, x14, 0xfffffffc, li x1, -1; csrw mepc, x1; csrr x14, mepc );
  TEST_CASE( 3, x14, 0x80000000, li x1, 0x80000003; csrw mepc, x1; csrr x14, mepc );
  TEST_CASE( 4, x14, 0xfffffffc, li x1, -1; csrw sepc, x1; csrr x14, sepc );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
