# WFI waits for an interrupt that is pending and enabled in mie (whatever mstatus.MIE says).
# With one pending already it completes at once, even as a no-op, so every WFI that runs here
# has one. In U-mode WFI is illegal (S-mode exists); in S-mode too when TW = 1. Those cases have
# nothing pending, so "completes within a bounded time" cannot apply.
# priv. 3.3.3 Wait for Interrupt; 3.1.6.5 Virtualization Support (TW).
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32M
RVTEST_CODE_BEGIN

  #-- M-mode: an S software interrupt is pending and enabled in mie, globally off (MIE = 0)
  csrci mstatus, MSTATUS_MIE
  csrwi mie, MIP_SSIP
  csrwi mip, MIP_SSIP
  TEST_CASE( 2, x14, 2, li x14, 0; wfi; li x14, 2 );
  TEST_CASE( 3, x14, MIP_SSIP, csrr x14, mip; andi x14, x14, MIP_SSIP );    # still pending, not taken
  csrwi mip, 0
  csrwi mie, 0

  #-- S-mode with TW = 0: the interrupt is delegated to S and S's SIE is 0, so it stays pending
  csrwi mideleg, MIP_SSIP
  csrwi mie, MIP_SSIP
  csrwi mip, MIP_SSIP
  RVTEST_GOTO_S
  csrci sstatus, MSTATUS_SIE
  TEST_CASE( 4, x14, 4, li x14, 0; wfi; li x14, 4 );
  RVTEST_GOTO_M
  csrwi mip, 0
  csrwi mie, 0
  csrwi mideleg, 0

  #-- S-mode with TW = 1, nothing pending: illegal instruction
  li x1, MSTATUS_TW
  csrs mstatus, x1
  RVTEST_GOTO_S
  TEST_ILLEGAL( 5, wfi );
  TEST_TRAP_STATUS( 6, MSTATUS_MPP, MPP_S );
  RVTEST_GOTO_M
  li x1, MSTATUS_TW
  csrc mstatus, x1

  #-- U-mode, TW = 0, nothing pending: illegal instruction
  RVTEST_GOTO_U
  TEST_ILLEGAL( 7, wfi );
  TEST_TRAP_STATUS( 8, MSTATUS_MPP, MPP_U );
  RVTEST_GOTO_M

  #-- TW does not apply to M-mode
  li x1, MSTATUS_TW
  csrs mstatus, x1
  csrwi mie, MIP_SSIP
  csrwi mip, MIP_SSIP
  TEST_CASE( 9, x14, 9, li x14, 0; wfi; li x14, 9 );
  csrwi mip, 0
  csrwi mie, 0
  li x1, MSTATUS_TW
  csrc mstatus, x1

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
