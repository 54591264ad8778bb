# Mode switches. mret goes to the mode in MPP at mepc, sets MIE = MPIE, MPIE = 1, MPP = U; sret
# goes to the mode in SPP at sepc, sets SIE = SPIE, SPIE = 1, SPP = U. Traps come back to M-mode.
# Which mode the code runs in shows in the MPP a trap records (an M-only CSR read from S or U
# traps). mret is M-only; sret is illegal in U-mode, and in S-mode when TSR = 1.
# (mret/sret to a lower mode also clear MPRV: strict/mret_mprv.S.)
# priv. 3.3.2 Trap-Return Instructions; 3.1.6.1 Privilege and Global Interrupt-Enable Stack;
# 3.1.6.5 Virtualization Support (TSR).
#include "riscv_test.h"
#include "test_macros.h"

// x14 = the MPP recorded by a trap from here (an M-only CSR read), i.e. the current mode
#define WHERE_AM_I TRAP_ARM(7f) csrr x0, mscratch; 7: la x15, trap_record; lw x14, TR_STATUS(x15); li x7, MSTATUS_MPP; and x14, x14, x7
// x14 = whether this is M-mode: the read does not trap
#define IN_M li x14, 0; TRAP_ARM(7f) csrr x0, mscratch; li x14, 1; 7: la x15, trap_record; sw zero, TR_RESUME(x15)

RVTEST_RV32M
RVTEST_CODE_BEGIN

  #-- mret in M-mode with MPP = M stays in M-mode and pops the interrupt-enable stack
  TEST_CASE( 2, x14, MSTATUS_MIE | MSTATUS_MPIE,
    li x1, MSTATUS_MPP | MSTATUS_MPIE; csrs mstatus, x1; csrci mstatus, MSTATUS_MIE;
    la x1, 1f; csrw mepc, x1; mret; li x14, 99; j 2f;
  1:csrr x14, mstatus; li x1, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP; and x14, x14, x1; 2: );
  TEST_CASE( 3, x14, MSTATUS_MPIE,
    li x1, MSTATUS_MPP; csrs mstatus, x1; li x1, MSTATUS_MPIE; csrc mstatus, x1; csrsi mstatus, MSTATUS_MIE;
    la x1, 1f; csrw mepc, x1; mret; li x14, 99; j 2f;
  1:csrr x14, mstatus; li x1, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP; and x14, x14, x1; 2: );
  TEST_CASE( 4, x14, 1, IN_M );

  #-- mret to S and to U
  TEST_CASE( 5, x14, MPP_S,
    li x1, MSTATUS_MPP; csrc mstatus, x1; li x1, MPP_S; csrs mstatus, x1;
    la x1, 1f; csrw mepc, x1; mret; li x14, 99; j 2f;
  1:WHERE_AM_I; 2: );
  RVTEST_GOTO_M
  TEST_CASE( 6, x14, MPP_U,
    li x1, MSTATUS_MPP; csrc mstatus, x1;
    la x1, 1f; csrw mepc, x1; mret; li x14, 99; j 2f;
  1:WHERE_AM_I; 2: );
  RVTEST_GOTO_M
  TEST_CASE( 7, x14, 1, IN_M );

  #-- sret from M-mode to S, popping the S interrupt-enable stack (seen through sstatus)
  TEST_CASE( 8, x14, MSTATUS_SIE | MSTATUS_SPIE,
    li x1, MSTATUS_SPP | MSTATUS_SPIE; csrs mstatus, x1; csrci mstatus, MSTATUS_SIE;
    la x1, 1f; csrw sepc, x1; sret; li x14, 99; j 2f;
  1:csrr x14, sstatus; li x1, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP; and x14, x14, x1; 2: );
  TEST_CASE( 9, x14, MPP_S, WHERE_AM_I );
  csrci sstatus, MSTATUS_SIE

  #-- sret from S to U, and from S to S
  TEST_CASE( 10, x14, MPP_U,
    li x1, MSTATUS_SPP; csrc sstatus, x1; la x1, 1f; csrw sepc, x1; sret; li x14, 99; j 2f;
  1:WHERE_AM_I; 2: );
  RVTEST_GOTO_M
  RVTEST_GOTO_S
  TEST_CASE( 11, x14, MPP_S,
    li x1, MSTATUS_SPP; csrs sstatus, x1; la x1, 1f; csrw sepc, x1; sret; li x14, 99; j 2f;
  1:WHERE_AM_I; 2: );
  TEST_CASE( 12, x14, 0, csrr x14, sstatus; andi x14, x14, MSTATUS_SPP );

  #-- xRET where it is not allowed
  TEST_ILLEGAL( 13, mret );
  TEST_TRAP_STATUS( 14, MSTATUS_MPP, MPP_S );
  RVTEST_GOTO_M
  li x1, MSTATUS_TSR
  csrs mstatus, x1
  RVTEST_GOTO_S
  TEST_ILLEGAL( 15, sret );
  RVTEST_GOTO_M
  li x1, MSTATUS_TSR
  csrc mstatus, x1
  RVTEST_GOTO_U
  TEST_ILLEGAL( 16, mret );
  TEST_ILLEGAL( 17, sret );
  TEST_TRAP_STATUS( 18, MSTATUS_MPP, MPP_U );
  RVTEST_GOTO_M

  #-- TSR does not affect sret in M-mode
  TEST_CASE( 19, x14, MPP_U,
    li x1, MSTATUS_TSR; csrs mstatus, x1; li x1, MSTATUS_SPP; csrc mstatus, x1;
    la x1, 1f; csrw sepc, x1; sret; li x14, 99; j 2f;
  1:WHERE_AM_I; 2: );
  RVTEST_GOTO_M
  li x1, MSTATUS_TSR
  csrc mstatus, x1

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
