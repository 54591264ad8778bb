; A small kernel for the IBM System/370 (s370), and the problem-state program it runs.
;
; The kernel builds a segment table and a page table that map the first 64K segment one to one
; (virtual = real), checks one translation with LOAD REAL ADDRESS, gives the user's 2K-byte block
; storage key 8 with SET STORAGE KEY, loads the control registers, and enters the user program
; with LOAD PSW: problem state, key 8, DAT on. The program prints through SVC 1, tries SET SYSTEM
; MASK (privileged: the kernel reports the program interruption and resumes it after the
; instruction) and MONITOR CALL in the class the kernel enabled in CR8 (a monitor event, reported
; the same way), and ends with SVC 0; the kernel then loads a disabled-wait PSW, which stops
; the machine. The kernel runs with DAT off (its new PSWs say so) and prints by storing bytes at
; real address 0x10000, the console.
;
;   0x020/0x060   SVC old/new PSW       0x028/0x068   program old/new PSW
;   0x088         SVC interruption code 0x08C         program interruption code
;   0x200         the kernel, then its segment table and page table (block 0, key 0)
;   0x800         the user program (block 1, key 8)
;
; SVC calls (number in the instruction): 0 exit; 1 print the byte in r1.

        .equ CONSOLE, 0x10000

        .org 0x60
        .long 0x00080000, svc           ; SVC new PSW: EC mode, supervisor, key 0, DAT off
        .long 0x00080000, pgm           ; program new PSW

        .org 0x200
start:  la r2, boot(r0, r0)
        bal r14, kputs(r0, r0)
        ; The page table: sixteen halfword entries, page n at frame n (bits 0-11), valid.
        la r3, pagetab(r0, r0)
        sr r4, r4                       ; the entry: frame << 4
        la r5, 16(r0, r0)
fill:   sth r4, 0(r0, r3)
        la r3, 2(r0, r3)
        la r4, 0x10(r0, r4)
        bct r5, fill(r0, r0)
        ; The segment table: one entry (length 0 = 16 entries; segments 1-15 invalid).
        l r4, ste0(r0, r0)
        st r4, segtab(r0, r0)
        l r4, invalid(r0, r0)
        la r3, segtab+4(r0, r0)
        la r5, 15(r0, r0)
inval:  st r4, 0(r0, r3)
        la r3, 4(r0, r3)
        bct r5, inval(r0, r0)
        lctl r0, r1, crs(r0)            ; CR0: 4K pages, 64K segments; CR1: the segment table
        lctl r8, r8, cr8(r0)            ; CR8: monitor class 3 enabled
        ; LRA translates whatever PSW bit 5 says: the user's first instruction is at real 0x800.
        lra r6, user(r0, r0)
        bc 7, bad(r0, r0)               ; CC 0: translated
        c r6, userat(r0, r0)
        bc 7, bad(r0, r0)
        la r2, lraok(r0, r0)
        bal r14, kputs(r0, r0)
        ; Key 8 for the user's block: SSK takes R1 bits 24-30 (ACC 1000, F 0, R 0, C 0).
        la r1, 0x80(r0, r0)
        la r2, 0x800(r0, r0)
        ssk r1, r2
        isk r7, r2
        la r2, keyok(r0, r0)
        bal r14, kputs(r0, r0)
        lpsw upsw(r0)                   ; problem state, key 8, DAT on, at `user`

bad:    la r2, badmsg(r0, r0)
        bal r14, kputs(r0, r0)
        lpsw stop(r0)

; SVC interruption: the number is the halfword at 0x8A.
svc:    st r1, save1(r0, r0)
        st r2, save2(r0, r0)
        st r12, save12(r0, r0)
        st r14, save14(r0, r0)
        lh r2, 0x8a(r0, r0)
        ltr r2, r2
        bc 8, exit(r0, r0)
        l r12, console(r0, r0)
        stc r1, 0(r0, r12)
        l r1, save1(r0, r0)
        l r2, save2(r0, r0)
        l r12, save12(r0, r0)
        l r14, save14(r0, r0)
        lpsw 0x20(r0)                   ; back after the SVC
exit:   la r2, byemsg(r0, r0)
        bal r14, kputs(r0, r0)
        lpsw stop(r0)                   ; disabled wait: the machine stops

