# sra: rd = rs1 >> rs2[4:0], the sign bit shifted in; the upper bits of rs2 are ignored.
# unpriv. 2.4.2 Integer Register-Register Operations.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_RR_OP( 2, sra, 0x00000001, 0x00000001, 0x00000000 );
  TEST_RR_OP( 3, sra, 0x00000000, 0x00000001, 0x00000001 );
  TEST_RR_OP( 4, sra, 0x00000000, 0x00000001, 0x00000007 );
  TEST_RR_OP( 5, sra, 0x00000000, 0x00000001, 0x0000000e );
  TEST_RR_OP( 6, sra, 0x00000000, 0x00000001, 0x00000014 );
  TEST_RR_OP( 7, sra, 0x00000000, 0x00000001, 0x0000001f );
  TEST_RR_OP( 8, sra, 0xffffffff, 0xffffffff, 0x00000000 );
  TEST_RR_OP( 9, sra, 0xffffffff, 0xffffffff, 0x00000001 );
  TEST_RR_OP( 10, sra, 0xffffffff, 0xffffffff, 0x00000007 );
  TEST_RR_OP( 11, sra, 0xffffffff, 0xffffffff, 0x0000000e );
  TEST_RR_OP( 12, sra, 0xffffffff, 0xffffffff, 0x00000014 );
  TEST_RR_OP( 13, sra, 0xffffffff, 0xffffffff, 0x0000001f );
  TEST_RR_OP( 14, sra, 0x21212121, 0x21212121, 0x00000000 );
  TEST_RR_OP( 15, sra, 0x10909090, 0x21212121, 0x00000001 );
  TEST_RR_OP( 16, sra, 0x00424242, 0x21212121, 0x00000007 );
  TEST_RR_OP( 17, sra, 0x00008484, 0x21212121, 0x0000000e );
  TEST_RR_OP( 18, sra, 0x00000212, 0x21212121, 0x00000014 );
  TEST_RR_OP( 19, sra, 0x00000000, 0x21212121, 0x0000001f );
  TEST_RR_OP( 20, sra, 0x80000000, 0x80000000, 0x00000000 );
  TEST_RR_OP( 21, sra, 0xc0000000, 0x80000000, 0x00000001 );
  TEST_RR_OP( 22, sra, 0xff000000, 0x80000000, 0x00000007 );
  TEST_RR_OP( 23, sra, 0xfffe0000, 0x80000000, 0x0000000e );
  TEST_RR_OP( 24, sra, 0xfffff800, 0x80000000, 0x00000014 );
  TEST_RR_OP( 25, sra, 0xffffffff, 0x80000000, 0x0000001f );
  TEST_RR_OP( 26, sra, 0x7fffffff, 0x7fffffff, 0x00000000 );
  TEST_RR_OP( 27, sra, 0x3fffffff, 0x7fffffff, 0x00000001 );
  TEST_RR_OP( 28, sra, 0x00ffffff, 0x7fffffff, 0x00000007 );
  TEST_RR_OP( 29, sra, 0x0001ffff, 0x7fffffff, 0x0000000e );
  TEST_RR_OP( 30, sra, 0x000007ff, 0x7fffffff, 0x00000014 );
  TEST_RR_OP( 31, sra, 0x00000000, 0x7fffffff, 0x0000001f );
  TEST_RR_OP( 32, sra, 0x81818181, 0x81818181, 0x00000000 );
  TEST_RR_OP( 33, sra, 0xc0c0c0c0, 0x81818181, 0x00000001 );
  TEST_RR_OP( 34, sra, 0xff030303, 0x81818181, 0x00000007 );
  TEST_RR_OP( 35, sra, 0xfffe0606, 0x81818181, 0x0000000e );
  TEST_RR_OP( 36, sra, 0xfffff818, 0x81818181, 0x00000014 );
  TEST_RR_OP( 37, sra, 0xffffffff, 0x81818181, 0x0000001f );
  TEST_RR_OP( 38, sra, 0x21212121, 0x21212121, 0xffffffe0 );
  TEST_RR_OP( 39, sra, 0x10909090, 0x21212121, 0xffffffe1 );
  TEST_RR_OP( 40, sra, 0x00424242, 0x21212121, 0xffffffe7 );
  TEST_RR_OP( 41, sra, 0x00008484, 0x21212121, 0xffffffee );
  TEST_RR_OP( 42, sra, 0x00000000, 0x21212121, 0xffffffff );

  #-- a source register is also the destination
  TEST_RR_SRC1_EQ_DEST( 43, sra, 0xff000000, 0x80000000, 0x00000007 );
  TEST_RR_SRC2_EQ_DEST( 44, sra, 0xfffe0000, 0x80000000, 0x0000000e );
  TEST_RR_SRC12_EQ_DEST( 45, sra, 0x00000000, 0x0000000d );

  #-- x0 as a source reads 0; as the destination it stays 0
  TEST_RR_ZEROSRC1( 46, sra, 0x00000000, 0x0000000f );
  TEST_RR_ZEROSRC2( 47, sra, 0x00000020, 0x00000020 );
  TEST_RR_ZEROSRC12( 48, sra, 0x00000000 );
  TEST_RR_ZERODEST( 49, sra, 16, 30 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
