# What happens to a reservation between LR.W and SC.W that the manual leaves to the
# implementation: a trap and its MRET (priv. 3.3.2 lets xRET clear a reservation but does not
# require it), and a store by the same hart to the reserved word (8.2 requires SC to fail only
# after another hart's or a device's store). Each case records 1 when the SC succeeded (the
# reservation was kept, as vmcheck's rv32 keeps it: see spec/isa/rv32/rv32a.ts) and 2 when it
# failed (dropped, as QEMU does on every trap and when the word changed); either passes, and the
# memory word must agree with the SC's rd. A signature word is 1 or 2 on every implementation.
# unpriv. 8.2 Load-Reserved/Store-Conditional Instructions; priv. 3.3.2 Trap-Return Instructions.
#include "riscv_test.h"
#include "test_macros.h"

// x14 = 1 when the SC after `between` succeeded and stored 0x5a5a, 2 when it failed and stored nothing.
#define TEST_KEPT(testnum, between...) \
test_ ## testnum: \
  li TESTNUM, testnum; \
  la x1, amo_word; li x2, 0x1111; sw x2, 0(x1); lr.w x13, (x1); \
  between; \
  la x1, amo_word; li x2, 0x5a5a; sc.w x12, x2, (x1); lw x11, 0(x1); \
  li x14, 1; bnez x12, 1f; beq x11, x2, 2f; li x14, 0; j 2f; \
1:li x14, 2; beq x11, x2, 3f; j 2f; \
3:li x14, 0; \
2:SIG(x14) beqz x14, fail;

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- a trap to M-mode and back (an ebreak the handler resumes after)
  TEST_KEPT( 2, TRAP_ARM(4f); ebreak; 4: );
  #-- a store by this hart to the reserved word, of another value
  TEST_KEPT( 3, li x3, 0x2222; sw x3, 0(x1) );
  #-- a store of the same value
  TEST_KEPT( 4, li x3, 0x1111; sw x3, 0(x1) );

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

  .pushsection .data; .align 3; amo_word: .word 0, 0; .popsection
RVTEST_DATA_BEGIN
RVTEST_DATA_END