; Program interruption: report the code (the halfword at 0x8E); a privileged operation is
; suppressed, so the old PSW already names the next instruction.
pgm:    st r1, save1(r0, r0)
        st r2, save2(r0, r0)
        st r12, save12(r0, r0)
        st r14, save14(r0, r0)
        lh r2, 0x8e(r0, r0)
        c r2, two(r0, r0)
        bc 8, priv(r0, r0)
        c r2, monitor(r0, r0)
        bc 7, fatal(r0, r0)
        la r2, mcmsg(r0, r0)            ; a monitor event: MC completed, the old PSW names the next instruction
        bal r14, kputs(r0, r0)
        bc 15, resume(r0, r0)
priv:   la r2, privmsg(r0, r0)
        bal r14, kputs(r0, r0)
resume:
        l r1, save1(r0, r0)
        l r2, save2(r0, r0)
        l r12, save12(r0, r0)
        l r14, save14(r0, r0)
        lpsw 0x28(r0)
fatal:  la r2, fatalmsg(r0, r0)
        bal r14, kputs(r0, r0)
        lpsw stop(r0)

; Prints the string at r2 (ending in a zero byte) and returns to r14; uses r1, r12.
kputs:  l r12, console(r0, r0)
kloop:  cli 0(r2), 0
        bcr 8, r14
        ic r1, 0(r0, r2)
        stc r1, 0(r0, r12)
        la r2, 1(r0, r2)
        bc 15, kloop(r0, r0)

        .align 8
upsw:   .long 0x04890000, user          ; DAT on, key 8, EC mode, problem state
stop:   .long 0x000a0000, 0             ; EC mode, wait, every interruption masked
crs:    .long 0x008000e0, segtab      ; CR0: translation format 10000, external masks E0; CR1: STL 0, STO segtab
ste0:   .long 0xf0000000 | pagetab      ; PTL 15, PTO pagetab, valid
invalid: .long 1                        ; the segment-invalid bit
userat: .long 0x800
console: .long CONSOLE
two:    .long 2
monitor: .long 0x40
cr8:    .long 0x00001000
save1:  .long 0
save2:  .long 0
save12: .long 0
save14: .long 0
boot:   .asciz "S/370 kernel: supervisor state, key 0, DAT off\n"
lraok:  .asciz "kernel: LRA maps the user program to real 0x800\n"
keyok:  .asciz "kernel: user block has storage key 8\n"
privmsg: .asciz "[kernel: privileged operation refused]\n"
mcmsg:  .asciz "[kernel: monitor event, class 3]\n"
fatalmsg: .asciz "[kernel: program check]\n"
badmsg: .asciz "kernel: translation failed\n"
byemsg: .asciz "kernel: user program exited\n"

        .align 64
segtab: .space 64                       ; sixteen segment-table entries
pagetab: .space 32                      ; sixteen page-table entries

        .org 0x800
user:   la r2, hello(r0, r0)
        bal r14, uputs(r0, r0)
        ; 1 + 2 + ... + 10
        sr r3, r3
        la r4, 10(r0, r0)
sum:    ar r3, r4
        bct r4, sum(r0, r0)
        la r2, summsg(r0, r0)
        bal r14, uputs(r0, r0)
        ; two decimal digits of r3 (55): tens, then units
        sr r4, r4
        la r5, 10(r0, r0)
tens:   cr r3, r5
        bc 4, units(r0, r0)
        sr r3, r5
        la r4, 1(r0, r4)
        bc 15, tens(r0, r0)
units:  la r1, 48(r0, r4)
        svc 1
        la r1, 48(r0, r3)
        svc 1
        la r1, 10(r0, r0)
        svc 1
        mc 0x123(r0), 3                 ; class 3 is enabled: a monitor event
        ssm 0(r0)                       ; privileged in the problem state
        la r2, still(r0, r0)
        bal r14, uputs(r0, r0)
        svc 0

; Prints the string at r2 through SVC 1; returns to r14.
uputs:  cli 0(r2), 0
        bcr 8, r14
        ic r1, 0(r0, r2)
        svc 1
        la r2, 1(r0, r2)
        bc 15, uputs(r0, r0)

hello:  .asciz "user: hello from the problem state\n"
summsg: .asciz "user: 1 + 2 + ... + 10 = "
still:  .asciz "user: still here\n"
