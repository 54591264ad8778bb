# Supervisor CSRs, from S-mode: sscratch, sepc, scause, stval and stvec hold what was written
# (legal values); sstatus lets S-mode write SIE, SPIE, SPP, SUM and MXR; sie and sip show only the
# interrupts mideleg delegates, and of sip only SSIP is writable; satp (Bare) and scounteren.
# priv. 4.1 Supervisor CSRs.
#include "riscv_test.h"
#include "test_macros.h"

#define S_FIELDS (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR)
#define S_INTERRUPTS (MIP_SSIP | MIP_STIP | MIP_SEIP)

RVTEST_RV32S
RVTEST_CODE_BEGIN

  TEST_CASE( 2, x14, 0x13572468, li x1, 0x13572468; csrw sscratch, x1; csrr x14, sscratch );
  TEST_CASE( 3, x14, 0x80004444, li x1, 0x80004444; csrw sepc, x1; csrr x14, sepc );
  TEST_CASE( 4, x14, 0x0000000d, li x1, 13; csrw scause, x1; csrr x14, scause );
  TEST_CASE( 5, x14, 0x80000005, li x1, 0x80000005; csrw scause, x1; csrr x14, scause );
  TEST_CASE( 6, x14, 0xfedcba98, li x1, 0xfedcba98; csrw stval, x1; csrr x14, stval );
  TEST_CASE( 7, x14, 0x80000200, csrr x2, stvec; li x1, 0x80000200; csrw stvec, x1; csrr x14, stvec; csrw stvec, x2 );
  TEST_CASE( 8, x14, 0, la x1, strap_vector; csrr x14, stvec; sub x14, x14, x1 );

  #-- sstatus: the S fields are writable from S-mode (SIE with sie = 0 enables nothing)
  TEST_CASE( 9, x14, S_FIELDS, li x1, S_FIELDS; csrs sstatus, x1; csrr x14, sstatus; and x14, x14, x1 );
  TEST_CASE( 10, x14, 0, li x1, S_FIELDS; csrc sstatus, x1; csrr x14, sstatus; and x14, x14, x1 );

  #-- with mideleg = 0 (the environment's), sie and sip are all zero and ignore writes
  TEST_CASE( 11, x14, 0, li x1, S_INTERRUPTS; csrs sie, x1; csrr x14, sie; and x14, x14, x1 );
  TEST_CASE( 12, x14, 0, li x1, S_INTERRUPTS; csrs sip, x1; csrr x14, sip; and x14, x14, x1 );

  #-- with them delegated: sie is writable, and sip's SSIP
  RVTEST_GOTO_M
  li x1, S_INTERRUPTS
  csrw mideleg, x1
  RVTEST_GOTO_S
  TEST_CASE( 13, x14, S_INTERRUPTS, li x1, S_INTERRUPTS; csrs sie, x1; csrr x14, sie; and x14, x14, x1 );
  TEST_CASE( 14, x14, 0, li x1, S_INTERRUPTS; csrc sie, x1; csrr x14, sie; and x14, x14, x1 );
  TEST_CASE( 15, x14, MIP_SSIP, li x1, S_INTERRUPTS; csrs sip, x1; csrr x14, sip; and x14, x14, x1 );
  TEST_CASE( 16, x14, 0, li x1, MIP_SSIP; csrc sip, x1; csrr x14, sip; and x14, x14, x1 );
  RVTEST_GOTO_M
  csrw mideleg, x0
  RVTEST_GOTO_S

  #-- satp in Bare mode, scounteren
  TEST_CASE( 17, x14, 0, csrw satp, x0; csrr x14, satp );
  TEST_CASE( 18, x14, 7, li x1, 7; csrw scounteren, x1; csrr x14, scounteren; andi x14, x14, 7 );
  TEST_CASE( 19, x14, 0, csrw scounteren, x0; csrr x14, scounteren; andi x14, x14, 7 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
