# Access faults: a load (cause 5), store (cause 7) or instruction fetch (cause 1) at a physical
# address where nothing is mapped, with mtval = that address. Loads and stores trap on the
# instruction (mepc = it, rd unchanged); a jump to such an address completes, link included, and
# the fetch at the target traps (mepc = mtval = the target). PMP faults: pmp.S.
# priv. 3.6 Physical Memory Attributes (access faults); 3.1.15 mcause; 3.1.16 mtval.
#include "riscv_test.h"
#include "test_macros.h"

// Nothing is mapped here on QEMU virt (with its default 128 MiB of RAM) nor in the programs'
// memory map (README); the top word of the address space neither.
#define NOWHERE 0xc0000000
#define TOP     0xfffffffc

RVTEST_RV32M
RVTEST_CODE_BEGIN

  #-- loads: cause 5, mtval the address, rd unchanged
  li x1, NOWHERE
  li x14, 0x1234
  TEST_TRAP( 2, CAUSE_LOAD_ACCESS, lw x14, 0(x1) );
  TEST_TRAP_TVAL( 3, NOWHERE );
  TEST_TRAP( 4, CAUSE_LOAD_ACCESS, lh x14, 6(x1) );
  TEST_TRAP_TVAL( 5, NOWHERE + 6 );
  TEST_TRAP( 6, CAUSE_LOAD_ACCESS, lbu x14, -1(x1) );
  TEST_TRAP_TVAL( 7, NOWHERE - 1 );
  li x2, TOP
  TEST_TRAP( 8, CAUSE_LOAD_ACCESS, lw x14, 0(x2) );
  TEST_TRAP_TVAL( 9, TOP );
  TEST_CASE( 10, x14, 0x1234, li x1, NOWHERE; TRAP_ARM(1f); li x14, 0x1234; lw x14, 0(x1); 1: );

  #-- stores: cause 7
  li x1, NOWHERE
  TEST_TRAP( 11, CAUSE_STORE_ACCESS, sw x0, 0(x1) );
  TEST_TRAP_TVAL( 12, NOWHERE );
  TEST_TRAP( 13, CAUSE_STORE_ACCESS, sh x0, 2(x1) );
  TEST_TRAP_TVAL( 14, NOWHERE + 2 );
  TEST_TRAP( 15, CAUSE_STORE_ACCESS, sb x0, 3(x1) );
  TEST_TRAP_TVAL( 16, NOWHERE + 3 );

  #-- fetches: cause 1, at the target
  TEST_FETCH_FAULT( 17, li, NOWHERE );
  TEST_FETCH_FAULT( 18, li, TOP );

  #-- the same from U-mode (PMP lets U-mode everywhere, so these are the memory map's faults)
  RVTEST_GOTO_U
  li x1, NOWHERE
  TEST_TRAP( 19, CAUSE_LOAD_ACCESS, lw x14, 0(x1) );
  TEST_TRAP_TVAL( 20, NOWHERE );
  li x1, NOWHERE
  TEST_TRAP( 21, CAUSE_STORE_ACCESS, sw x0, 4(x1) );
  TEST_TRAP_TVAL( 22, NOWHERE + 4 );
  TEST_FETCH_FAULT( 23, li, NOWHERE );
  TEST_TRAP_STATUS( 24, MSTATUS_MPP, MPP_U );
  RVTEST_GOTO_M

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
