# jalr rd, offset(rs1): target = (rs1 + sext(imm12)) with bit 0 cleared; rd = pc + 4, written
# after the target is computed (rd == rs1 jumps through the old value).
# unpriv. 2.5.1 Unconditional Jumps.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- the link register holds the address after the jalr (0 when right)
  TEST_CASE( 2, x14, 0, la x2, 1f; jalr x1, x2, 0; 2: li x14, 99; j 3f; 1: la x3, 2b; sub x14, x1, x3; 3: );
  TEST_CASE( 3, x14, 0, la x2, 1f; jalr x31, 0(x2); 2: li x14, 99; j 3f; 1: la x3, 2b; sub x14, x31, x3; 3: );

  #-- positive and negative offsets
  TEST_CASE( 4, x14, 4, li x14, 0; la x2, 1f - 16; jalr x0, 16(x2); li x14, 99; 1: addi x14, x14, 4 );
  TEST_CASE( 5, x14, 5, li x14, 0; la x2, 1f + 2047; jalr x0, -2047(x2); li x14, 99; 1: addi x14, x14, 5 );
  TEST_CASE( 6, x14, 6, li x14, 0; la x2, 1f - 2047; jalr x0, 2047(x2); li x14, 99; 1: addi x14, x14, 6 );

  #-- bit 0 of the target is cleared, so an odd address is no misaligned fetch
  TEST_CASE( 7, x14, 7, li x14, 0; la x2, 1f + 1; jalr x0, 0(x2); li x14, 99; 1: addi x14, x14, 7 );
  TEST_CASE( 8, x14, 8, li x14, 0; la x2, 1f; jalr x0, 1(x2); li x14, 99; 1: addi x14, x14, 8 );

  #-- rd == rs1: the jump uses the old value, then rd holds the link
  TEST_CASE( 9, x14, 0, la x1, 1f; jalr x1, x1, 0; 2: li x14, 99; j 3f; 1: la x3, 2b; sub x14, x1, x3; 3: );

  #-- backward, the way a return from a call goes
  TEST_CASE( 10, x14, 10, li x14, 0; j 2f; 1: addi x14, x14, 10; jalr x0, 0(ra); 2: jal ra, 1b );

  #-- jalr x0 writes nothing
  TEST_CASE( 11, x0, 0, la x2, 1f; jalr x0, 0(x2); 1: );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
