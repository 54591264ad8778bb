# Interrupts, raised in software through mip.SSIP (supervisor software interrupt, code 1).
# An interrupt traps when pending and enabled in mie, and globally enabled: in the mode it goes to
# by MIE/SIE, always from a lower mode, never from a higher one. mcause/scause has bit 31 set and
# mepc/sepc is the instruction that had not yet run. mideleg sends it to S-mode instead of M-mode.
# The condition is checked right after the CSR write or xRET that changes it.
# priv. 3.1.9 Machine Interrupt Registers; 3.1.6.1 Global Interrupt-Enable Stack; 3.1.8 mideleg;
# 4.1.3 Supervisor Interrupt Registers.
#include "riscv_test.h"
#include "test_macros.h"

#define SSI (CAUSE_INTERRUPT | IRQ_S_SOFT)

// x14 = the count of interrupts taken so far; the handlers count, record and clear SSIP
#define COUNT la x15, irq_record; lw x14, 0(x15)
#define TEST_COUNT(testnum, n) TEST_CASE(testnum, x14, n, COUNT)
// x14 = the recorded cause / the recorded epc minus label / the recorded level ('M' or 'S')
#define TEST_IRQ_CAUSE(testnum, cause) TEST_CASE(testnum, x14, cause, la x15, irq_record; lw x14, 4(x15))
#define TEST_IRQ_EPC(testnum, label) TEST_CASE(testnum, x14, 0, la x15, irq_record; lw x14, 8(x15); la x7, label; sub x14, x14, x7)
#define TEST_IRQ_LEVEL(testnum, level) TEST_CASE(testnum, x14, level, la x15, irq_record; lw x14, 12(x15))

RVTEST_RV32M
RVTEST_CODE_BEGIN

  #-- pending but not enabled in mie: nothing, even with MIE = 1
  csrwi mip, MIP_SSIP
  csrsi mstatus, MSTATUS_MIE
  TEST_COUNT( 2, 0 );
  csrci mstatus, MSTATUS_MIE

  #-- enabled in mie, MIE = 0 in M-mode: nothing
  csrwi mie, MIP_SSIP
  TEST_COUNT( 3, 0 );

  #-- MIE = 1: taken at once, before the next instruction
  csrsi mstatus, MSTATUS_MIE
m_next:
  TEST_COUNT( 4, 1 );
  TEST_IRQ_CAUSE( 5, SSI );
  TEST_IRQ_EPC( 6, m_next );
  TEST_IRQ_LEVEL( 7, 'M' );
  TEST_CASE( 8, x14, MSTATUS_MIE, csrr x14, mstatus; andi x14, x14, MSTATUS_MIE );   # mret restored it
  csrci mstatus, MSTATUS_MIE

  #-- from a lower mode, M-level interrupts are always enabled: taken as U-mode starts
  csrwi mip, MIP_SSIP
  RVTEST_GOTO_U
u_first:
  TEST_COUNT( 9, 2 );
  TEST_IRQ_EPC( 10, u_first );
  TEST_CASE( 11, x14, MPP_U, la x15, irq_record; lw x14, 16(x15); li x7, MSTATUS_MPP; and x14, x14, x7 );
  RVTEST_GOTO_M

  #-- delegated to S: never taken in M-mode, even with MIE = 1
  csrwi mideleg, MIP_SSIP
  csrwi mip, MIP_SSIP
  csrsi mstatus, MSTATUS_MIE
  TEST_COUNT( 12, 2 );
  csrci mstatus, MSTATUS_MIE

  #-- in S-mode with SIE = 0: not taken; SIE = 1: taken by S-mode
  RVTEST_GOTO_S
  TEST_COUNT( 13, 2 );
  csrsi sstatus, MSTATUS_SIE
s_next:
  TEST_COUNT( 14, 3 );
  TEST_IRQ_CAUSE( 15, SSI );
  TEST_IRQ_EPC( 16, s_next );
  TEST_IRQ_LEVEL( 17, 'S' );
  csrci sstatus, MSTATUS_SIE

  #-- S-mode raises it itself through sip, and it is delegated: taken in U-mode with SIE = 0
  csrsi sip, MIP_SSIP
  TEST_COUNT( 18, 3 );
  li x1, MSTATUS_SPP
  csrc sstatus, x1
  la x1, u_second
  csrw sepc, x1
  sret
u_second:
  TEST_COUNT( 19, 4 );
  TEST_IRQ_LEVEL( 20, 'S' );
  TEST_IRQ_EPC( 21, u_second );
  TEST_CASE( 22, x14, 0, la x15, irq_record; lw x14, 16(x15); andi x14, x14, MSTATUS_SPP );
  RVTEST_GOTO_M

  #-- sie is mie's delegated part: with mideleg = 0 it reads 0
  TEST_CASE( 23, x14, MIP_SSIP, csrr x14, sie; andi x14, x14, MIP_SSIP );
  csrwi mideleg, 0
  TEST_CASE( 24, x14, 0, csrr x14, sie; andi x14, x14, MIP_SSIP );
  csrwi mie, 0
  csrwi mip, 0

  TEST_PASSFAIL

  # Both handlers count the interrupt, record cause, epc, level and status, clear SSIP and
  # return to where it struck. Any exception is unexpected.
mtvec_handler:
  csrr t5, mcause
  bgez t5, env_unexpected_m
  la t5, irq_record
  lw t6, 0(t5); addi t6, t6, 1; sw t6, 0(t5)
  csrr t6, mcause; sw t6, 4(t5)
  csrr t6, mepc; sw t6, 8(t5)
  li t6, 'M'; sw t6, 12(t5)
  csrr t6, mstatus; sw t6, 16(t5)
  csrci mip, MIP_SSIP
  mret

stvec_handler:
  csrr t5, scause
  bgez t5, env_unexpected_s
  la t5, irq_record
  lw t6, 0(t5); addi t6, t6, 1; sw t6, 0(t5)
  csrr t6, scause; sw t6, 4(t5)
  csrr t6, sepc; sw t6, 8(t5)
  li t6, 'S'; sw t6, 12(t5)
  csrr t6, sstatus; sw t6, 16(t5)
  csrci sip, MIP_SSIP
  sret

RVTEST_CODE_END

RVTEST_DATA_BEGIN
irq_record: .word 0, 0, 0, 0, 0
RVTEST_DATA_END
