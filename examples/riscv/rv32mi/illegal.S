# Illegal instruction (cause 2): words that are no RV32IMA/Zicsr/Zifencei instruction trap, with
# mepc at the word and mtval 0 or the word itself. Reserved fields of defined opcodes count:
# shifts by 32 or more, funct7 values an opcode does not define, RV64-only loads, stores and atomics,
# branch and jalr funct3 values nobody uses. Privileged instructions in lower modes: mode.S,
# wfi.S, sfence.S; CSR access rules: csr_access.S.
# unpriv. 2.2 Base Instruction Formats; 24 RV32/64G Instruction Set Listings; priv. 3.1.15 Machine Cause Register (mcause).
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32M
RVTEST_CODE_BEGIN

  la x1, tdat                                 # loads and stores that would run use this base

  #-- all zeros and all ones are defined to be illegal
  TEST_ILLEGAL( 2, .word 0x00000000 );
  TEST_ILLEGAL( 3, .word 0xffffffff );

  #-- extensions this hart does not have: C (low bits not 11), F, A, custom-0
  TEST_ILLEGAL( 4, .word 0x00000001 );        # c.nop followed by zeros
  TEST_ILLEGAL( 5, .word 0x0000a707 );        # flw f14, 0(x1)
  TEST_ILLEGAL( 6, .word 0x1000b72f );        # lr.d x14, (x1): RV64A only
  TEST_ILLEGAL( 7, .word 0x0000000b );        # custom-0

  #-- reserved fields of RV32I opcodes
  TEST_ILLEGAL( 8, .word 0x02009713 );        # slli x14, x1, 32 (shamt[5] set)
  TEST_ILLEGAL( 9, .word 0x0200d713 );        # srli x14, x1, 32
  TEST_ILLEGAL( 10, .word 0x4200d713 );       # srai x14, x1, 32
  TEST_ILLEGAL( 11, .word 0x2000d713 );       # srli with funct7 = 0010000
  TEST_ILLEGAL( 12, .word 0x4000f733 );       # and with funct7 = 0100000
  TEST_ILLEGAL( 13, .word 0x40009733 );       # sll with funct7 = 0100000
  TEST_ILLEGAL( 14, .word 0x06008733 );       # add with funct7 = 0000011
  TEST_ILLEGAL( 15, .word 0x00002063 );       # branch with funct3 = 010
  TEST_ILLEGAL( 16, .word 0x00003063 );       # branch with funct3 = 011
  TEST_ILLEGAL( 17, .word 0x00009067 );       # jalr with funct3 = 001
  TEST_ILLEGAL( 18, .word 0x0000b703 );       # ld x14, 0(x1) (RV64)
  TEST_ILLEGAL( 19, .word 0x0000e703 );       # lwu x14, 0(x1) (RV64)
  TEST_ILLEGAL( 20, .word 0x0000f703 );       # load with funct3 = 111
  TEST_ILLEGAL( 21, .word 0x0000b023 );       # sd x0, 0(x1) (RV64)
  TEST_ILLEGAL( 22, .word 0x0000c023 );       # store with funct3 = 100
  TEST_ILLEGAL( 23, .word 0x0000801b );       # addiw x0, x1, 0 (RV64)
  TEST_ILLEGAL( 24, .word 0x0000403b );       # divw-space opcode OP-32 (RV64)
  TEST_ILLEGAL( 25, .word 0x00004073 );       # SYSTEM with funct3 = 100

  #-- an illegal instruction changes no register (x14 still holds its value)
  TEST_CASE( 26, x14, 0x1234, li x14, 0x1234; TRAP_ARM(1f); li x14, 0x1234; .word 0x00008733 | (1 << 27); 1: );

  #-- the same from U-mode
  RVTEST_GOTO_U
  la x1, tdat
  TEST_ILLEGAL( 27, .word 0x00000000 );
  TEST_ILLEGAL( 28, .word 0x02009713 );
  TEST_TRAP_STATUS( 29, MSTATUS_MPP, MPP_U );
  RVTEST_GOTO_M

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
tdat: .word 0, 0
RVTEST_DATA_END
