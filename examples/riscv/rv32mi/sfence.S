# SFENCE.VMA (any rs1, rs2) orders page-table updates; with satp in Bare mode it has nothing to
# do, so it completes in M-mode and in S-mode, but traps in S-mode when TVM = 1 and always in
# U-mode. TVM also makes satp itself illegal in S-mode.
# priv. 4.2.1 Supervisor Memory-Management Fence Instruction; 3.1.6.5 Virtualization Support (TVM);
# 4.1.11 Supervisor Address Translation and Protection (satp) Register.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32M
RVTEST_CODE_BEGIN

  #-- M-mode: every operand form
  TEST_CASE( 2, x14, 2, li x14, 2; li x1, 0x80001000; li x2, 1; sfence.vma; sfence.vma x1; sfence.vma x0, x2; sfence.vma x1, x2 );

  #-- S-mode with TVM = 0: completes, and satp is accessible
  RVTEST_GOTO_S
  TEST_CASE( 3, x14, 3, li x14, 3; li x1, 0x80001000; li x2, 1; sfence.vma; sfence.vma x1, x2 );
  TEST_CASE( 4, x14, 0, csrw satp, x0; csrr x14, satp );
  RVTEST_GOTO_M

  #-- S-mode with TVM = 1: sfence.vma and satp accesses are illegal
  li x1, MSTATUS_TVM
  csrs mstatus, x1
  RVTEST_GOTO_S
  TEST_ILLEGAL( 5, sfence.vma );
  TEST_ILLEGAL( 6, sfence.vma x1, x2 );
  TEST_ILLEGAL( 7, csrr x14, satp );
  TEST_ILLEGAL( 8, csrw satp, x0 );
  TEST_TRAP_STATUS( 9, MSTATUS_MPP, MPP_S );
  RVTEST_GOTO_M
  #-- TVM does not apply to M-mode
  TEST_CASE( 10, x14, 10, li x14, 10; sfence.vma; csrr x1, satp );
  li x1, MSTATUS_TVM
  csrc mstatus, x1

  #-- U-mode: illegal
  RVTEST_GOTO_U
  TEST_ILLEGAL( 11, sfence.vma );
  TEST_TRAP_STATUS( 12, MSTATUS_MPP, MPP_U );
  RVTEST_GOTO_M

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
