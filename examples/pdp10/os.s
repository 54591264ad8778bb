; A small KA10 monitor for pdp10 and a user program it runs.
;
; The monitor opens the user map over all of storage (DATAO APR: low segment protection 377,
; relocation 0 — a single-user setup), reads its own PC word with JSP to print the mode it runs
; in ('x' executive, 'u' user), and enters the user program with JRST 1. The program prints
; through CALLI 1, tries CONO APR (an I/O instruction: in user mode without User I/O it is an
; MUUO, which the monitor refuses with '!' and skips), prints the mode its own JSP reports, and
; exits with CALLI 0; the monitor prints "bye" and halts.
;
;   40, 41     MUUO word; JSR uuopc (the KA10 executes location 41 on an MUUO)
;   42         JSR mpvpc (the model takes a memory protection violation through 42)
;   1000…      the monitor, its stack and strings; the user program after it
;
; Output, bare: "boot x", "hello", "!", "user u", "bye". Under the plain monitor the guest's
; executive code runs in real user mode (the map is the same in both modes here): its JSP
; saves USER = 1 ("boot u"), and its JRST 1 changes nothing, so the program runs on in what the
; virtual machine believes is executive mode and its CONO APR is executed, not refused: the guest
; diverges. Strings are one character per word, ended by a zero word.

        .org 0o40
uuow:   .word 0                     ; 40: the MUUO, with E, is stored here
        jsr ac0, uuopc(ac0)         ; 41
        jsr ac0, mpvpc(ac0)         ; 42

        .org 0o1000
start:  movsi p, 0o777760(ac0)   ; a pushdown pointer: -20,,stack-1
        hrri p, stack - 1(ac0)
        datao apr, umap(ac0)        ; PL = 377, RL = 0: the user may use all of storage
        movei ac1, boot(ac0)
        pushj p, puts(ac0)
        jsp ac2, here(ac0)          ; ac2 := flags,,here
here:   movei ac3, 120(ac0)         ; 'x'
        tlne ac2, 0o10000(ac0)      ; USER (PC word bit 5)
        movei ac3, 117(ac0)         ; 'u'
        datao tty, 3(ac0)           ; E = 3: the accumulator
        pushj p, crlf(ac0)
        jrst1 user(ac0)             ; enter user mode at `user`

; MUUO handler: the JSR in 41 stored flags,,PC here and cleared USER.
uuopc:  .word 0
        hlrz ac10, uuow(ac0)        ; op,ac,0,0
        lsh ac10, 0o777767(ac0)     ; shift right 9: the opcode
        caie ac10, 0o47(ac0)        ; CALLI?
        jrst refuse(ac0)
        hrrz ac11, uuow(ac0)        ; E: the call number
        jumpe ac11, exit(ac0)       ; CALLI 0: exit
        pushj p, puts(ac0)       ; CALLI 1: print the string at the user's ac1
        pushj p, crlf(ac0)
back:   move ac12, uuopc(ac0)
        jrstf 0(ac12)               ; back to the program, its flags (USER) restored
refuse: movei ac11, 33(ac0)         ; '!'
        datao tty, 11(ac0)
        pushj p, crlf(ac0)
        jrst back(ac0)
exit:   movei ac1, bye(ac0)
        pushj p, puts(ac0)
        pushj p, crlf(ac0)
        halt 0(ac0)

mpvpc:  .word 0                     ; a protection violation: print '?' and stop
        movei ac11, 63(ac0)
        datao tty, 11(ac0)
        halt 0(ac0)

; puts: print the string at ac1 (ac5 is scratch)
puts:   skipn ac5, 0(ac1)
        popj p, 0(ac0)
        datao tty, 5(ac0)
        aoja ac1, puts(ac0)
crlf:   movei ac5, 10(ac0)
        datao tty, 5(ac0)
        popj p, 0(ac0)

umap:   .word 0o776000000000        ; PL = 377 (bits 0-7), PH = 0, RL = 0, RH = 0
boot:   .word 98, 111, 111, 116, 32, 0
bye:    .word 98, 121, 101, 0
stack:  .space 16

; The user program (user mode; relocation 0, so its addresses are these).
user:   movei ac1, hello(ac0)
        calli ac0, 1(ac0)           ; print "hello"
        cono apr, 0(ac0)            ; an I/O instruction: refused ('!'), skipped
        jsp ac2, u2(ac0)
u2:     movei ac3, 120(ac0)         ; 'x'
        tlne ac2, 0o10000(ac0)
        movei ac3, 117(ac0)         ; 'u'
        movem ac3, mode(ac0)
        movei ac1, umsg(ac0)
        calli ac0, 1(ac0)           ; "user " and the mode the user's JSP saw
        calli ac0, 0(ac0)           ; exit
hello:  .word 104, 101, 108, 108, 111, 0
umsg:   .word 117, 115, 101, 114, 32
mode:   .word 0, 0
