# Sv32 virtual memory (run on rv32-sv32; rv32 itself is Bare only): the two-level walk, 4 KiB pages and 4 MiB megapages, the permission bits,
# SUM and MXR, U pages, MPRV, the three page faults with the faulting address in mtval, and
# satp's Bare mode. The test's code and data
# keep running through an identity megapage at 0x80000000; the pages under test sit at
# VBASE. Every PTE is made with A and D set, so the outcome is the same whether the
# hart manages A and D in hardware or leaves them to software (priv. 4.3.1).
# priv. 4.1.11 satp; 4.3 Sv32; 3.1.6.3 MPRV, SUM, MXR.
#include "riscv_test.h"
#include "test_macros.h"

#define VBASE   0xc0000000   /* nothing is there physically, on this platform or QEMU's virt */
#define RW      (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
#define RWX     (RW | PTE_X)
#define PTE_TO(label, flags) la x1, label; srli x1, x1, 2; ori x1, x1, flags
#define SET_PTE(table, index, label, flags) PTE_TO(label, flags); la x2, table; sw x1, 4 * (index)(x2)

RVTEST_RV32M
RVTEST_CODE_BEGIN

  #-- the tables: an identity megapage for the test itself, a level-0 table at VBASE
  li x1, (0x80000000 >> 2) | RWX
  la x2, root + 4 * 0x200; sw x1, 0(x2)
  PTE_TO(leaf, PTE_V); la x2, root + 4 * 0x300; sw x1, 0(x2)   # a pointer: no R, W or X
  SET_PTE(leaf, 0, page, RW)                              # VBASE: read-write
  SET_PTE(leaf, 1, page, PTE_V | PTE_R | PTE_A | PTE_D)   # + 0x1000: read-only
  SET_PTE(leaf, 2, page, RW | PTE_U)                      # + 0x2000: a user page
  SET_PTE(leaf, 3, page, PTE_V | PTE_X | PTE_A | PTE_D)   # + 0x3000: execute-only
  SET_PTE(leaf, 4, page, RW & ~PTE_V)                     # + 0x4000: not valid
  SET_PTE(leaf, 5, page, PTE_V | PTE_W | PTE_A | PTE_D)   # + 0x5000: W without R, reserved
  SET_PTE(leaf, 6, leaf, PTE_V)                           # + 0x6000: a pointer at level 0
  li x1, (0x80001000 >> 2) | RW                           # 0x00400000: a megapage whose PPN[0] is not 0
  la x2, root; sw x1, 4 * 1(x2)
  la x1, root; srli x1, x1, 12; li x2, SATP_SV32; or x1, x1, x2
  csrw satp, x1
  sfence.vma

  #-- satp keeps MODE and PPN; ASID is read-only zero here (ASIDLEN = 0 is allowed)
  TEST_CASE( 2, x14, 0, csrr x14, satp; srli x14, x14, 22; andi x14, x14, 0x1ff )

  RVTEST_GOTO_S
  #-- a load and a store through a page land in the page's frame
  TEST_CASE( 3, x14, 0x12345678, li x1, VBASE; lw x14, 0(x1) )
  TEST_CASE( 4, x14, 0x0badf00d, li x1, VBASE; li x2, 0x0badf00d; sw x2, 8(x1); la x3, page; lw x14, 8(x3) )
  TEST_CASE( 5, x14, 0x12345678, li x1, VBASE + 0x1000; lw x14, 0(x1) )
  #-- page faults, each with the virtual address in mtval
  li x1, VBASE + 0x1000
  TEST_TRAP( 6, CAUSE_STORE_PAGE_FAULT, sw x0, 4(x1) )
  TEST_TRAP_TVAL( 7, VBASE + 0x1004 )
  li x1, VBASE + 0x4000
  TEST_TRAP( 8, CAUSE_LOAD_PAGE_FAULT, lw x14, 0(x1) )
  TEST_TRAP_TVAL( 9, VBASE + 0x4000 )
  li x1, VBASE + 0x5000
  TEST_TRAP( 10, CAUSE_LOAD_PAGE_FAULT, lw x14, 0(x1) )
  li x1, VBASE + 0x6000
  TEST_TRAP( 11, CAUSE_LOAD_PAGE_FAULT, lw x14, 12(x1) )
  TEST_TRAP_TVAL( 12, VBASE + 0x600c )
  li x1, 0x00400000
  TEST_TRAP( 13, CAUSE_LOAD_PAGE_FAULT, lw x14, 0(x1) )
  #-- (a page-table entry outside RAM: strict/sv32_pte_access.S)
  #-- a user page: S-mode loads need SUM
  li x1, VBASE + 0x2000
  TEST_TRAP( 16, CAUSE_LOAD_PAGE_FAULT, lw x14, 0(x1) )
  li x2, MSTATUS_SUM; csrs sstatus, x2
  TEST_CASE( 17, x14, 0x12345678, li x1, VBASE + 0x2000; lw x14, 0(x1) )
  li x2, MSTATUS_SUM; csrc sstatus, x2
  #-- an execute-only page: loads need MXR
  li x1, VBASE + 0x3000
  TEST_TRAP( 18, CAUSE_LOAD_PAGE_FAULT, lw x14, 0(x1) )
  li x2, MSTATUS_MXR; csrs sstatus, x2
  TEST_CASE( 19, x14, 0x12345678, li x1, VBASE + 0x3000; lw x14, 0(x1) )
  li x2, MSTATUS_MXR; csrc sstatus, x2
  #-- a fetch from a page without X: an instruction page fault at the target
  li TESTNUM, 20
  TRAP_ARM(1f) li x2, VBASE; jalr x1, 0(x2)
1:TEST_CASE( 21, x14, CAUSE_FETCH_PAGE_FAULT, la x15, trap_record; lw x14, TR_CAUSE(x15) )
  TEST_TRAP_TVAL( 22, VBASE )
  RVTEST_GOTO_M

  #-- M-mode does not translate, unless MPRV lends loads and stores MPP's privilege
  li x1, VBASE
  TEST_TRAP( 23, CAUSE_LOAD_ACCESS, lw x14, 0(x1) )
  li x2, MSTATUS_MPP; csrc mstatus, x2
  li x2, MPP_S | MSTATUS_MPRV; csrs mstatus, x2
  li x1, VBASE; lw x14, 0(x1)
  li x2, MSTATUS_MPRV; csrc mstatus, x2
  TEST_CASE( 24, x14, 0x12345678, )

  #-- U-mode: its code must be on U pages; it reaches the user page and not the others
  li x1, (0x80000000 >> 2) | RWX | PTE_U
  la x2, root + 4 * 0x200; sw x1, 0(x2)
  sfence.vma
  RVTEST_GOTO_U
  TEST_CASE( 25, x14, 0x12345678, li x1, VBASE + 0x2000; lw x14, 0(x1) )
  li x1, VBASE
  TEST_TRAP( 26, CAUSE_LOAD_PAGE_FAULT, lw x14, 0(x1) )
  RVTEST_GOTO_M
  li x1, (0x80000000 >> 2) | RWX
  la x2, root + 4 * 0x200; sw x1, 0(x2)

  #-- Bare: S-mode addresses are physical again
  csrw satp, x0
  sfence.vma
  RVTEST_GOTO_S
  li x1, VBASE
  TEST_TRAP( 27, CAUSE_LOAD_ACCESS, lw x14, 0(x1) )
  RVTEST_GOTO_M

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
  .align 12
root: .zero 4096
leaf: .zero 4096
page: .word 0x12345678
  .zero 4092
RVTEST_DATA_END
