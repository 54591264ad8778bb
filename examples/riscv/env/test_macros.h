// Self-checking test cases in the style of riscv-tests: each case computes a value, appends it to
// the signature, and fails with its number unless the value is the expected one.
// Operands live in x1/x2, results in x14, the expected value in x7.
#ifndef TEST_MACROS_H
#define TEST_MACROS_H

// Appends reg to the signature; each use reserves one word of the .signature section.
#define SIG(reg) \
  sw reg, 0(SIGPTR); addi SIGPTR, SIGPTR, 4; \
  .pushsection .signature, "aw", @progbits; .word 0xdeadbeef; .popsection;

#define TEST_CASE(testnum, testreg, correctval, code...) \
test_ ## testnum: \
  li TESTNUM, testnum; \
  code; \
  SIG(testreg) \
  li x7, correctval; \
  bne testreg, x7, fail;

//---------------------------------------------------------------- register-immediate

#define TEST_IMM_OP(testnum, inst, result, val1, imm) \
  TEST_CASE(testnum, x14, result, li x1, val1; inst x14, x1, imm)

#define TEST_IMM_SRC1_EQ_DEST(testnum, inst, result, val1, imm) \
  TEST_CASE(testnum, x1, result, li x1, val1; inst x1, x1, imm)

#define TEST_IMM_ZEROSRC1(testnum, inst, result, imm) \
  TEST_CASE(testnum, x1, result, inst x1, x0, imm)

#define TEST_IMM_ZERODEST(testnum, inst, val1, imm) \
  TEST_CASE(testnum, x0, 0, li x1, val1; inst x0, x1, imm)

//---------------------------------------------------------------- register-register

#define TEST_RR_OP(testnum, inst, result, val1, val2) \
  TEST_CASE(testnum, x14, result, li x1, val1; li x2, val2; inst x14, x1, x2)

#define TEST_RR_SRC1_EQ_DEST(testnum, inst, result, val1, val2) \
  TEST_CASE(testnum, x1, result, li x1, val1; li x2, val2; inst x1, x1, x2)

#define TEST_RR_SRC2_EQ_DEST(testnum, inst, result, val1, val2) \
  TEST_CASE(testnum, x2, result, li x1, val1; li x2, val2; inst x2, x1, x2)

#define TEST_RR_SRC12_EQ_DEST(testnum, inst, result, val1) \
  TEST_CASE(testnum, x1, result, li x1, val1; inst x1, x1, x1)

#define TEST_RR_ZEROSRC1(testnum, inst, result, val) \
  TEST_CASE(testnum, x2, result, li x1, val; inst x2, x0, x1)

#define TEST_RR_ZEROSRC2(testnum, inst, result, val) \
  TEST_CASE(testnum, x2, result, li x1, val; inst x2, x1, x0)

#define TEST_RR_ZEROSRC12(testnum, inst, result) \
  TEST_CASE(testnum, x1, result, inst x1, x0, x0)

#define TEST_RR_ZERODEST(testnum, inst, val1, val2) \
  TEST_CASE(testnum, x0, 0, li x1, val1; li x2, val2; inst x0, x1, x2)

//---------------------------------------------------------------- loads and stores

#define TEST_LD_OP(testnum, inst, result, offset, base) \
  TEST_CASE(testnum, x14, result, la x2, base; inst x14, offset(x2))

// The loaded value replaces the base register it was addressed through.
#define TEST_LD_DEST_EQ_BASE(testnum, inst, result, offset, base) \
  TEST_CASE(testnum, x2, result, la x2, base; inst x2, offset(x2))

// Stores value at offset(base) and reads it back with load_inst.
#define TEST_ST_OP(testnum, load_inst, store_inst, result, value, offset, base) \
  TEST_CASE(testnum, x14, result, \
    la x2, base; li x1, value; store_inst x1, offset(x2); load_inst x14, offset(x2))

// Reads the aligned word at word_offset(base): a narrow store changes only its own bytes.
#define TEST_ST_WORD(testnum, result, word_offset, base) \
  TEST_CASE(testnum, x14, result, la x2, base; lw x14, word_offset(x2))

//---------------------------------------------------------------- branches

// x14 = 1 when the branch is taken both forward and backward.
#define TEST_BR2_OP_TAKEN(testnum, inst, val1, val2) \
  TEST_CASE(testnum, x14, 1, \
    li x1, val1; li x2, val2; li x14, 0; \
    inst x1, x2, 2f; j 3f; \
  1:li x14, 1; j 3f; \
  2:inst x1, x2, 1b; \
  3:)

// x14 = 0 when the branch falls through both forward and backward.
#define TEST_BR2_OP_NOTTAKEN(testnum, inst, val1, val2) \
  TEST_CASE(testnum, x14, 0, \
    li x1, val1; li x2, val2; li x14, 0; \
    inst x1, x2, 1f; j 2f; \
  1:li x14, 1; j 3f; \
  2:inst x1, x2, 1b; \
  3:)

//---------------------------------------------------------------- expected traps
// TEST_TRAP_HANDLERS (once per program, in its code) defines the handlers both trap vectors pass
// other traps to: each records the trap in trap_record and resumes, in the trapping mode, at the
// address the running TEST_TRAP armed. A trap nobody armed for is an unexpected trap.
#define TR_CAUSE  0    // mcause or scause
#define TR_EPC    4    // mepc or sepc
#define TR_TVAL   8    // mtval or stval
#define TR_RESUME 12   // where to go on; 0 when not armed
#define TR_LEVEL  16   // 'M' or 'S': which handler took it
#define TR_STATUS 20   // mstatus or sstatus in the handler

