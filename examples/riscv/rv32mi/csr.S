# The six Zicsr instructions, on mscratch (a plain read/write register): rd gets the old value;
# csrrw writes rs1, csrrs sets the bits of rs1, csrrc clears them; the i-forms take a 5-bit
# zero-extended immediate. csrrw with rd = x0 does not read; csrrs/csrrc with rs1 = x0 (or an
# immediate of 0) do not write. rd == rs1 swaps.
# unpriv. 9.1 CSR Instructions.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32M
RVTEST_CODE_BEGIN

  #-- csrrw: rd gets the old value, the CSR the new one
  TEST_CASE( 2, x14, 0x00000000, csrw mscratch, x0; csrr x14, mscratch );
  TEST_CASE( 3, x14, 0x12345678, li x1, 0x12345678; csrrw x0, mscratch, x1; csrr x14, mscratch );
  TEST_CASE( 4, x14, 0x12345678, li x1, 0xcafe0000; csrrw x14, mscratch, x1 );
  TEST_CASE( 5, x14, 0xcafe0000, csrr x14, mscratch );
  TEST_CASE( 6, x14, 0xffffffff, li x1, -1; csrw mscratch, x1; csrr x14, mscratch );

  #-- csrrs: rd gets the old value, then the bits of rs1 are set
  TEST_CASE( 7, x14, 0x00001200, li x1, 0x1200; csrw mscratch, x1; li x2, 0x0034; csrrs x14, mscratch, x2 );
  TEST_CASE( 8, x14, 0x00001234, csrr x14, mscratch );
  TEST_CASE( 9, x14, 0x00001234, li x2, 0x1030; csrrs x14, mscratch, x2 );
  TEST_CASE( 10, x14, 0x00001234, csrrs x14, mscratch, x0 );

  #-- csrrc: rd gets the old value, then the bits of rs1 are cleared
  TEST_CASE( 11, x14, 0x00001234, li x2, 0x1030; csrrc x14, mscratch, x2 );
  TEST_CASE( 12, x14, 0x00000204, csrr x14, mscratch );
  TEST_CASE( 13, x14, 0x00000204, csrrc x14, mscratch, x0 );
  TEST_CASE( 14, x14, 0x00000204, csrr x14, mscratch );

  #-- the immediate forms: uimm is 5 bits, zero-extended
  TEST_CASE( 15, x14, 0x00000204, csrrwi x14, mscratch, 31 );
  TEST_CASE( 16, x14, 0x0000001f, csrr x14, mscratch );
  TEST_CASE( 17, x14, 0x0000001f, csrrci x14, mscratch, 0x11 );
  TEST_CASE( 18, x14, 0x0000000e, csrr x14, mscratch );
  TEST_CASE( 19, x14, 0x0000000e, csrrsi x14, mscratch, 0x10 );
  TEST_CASE( 20, x14, 0x0000001e, csrr x14, mscratch );
  TEST_CASE( 21, x14, 0x0000001e, csrrsi x14, mscratch, 0 );
  TEST_CASE( 22, x14, 0x0000001e, csrrci x14, mscratch, 0 );
  TEST_CASE( 23, x14, 0x0000001e, csrrwi x14, mscratch, 0 );
  TEST_CASE( 24, x14, 0x00000000, csrr x14, mscratch );

  #-- rd == rs1: the old value lands in the register the new one came from
  TEST_CASE( 25, x1, 0x00000000, li x1, 0x5555aaaa; csrrw x1, mscratch, x1 );
  TEST_CASE( 26, x14, 0x5555aaaa, csrr x14, mscratch );
  TEST_CASE( 27, x1, 0x5555aaaa, li x1, 0x0000ffff; csrrs x1, mscratch, x1 );
  TEST_CASE( 28, x14, 0x5555ffff, csrr x14, mscratch );
  TEST_CASE( 29, x1, 0x5555ffff, li x1, 0x5555aaaa; csrrc x1, mscratch, x1 );
  TEST_CASE( 30, x14, 0x00005555, csrr x14, mscratch );

  #-- x0 as rd: the write still happens
  TEST_CASE( 31, x14, 0x00000abc, li x1, 0xabc; csrrw x0, mscratch, x1; csrr x14, mscratch );
  TEST_CASE( 32, x14, 0x00000abd, csrrsi x0, mscratch, 1; csrr x14, mscratch );
  TEST_CASE( 33, x14, 0x00000abc, csrrci x0, mscratch, 1; csrr x14, mscratch );

  #-- sscratch is a separate register
  TEST_CASE( 34, x14, 0x00000077, li x1, 0x77; csrw sscratch, x1; li x1, 0x88; csrw mscratch, x1; csrr x14, sscratch );
  TEST_CASE( 35, x14, 0x00000088, csrr x14, mscratch );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
