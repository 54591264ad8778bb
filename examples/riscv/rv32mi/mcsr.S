# Machine-level CSRs read back what was written, within their legal values: misa (RV32 with I, M,
# S, U), the read-only ID registers, mepc, mcause, mtval, mtvec (direct mode), medeleg and mideleg
# (the standard delegable causes), mie and mip (the S-level bits; M-level pending bits are not
# writable), mcounteren, mstatush. Only the bits the spec fixes go to the signature.
# priv. 3.1 Machine-Level CSRs.
#include "riscv_test.h"
#include "test_macros.h"

// the exceptions S-mode can take: every standard cause but ecall from M (11) and the reserved 10, 14
#define DELEGABLE_EXCEPTIONS 0xb3ff
#define S_INTERRUPTS (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define M_INTERRUPTS (MIP_MSIP | MIP_MTIP | MIP_MEIP)

RVTEST_RV32M
RVTEST_CODE_BEGIN

  #-- misa: MXL = 1 (32-bit), and the extensions the programs need
  TEST_CASE( 2, x14, 1, csrr x14, misa; srli x14, x14, 30 );
  TEST_CASE( 3, x14, MISA_I | MISA_M | MISA_S | MISA_U, csrr x14, misa; li x1, MISA_I | MISA_M | MISA_S | MISA_U; and x14, x14, x1 );
  TEST_CASE( 4, x14, 0, csrr x14, misa; li x1, 1 << ('E' - 'A'); and x14, x14, x1 );

  #-- the ID registers read without trapping; hart 0 is the only hart
  TEST_CASE( 5, x14, 0, csrr x14, mhartid );
  TEST_CASE( 6, x14, 1, csrr x14, mvendorid; csrr x14, marchid; csrr x14, mimpid; li x14, 1 );

  #-- mepc, mcause, mtval hold what was written (aligned and legal values)
  TEST_CASE( 7, x14, 0x80001234, li x1, 0x80001234; csrw mepc, x1; csrr x14, mepc );
  TEST_CASE( 8, x14, 0x00000000, csrw mepc, x0; csrr x14, mepc );
  TEST_CASE( 9, x14, 0x00000002, li x1, 2; csrw mcause, x1; csrr x14, mcause );
  TEST_CASE( 10, x14, 0x80000007, li x1, 0x80000007; csrw mcause, x1; csrr x14, mcause );
  TEST_CASE( 11, x14, 0x12345678, li x1, 0x12345678; csrw mtval, x1; csrr x14, mtval );

  #-- mtvec in direct mode: a 4-byte aligned base
  TEST_CASE( 12, x14, 0, la x1, trap_vector; csrr x14, mtvec; sub x14, x14, x1 );
  TEST_CASE( 13, x14, 0x80000100, csrr x2, mtvec; li x1, 0x80000100; csrw mtvec, x1; csrr x14, mtvec; csrw mtvec, x2 );

  #-- medeleg and mideleg: the standard delegable traps can be delegated
  TEST_CASE( 14, x14, DELEGABLE_EXCEPTIONS, li x1, DELEGABLE_EXCEPTIONS; csrw medeleg, x1; csrr x14, medeleg; and x14, x14, x1 );
  TEST_CASE( 15, x14, 0, csrw medeleg, x0; csrr x14, medeleg );
  TEST_CASE( 16, x14, S_INTERRUPTS, li x1, S_INTERRUPTS; csrw mideleg, x1; csrr x14, mideleg; and x14, x14, x1 );
  TEST_CASE( 17, x14, 0, csrw mideleg, x0; csrr x14, mideleg );

  #-- mie: the S-level enables are writable (nothing is pending, so nothing is taken)
  TEST_CASE( 18, x14, S_INTERRUPTS, li x1, S_INTERRUPTS; csrw mie, x1; csrr x14, mie; and x14, x14, x1 );
  TEST_CASE( 19, x14, 0, csrw mie, x0; csrr x14, mie );

  #-- mip: M-mode can raise and clear the S-level pending bits; the M-level ones reflect devices
  #   (a timer may be pending already) and a write does not change them
  TEST_CASE( 20, x14, S_INTERRUPTS, li x1, S_INTERRUPTS; csrw mip, x1; csrr x14, mip; and x14, x14, x1 );
  TEST_CASE( 21, x14, 0, csrw mip, x0; csrr x14, mip; li x1, S_INTERRUPTS; and x14, x14, x1 );
  TEST_CASE( 22, x14, 0, csrr x2, mip; li x1, M_INTERRUPTS; csrs mip, x1; csrr x14, mip; xor x14, x14, x2; and x14, x14, x1 );

  #-- mcounteren: CY, TM and IR are writable
  TEST_CASE( 23, x14, 7, li x1, 7; csrw mcounteren, x1; csrr x14, mcounteren; andi x14, x14, 7 );
  TEST_CASE( 24, x14, 0, csrw mcounteren, x0; csrr x14, mcounteren; andi x14, x14, 7 );

  #-- mstatush: little-endian M and S modes, no hypervisor
  TEST_CASE( 25, x14, 0, csrr x14, mstatush );

  #-- satp: Bare (MODE = 0) reads back as written
  TEST_CASE( 26, x14, 0, csrw satp, x0; csrr x14, satp );

  TEST_PASSFAIL

RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