#define TEST_TRAP_HANDLERS \
mtvec_handler: \
  la t5, trap_record; lw t6, TR_RESUME(t5); beqz t6, env_unexpected_m; \
  csrr t6, mcause; sw t6, TR_CAUSE(t5); csrr t6, mepc; sw t6, TR_EPC(t5); \
  csrr t6, mtval; sw t6, TR_TVAL(t5); csrr t6, mstatus; sw t6, TR_STATUS(t5); \
  li t6, 'M'; sw t6, TR_LEVEL(t5); \
  lw t6, TR_RESUME(t5); csrw mepc, t6; sw zero, TR_RESUME(t5); \
  mret; \
stvec_handler: \
  la t5, trap_record; lw t6, TR_RESUME(t5); beqz t6, env_unexpected_s; \
  csrr t6, scause; sw t6, TR_CAUSE(t5); csrr t6, sepc; sw t6, TR_EPC(t5); \
  csrr t6, stval; sw t6, TR_TVAL(t5); csrr t6, sstatus; sw t6, TR_STATUS(t5); \
  li t6, 'S'; sw t6, TR_LEVEL(t5); \
  lw t6, TR_RESUME(t5); csrw sepc, t6; sw zero, TR_RESUME(t5); \
  sret; \
  .pushsection .data; .align 2; trap_record: .word 0, 0, 0, 0, 0, 0; .popsection;

// Expects a trap before label `resume`: clears the record and arms the handlers.
#define TRAP_ARM(resume) \
  la x15, trap_record; li x14, -1; sw x14, TR_CAUSE(x15); sw zero, TR_LEVEL(x15); \
  la x14, resume; sw x14, TR_RESUME(x15);

// The first instruction of insn must trap with `cause`. The signature gets the cause and the
// distance of the recorded epc from that instruction (0). Operands go in x1/x2 beforehand.
#define TEST_TRAP(testnum, cause, insn...) \
test_ ## testnum: \
  li TESTNUM, testnum; \
  TRAP_ARM(9f) \
8:insn; \
9:la x15, trap_record; lw x14, TR_CAUSE(x15); SIG(x14) li x7, cause; bne x14, x7, fail; \
  lw x14, TR_EPC(x15); la x7, 8b; sub x14, x14, x7; SIG(x14) bnez x14, fail;

// Checks of the last trap: its tval, tval minus a symbol's address, which handler took it, and
// status & mask as the handler saw it.
#define TEST_TRAP_TVAL(testnum, result) \
  TEST_CASE(testnum, x14, result, la x15, trap_record; lw x14, TR_TVAL(x15))
#define TEST_TRAP_TVAL_SYM(testnum, result, sym) \
  TEST_CASE(testnum, x14, result, la x15, trap_record; lw x14, TR_TVAL(x15); la x7, sym; sub x14, x14, x7)
#define TEST_TRAP_LEVEL(testnum, level) \
  TEST_CASE(testnum, x14, level, la x15, trap_record; lw x14, TR_LEVEL(x15))
#define TEST_TRAP_STATUS(testnum, mask, result) \
  TEST_CASE(testnum, x14, result, la x15, trap_record; lw x14, TR_STATUS(x15); li x7, mask; and x14, x14, x7)

// A jump to the address `load` (li or la) puts in x2 completes, link included, and the fetch
// there raises an instruction access fault: cause, epc and tval (both the target), and the link.
#define TEST_FETCH_FAULT(testnum, load, target) \
test_ ## testnum: \
  li TESTNUM, testnum; \
  TRAP_ARM(9f) load x2, target; li x1, 0; \
  jalr x1, 0(x2); \
9:la x15, trap_record; \
  lw x14, TR_CAUSE(x15); SIG(x14) li x7, CAUSE_FETCH_ACCESS; bne x14, x7, fail; \
  lw x14, TR_EPC(x15); sub x14, x14, x2; SIG(x14) bnez x14, fail; \
  lw x14, TR_TVAL(x15); sub x14, x14, x2; SIG(x14) bnez x14, fail; \
  la x7, 9b; sub x14, x1, x7; SIG(x14) bnez x14, fail;

// An illegal instruction: cause, epc, and tval, which is 0 or the instruction's bits (the
// implementation chooses; the signature gets 0 either way).
#define TEST_ILLEGAL(testnum, insn...) \
  TEST_TRAP(testnum, CAUSE_ILLEGAL_INSTRUCTION, insn) \
  lw x14, TR_TVAL(x15); beqz x14, 7f; lw x7, TR_EPC(x15); lw x7, 0(x7); sub x14, x14, x7; \
7:SIG(x14) bnez x14, fail;

//---------------------------------------------------------------- atomics (the A extension)
// amo_word is a word of .data each AMO program declares with AMO_DATA.
#define AMO_DATA \
  .pushsection .data; .align 2; amo_word: .word 0; .popsection;

// amo_word = val1; inst x14, val2, (amo_word): rd gets val1 (the old word), and the word then
// holds mem_after. Both go to the signature.
#define TEST_AMO_OP(testnum, inst, mem_after, val1, val2) \
  TEST_CASE(testnum, x14, val1, la x1, amo_word; li x2, val1; sw x2, 0(x1); li x2, val2; inst x14, x2, (x1)) \
  lw x14, 0(x1); SIG(x14) li x7, mem_after; bne x14, x7, fail;

//---------------------------------------------------------------- the end of every program

#define TEST_PASSFAIL \
  bne x0, TESTNUM, pass; \
fail: \
  RVTEST_FAIL; \
pass: \
  RVTEST_PASS;

#endif
