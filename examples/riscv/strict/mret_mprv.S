# An mret or sret that goes to a mode below M also clears MPRV (priv 1.12); an mret that stays in
# M-mode leaves it. QEMU 7.2 never clears it (fails test 2).
# priv. 3.1.6.3 Memory Privilege in mstatus Register; 3.3.2 Trap-Return Instructions.
#include "riscv_test.h"
#include "test_macros.h"

// Sets MPRV with MPP = mpp (loads and stores stay allowed: PMP lets S and U everywhere)
#define SET_MPRV(mpp) li x1, MSTATUS_MPP; csrc mstatus, x1; li x1, MSTATUS_MPRV | mpp; csrs mstatus, x1
#define MPRV_BIT csrr x14, mstatus; li x1, MSTATUS_MPRV; and x14, x14, x1

RVTEST_RV32M
RVTEST_CODE_BEGIN

  #-- mret to S, sret to S and to U: MPRV cleared
  SET_MPRV(MPP_S)
  la x1, 1f
  csrw mepc, x1
  mret
1:RVTEST_GOTO_M
  TEST_CASE( 2, x14, 0, MPRV_BIT );

  SET_MPRV(MPP_M)
  li x1, MSTATUS_SPP
  csrs mstatus, x1
  la x1, 1f
  csrw sepc, x1
  sret
1:RVTEST_GOTO_M
  TEST_CASE( 3, x14, 0, MPRV_BIT );

  #-- mret to M: MPRV stays
  SET_MPRV(MPP_M)
  la x1, 1f
  csrw mepc, x1
  mret
1:TEST_CASE( 4, x14, MSTATUS_MPRV, MPRV_BIT );
  li x1, MSTATUS_MPRV
  csrc mstatus, x1

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
