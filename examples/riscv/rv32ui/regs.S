# The register file: 31 registers, each holding its own value, and x0 hardwired to zero
# whatever writes it (every instruction format with rd = x0). gp and tp are the environment's.
# unpriv. 2.1 Programmers' Model for Base Integer ISA.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- each register keeps its own value: x1..x31 written, then all stored to the signature
test_2:
  li TESTNUM, 2
  li x1, 0x01010101
  li x2, 0x02020202
  li x5, 0x05050505
  li x6, 0x06060606
  li x7, 0x07070707
  li x8, 0x08080808
  li x9, 0x09090909
  li x10, 0x0a0a0a0a
  li x11, 0x0b0b0b0b
  li x12, 0x0c0c0c0c
  li x13, 0x0d0d0d0d
  li x14, 0x0e0e0e0e
  li x15, 0x0f0f0f0f
  li x16, 0x10101010
  li x17, 0x11111111
  li x18, 0x12121212
  li x19, 0x13131313
  li x20, 0x14141414
  li x21, 0x15151515
  li x22, 0x16161616
  li x23, 0x17171717
  li x24, 0x18181818
  li x25, 0x19191919
  li x26, 0x1a1a1a1a
  li x27, 0x1b1b1b1b
  li x28, 0x1c1c1c1c
  li x29, 0x1d1d1d1d
  li x30, 0x1e1e1e1e
  li x31, 0x1f1f1f1f
  SIG(x1)
  SIG(x2)
  SIG(x5)
  SIG(x6)
  SIG(x7)
  SIG(x8)
  SIG(x9)
  SIG(x10)
  SIG(x11)
  SIG(x12)
  SIG(x13)
  SIG(x14)
  SIG(x15)
  SIG(x16)
  SIG(x17)
  SIG(x18)
  SIG(x19)
  SIG(x20)
  SIG(x21)
  SIG(x22)
  SIG(x23)
  SIG(x24)
  SIG(x25)
  SIG(x26)
  SIG(x27)
  SIG(x28)
  SIG(x29)
  SIG(x30)
  SIG(x31)
  #-- and read back unchanged (x7 first: it is the comparison register after that)
  sub x7, x7, x6; bne x7, x1, fail
  li x7, 0x01010101; bne x1, x7, fail
  li x7, 0x02020202; bne x2, x7, fail
  li x7, 0x05050505; bne x5, x7, fail
  li x7, 0x06060606; bne x6, x7, fail
  li x7, 0x08080808; bne x8, x7, fail
  li x7, 0x09090909; bne x9, x7, fail
  li x7, 0x0a0a0a0a; bne x10, x7, fail
  li x7, 0x0b0b0b0b; bne x11, x7, fail
  li x7, 0x0c0c0c0c; bne x12, x7, fail
  li x7, 0x0d0d0d0d; bne x13, x7, fail
  li x7, 0x0e0e0e0e; bne x14, x7, fail
  li x7, 0x0f0f0f0f; bne x15, x7, fail
  li x7, 0x10101010; bne x16, x7, fail
  li x7, 0x11111111; bne x17, x7, fail
  li x7, 0x12121212; bne x18, x7, fail
  li x7, 0x13131313; bne x19, x7, fail
  li x7, 0x14141414; bne x20, x7, fail
  li x7, 0x15151515; bne x21, x7, fail
  li x7, 0x16161616; bne x22, x7, fail
  li x7, 0x17171717; bne x23, x7, fail
  li x7, 0x18181818; bne x24, x7, fail
  li x7, 0x19191919; bne x25, x7, fail
  li x7, 0x1a1a1a1a; bne x26, x7, fail
  li x7, 0x1b1b1b1b; bne x27, x7, fail
  li x7, 0x1c1c1c1c; bne x28, x7, fail
  li x7, 0x1d1d1d1d; bne x29, x7, fail
  li x7, 0x1e1e1e1e; bne x30, x7, fail
  li x7, 0x1f1f1f1f; bne x31, x7, fail

  #-- x0 reads zero after a write by each format
  TEST_CASE( 3, x0, 0, addi x0, x0, 5 );
  TEST_CASE( 4, x0, 0, li x1, 3; add x0, x1, x1 );
  TEST_CASE( 5, x0, 0, lui x0, 0x12345 );
  TEST_CASE( 6, x0, 0, auipc x0, 1 );
  TEST_CASE( 7, x0, 0, la x2, tdat; lw x0, 0(x2) );
  TEST_CASE( 8, x0, 0, jal x0, 1f; 1: );
  TEST_CASE( 9, x0, 0, la x2, 1f; jalr x0, 0(x2); 1: );
  TEST_CASE( 10, x14, 0, addi x0, x0, 5; add x14, x0, x0 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
tdat: .word 0x5a5a5a5a
RVTEST_DATA_END
