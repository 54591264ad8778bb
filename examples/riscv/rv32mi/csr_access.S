# CSR access rules: the address says who may access a CSR (bits 9:8, the lowest privilege) and
# whether it is read-only (bits 11:10 = 11). A write to a read-only CSR, an access from too low a
# mode, and any access to a CSR that does not exist raise an illegal instruction exception.
# csrrw/csrrwi always write; csrrs/csrrc with rs1 = x0 and csrrsi/csrrci with 0 never do, so they
# may read a read-only CSR. (csrrs with rs1 != x0 holding 0 still writes: strict/csr_ro_zero.S.)
# unpriv. 9.1 CSR Instructions; priv. 2.1 CSR Address Mapping Conventions.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32M
RVTEST_CODE_BEGIN

  #-- writes to read-only CSRs, from M-mode
  TEST_ILLEGAL( 2, csrw mvendorid, x0 );
  TEST_ILLEGAL( 3, csrw marchid, x0 );
  TEST_ILLEGAL( 4, csrw mimpid, x0 );
  TEST_ILLEGAL( 5, csrw mhartid, x0 );
  TEST_ILLEGAL( 6, csrrwi x14, mhartid, 0 );
  TEST_ILLEGAL( 7, csrw cycle, x0 );
  TEST_ILLEGAL( 8, csrw time, x0 );
  TEST_ILLEGAL( 9, csrw instret, x0 );
  TEST_ILLEGAL( 10, csrw cycleh, x0 );
  li x1, 1
  TEST_ILLEGAL( 11, csrrs x0, mhartid, x1 );
  TEST_ILLEGAL( 12, csrrc x0, mvendorid, x1 );
  TEST_ILLEGAL( 13, csrrsi x0, mimpid, 1 );
  TEST_ILLEGAL( 14, csrrci x0, marchid, 1 );

  #-- reads of read-only CSRs, including through csrrs/csrrc forms that do not write
  TEST_CASE( 15, x14, 0, li x14, 7; csrrs x14, mhartid, x0 );
  TEST_CASE( 16, x14, 0, li x14, 7; csrrc x14, mhartid, x0 );
  TEST_CASE( 17, x14, 0, li x14, 7; csrrsi x14, mhartid, 0 );
  TEST_CASE( 18, x14, 0, li x14, 7; csrrci x14, mhartid, 0 );

  #-- CSRs that do not exist here: F's fcsr, the hypervisor's hstatus, N's utvec, a custom one
  TEST_ILLEGAL( 19, csrr x14, fcsr );
  TEST_ILLEGAL( 20, csrr x14, 0x600 );
  TEST_ILLEGAL( 21, csrr x14, 0x005 );
  TEST_ILLEGAL( 22, csrr x14, 0x7c0 );
  TEST_ILLEGAL( 23, csrw 0x7c0, x0 );

  #-- from S-mode: S CSRs are fine, M CSRs are not
  RVTEST_GOTO_S
  TEST_CASE( 24, x14, 0x5a, li x1, 0x5a; csrw sscratch, x1; csrr x14, sscratch );
  TEST_ILLEGAL( 25, csrr x14, mstatus );
  TEST_ILLEGAL( 26, csrr x14, mscratch );
  TEST_ILLEGAL( 27, csrw mtvec, x0 );
  TEST_ILLEGAL( 28, csrr x14, misa );
  TEST_ILLEGAL( 29, csrr x14, mhartid );
  TEST_ILLEGAL( 30, csrr x14, medeleg );
  TEST_ILLEGAL( 31, csrr x14, pmpcfg0 );
  TEST_ILLEGAL( 32, csrr x14, mcycle );
  TEST_TRAP_STATUS( 33, MSTATUS_MPP, MPP_S );
  RVTEST_GOTO_M

  #-- from U-mode: neither S nor M CSRs
  RVTEST_GOTO_U
  TEST_ILLEGAL( 34, csrr x14, sstatus );
  TEST_ILLEGAL( 35, csrw sscratch, x0 );
  TEST_ILLEGAL( 36, csrr x14, satp );
  TEST_ILLEGAL( 37, csrr x14, stvec );
  TEST_ILLEGAL( 38, csrr x14, mstatus );
  TEST_ILLEGAL( 39, csrr x14, mepc );
  TEST_TRAP_STATUS( 40, MSTATUS_MPP, MPP_U );
  RVTEST_GOTO_M

  #-- a CSR access that traps leaves rd alone
  TEST_CASE( 41, x14, 0x1234, li x14, 0x1234; TRAP_ARM(1f); li x14, 0x1234; csrrw x14, mhartid, x0; 1: );

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
