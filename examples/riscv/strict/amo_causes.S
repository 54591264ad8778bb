# A misaligned SC.W or AMO raises store/AMO address misaligned (6), and an AMO where nothing is
# mapped store/AMO access fault (7) — its read is part of a store/AMO access — never the load
# causes 4 and 5 (priv. 3.1.15, table 3.6: "Store/AMO"; unpriv. 8.4). mtval is the address, mepc
# the instruction; rd and memory are unchanged. QEMU 7.2 reports causes 4 and 5 for AMOs, so this
# program fails there.
# unpriv. 8.2, 8.4; priv. 3.1.15 mcause; 3.1.16 mtval.
#include "riscv_test.h"
#include "test_macros.h"

#define NOWHERE 0xc0000000

RVTEST_RV32M
RVTEST_CODE_BEGIN

  la x1, amo_word; li x2, 0x1234; sw x2, 0(x1); addi x1, x1, 2
  li x13, 0x77
  TEST_TRAP( 2, CAUSE_MISALIGNED_STORE, amoadd.w x13, x2, (x1) );
  TEST_TRAP_TVAL_SYM( 3, 2, amo_word );
  TEST_CASE( 4, x13, 0x77, );
  TEST_CASE( 5, x14, 0x1234, la x15, amo_word; lw x14, 0(x15) );
  la x1, amo_word + 1
  TEST_TRAP( 6, CAUSE_MISALIGNED_STORE, amoswap.w x13, x2, (x1) );
  TEST_TRAP_TVAL_SYM( 7, 1, amo_word );
  la x1, amo_word + 3
  TEST_TRAP( 8, CAUSE_MISALIGNED_STORE, amomaxu.w x13, x2, (x1) );
  la x1, amo_word + 2
  TEST_TRAP( 9, CAUSE_MISALIGNED_STORE, sc.w x13, x2, (x1) );
  TEST_TRAP_TVAL_SYM( 10, 2, amo_word );
  TEST_CASE( 11, x13, 0x77, );

  li x1, NOWHERE
  TEST_TRAP( 12, CAUSE_STORE_ACCESS, amoor.w x13, x2, (x1) );
  TEST_TRAP_TVAL( 13, NOWHERE );
  TEST_TRAP( 14, CAUSE_STORE_ACCESS, amoswap.w x13, x2, (x1) );
  TEST_TRAP( 15, CAUSE_STORE_ACCESS, amominu.w x13, x2, (x1) );
  TEST_CASE( 16, x13, 0x77, );

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

  AMO_DATA
RVTEST_DATA_BEGIN
RVTEST_DATA_END
