# srl: rd = rs1 >> rs2[4:0], zeros shifted in; the upper bits of rs2 are ignored.
# unpriv. 2.4.2 Integer Register-Register Operations.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  #-- values
  TEST_RR_OP( 2, srl, 0x00000001, 0x00000001, 0x00000000 );
  TEST_RR_OP( 3, srl, 0x00000000, 0x00000001, 0x00000001 );
  TEST_RR_OP( 4, srl, 0x00000000, 0x00000001, 0x00000007 );
  TEST_RR_OP( 5, srl, 0x00000000, 0x00000001, 0x0000000e );
  TEST_RR_OP( 6, srl, 0x00000000, 0x00000001, 0x00000014 );
  TEST_RR_OP( 7, srl, 0x00000000, 0x00000001, 0x0000001f );
  TEST_RR_OP( 8, srl, 0xffffffff, 0xffffffff, 0x00000000 );
  TEST_RR_OP( 9, srl, 0x7fffffff, 0xffffffff, 0x00000001 );
  TEST_RR_OP( 10, srl, 0x01ffffff, 0xffffffff, 0x00000007 );
  TEST_RR_OP( 11, srl, 0x0003ffff, 0xffffffff, 0x0000000e );
  TEST_RR_OP( 12, srl, 0x00000fff, 0xffffffff, 0x00000014 );
  TEST_RR_OP( 13, srl, 0x00000001, 0xffffffff, 0x0000001f );
  TEST_RR_OP( 14, srl, 0x21212121, 0x21212121, 0x00000000 );
  TEST_RR_OP( 15, srl, 0x10909090, 0x21212121, 0x00000001 );
  TEST_RR_OP( 16, srl, 0x00424242, 0x21212121, 0x00000007 );
  TEST_RR_OP( 17, srl, 0x00008484, 0x21212121, 0x0000000e );
  TEST_RR_OP( 18, srl, 0x00000212, 0x21212121, 0x00000014 );
  TEST_RR_OP( 19, srl, 0x00000000, 0x21212121, 0x0000001f );
  TEST_RR_OP( 20, srl, 0x80000000, 0x80000000, 0x00000000 );
  TEST_RR_OP( 21, srl, 0x40000000, 0x80000000, 0x00000001 );
  TEST_RR_OP( 22, srl, 0x01000000, 0x80000000, 0x00000007 );
  TEST_RR_OP( 23, srl, 0x00020000, 0x80000000, 0x0000000e );
  TEST_RR_OP( 24, srl, 0x00000800, 0x80000000, 0x00000014 );
  TEST_RR_OP( 25, srl, 0x00000001, 0x80000000, 0x0000001f );
  TEST_RR_OP( 26, srl, 0x7fffffff, 0x7fffffff, 0x00000000 );
  TEST_RR_OP( 27, srl, 0x3fffffff, 0x7fffffff, 0x00000001 );
  TEST_RR_OP( 28, srl, 0x00ffffff, 0x7fffffff, 0x00000007 );
  TEST_RR_OP( 29, srl, 0x0001ffff, 0x7fffffff, 0x0000000e );
  TEST_RR_OP( 30, srl, 0x000007ff, 0x7fffffff, 0x00000014 );
  TEST_RR_OP( 31, srl, 0x00000000, 0x7fffffff, 0x0000001f );
  TEST_RR_OP( 32, srl, 0x81818181, 0x81818181, 0x00000000 );
  TEST_RR_OP( 33, srl, 0x40c0c0c0, 0x81818181, 0x00000001 );
  TEST_RR_OP( 34, srl, 0x01030303, 0x81818181, 0x00000007 );
  TEST_RR_OP( 35, srl, 0x00020606, 0x81818181, 0x0000000e );
  TEST_RR_OP( 36, srl, 0x00000818, 0x81818181, 0x00000014 );
  TEST_RR_OP( 37, srl, 0x00000001, 0x81818181, 0x0000001f );
  TEST_RR_OP( 38, srl, 0x21212121, 0x21212121, 0xffffffe0 );
  TEST_RR_OP( 39, srl, 0x10909090, 0x21212121, 0xffffffe1 );
  TEST_RR_OP( 40, srl, 0x00424242, 0x21212121, 0xffffffe7 );
  TEST_RR_OP( 41, srl, 0x00008484, 0x21212121, 0xffffffee );
  TEST_RR_OP( 42, srl, 0x00000000, 0x21212121, 0xffffffff );

  #-- a source register is also the destination
  TEST_RR_SRC1_EQ_DEST( 43, srl, 0x01000000, 0x80000000, 0x00000007 );
  TEST_RR_SRC2_EQ_DEST( 44, srl, 0x00020000, 0x80000000, 0x0000000e );
  TEST_RR_SRC12_EQ_DEST( 45, srl, 0x00000000, 0x0000000d );

  #-- x0 as a source reads 0; as the destination it stays 0
  TEST_RR_ZEROSRC1( 46, srl, 0x00000000, 0x0000000f );
  TEST_RR_ZEROSRC2( 47, srl, 0x00000020, 0x00000020 );
  TEST_RR_ZEROSRC12( 48, srl, 0x00000000 );
  TEST_RR_ZERODEST( 49, srl, 16, 30 );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
