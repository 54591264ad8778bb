# ecall from M, S and U raises the environment call exception of that mode (causes 11, 9, 8),
# with mepc at the ecall and mtval 0; the trap saves the mode in MPP and MIE in MPIE, and mret
# restores both. Nothing is delegated, so all three reach M-mode.
# priv. 3.3.1 Environment Call and Breakpoint; 3.1.6.1 Privilege and Global Interrupt-Enable Stack.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32M
RVTEST_CODE_BEGIN

  #-- from M-mode
  li a7, 0
  TEST_TRAP( 2, CAUSE_MACHINE_ECALL, ecall );
  TEST_TRAP_TVAL( 3, 0 );
  TEST_TRAP_STATUS( 4, MSTATUS_MPP, MPP_M );
  TEST_TRAP_LEVEL( 5, 'M' );

  #-- the interrupt-enable stack: MIE goes to MPIE and is cleared; mret puts it back
  csrsi mstatus, MSTATUS_MIE
  li a7, 0
  TEST_TRAP( 6, CAUSE_MACHINE_ECALL, ecall );
  TEST_TRAP_STATUS( 7, MSTATUS_MIE | MSTATUS_MPIE, MSTATUS_MPIE );
  TEST_CASE( 8, x14, MSTATUS_MIE | MSTATUS_MPIE, csrr x14, mstatus; andi x14, x14, MSTATUS_MIE | MSTATUS_MPIE );
  csrci mstatus, MSTATUS_MIE
  li a7, 0
  TEST_TRAP( 9, CAUSE_MACHINE_ECALL, ecall );
  TEST_TRAP_STATUS( 10, MSTATUS_MIE | MSTATUS_MPIE, 0 );

  #-- from S-mode
  RVTEST_GOTO_S
  li a7, 0
  TEST_TRAP( 11, CAUSE_SUPERVISOR_ECALL, ecall );
  TEST_TRAP_TVAL( 12, 0 );
  TEST_TRAP_STATUS( 13, MSTATUS_MPP, MPP_S );
  TEST_TRAP_LEVEL( 14, 'M' );
  RVTEST_GOTO_M

  #-- from U-mode
  RVTEST_GOTO_U
  li a7, 0
  TEST_TRAP( 15, CAUSE_USER_ECALL, ecall );
  TEST_TRAP_TVAL( 16, 0 );
  TEST_TRAP_STATUS( 17, MSTATUS_MPP, MPP_U );
  TEST_TRAP_LEVEL( 18, 'M' );
  RVTEST_GOTO_M

  #-- registers are untouched by the trap (a0..a7 are only a convention)
  TEST_CASE( 19, x14, 0x55, li x14, 0x55; TRAP_ARM(1f); li a7, 0; li x14, 0x55; ecall; 1: );

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
