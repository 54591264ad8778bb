; A small VAX kernel and the user program it runs (memory management off: MAPEN = 0).
;
; The kernel starts as the 11/780 console leaves it (PC 0x200, kernel mode on the interrupt
; stack, IPL 1F), sets up its stacks, checks with MOVPSL that it runs in kernel mode, and enters
; the user program with REI. The user program asks for services with CHMK, tries a privileged
; instruction (refused by the kernel, which skips it) and exits. Every character goes out through
; MTPR to TXDB, the console transmit buffer.
;
; Physical layout:
;   0x000   the system control block (SCBB = 0 at reset): one longword vector per exception
;   0x200   the kernel
;   0x1000  top of the interrupt stack, 0x1800 top of the kernel stack
;   0x2000  the user program, its stack below 0x3000
;
; System calls (the CHMK code):
;   chmk #0   exit
;   chmk #1   print the zero-terminated string at the user's r1 (changes r0 and r1)
;
; Under the plain trap-and-emulate monitor this kernel runs directly in real user mode (with
; MAPEN = 0 the map cannot tell kernel from user), and MOVPSL and REI, sensitive and unprivileged,
; give it away: `vmm --compare` shows the first step where the guest leaves its bare run. The
; hybrid monitor interprets kernel mode and runs the user program directly: it ends as bare.

        .equ ISTACK, 0x1000
        .equ KSTACK, 0x1800
        .equ USTACK, 0x3000
        .equ USERPSL, 0x03c00000        ; CUR = PRV = user, IPL 0

; --- the system control block --------------------------------------------------------------
        .org 0
scb:    .long unexpected                ; 00 (unused)
        .long unexpected                ; 04 machine check
        .long unexpected                ; 08 kernel stack not valid
        .long unexpected                ; 0C power fail
        .long privileged                ; 10 reserved or privileged instruction
        .long unexpected                ; 14 customer reserved instruction (XFC)
        .long unexpected                ; 18 reserved operand
        .long unexpected                ; 1C reserved addressing mode
        .long unexpected                ; 20 access control violation
        .long unexpected                ; 24 translation not valid
        .long unexpected                ; 28 trace pending
        .long unexpected                ; 2C breakpoint
        .long unexpected                ; 30 compatibility
        .long unexpected                ; 34 arithmetic
        .long unexpected                ; 38
        .long unexpected                ; 3C
        .long syscall                   ; 40 CHMK
        .long unexpected                ; 44 CHME
        .long unexpected                ; 48 CHMS
        .long unexpected                ; 4C CHMU

; --- the kernel ----------------------------------------------------------------------------
        .org 0x200
start:  movl #ISTACK, sp                ; on the interrupt stack: SP is the ISP
        movl #KSTACK, r0
        mtpr r0, #ksp                   ; the kernel stack, for exceptions and CHMK
        movl #USTACK, r0
        mtpr r0, #usp                   ; the user stack, loaded by the REI below
        moval hello(r15), r1            ; (r15 is 0 here: r15 is not the PC in this model)
        jsb @#print
        movpsl r2                       ; which mode are we in? PSL<25:24>
        movl #0xfcffffff, r3
        bicl2 r3, r2
        tstl r2
        beql kernel
        moval notk(r15), r1
        jsb @#print
        halt
kernel: moval isk(r15), r1
        jsb @#print
        pushl #USERPSL                  ; the PSL and PC REI pops: user mode at `user`
        pushl #user
        rei                             ; leaves the interrupt stack for the user stack

; print: the zero-terminated string at r1 (uses r0, r1)
print:  movzbl 0(r1), r0
        beql printed
        mtpr r0, #txdb
        incl r1
        brb print
printed: rsb

; CHMK: the code, the PC after the CHMK and the PSL are on the kernel stack.
        .align 4
syscall: popl r0                        ; the code (a system call may change r0)
        tstl r0
        beql exit
        jsb @#print                     ; chmk #1: the user's r1 is the string
        rei
exit:   moval bye(r15), r1
        jsb @#print
        halt

; A privileged instruction in user mode (a fault: the saved PC is the instruction's): report
; it and skip it (every MTPR here is 3 bytes long).
        .align 4
privileged: pushl r0
        pushl r1
        moval refused(r15), r1
        jsb @#print
        popl r1
        popl r0
        pushl r2
        movl 4(sp), r2                  ; the saved PC, past r2
        addl2 #3, r2
        movl r2, 4(sp)
        popl r2
        rei

        .align 4
unexpected: moval oops(r15), r1
        jsb @#print
        halt

hello:  .asciz "VAX kernel: "
isk:    .asciz "running in kernel mode\n"
notk:   .asciz "not in kernel mode!\n"
refused: .asciz "[kernel: privileged instruction refused]\n"
bye:    .asciz "kernel: user program exited\n"
oops:   .asciz "kernel: unexpected exception\n"

; --- the user program ----------------------------------------------------------------------
        .org 0x2000
user:   clrl r15
        moval msg1(r15), r1
        chmk #1
        clrl r2                         ; r2 = 1 + 2 + ... + 10
        movl #1, r3
sum:    addl2 r3, r2
        incl r3
        cmpl r3, #11
        bneq sum
        clrl r4                         ; r4, r2 = r2 / 10, r2 % 10
tens:   cmpl r2, #10
        blss ones
        subl2 #10, r2
        incl r4
        brb tens
ones:   moval msg2(r15), r1
        chmk #1
        addl2 #'0', r4
        movl r4, @#digit
        moval digit(r15), r1
        chmk #1
        addl2 #'0', r2
        movl r2, @#digit
        moval digit(r15), r1
        chmk #1
        moval nl(r15), r1
        chmk #1
        mtpr r0, #ipl                   ; privileged: refused and skipped
        moval msg3(r15), r1
        chmk #1
        chmk #0                         ; exit
        halt                            ; never reached

msg1:   .asciz "user: hello from user mode\n"
msg2:   .asciz "user: 1 + 2 + ... + 10 = "
msg3:   .asciz "user: still here\n"
nl:     .asciz "\n"
        .align 4
digit:  .long 0                         ; one character and its terminating zeros
