# The counters cycle, time and instret (and their high halves) read in every mode that may read
# them; they only count up. mcounteren gates S- and U-mode, scounteren also gates U-mode (S-mode
# exists), one bit each: CY, TM, IR. The machine counters mcycle and minstret are writable. Counter
# values depend on the implementation and on time: the signature gets only comparisons.
# unpriv. 10.1 Base Counters and Timers; priv. 3.1.10 Hardware Performance Monitor;
# 3.1.11 Machine Counter-Enable Register; 4.1.5 Counter-Enable Register (scounteren).
#include "riscv_test.h"
#include "test_macros.h"

// x14 = 1 when two reads of csr, the second after a few instructions, do not go down
#define TEST_UP(testnum, csr) \
  TEST_CASE(testnum, x14, 1, csrr x1, csr; nop; nop; nop; csrr x2, csr; sltu x14, x2, x1; xori x14, x14, 1)

RVTEST_RV32M
RVTEST_CODE_BEGIN

  #-- M-mode reads everything
  TEST_UP( 2, cycle );
  TEST_UP( 3, time );
  TEST_UP( 4, instret );
  TEST_UP( 5, mcycle );
  TEST_UP( 6, minstret );
  TEST_CASE( 7, x14, 1, csrr x1, cycleh; csrr x1, timeh; csrr x1, instreth; csrr x1, mcycleh; csrr x1, minstreth; li x14, 1 );
  #-- instret counts the instructions in between (at least the three nops)
  TEST_CASE( 8, x14, 1, csrr x1, instret; nop; nop; nop; csrr x2, instret; sub x14, x2, x1; sltiu x14, x14, 3; xori x14, x14, 1 );

  #-- mcycle and minstret take a written value and go on counting from it
  TEST_CASE( 9, x14, 1, csrw mcycleh, x0; li x1, 5; csrw mcycle, x1; csrr x2, mcycle; sub x2, x2, x1; lui x1, 0x100; sltu x14, x2, x1 );
  TEST_CASE( 10, x14, 1, csrw minstreth, x0; li x1, 5; csrw minstret, x1; csrr x2, minstret; sub x2, x2, x1; lui x1, 0x100; sltu x14, x2, x1 );

  #-- with mcounteren = 0, S-mode and U-mode cannot read any of them
  csrw mcounteren, x0
  csrw scounteren, x0
  RVTEST_GOTO_S
  TEST_ILLEGAL( 11, csrr x14, cycle );
  TEST_ILLEGAL( 12, csrr x14, time );
  TEST_ILLEGAL( 13, csrr x14, instret );
  TEST_ILLEGAL( 14, csrr x14, cycleh );
  RVTEST_GOTO_M
  RVTEST_GOTO_U
  TEST_ILLEGAL( 15, csrr x14, cycle );
  TEST_ILLEGAL( 16, csrr x14, instreth );
  RVTEST_GOTO_M

  #-- mcounteren alone opens them to S-mode; U-mode needs scounteren too
  li x1, 7
  csrw mcounteren, x1
  RVTEST_GOTO_S
  TEST_UP( 17, cycle );
  TEST_UP( 18, time );
  TEST_UP( 19, instret );
  TEST_CASE( 20, x14, 1, csrr x1, cycleh; csrr x1, timeh; csrr x1, instreth; li x14, 1 );
  RVTEST_GOTO_M
  RVTEST_GOTO_U
  TEST_ILLEGAL( 21, csrr x14, cycle );
  TEST_ILLEGAL( 22, csrr x14, time );
  RVTEST_GOTO_M

  #-- both registers open them to U-mode, one bit per counter
  li x1, 7
  csrw scounteren, x1
  RVTEST_GOTO_U
  TEST_UP( 23, cycle );
  TEST_UP( 24, time );
  TEST_UP( 25, instret );
  RVTEST_GOTO_M
  li x1, 1                                   # CY only
  csrw mcounteren, x1
  RVTEST_GOTO_U
  TEST_UP( 26, cycle );
  TEST_ILLEGAL( 27, csrr x14, time );
  TEST_ILLEGAL( 28, csrr x14, instret );
  RVTEST_GOTO_M
  li x1, 4                                   # IR only, in scounteren
  csrw scounteren, x1
  li x1, 7
  csrw mcounteren, x1
  RVTEST_GOTO_U
  TEST_ILLEGAL( 29, csrr x14, cycle );
  TEST_UP( 30, instret );
  RVTEST_GOTO_M

  #-- the machine counters stay M-only whatever the enables say
  RVTEST_GOTO_S
  TEST_ILLEGAL( 31, csrr x14, mcycle );
  TEST_ILLEGAL( 32, csrr x14, minstret );
  RVTEST_GOTO_M

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
