# lw rd, offset(rs1): loads a word, least significant byte first.
# unpriv. 2.6 Load and Store Instructions. Misaligned words: rv32mi/ma_addr.S.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  TEST_LD_OP( 2, lw, 0x00ff00ff, 0, tdat );
  TEST_LD_OP( 3, lw, 0xff00ff00, 4, tdat );
  TEST_LD_OP( 4, lw, 0x0ff00ff0, 8, tdat );
  TEST_LD_OP( 5, lw, 0xf00ff00f, 12, tdat );

  #-- byte order: the byte at the lowest address is the least significant
  TEST_LD_OP( 6, lw, 0x04030201, 16, tdat );

  #-- negative offsets
  TEST_LD_OP( 7, lw, 0x00ff00ff, -12, tdat4 );
  TEST_LD_OP( 8, lw, 0xff00ff00, -8, tdat4 );
  TEST_LD_OP( 9, lw, 0x0ff00ff0, -4, tdat4 );
  TEST_LD_OP( 10, lw, 0xf00ff00f, 0, tdat4 );

  #-- the largest offsets either way, and a base that is not word-aligned
  TEST_LD_OP( 11, lw, 0x0ff00ff0, 2044, tdat3 - 2044 );
  TEST_LD_OP( 12, lw, 0x0ff00ff0, -2048, tdat3 + 2048 );
  TEST_LD_OP( 13, lw, 0xf00ff00f, 3, tdat4 - 3 );

  #-- the destination is the base register
  TEST_LD_DEST_EQ_BASE( 14, lw, 0x0ff00ff0, 8, tdat );

  #-- x0 as the destination stays 0
  TEST_CASE( 15, x0, 0, la x2, tdat; lw x0, 0(x2) );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
tdat:
tdat1: .word 0x00ff00ff
tdat2: .word 0xff00ff00
tdat3: .word 0x0ff00ff0
tdat4: .word 0xf00ff00f
       .byte 0x01, 0x02, 0x03, 0x04
RVTEST_DATA_END
