; A small kernel for the PDP-11/45 (pdp11), and the user program it runs.
;
; The kernel sets its stack, reads the PSW at 177776 to print the mode it runs in, sets the
; user's stack pointer with MTPI (previous mode = user), and drops to user mode with RTI. It
; serves the program's TRAP calls, refuses (and skips) a HALT, and stops when the program exits.
; Memory management stays off: virtual = physical, and the top 8 KB (160000-177777) are the
; I/O page, where the console's transmit buffer (177566) and the PSW (177776) are. (.half is a
; 16-bit word; numbers are written 0o… for octal.)
;
;   0-377     trap vectors: new PC, new PSW (kernel mode, priority 7)
;   1000      the kernel, then the user program, the strings and the two stacks
;
; TRAP calls (number in r0): 0 exit; 1 print the byte in r1.
;
; Output, bare: "boot k", "hello", "!" for the HALT the user program tries (HALT traps to 4
; outside kernel mode), the mode the program reads in the PSW ('u'), "bye". The user program's
; SPL 7 is not refused: outside kernel mode the 11/45 ignores it. Under the trap-and-emulate
; monitor the kernel runs in real user mode (with memory management off its map is user mode's):
; its own read of the PSW reaches the real PSW and it prints "boot u".

        .equ CONSOLE, 0o177566
        .equ PSW, 0o177776

        .org 0o4
        .half refuse, 0o340         ; 4: HALT outside kernel mode, odd address
        .half stop, 0o340           ; 10: reserved instruction
        .org 0o34
        .half syscall, 0o340        ; 34: TRAP
        .org 0o250
        .half stop, 0o340           ; 250: memory management abort

        .org 0o1000
start:  mov #kstack, sp
        mov #boot, r0
        jsr pc, @#kputs
        mov @#PSW, r2               ; the current mode is PSW<15:14>
        mov #'k', r1
        bic #0o37777, r2
        beq known
        mov #'u', r1
known:  movb r1, @#CONSOLE
        movb #10, @#CONSOLE
        mov #0o30340, @#PSW         ; previous mode := user (kernel, priority 7)
        mov #ustack, -(sp)
        mtpi sp                     ; the user's stack pointer
        mov #0o170000, -(sp)        ; new PSW: user mode, previous user, priority 0
        mov #user, -(sp)            ; new PC
        rti

; TRAP: r0 = 0 exit, 1 print r1.
syscall: tst r0
        beq exit
        movb r1, @#CONSOLE
        rti
exit:   mov #bye, r0
        jsr pc, @#kputs
stop:   halt

; HALT outside kernel mode: print '!' and return past it (the stacked PC is the next word).
refuse: movb #'!', @#CONSOLE
        rti

; kputs: print the string at r0 (uses r1).
kputs:  movb (r0)+, r1
        beq kdone
        movb r1, @#CONSOLE
        br kputs
kdone:  rts pc

; ---------------------------------------------------------------------------------------------
; The user program, in user mode.
user:   mov #hello, r2
        jsr pc, @#uputs
        halt                        ; traps to 4: refused
        spl 7                       ; ignored in user mode
        mov @#PSW, r3               ; user mode may read the PSW where its map reaches it
        mov #'u', r1
        bic #0o37777, r3
        bne umode
        mov #'k', r1
umode:  mov #1, r0
        trap 0
        mov #10, r1
        trap 0
        clr r0                      ; exit
        trap 0

uputs:  movb (r2)+, r1
        beq udone
        mov #1, r0
        trap 0
        br uputs
udone:  rts pc

boot:   .asciz "boot "
hello:  .asciz "hello\n"
bye:    .asciz "bye\n"
        .align 2
        .space 128
ustack:
        .space 128
kstack:
