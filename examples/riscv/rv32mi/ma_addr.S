# Misaligned loads and stores: the execution environment chooses whether a hart performs them or
# raises an address-misaligned exception (load cause 4, store cause 6, mtval = the address, mepc at
# the instruction, rd unchanged). Each case accepts either and says which in the signature:
# 1 = trapped as the spec says, 2 = performed with the right value. QEMU performs them; a model
# that traps gets different signature words here, and only here.
# unpriv. 2.6 Load and Store Instructions (misaligned accesses); priv. 3.1.15 mcause; 3.1.16 mtval.
#include "riscv_test.h"
#include "test_macros.h"

// Runs insn (a load into x14 or a store of x2, base x1 = tdat) at tdat + offset. x14 = 1 when it
// trapped with `cause`, epc at insn, tval = the address and rd unchanged; 2 when it ran and
// check(offset) left `value` in x13; 0 otherwise, which fails.
#define TEST_MISALIGNED(testnum, cause, offset, value, check, insn...) \
test_ ## testnum: \
  li TESTNUM, testnum; \
  TRAP_ARM(9f) la x1, tdat; li x14, 0x7777; \
8:insn; \
  check(offset); li x7, value; li x14, 2; beq x13, x7, 7f; li x14, 0; j 7f; \
9:mv x12, x14; li x14, 0; li x13, 0x7777; bne x12, x13, 7f; \
  la x15, trap_record; lw x7, TR_CAUSE(x15); li x13, cause; bne x7, x13, 7f; \
  lw x7, TR_EPC(x15); la x13, 8b; bne x7, x13, 7f; \
  lw x7, TR_TVAL(x15); la x13, tdat + offset; bne x7, x13, 7f; \
  li x14, 1; \
7:la x15, trap_record; sw zero, TR_RESUME(x15); SIG(x14) beqz x14, fail;

// The checks: x13 = the loaded value, or the 2 or 4 bytes at offset(x1), read a byte at a time
#define LOADED(off) mv x13, x14
#define BYTES2(off) lbu x13, off(x1); lbu x12, off + 1(x1); slli x12, x12, 8; or x13, x13, x12
#define BYTES4(off) BYTES2(off); lbu x12, off + 2(x1); slli x12, x12, 16; or x13, x13, x12; \
  lbu x12, off + 3(x1); slli x12, x12, 24; or x13, x13, x12

RVTEST_RV32M
RVTEST_CODE_BEGIN

  #-- loads: x13 gets what was loaded
  TEST_MISALIGNED( 2, CAUSE_MISALIGNED_LOAD, 1, 0x00003322, LOADED, lh x14, 1(x1) );
  TEST_MISALIGNED( 3, CAUSE_MISALIGNED_LOAD, 3, 0x00005544, LOADED, lhu x14, 3(x1) );
  TEST_MISALIGNED( 4, CAUSE_MISALIGNED_LOAD, 7, 0xffffa087, LOADED, lh x14, 7(x1) );
  TEST_MISALIGNED( 5, CAUSE_MISALIGNED_LOAD, 1, 0x55443322, LOADED, lw x14, 1(x1) );
  TEST_MISALIGNED( 6, CAUSE_MISALIGNED_LOAD, 2, 0x66554433, LOADED, lw x14, 2(x1) );
  TEST_MISALIGNED( 7, CAUSE_MISALIGNED_LOAD, 3, 0x77665544, LOADED, lw x14, 3(x1) );

  #-- stores: x13 gets the bytes stored to, read back one at a time
  li x2, 0xcccc001d
  TEST_MISALIGNED( 8, CAUSE_MISALIGNED_STORE, 9, 0x0000001d, BYTES2, sh x2, 9(x1) );
  li x2, 0xccccbbe9
  TEST_MISALIGNED( 9, CAUSE_MISALIGNED_STORE, 11, 0x0000bbe9, BYTES2, sh x2, 11(x1) );
  li x2, 0x44332211
  TEST_MISALIGNED( 10, CAUSE_MISALIGNED_STORE, 13, 0x44332211, BYTES4, sw x2, 13(x1) );
  li x2, 0x8899aabb
  TEST_MISALIGNED( 11, CAUSE_MISALIGNED_STORE, 18, 0x8899aabb, BYTES4, sw x2, 18(x1) );

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
tdat: .byte 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x87
      .byte 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7
      .byte 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf
RVTEST_DATA_END
