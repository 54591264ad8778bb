# Physical memory protection, entries 0 to 3 (the fewest an implementation with PMP may have;
# regions of 4 KiB and up, so any granularity up to 4 KiB works). S- and U-mode accesses need a
# matching entry that allows them; the lowest-numbered match decides; M-mode is bound only by
# locked entries, or, with MPRV = 1, by MPP's permissions for loads and stores. TOR takes its
# bottom from the previous pmpaddr, whatever that entry's mode; a TOR range with top <= bottom is
# empty. A locked entry ignores writes to it.
#   entry 0  TOR   [0, page A)        RWX   code, data, signature
#   entry 1  NAPOT page A             RW
#   entry 2  NAPOT page B             R
#   entry 3  TOR   [B + 0x7fc, D)     X     from pmpaddr2 read as an address: page C and B's tail
#   page D   no entry                        (B's tail stays R only: entry 2 comes first)
# priv. 3.7 Physical Memory Protection.
#include "riscv_test.h"
#include "test_macros.h"

#define CFG(e0, e1, e2, e3) ((e0) | ((e1) << 8) | ((e2) << 16) | ((e3) << 24))
// pmpaddr for a naturally aligned power-of-two region of `size` bytes at `base`: x1 = the value
#define NAPOT_ADDR(base, size) la x1, base; srli x1, x1, 2; ori x1, x1, ((size) >> 3) - 1
#define TOR_ADDR(top) la x1, top; srli x1, x1, 2

