# mstatus fields, each set and cleared on its own: MIE, SIE, MPIE, SPIE, SPP, MPP (U, S, M), MPRV,
# SUM, MXR, TVM, TW, TSR; and sstatus, the restricted view S-mode has (SIE, SPIE, SPP, SUM, MXR),
# which neither shows nor changes the M-mode fields. MPP = 2 (reserved): strict/mpp_warl.S.
# priv. 3.1.6 Machine Status Registers; 4.1.1 Supervisor Status Register.
#include "riscv_test.h"
#include "test_macros.h"

#define S_FIELDS (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR)
#define M_FIELDS (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)

// Sets field in mstatus and reads it back (x14 = mstatus & field), then clears it.
#define TEST_FIELD(testnum, field, value) \
  TEST_CASE(testnum, x14, value, \
    li x1, field; csrc mstatus, x1; li x2, value; csrs mstatus, x2; \
    csrr x14, mstatus; and x14, x14, x1; csrc mstatus, x1)

RVTEST_RV32M
RVTEST_CODE_BEGIN

  #-- interrupts stay off: mie is 0, so MIE and SIE enable nothing here
  TEST_FIELD( 2, MSTATUS_MIE, MSTATUS_MIE );
  TEST_FIELD( 3, MSTATUS_SIE, MSTATUS_SIE );
  TEST_FIELD( 4, MSTATUS_MPIE, MSTATUS_MPIE );
  TEST_FIELD( 5, MSTATUS_SPIE, MSTATUS_SPIE );
  TEST_FIELD( 6, MSTATUS_SPP, MSTATUS_SPP );
  TEST_FIELD( 7, MSTATUS_MPP, MPP_U );
  TEST_FIELD( 8, MSTATUS_MPP, MPP_S );
  TEST_FIELD( 9, MSTATUS_MPP, MPP_M );
  TEST_FIELD( 10, MSTATUS_MPRV, MSTATUS_MPRV );
  TEST_FIELD( 11, MSTATUS_SUM, MSTATUS_SUM );
  TEST_FIELD( 12, MSTATUS_MXR, MSTATUS_MXR );
  TEST_FIELD( 13, MSTATUS_TVM, MSTATUS_TVM );
  TEST_FIELD( 14, MSTATUS_TW, MSTATUS_TW );
  TEST_FIELD( 15, MSTATUS_TSR, MSTATUS_TSR );

  #-- all at once, and all cleared
  TEST_CASE( 16, x14, S_FIELDS | M_FIELDS, li x1, S_FIELDS | M_FIELDS; csrs mstatus, x1; csrr x14, mstatus; and x14, x14, x1 );

  #-- sstatus shows the S fields of mstatus and none of the M fields
  TEST_CASE( 17, x14, S_FIELDS, csrr x14, sstatus; li x1, S_FIELDS | M_FIELDS; and x14, x14, x1 );
  TEST_CASE( 18, x14, 0, li x1, S_FIELDS | M_FIELDS; csrc mstatus, x1; csrr x14, mstatus; and x14, x14, x1 );

  #-- writing sstatus changes the S fields of mstatus and leaves the M fields alone
  TEST_CASE( 19, x14, S_FIELDS | MPP_S | MSTATUS_TW,
    li x1, MPP_S | MSTATUS_TW; csrs mstatus, x1; li x1, -1; csrw sstatus, x1;
    csrr x14, mstatus; li x1, S_FIELDS | M_FIELDS; and x14, x14, x1 );
  TEST_CASE( 20, x14, MPP_S | MSTATUS_TW,
    csrw sstatus, x0; csrr x14, mstatus; li x1, S_FIELDS | M_FIELDS; and x14, x14, x1 );
  TEST_CASE( 21, x14, 0, li x1, S_FIELDS | M_FIELDS; csrc mstatus, x1; csrr x14, mstatus; and x14, x14, x1 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
