# auipc rd, imm20: rd = pc + (imm20 << 12). The signature holds the distance from the
# instruction's own address, so it does not depend on where the program is loaded.
# unpriv. 2.4.1 Integer Register-Immediate Instructions.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  TEST_CASE( 2, x14, 0x00000000, 1: auipc x1, 0x00000; la x2, 1b; sub x14, x1, x2 );
  TEST_CASE( 3, x14, 0x00001000, 1: auipc x1, 0x00001; la x2, 1b; sub x14, x1, x2 );
  TEST_CASE( 4, x14, 0x7ffff000, 1: auipc x1, 0x7ffff; la x2, 1b; sub x14, x1, x2 );
  TEST_CASE( 5, x14, 0x80000000, 1: auipc x1, 0x80000; la x2, 1b; sub x14, x1, x2 );
  TEST_CASE( 6, x14, 0xfffff000, 1: auipc x1, 0xfffff; la x2, 1b; sub x14, x1, x2 );

  #-- the address of a label ahead, as lla computes it (auipc + addi)
  TEST_CASE( 7, x14, 10000, lla x10, 1f + 10000; jal x11, 1f; 1: sub x14, x10, x11 );
  TEST_CASE( 8, x14, -10000, lla x10, 1f - 10000; jal x11, 1f; 1: sub x14, x10, x11 );

  #-- x0 as the destination stays 0
  TEST_CASE( 9, x0, 0, auipc x0, 0x12345 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
