# sw rs2, offset(rs1): stores a word, least significant byte first.
# unpriv. 2.6 Load and Store Instructions. Misaligned words: rv32mi/ma_addr.S.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  TEST_ST_OP( 2, lw, sw, 0x00aa00aa, 0x00aa00aa, 0, tdat );
  TEST_ST_OP( 3, lw, sw, 0xaa00aa00, 0xaa00aa00, 4, tdat );
  TEST_ST_OP( 4, lw, sw, 0x0aa00aa0, 0x0aa00aa0, 8, tdat );
  TEST_ST_OP( 5, lw, sw, 0xa00aa00a, 0xa00aa00a, 12, tdat );

  #-- byte order: the least significant byte goes to the lowest address
  TEST_ST_OP( 6, lbu, sw, 0x00000004, 0x01020304, 16, tdat );
  TEST_CASE( 7, x14, 0x00000001, la x2, tdat; lbu x14, 19(x2) );

  #-- negative offsets
  TEST_ST_OP( 8, lw, sw, 0x12345678, 0x12345678, -12, tdat8 );
  TEST_ST_OP( 9, lw, sw, 0x58213098, 0x58213098, -8, tdat8 );
  TEST_ST_WORD( 10, 0x12345678, 16, tdat );

  #-- the largest offsets either way, and a base that is not word-aligned
  TEST_ST_OP( 11, lw, sw, 0xcafebabe, 0xcafebabe, 2044, tdat8 - 2044 );
  TEST_ST_OP( 12, lw, sw, 0x0badf00d, 0x0badf00d, -2048, tdat9 + 2048 );
  TEST_ST_OP( 13, lw, sw, 0x87654321, 0x87654321, 3, tdat9 - 3 );

  #-- the stored register is the base register
  TEST_CASE( 14, x14, 0, la x2, tdat10; sw x2, 0(x2); lw x14, 0(x2); sub x14, x14, x2 );

  #-- x0 stores zero
  TEST_CASE( 15, x14, 0, la x2, tdat10; sw x0, 0(x2); lw x14, 0(x2) );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
tdat:
tdat1:  .word 0xdeadbeef
tdat2:  .word 0xdeadbeef
tdat3:  .word 0xdeadbeef
tdat4:  .word 0xdeadbeef
tdat5:  .word 0xdeadbeef
tdat6:  .word 0xdeadbeef
tdat7:  .word 0xdeadbeef
tdat8:  .word 0xdeadbeef
tdat9:  .word 0xdeadbeef
tdat10: .word 0xdeadbeef
RVTEST_DATA_END
