# csrrs and csrrc with rs1 other than x0 write the CSR even when rs1 holds 0, so on a read-only
# CSR they raise an illegal instruction exception; only rs1 = x0 (or uimm = 0) is a pure read.
# QEMU 7.2 decides by rs1's value instead and lets these through (fails test 2).
# unpriv. 9.1 CSR Instructions (the table of which forms read and write).
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32M
RVTEST_CODE_BEGIN

  li x1, 0
  TEST_ILLEGAL( 2, csrrs x14, mhartid, x1 );
  TEST_ILLEGAL( 3, csrrc x14, mvendorid, x1 );
  TEST_ILLEGAL( 4, csrrs x14, cycle, x1 );

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
