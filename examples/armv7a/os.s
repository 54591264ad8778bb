; A small kernel for armv7a and a user program it runs (ARM state, ARM ARM DDI 0406C).
;
; The kernel starts in Supervisor mode at the reset vector, gives the Undefined, Abort, System
; (= User) and Supervisor modes their stacks with CPS, prints a banner on the console (UART0's
; data register at 0x101F1000, Versatile PB), and enters the user program with MOVS PC, LR
; (SUBS PC, LR and related, B9.3.20: CPSR := SPSR_svc, which holds User mode). It serves the
; program's supervisor calls, reports and skips the undefined instruction and the data abort the
; program takes, and stops with WFI (no interrupt can wake it) when the program exits.
;
; System calls (the SVC's immediate):
;   svc #0   exit; r0 is the exit status
;   svc #1   print the string at r0
;   svc #2   print r0 in hexadecimal
;
; Notation of this model's assembler: B/BL offsets are written `label - . - 8` (the branch adds
; PC + 8); register lists are masks (0x400e is {r1, r2, r3, lr}); `-#` subtracts an offset;
; data-processing registers name their shift (`mov r0, r1, lsl #0`).

        .equ CONSOLE_LO, 0x1000         ; 0x101F1000: the console
        .equ CONSOLE_HI, 0x101f
        .equ R0123LR, 0x400f            ; {r0, r1, r2, r3, lr}
        .equ R0123, 0x000f              ; {r0, r1, r2, r3} (+ pc in ldmret)
        .equ USR, 0x10                  ; CPSR: User mode, A, I and F clear

; ---------------------------------------------------------------------------------------------
; The exception vectors (B1.8.1): SCTLR.V = 0, so at address 0.
        .org 0
        b reset - . - 8                 ; 0x00 reset
        b undef - . - 8                 ; 0x04 Undefined Instruction
        b svc - . - 8                   ; 0x08 Supervisor Call
        b pabt - . - 8                  ; 0x0c Prefetch Abort
        b dabt - . - 8                  ; 0x10 Data Abort
        b -8                            ; 0x14 (not used)
        b -8                            ; 0x18 IRQ (never asserted here)
        b -8                            ; 0x1c FIQ (never asserted here)

reset:  movw sp, #0x8000                ; SP_svc
        cps #und
        movw sp, #0x7c00                ; SP_und
        cps #abt
        movw sp, #0x7800                ; SP_abt
        cps #sys
        movw sp, #0x7400                ; SP_usr (System mode shares User mode's registers)
        cps #svc
        movw r0, #banner
        bl puts - . - 8
        mov r0, #USR                    ; SPSR_svc: the state to return to
        msr spsr, fsxc, r0
        movw lr, #user
        movs pc, lr, lsl #0             ; exception return: User mode, at `user`

; Supervisor Call: LR_svc is the instruction after the SVC, SPSR_svc the caller's CPSR.
svc:    stm db sp!, R0123LR
        ldr r1, [lr, -#4]               ; the SVC instruction
        bic r1, r1, #0x4ff              ; its immediate (clear bits 31:24: 0xff ror 8)
        cmp r1, #0
        beq exit - . - 8
        cmp r1, #1
        beq sys_puts - . - 8
        cmp r1, #2
        beq sys_hex - . - 8
        b svc_ret - . - 8               ; unknown calls do nothing
sys_puts:
        bl puts - . - 8
        b svc_ret - . - 8
sys_hex:
        bl puthex - . - 8
svc_ret:
        ldmret ia sp!, R0123            ; r0-r3 and PC from the stack, CPSR := SPSR_svc (B9.3.5)

; Undefined Instruction: report it and skip it (LR_und is the instruction after it).
undef:  stm db sp!, R0123LR
        movw r0, #undef_msg
        bl puts - . - 8
        ldmret ia sp!, R0123

; Data Abort: report the address (DFAR) and skip the instruction (LR_abt is it + 8).
dabt:   stm db sp!, R0123LR
        movw r0, #abort_msg
        bl puts - . - 8
        mrc p15, 0, r0, c6, c0, 0       ; DFAR
        bl puthex - . - 8
        ldm ia sp!, R0123LR
        subs pc, lr, #4                 ; SUBS PC, LR (B9.3.20): return past the faulting load

pabt:   b -8                            ; not expected: stop here

exit:   mov r4, r0, lsl #0              ; the status
        movw r0, #exit_msg
        bl puts - . - 8
        mov r0, r4, lsl #0
        bl puthex - . - 8
        cpsid aif
        wfi                             ; nothing can wake the processor: the machine stops

; puts: print the zero-terminated string at r0 (uses r1, r3).
puts:   movw r3, #CONSOLE_LO
        movt r3, #CONSOLE_HI
puts1:  ldrb r1, [r0], #1
        cmp r1, #0
        beq puts2 - . - 8
        strb r1, [r3, #0]
        b puts1 - . - 8
puts2:  bx lr

; puthex: print r0 as eight hexadecimal digits and a newline (uses r0-r3).
puthex: movw r3, #CONSOLE_LO
        movt r3, #CONSOLE_HI
        mov r2, #8
hex1:   mov r1, r0, lsr #28
        cmp r1, #10
        blt hex2 - . - 8
        add r1, r1, #39                 ; 'a' - '0' - 10
hex2:   add r1, r1, #48                 ; '0'
        strb r1, [r3, #0]
        mov r0, r0, lsl #4
        subs r2, r2, #1
        bne hex1 - . - 8
        mov r1, #10
        strb r1, [r3, #0]
        bx lr

banner:    .asciz "armv7a kernel: entering user mode\n"
undef_msg: .asciz "kernel: undefined instruction, skipped\n"
abort_msg: .asciz "kernel: data abort at "
exit_msg:  .asciz "kernel: user exit, status "
        .align 4

; ---------------------------------------------------------------------------------------------
; The user program, run in User mode (PL0).
user:   movw r0, #hello
        svc #1
        mov r0, #0                      ; r0 = 1 + 2 + ... + 10
        mov r1, #1
sum:    add r0, r0, r1, lsl #0
        add r1, r1, #1
        cmp r1, #11
        bne sum - . - 8
        svc #2                          ; prints 00000037
        mrc p15, 0, r2, c1, c0, 0       ; SCTLR: UNDEFINED at PL0; the kernel skips it
        movw r3, #0
        movt r3, #0x2000
        ldr r2, [r3, #0]                ; no memory at 0x20000000: a Data Abort, skipped
        mov r0, #7
        svc #0                          ; exit with status 7
        b -8                            ; never reached

hello:  .asciz "user: hello\n"
