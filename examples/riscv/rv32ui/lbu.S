# lbu rd, offset(rs1): loads a byte and zero-extends it.
# unpriv. 2.6 Load and Store Instructions (little-endian).
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  TEST_LD_OP( 2, lbu, 0x000000ff, 0, tdat );
  TEST_LD_OP( 3, lbu, 0x00000000, 1, tdat );
  TEST_LD_OP( 4, lbu, 0x000000f0, 2, tdat );
  TEST_LD_OP( 5, lbu, 0x0000000f, 3, tdat );
  TEST_LD_OP( 6, lbu, 0x00000080, 4, tdat );
  TEST_LD_OP( 7, lbu, 0x0000007f, 5, tdat );

  #-- negative offsets
  TEST_LD_OP( 8, lbu, 0x000000ff, -3, tdat4 );
  TEST_LD_OP( 9, lbu, 0x00000000, -2, tdat4 );
  TEST_LD_OP( 10, lbu, 0x000000f0, -1, tdat4 );
  TEST_LD_OP( 11, lbu, 0x0000000f, 0, tdat4 );

  #-- the largest offsets either way, and an odd base
  TEST_LD_OP( 12, lbu, 0x000000f0, 2047, tdat3 - 2047 );
  TEST_LD_OP( 13, lbu, 0x000000f0, -2048, tdat3 + 2048 );
  TEST_LD_OP( 14, lbu, 0x0000000f, 7, tdat - 4 );

  #-- the destination is the base register
  TEST_LD_DEST_EQ_BASE( 15, lbu, 0x000000f0, 2, tdat );

  #-- x0 as the destination stays 0
  TEST_CASE( 16, x0, 0, la x2, tdat; lbu x0, 0(x2) );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
tdat:
tdat1: .byte 0xff
tdat2: .byte 0x00
tdat3: .byte 0xf0
tdat4: .byte 0x0f
       .byte 0x80, 0x7f
RVTEST_DATA_END
