# Sv32 with hardware A/D updating (run on rv32-sv32-svadu, `rv32Sv32With({ adUpdate: 'hardware' })`;
# rv32-sv32 manages A and D in software and fails test 2 with a page fault): an access that does not
# fault sets its leaf PTE's A bit, a store its D bit too; a faulting access sets nothing; an entry
# already marked is left alone; a fetch sets A too; an entry whose A software cleared is set again.
# The test's code and data run through an identity megapage with A and D set; the pages under
# test sit at VBASE, their entries made without A and D.
# priv. 4.3.1 (the second scheme: "the PTE is updated to set the A bit ... the D bit"), 4.3.2 step 7.
#include "riscv_test.h"
#include "test_macros.h"

#define VBASE   0xc0000000
#define RW      (PTE_V | PTE_R | PTE_W)
#define PTE_TO(label, flags) la x1, label; srli x1, x1, 2; ori x1, x1, flags
#define SET_PTE(table, index, label, flags) PTE_TO(label, flags); la x2, table; sw x1, 4 * (index)(x2)
/* x14 = leaf[index] & (A | D), read physically through the identity megapage */
#define AD_OF(index) la x2, leaf; lw x14, 4 * (index)(x2); andi x14, x14, PTE_A | PTE_D

RVTEST_RV32M
RVTEST_CODE_BEGIN

  li x1, (0x80000000 >> 2) | RW | PTE_X | PTE_A | PTE_D
  la x2, root + 4 * 0x200; sw x1, 0(x2)
  PTE_TO(leaf, PTE_V); la x2, root + 4 * 0x300; sw x1, 0(x2)
  SET_PTE(leaf, 0, page, RW)                              # VBASE: read-write, A and D clear
  SET_PTE(leaf, 1, page, RW)                              # + 0x1000: the same
  SET_PTE(leaf, 2, page, PTE_V | PTE_R)                   # + 0x2000: read-only, A clear
  SET_PTE(leaf, 3, code, PTE_V | PTE_X)                   # + 0x3000: execute-only, A clear
  SET_PTE(leaf, 4, page, RW | PTE_A | PTE_D)              # + 0x4000: marked already
  la x1, root; srli x1, x1, 12; li x2, SATP_SV32; or x1, x1, x2
  csrw satp, x1
  sfence.vma

  RVTEST_GOTO_S
  #-- a load sets A, not D
  TEST_CASE( 2, x14, 0x12345678, li x1, VBASE; lw x14, 0(x1) )
  TEST_CASE( 3, x14, PTE_A, AD_OF(0) )
  #-- a store sets A and D
  TEST_CASE( 4, x14, 0x0badf00d, li x1, VBASE + 0x1000; li x2, 0x0badf00d; sw x2, 8(x1); la x3, page; lw x14, 8(x3) )
  TEST_CASE( 5, x14, PTE_A | PTE_D, AD_OF(1) )
  #-- a store that faults (read-only page) sets nothing; a load there then sets A only
  li x1, VBASE + 0x2000
  TEST_TRAP( 6, CAUSE_STORE_PAGE_FAULT, sw x0, 4(x1) )
  TEST_CASE( 7, x14, 0, AD_OF(2) )
  TEST_CASE( 8, x14, 0x12345678, li x1, VBASE + 0x2000; lw x14, 0(x1) )
  TEST_CASE( 9, x14, PTE_A, AD_OF(2) )
  #-- a fetch sets A of the page it fetches from
  TEST_CASE( 10, x14, 0x5a, li x2, VBASE + 0x3000; jalr x1, 0(x2) )
  TEST_CASE( 11, x14, PTE_A, AD_OF(3) )
  #-- an entry marked already keeps its value
  TEST_CASE( 12, x14, PTE_A | PTE_D, li x1, VBASE + 0x4000; sw x0, 12(x1); AD_OF(4) )
  #-- software clears A (and flushes): the next access sets it again, and a store then D
  TEST_CASE( 13, x14, 0, la x2, leaf; lw x1, 0(x2); andi x1, x1, ~(PTE_A | PTE_D); sw x1, 0(x2); sfence.vma; AD_OF(0) )
  TEST_CASE( 14, x14, PTE_A | PTE_D, li x1, VBASE; sw x0, 16(x1); AD_OF(0) )
  RVTEST_GOTO_M

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

  .section .text.svadu, "ax"
  .align 12
code:
  li x14, 0x5a
  ret

RVTEST_DATA_BEGIN
  .align 12
root: .zero 4096
leaf: .zero 4096
page: .word 0x12345678
  .zero 4092
RVTEST_DATA_END
