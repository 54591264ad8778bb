# fence pred, succ: orders memory and I/O accesses. On a single hart it changes no architectural
# state: every form runs as a no-op. Reserved fm, rs1 and rd fields must be ignored (the spec:
# "treat as normal fences"), and FENCE with succ = 0 and pred = W is the PAUSE hint.
# unpriv. 2.7 Memory Ordering Instructions; 2.9 HINT Instructions.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- a store is seen by a later load across each kind of fence
  TEST_CASE( 2, x14, 0x11, la x2, tdat; li x1, 0x11; sw x1, 0(x2); fence; lw x14, 0(x2) );
  TEST_CASE( 3, x14, 0x22, la x2, tdat; li x1, 0x22; sw x1, 0(x2); fence rw, rw; lw x14, 0(x2) );
  TEST_CASE( 4, x14, 0x33, la x2, tdat; li x1, 0x33; sw x1, 0(x2); fence w, r; lw x14, 0(x2) );
  TEST_CASE( 5, x14, 0x44, la x2, tdat; li x1, 0x44; sw x1, 0(x2); fence.tso; lw x14, 0(x2) );
  TEST_CASE( 6, x14, 0x55, la x2, tdat; li x1, 0x55; sw x1, 0(x2); fence io, io; lw x14, 0(x2) );

  #-- registers are untouched, including rd and rs1 of encodings that set them
  TEST_CASE( 7, x14, 7, li x14, 7; fence iorw, iorw );
  TEST_CASE( 8, x1, 8, li x1, 8; .word 0x0ff0808f );           # fence iorw, iorw with rd = rs1 = x1
  TEST_CASE( 9, x14, 9, li x14, 9; .word 0x1ff0000f );         # fm = 0001, reserved: a normal fence
  TEST_CASE( 10, x14, 10, li x14, 10; .word 0x0100000f );      # pause (Zihintpause)

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
tdat: .word 0
RVTEST_DATA_END
