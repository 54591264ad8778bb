# Sv32: a page-table entry the walk cannot read (here a level-0 table at physical address 0,
# outside RAM) raises an access fault of the original access's kind, not a page fault.
# QEMU 7.2 reports another cause (fails test 2).
# priv. 4.3.2 Virtual Address Translation Process, step 2.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32M
RVTEST_CODE_BEGIN

  li x1, (0x80000000 >> 2) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
  la x2, root + 4 * 0x200; sw x1, 0(x2)             # an identity megapage for the test
  li x1, 0x00000000 | PTE_V                         # 0x00800000: its table at 0, outside RAM
  la x2, root; sw x1, 4 * 2(x2)
  la x1, root; srli x1, x1, 12; li x2, SATP_SV32; or x1, x1, x2
  csrw satp, x1
  sfence.vma

  RVTEST_GOTO_S
  li x1, 0x00800000
  TEST_TRAP( 2, CAUSE_LOAD_ACCESS, lw x14, 0(x1) );
  TEST_TRAP_TVAL( 3, 0x00800000 );
  TEST_TRAP( 4, CAUSE_STORE_ACCESS, sw x0, 4(x1) );
  TEST_TRAP_TVAL( 5, 0x00800004 );
  RVTEST_GOTO_M

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
  .align 12
root: .zero 4096
RVTEST_DATA_END
