# lh rd, offset(rs1): loads a halfword (little-endian) and sign-extends it.
# unpriv. 2.6 Load and Store Instructions. Misaligned halfwords: rv32mi/ma_addr.S.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  TEST_LD_OP( 2, lh, 0x000000ff, 0, tdat );
  TEST_LD_OP( 3, lh, 0xffffff00, 2, tdat );
  TEST_LD_OP( 4, lh, 0x00000ff0, 4, tdat );
  TEST_LD_OP( 5, lh, 0xfffff00f, 6, tdat );
  TEST_LD_OP( 6, lh, 0xffff8000, 8, tdat );
  TEST_LD_OP( 7, lh, 0x00007fff, 10, tdat );

  #-- negative offsets
  TEST_LD_OP( 8, lh, 0x000000ff, -6, tdat4 );
  TEST_LD_OP( 9, lh, 0xffffff00, -4, tdat4 );
  TEST_LD_OP( 10, lh, 0x00000ff0, -2, tdat4 );
  TEST_LD_OP( 11, lh, 0xfffff00f, 0, tdat4 );

  #-- the largest offsets either way, and an odd base
  TEST_LD_OP( 12, lh, 0x00000ff0, 2046, tdat3 - 2046 );
  TEST_LD_OP( 13, lh, 0x00000ff0, -2048, tdat3 + 2048 );
  TEST_LD_OP( 14, lh, 0xfffff00f, 7, tdat - 1 );

  #-- the destination is the base register
  TEST_LD_DEST_EQ_BASE( 15, lh, 0x00000ff0, 4, tdat );

  #-- x0 as the destination stays 0
  TEST_CASE( 16, x0, 0, la x2, tdat; lh x0, 0(x2) );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
tdat:
tdat1: .half 0x00ff
tdat2: .half 0xff00
tdat3: .half 0x0ff0
tdat4: .half 0xf00f
       .half 0x8000, 0x7fff
RVTEST_DATA_END
