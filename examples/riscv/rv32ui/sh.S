# sh rs2, offset(rs1): stores the low halfword of rs2 (little-endian); the rest of its word is kept.
# unpriv. 2.6 Load and Store Instructions. Misaligned halfwords: rv32mi/ma_addr.S.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  TEST_ST_OP( 2, lh, sh, 0x000000aa, 0x000000aa, 0, tdat );
  TEST_ST_OP( 3, lh, sh, 0xffffaa00, 0xffffaa00, 2, tdat );
  TEST_ST_WORD( 4, 0xaa0000aa, 0, tdat );
  TEST_ST_OP( 5, lw, sh, 0xbeef0aa0, 0xbeef0aa0, 4, tdat );
  TEST_ST_OP( 6, lh, sh, 0xffffa00a, 0x1234a00a, 6, tdat );
  #-- only the low halfword is stored
  TEST_ST_WORD( 7, 0xa00a0aa0, 4, tdat );

  #-- negative offsets
  TEST_ST_OP( 8, lhu, sh, 0x0000aa00, 0x1234aa00, -6, tdat8 );
  TEST_ST_OP( 9, lhu, sh, 0x000000aa, 0x123400aa, -4, tdat8 );
  TEST_ST_OP( 10, lhu, sh, 0x0000a00a, 0x1234a00a, -2, tdat8 );
  TEST_ST_OP( 11, lhu, sh, 0x00000aa0, 0x12340aa0, 0, tdat8 );
  TEST_ST_WORD( 12, 0x00aaaa00, 8, tdat );
  TEST_ST_WORD( 13, 0x0aa0a00a, 12, tdat );

  #-- the largest offsets either way, and an odd base
  TEST_ST_OP( 14, lhu, sh, 0x00001234, 0x00001234, 2046, tdat9 - 2046 );
  TEST_ST_OP( 15, lhu, sh, 0x00005678, 0x00005678, -2048, tdat10 + 2048 );
  TEST_ST_WORD( 16, 0x56781234, 16, tdat );
  TEST_ST_OP( 17, lhu, sh, 0x00009abc, 0x00009abc, 5, tdat9 - 5 );
  TEST_ST_WORD( 18, 0x56789abc, 16, tdat );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
tdat:
tdat1:  .half 0xbeef
tdat2:  .half 0xbeef
tdat3:  .half 0xbeef
tdat4:  .half 0xbeef
tdat5:  .half 0xbeef
tdat6:  .half 0xbeef
tdat7:  .half 0xbeef
tdat8:  .half 0xbeef
tdat9:  .half 0xbeef
tdat10: .half 0xbeef
RVTEST_DATA_END