RVTEST_RV32M
RVTEST_CODE_BEGIN

  #-- contents: a word in A and B, a subroutine in C (li x14, 0x5c; ret)
  la x2, page_a; li x1, 0xa0a0a0a0; sw x1, 0(x2)
  la x2, page_b; li x1, 0xb0b0b0b0; sw x1, 0(x2); la x2, page_b + 0x800; sw x1, 0(x2)
  la x2, page_c; lw x1, sub_li; sw x1, 0(x2); lw x1, sub_ret; sw x1, 4(x2)
  fence.i

  #-- phase 1: the table above
  TOR_ADDR(page_a); csrw pmpaddr0, x1
  NAPOT_ADDR(page_a, 4096); csrw pmpaddr1, x1
  NAPOT_ADDR(page_b, 4096); csrw pmpaddr2, x1
  TOR_ADDR(page_d); csrw pmpaddr3, x1
  li x1, CFG(PMP_TOR | PMP_R | PMP_W | PMP_X, PMP_NAPOT | PMP_R | PMP_W, PMP_NAPOT | PMP_R, PMP_TOR | PMP_X)
  csrw pmpcfg0, x1
  TEST_CASE( 2, x14, CFG(PMP_TOR | PMP_R | PMP_W | PMP_X, PMP_NAPOT | PMP_R | PMP_W, PMP_NAPOT | PMP_R, PMP_TOR | PMP_X), csrr x14, pmpcfg0 );
  TEST_CASE( 3, x14, 0, NAPOT_ADDR(page_b, 4096); csrr x14, pmpaddr2; sub x14, x14, x1 );

  RVTEST_GOTO_U
  #-- page A: read and write, no execute
  TEST_CASE( 4, x14, 0xa0a0a0a0, la x2, page_a; lw x14, 0(x2) );
  TEST_CASE( 5, x14, 0x0000a5a5, la x2, page_a; li x1, 0xa5a5; sw x1, 4(x2); lw x14, 4(x2) );
  TEST_FETCH_FAULT( 6, la, page_a );
  #-- page B: read only, its tail too
  TEST_CASE( 7, x14, 0xb0b0b0b0, la x2, page_b; lw x14, 0(x2) );
  la x1, page_b
  TEST_TRAP( 8, CAUSE_STORE_ACCESS, sw x0, 0(x1) );
  TEST_TRAP_TVAL_SYM( 9, 0, page_b );
  TEST_CASE( 10, x14, 0xb0b0b0b0, la x2, page_b + 0x800; lw x14, 0(x2) );
  TEST_FETCH_FAULT( 11, la, page_b + 0x800 );
  #-- page C: execute only
  TEST_CASE( 12, x14, 0x5c, li x14, 0; la x2, page_c; jalr ra, 0(x2) );
  la x1, page_c
  TEST_TRAP( 13, CAUSE_LOAD_ACCESS, lw x14, 0(x1) );
  TEST_TRAP_TVAL_SYM( 14, 0, page_c );
  TEST_TRAP( 15, CAUSE_STORE_ACCESS, sw x14, 8(x1) );
  TEST_TRAP_TVAL_SYM( 16, 8, page_c );
  #-- page D: nothing
  la x1, page_d
  TEST_TRAP( 17, CAUSE_LOAD_ACCESS, lw x14, 12(x1) );
  TEST_TRAP_TVAL_SYM( 18, 12, page_d );
  TEST_TRAP( 19, CAUSE_STORE_ACCESS, sb x14, 3(x1) );
  TEST_TRAP_TVAL_SYM( 20, 3, page_d );
  TEST_FETCH_FAULT( 21, la, page_d );
  TEST_TRAP_STATUS( 22, MSTATUS_MPP, MPP_U );
  RVTEST_GOTO_M

  #-- S-mode is bound the same way
  RVTEST_GOTO_S
  la x1, page_d
  TEST_TRAP( 23, CAUSE_LOAD_ACCESS, lw x14, 0(x1) );
  TEST_TRAP_STATUS( 24, MSTATUS_MPP, MPP_S );
  TEST_CASE( 25, x14, 0xb0b0b0b0, la x2, page_b; lw x14, 0(x2) );
  RVTEST_GOTO_M

  #-- M-mode is not (no entry is locked)
  TEST_CASE( 26, x14, 0x0000d0d0, la x2, page_d; li x1, 0xd0d0; sw x1, 0(x2); lw x14, 0(x2) );
  TEST_CASE( 27, x14, 0x0000b1b1, la x2, page_b; li x1, 0xb1b1; sw x1, 4(x2); lw x14, 4(x2) );

  #-- MPRV = 1: M-mode loads and stores use MPP's permissions (fetches do not)
  li x1, MSTATUS_MPRV
  csrs mstatus, x1
  li x1, MSTATUS_MPP
  csrc mstatus, x1
  la x1, page_d
  TEST_TRAP( 28, CAUSE_LOAD_ACCESS, lw x14, 0(x1) );
  TEST_TRAP_LEVEL( 29, 'M' );
  li x1, MSTATUS_MPP                          # mret in the handler set MPP = U again
  csrc mstatus, x1
  la x1, page_b
  TEST_TRAP( 30, CAUSE_STORE_ACCESS, sw x0, 0(x1) );
  li x1, MSTATUS_MPP
  csrc mstatus, x1
  TEST_CASE( 31, x14, 0xa0a0a0a0, la x2, page_a; lw x14, 0(x2) );
  li x1, MPP_M                                # MPP = M: full access again
  csrs mstatus, x1
  TEST_CASE( 32, x14, 0x0000d0d0, la x2, page_d; lw x14, 0(x2) );
  li x1, MSTATUS_MPRV
  csrc mstatus, x1

  #-- phase 2: overlapping entries, the lowest-numbered match wins
  #   entry 1 NAPOT A (4 KiB) R, entry 2 NAPOT A and B (8 KiB) RW, entry 3 off
  NAPOT_ADDR(page_a, 4096); csrw pmpaddr1, x1
  NAPOT_ADDR(page_a, 8192); csrw pmpaddr2, x1
  li x1, CFG(PMP_TOR | PMP_R | PMP_W | PMP_X, PMP_NAPOT | PMP_R, PMP_NAPOT | PMP_R | PMP_W, PMP_OFF)
  csrw pmpcfg0, x1
  RVTEST_GOTO_U
  la x1, page_a
  TEST_TRAP( 33, CAUSE_STORE_ACCESS, sw x0, 0(x1) );
  TEST_CASE( 34, x14, 0xa0a0a0a0, la x2, page_a; lw x14, 0(x2) );
  TEST_CASE( 35, x14, 0x00000b0b, la x2, page_b; li x1, 0xb0b; sw x1, 8(x2); lw x14, 8(x2) );
  la x1, page_c
  TEST_TRAP( 36, CAUSE_LOAD_ACCESS, lw x14, 0(x1) );
  RVTEST_GOTO_M

  #-- phase 3: TOR ranges with top <= bottom are empty; [C, D) is not
  TOR_ADDR(page_c); csrw pmpaddr2, x1
  TOR_ADDR(page_c); csrw pmpaddr3, x1
  li x1, CFG(PMP_TOR | PMP_R | PMP_W | PMP_X, PMP_OFF, PMP_OFF, PMP_TOR | PMP_R | PMP_W)
  csrw pmpcfg0, x1
  RVTEST_GOTO_U
  la x1, page_c
  TEST_TRAP( 37, CAUSE_LOAD_ACCESS, lw x14, 0(x1) );
  RVTEST_GOTO_M
  TOR_ADDR(page_c - 4096); csrw pmpaddr3, x1
  RVTEST_GOTO_U
  la x1, page_c
  TEST_TRAP( 38, CAUSE_LOAD_ACCESS, lw x14, 0(x1) );
  la x1, page_c - 4096
  TEST_TRAP( 39, CAUSE_LOAD_ACCESS, lw x14, 0(x1) );
  RVTEST_GOTO_M
  TOR_ADDR(page_d); csrw pmpaddr3, x1
  RVTEST_GOTO_U
  TEST_CASE( 40, x14, 0x0000000c, la x2, page_c; li x1, 12; sw x1, 12(x2); lw x14, 12(x2) );
  la x1, page_d
  TEST_TRAP( 41, CAUSE_LOAD_ACCESS, lw x14, 0(x1) );
  RVTEST_GOTO_M

  #-- phase 4: a locked entry binds M-mode too and ignores writes (it stays locked: page D only)
  NAPOT_ADDR(page_d, 4096); csrw pmpaddr3, x1
  li x1, CFG(PMP_TOR | PMP_R | PMP_W | PMP_X, PMP_OFF, PMP_OFF, PMP_NAPOT | PMP_R | PMP_L)
  csrw pmpcfg0, x1
  TEST_CASE( 42, x14, 0x0000d0d0, la x2, page_d; lw x14, 0(x2) );
  la x1, page_d
  TEST_TRAP( 43, CAUSE_STORE_ACCESS, sw x0, 0(x1) );
  TEST_TRAP_LEVEL( 44, 'M' );
  TEST_CASE( 45, x14, 0, csrr x2, pmpaddr3; csrw pmpaddr3, x0; csrr x14, pmpaddr3; sub x14, x14, x2 );
  TEST_CASE( 46, x14, PMP_NAPOT | PMP_R | PMP_L, csrw pmpcfg0, x0; csrr x14, pmpcfg0; srli x14, x14, 24 );
  TEST_CASE( 47, x14, 0, csrr x14, pmpcfg0; li x1, 0x00ffffff; and x14, x14, x1 );

  #-- entry 0 off now: U-mode could not even fetch; leave it as the environment had it
  li x1, -1
  csrw pmpaddr0, x1
  li x1, PMP_NAPOT | PMP_R | PMP_W | PMP_X
  csrs pmpcfg0, x1

  TEST_PASSFAIL

TEST_TRAP_HANDLERS

RVTEST_CODE_END

RVTEST_DATA_BEGIN
sub_li:  li x14, 0x5c
sub_ret: jalr x0, 0(ra)

  .pushsection .bss
  .align 13
page_a: .skip 4096
page_b: .skip 4096
page_c: .skip 4096
page_d: .skip 4096
  .popsection
RVTEST_DATA_END
