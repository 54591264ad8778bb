; A small kernel for the 68000 and the 68010 (m68000, m68010), and the user program it runs.
;
; The kernel sets its stack and the user's, reads SR to print the state it runs in, drops to
; user mode with MOVE to SR, and serves the program's TRAP #0 calls; it refuses (and skips) the
; privileged instructions the program tries, and stops when the program exits. It prints
; through the console byte at 0x400.
;
;   0x000   exception vectors (PRM table B-1; the 68010's VBR is 0 at reset)
;   0x400   the console: each byte stored there is printed
;   0x800   the kernel, then the user program, then the two stacks
;
; TRAP #0 calls (number in d0): 0 exit; 1 print the byte in d1.
;
; Output, bare: "boot s", "hello", then one '!' per refused instruction and the state the user
; program read with MOVE from SR ('u'), then "bye". The 68000 refuses one instruction (MOVE to
; SR), the 68010 two (MOVE from SR is privileged there). Under a monitor on the 68000, the
; kernel's own MOVE from SR runs in real user mode and reads S = 0: it prints "boot u".

        .equ CONSOLE, 0x400

        .org 0
        .long kstack, start         ; vectors 0 and 1: the reset SSP and PC (documentation here)
        .org 0x10
        .long stop                  ; vector 4: illegal instruction
        .org 0x20
        .long refuse                ; vector 8: privilege violation
        .org 0x80
        .long syscall               ; vector 32: TRAP #0

        .org 0x800
start:  lea (kstack).l, sp
        movea.l #ustack, a0
        move.l a0, usp              ; the user's stack pointer, while we are in supervisor mode
        lea (boot).l, a0
        bsr kputs
        move.w sr, d2               ; S is bit 13
        moveq #'s', d6
        and.w #0x2000, d2
        bne known
        moveq #'u', d6
known:  bsr kputc
        moveq #10, d6
        bsr kputc
        moveq #0, d0
        move.w d0, sr               ; user mode, interrupts unmasked: A7 becomes the user stack
        jmp (user).l

; TRAP #0: d0 = 0 exit, 1 print d1.
syscall: tst.l d0
        beq exit
        move.b d1, (CONSOLE).w
        rte
exit:   lea (bye).l, a0
        bsr kputs
stop:   stop #0x2700

; A privilege violation: print '!', skip the two-byte instruction, return.
refuse: moveq #'!', d6
        bsr kputc
        move.l (2, sp), d7          ; the stacked PC: the refused instruction
        addq.l #2, d7
        move.l d7, (2, sp)
        rte

; Kernel console output: kputc prints d6; kputs prints the string at a0.
kputc:  move.b d6, (CONSOLE).w
        rts
kputs:  move.b (a0)+, d6
        beq kdone
        bsr kputc
        bra kputs
kdone:  rts

; ---------------------------------------------------------------------------------------------
; The user program, in user mode.
user:   lea (hello).l, a0
        bsr uputs
        moveq #0, d3
        move.w d3, sr               ; privileged: refused, skipped
        move.w sr, d3               ; the 68000 lets user mode read SR; the 68010 refuses it
        moveq #'u', d1
        and.w #0x2000, d3
        beq umode
        moveq #'s', d1
umode:  moveq #1, d0
        trap #0
        moveq #10, d1
        moveq #1, d0
        trap #0
        moveq #0, d0                ; exit
        trap #0

uputs:  move.b (a0)+, d1
        beq udone
        moveq #1, d0
        trap #0
        bra uputs
udone:  rts

boot:   .asciz "boot "
hello:  .asciz "hello\n"
bye:    .asciz "bye\n"
        .align 4
        .space 128
ustack:
        .space 128
kstack:
