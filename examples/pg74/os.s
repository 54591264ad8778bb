; A small supervisor for pg74 and a user program it runs.
;
; The supervisor sets up relocation-bounds for the user program, enters user mode with LPSW,
; serves the program's supervisor calls, counts and skips the memory and privileged traps it
; takes, and halts when the program exits. Physical layout:
;   E[0..5]    old PSW <M, P, L, B>, trap code, trap value   (written by every trap)
;   E[8..11]   new PSW: supervisor, P = trap, R = (0, max)
;   16…        the supervisor
;   0x1000…    the user program, run with R = (0x1000, 0x100)
;
; System calls (number in the SVC operand):
;   svc 0   exit; the user's r1 is the exit status
;   svc 1   append the user's r1 to the output area `out`

        .equ USER, 0x1000       ; where the user program is placed
        .equ USIZE, 0x100       ; its bound: virtual addresses 0..0xff

        .org 8
newpsw: .word 1, trap, 0, 0xffffffff

        .org 16
start:  lpsw upsw(r0)           ; enter the user program: user mode, P = 0, R = (USER, USIZE)

; Every trap lands here in supervisor mode with R = (0, max). The user's registers are still in
; place, so save the ones we use first (base r0 means "no base": absolute addresses).
trap:   st r1, save1(r0)
        st r2, save2(r0)
        st r3, save3(r0)
        ld r1, 4(r0)            ; trap code
        ldi r2, 3
        beq r1, r2, svc
        ldi r2, 2
        beq r1, r2, memory
        ldi r2, 1
        beq r1, r2, denied
        halt                    ; anything else (illegal instruction, divide): stop here

svc:    ld r1, 5(r0)            ; the call number
        ldi r2, 0
        beq r1, r2, exit
        ldi r2, 1
        beq r1, r2, put
        jmp resume              ; unknown calls do nothing

put:    ld r2, outp(r0)
        ld r3, save1(r0)        ; the user's r1
        st r3, 0(r2)
        addi r2, r2, 1
        st r2, outp(r0)
        jmp resume

memory: ld r2, faults(r0)
        addi r2, r2, 1
        st r2, faults(r0)
        ld r2, 5(r0)            ; the virtual address that trapped
        st r2, lastf(r0)
        jmp resume

denied: ld r2, privs(r0)
        addi r2, r2, 1
        st r2, privs(r0)

resume: ld r1, 1(r0)            ; the old P points at the trapping instruction: skip it
        addi r1, r1, 1
        st r1, 1(r0)
        ld r1, save1(r0)
        ld r2, save2(r0)
        ld r3, save3(r0)
        lpsw 0(r0)              ; back to the user program

exit:   ld r1, save1(r0)
        st r1, status(r0)
        halt

upsw:   .word 0, 0, USER, USIZE ; user mode, P = 0, R = (USER, USIZE)
save1:  .word 0
save2:  .word 0
save3:  .word 0
outp:   .word out
faults: .word 0                 ; memory traps taken
lastf:  .word 0                 ; the last address that trapped
privs:  .word 0                 ; privileged instructions refused
status: .word 0                 ; the exit status
out:    .space 16               ; what the user program wrote with svc 1

; ---------------------------------------------------------------------------------------------
; The user program: placed at USER, addressed from 0, run in user mode.
        .org USER, 0
ustart: ldi r0, 0
        ldi r1, 0               ; r1 = 1 + 2 + … + 10
        ldi r2, 1
        ldi r3, 11
sum:    add r1, r1, r2
        addi r2, r2, 1
        bne r2, r3, sum
        svc 1                   ; write 55

        ldi r1, 1               ; r1 = 6!
        ldi r2, 6
fact:   mul r1, r1, r2
        addi r2, r2, -1
        bne r2, r0, fact
        svc 1                   ; write 720

        ld r4, 0x200(r0)        ; beyond the bound: a memory trap, which the supervisor skips
        rrb r5, r6              ; privileged in user mode: refused and skipped
        ld r5, data(r0)         ; relocated: reads E[USER + data]
        st r5, copy(r0)
        ld r1, copy(r0)
        svc 1                   ; write 0x1234

        ldi r1, 7
        svc 0                   ; exit with status 7
        halt                    ; never reached: svc 0 does not return

data:   .word 0x1234
copy:   .word 0
