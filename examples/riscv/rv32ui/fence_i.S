# fence.i: after it, instruction fetches see every earlier store. Self-modifying code: an
# instruction patched in place, code copied to data and run there, a patch inside a loop.
# unpriv. 3 "Zifencei" Instruction-Fetch Fence.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- patch the next instruction in place
  TEST_CASE( 2, x14, 222,
    la x2, 1f; lw x1, insn_222; sw x1, 0(x2); fence.i;
  1:addi x14, x0, 111 );

  #-- copy a subroutine into data, then call it there
  TEST_CASE( 3, x14, 33,
    la x2, code_buf; lw x1, insn_add11; sw x1, 0(x2); lw x1, insn_ret; sw x1, 4(x2); fence.i;
    li x14, 22; jalr ra, 0(x2) );

  #-- the same instruction patched between two runs of a loop: the second run sees the patch
  TEST_CASE( 4, x14, 444,
    li x14, 0; li x5, 2; la x2, 2f;
  1:addi x5, x5, -1;
  2:addi x14, x14, 111;
    lw x1, insn_333; sw x1, 0(x2); fence.i;
    bnez x5, 1b );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
  # instruction words the test stores (assembled here, in data)
insn_222:   addi x14, x0, 222
insn_333:   addi x14, x14, 333
insn_add11: addi x14, x14, 11
insn_ret:   jalr x0, 0(ra)
  .align 4
code_buf:   .word 0, 0
RVTEST_DATA_END
