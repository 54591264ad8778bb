# sb rs2, offset(rs1): stores the low byte of rs2; the other bytes of its word do not change.
# unpriv. 2.6 Load and Store Instructions (little-endian).
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  TEST_ST_OP( 2, lb, sb, 0xffffffaa, 0xffffffaa, 0, tdat );
  TEST_ST_OP( 3, lb, sb, 0x00000000, 0x00000000, 1, tdat );
  TEST_ST_OP( 4, lh, sb, 0xffffefa0, 0xffffefa0, 2, tdat );
  TEST_ST_OP( 5, lb, sb, 0x0000000a, 0x0000000a, 3, tdat );
  #-- only the low byte is stored: the word reads back with the other bytes as they were
  TEST_ST_WORD( 6, 0x0aa000aa, 0, tdat );

  #-- negative offsets
  TEST_ST_OP( 7, lb, sb, 0xffffffaa, 0x123456aa, -3, tdat8 );
  TEST_ST_OP( 8, lb, sb, 0x00000000, 0x12345600, -2, tdat8 );
  TEST_ST_OP( 9, lb, sb, 0xffffffa0, 0x123456a0, -1, tdat8 );
  TEST_ST_OP( 10, lb, sb, 0x0000000a, 0x1234560a, 0, tdat8 );
  TEST_ST_WORD( 11, 0x0aa000aa, 4, tdat );
  TEST_ST_WORD( 12, 0xefefefef, 8, tdat );

  #-- the largest offsets either way, and an odd base
  TEST_ST_OP( 13, lbu, sb, 0x00000012, 0x00000012, 2047, tdat9 - 2047 );
  TEST_ST_OP( 14, lbu, sb, 0x00000034, 0x00000034, -2048, tdat10 + 2048 );
  TEST_ST_OP( 15, lbu, sb, 0x00000056, 0x00000056, 7, tdat9 - 5 );
  TEST_ST_WORD( 16, 0xef563412, 12, tdat );

  #-- the stored register is the base register
  TEST_CASE( 17, x14, 0, la x2, tdat11; sb x2, 0(x2); lbu x14, 0(x2); andi x2, x2, 0xff; sub x14, x14, x2 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
tdat:
tdat1:  .byte 0xef
tdat2:  .byte 0xef
tdat3:  .byte 0xef
tdat4:  .byte 0xef
tdat5:  .byte 0xef
tdat6:  .byte 0xef
tdat7:  .byte 0xef
tdat8:  .byte 0xef
        .byte 0xef, 0xef, 0xef, 0xef
tdat9:  .byte 0xef
tdat10: .byte 0xef
        .byte 0xef, 0xef
tdat11: .word 0xefefefef
RVTEST_DATA_END
