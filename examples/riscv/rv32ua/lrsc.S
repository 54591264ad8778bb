# lr.w and sc.w: LR loads a word and reserves it; SC stores rs2 there and writes 0 to rd only if a
# reservation for that word is held, else leaves memory alone and writes 1 (the one failure code
# defined). Every SC, successful or not, ends the reservation. These are the outcomes the manual
# requires of every implementation; lrsc_kept.S has those it leaves open.
# unpriv. 8.2 Load-Reserved/Store-Conditional Instructions.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  la x1, amo_word; li x2, 0x1111; sw x2, 0(x1)

  #-- an SC with no reservation held fails: rd = 1, memory unchanged
  TEST_CASE( 2, x14, 1, li x2, 0x2222; sc.w x14, x2, (x1) );
  TEST_CASE( 3, x14, 0x1111, lw x14, 0(x1) );

  #-- LR then SC to the same word succeeds: rd = 0, the word stored; LR's rd is the old word
  TEST_CASE( 4, x13, 0x1111, lr.w x13, (x1) );
  TEST_CASE( 5, x14, 0, li x2, 0x3333; sc.w x14, x2, (x1) );
  TEST_CASE( 6, x14, 0x3333, lw x14, 0(x1) );

  #-- the SC ended the reservation: a second one fails
  TEST_CASE( 7, x14, 1, li x2, 0x4444; sc.w x14, x2, (x1) );
  TEST_CASE( 8, x14, 0x3333, lw x14, 0(x1) );

  #-- an SC to another word than the LR's fails, and ends the reservation too
  TEST_CASE( 9, x14, 1, lr.w x13, (x1); addi x3, x1, 4; li x2, 0x5555; sc.w x14, x2, (x3) );
  TEST_CASE( 10, x14, 0, lw x14, 4(x1) );
  TEST_CASE( 11, x14, 1, li x2, 0x5555; sc.w x14, x2, (x1) );

  #-- a later LR replaces the reservation: an SC to the first word fails, to the second succeeds
  TEST_CASE( 12, x14, 1, lr.w x13, (x1); addi x3, x1, 4; lr.w x13, (x3); li x2, 0x6666; sc.w x14, x2, (x1) );
  TEST_CASE( 13, x14, 0, lr.w x13, (x1); addi x3, x1, 4; lr.w x13, (x3); li x2, 0x6666; sc.w x14, x2, (x3) );
  TEST_CASE( 14, x14, 0x6666, lw x14, 4(x1) );

  #-- the aq and rl bits change nothing
  TEST_CASE( 15, x14, 0, lr.w.aq x13, (x1); li x2, 0x7777; sc.w.rl x14, x2, (x1) );
  TEST_CASE( 16, x14, 0x7777, lw x14, 0(x1) );
  TEST_CASE( 17, x14, 0, lr.w.aqrl x13, (x1); li x2, 0x8888; sc.w.aqrl x14, x2, (x1) );

  #-- rd = rs2 on a successful SC: rs2 is stored, then rd = 0
  TEST_CASE( 18, x2, 0, lr.w x13, (x1); li x2, 0x9999; sc.w x2, x2, (x1) );
  TEST_CASE( 19, x14, 0x9999, lw x14, 0(x1) );

  TEST_PASSFAIL

RVTEST_CODE_END

  .pushsection .data; .align 3; amo_word: .word 0, 0; .popsection
RVTEST_DATA_BEGIN
RVTEST_DATA_END
