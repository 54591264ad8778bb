; A small kernel for the MIPS R3000 (little-endian) and the user program it runs.
;
; The boot PROM code at the reset vector (kseg1 0xbfc00000) jumps to the kernel in kseg0. The
; kernel clears BEV (its vectors are in RAM), maps one 4 KiB user page through the TLB
; (virtual 0x00400000 -> physical 0x00010000, ASID 0, dirty and valid), and enters user mode the
; R3000 way: KUp := user, then JR to the user program with RFE in the delay slot. The user
; program makes system calls (print a string, print a number, exit), and commits two faults the
; kernel reports and skips: a CP0 read in user mode (Coprocessor Unusable: CU0 is 0) and a load
; from kseg0 (an address error, BadVAddr = the address). Exit prints "bye" and halts (HALT is
; this platform's power-off; see spec/isa/mips/machine.ts).
;
; Physical layout (storage cells are bytes; RAM is 1 MiB from 0):
;   0x00000    UTLB refill vector 0x80000000      0x00080  general vector 0x80000080
;   0x01000…   the kernel (kseg0 0x80001000…)     0x10000  the user page (kuseg 0x00400000)
;   cell 0x100000 = physical 0x1fc00000: the boot PROM (kseg1 0xbfc00000)
;   physical 0x1f000000 (kseg1 0xbf000000): the console, a byte per character
;
; Assembly notes (the encodings are the R3000's): a branch offset is counted in instructions
; from the delay slot, so branches are written `beq a, b, (label-.-4)/4`; a jump holds address
; bits 27:2, so `j label & 0x0fffffff`. Every branch and jump is followed by its delay slot.
;
; System calls: v0 = 1 print the string at a0; 2 print a0 in decimal; 10 exit.

        .equ CONSOLE, 0xbf00            ; upper half of the console's kseg1 address
        .equ UPAGE_VA, 0x0040           ; upper half of the user page's virtual address
        .equ UPAGE_PA, 0x0001           ; upper half of its physical address
        .equ DV, 0x600                  ; EntryLo: D (dirty: writable) and V (valid)
        .equ KUP, 0x8                   ; Status.KUp: the mode RFE will make current

; --- exception vectors (BEV = 0) ------------------------------------------------------------
        .org 0x0, 0x80000000
utlb:   j tlbmiss & 0x0fffffff          ; no user page other than the one mapped: report, halt
        sll zero, zero, 0
        .org 0x80, 0x80000080
general: j handler & 0x0fffffff
        sll zero, zero, 0

; --- the kernel ---------------------------------------------------------------------------
        .org 0x1000, 0x80001000
kinit:  mtc0 zero, Status               ; BEV = 0, kernel mode, interrupts off, CU0 = 0
        lui a0, hello >> 16
        ori a0, a0, hello & 0xffff
        jal puts & 0x0fffffff
        sll zero, zero, 0
        lui t0, UPAGE_VA                ; TLB entry 0: the user page
        mtc0 t0, EntryHi
        lui t0, UPAGE_PA
        ori t0, t0, DV
        mtc0 t0, EntryLo
        mtc0 zero, Index
        tlbwi
        addiu t0, zero, KUP             ; previous mode user: RFE makes it current
        mtc0 t0, Status
        lui k0, UPAGE_VA                ; the user program's entry
        jr k0
        rfe                             ; in the delay slot: user mode from the next instruction

; Every exception but a UTLB refill comes here, in kernel mode with the KU/IE stack pushed.
handler: lui k0, save >> 16             ; save the registers the kernel uses
        ori k0, k0, save & 0xffff
        sw t0, 0(k0)
        sw t1, 4(k0)
        sw t2, 8(k0)
        sw t3, 12(k0)
        sw a0, 16(k0)
        sw ra, 20(k0)
        mfc0 k1, Cause
        andi k1, k1, 0x7c               ; ExcCode, times 4
        addiu t0, zero, 0x20            ; 8: system call
        beq k1, t0, (syscall-.-4)/4
        addiu t0, zero, 0x2c            ; 11: coprocessor unusable (delay slot)
        beq k1, t0, (cpu-.-4)/4
        addiu t0, zero, 0x10            ; 4: address error on a load (delay slot)
        beq k1, t0, (adel-.-4)/4
        sll zero, zero, 0
        lui a0, other >> 16             ; anything else: report and stop
        ori a0, a0, other & 0xffff
        jal puts & 0x0fffffff
        sll zero, zero, 0
        halt

cpu:    lui a0, mcpu >> 16
        ori a0, a0, mcpu & 0xffff
        jal puts & 0x0fffffff
        sll zero, zero, 0
        beq zero, zero, (resume-.-4)/4
        sll zero, zero, 0

adel:   lui a0, madel >> 16
        ori a0, a0, madel & 0xffff
        jal puts & 0x0fffffff
        sll zero, zero, 0
        mfc0 a0, BadVAddr
        jal putn & 0x0fffffff
        sll zero, zero, 0
        lui a0, mrefused >> 16
        ori a0, a0, mrefused & 0xffff
        jal puts & 0x0fffffff
        sll zero, zero, 0
        beq zero, zero, (resume-.-4)/4
        sll zero, zero, 0

syscall: addiu t0, zero, 1
        beq v0, t0, (sysputs-.-4)/4
        addiu t0, zero, 2               ; (delay slot)
        beq v0, t0, (sysputn-.-4)/4
        addiu t0, zero, 10              ; (delay slot)
        beq v0, t0, (exit-.-4)/4
        sll zero, zero, 0
        beq zero, zero, (resume-.-4)/4  ; unknown calls do nothing
        sll zero, zero, 0

sysputs: lw a0, 16(k0)                  ; the user's a0: a user virtual address, read through the TLB
        jal puts & 0x0fffffff
        sll zero, zero, 0
        beq zero, zero, (resume-.-4)/4
        sll zero, zero, 0

sysputn: lw a0, 16(k0)
        jal putn & 0x0fffffff
        sll zero, zero, 0
        lui a0, newline >> 16
        ori a0, a0, newline & 0xffff
        jal puts & 0x0fffffff
        sll zero, zero, 0

; Return past the instruction that trapped (none of them is in a delay slot), restoring the
; registers; RFE in JR's delay slot pops the KU/IE stack back to user mode.
resume: lui k0, save >> 16
        ori k0, k0, save & 0xffff
        lw t0, 0(k0)
        lw t1, 4(k0)
        lw t2, 8(k0)
        lw t3, 12(k0)
        lw a0, 16(k0)
        lw ra, 20(k0)
        mfc0 k0, EPC
        addiu k0, k0, 4
        jr k0
        rfe

exit:   lui a0, bye >> 16
        ori a0, a0, bye & 0xffff
        jal puts & 0x0fffffff
        sll zero, zero, 0
        halt

tlbmiss: lui a0, mtlb >> 16
        ori a0, a0, mtlb & 0xffff
        jal puts & 0x0fffffff
        sll zero, zero, 0
        halt

; puts: print the NUL-terminated string at a0. Uses t0, t1.
puts:   lui t1, CONSOLE
putc:   lbu t0, 0(a0)
        beq t0, zero, (putsend-.-4)/4
        addiu a0, a0, 1                 ; (delay slot: runs either way)
        sb t0, 0(t1)
        beq zero, zero, (putc-.-4)/4
        sll zero, zero, 0
putsend: jr ra
        sll zero, zero, 0

; putn: print a0 in decimal (unsigned). Uses t0-t3.
putn:   lui t2, digend >> 16
        ori t2, t2, digend & 0xffff
        addiu t3, zero, 10
digit:  divu a0, t3
        mfhi t0
        mflo a0
        addiu t0, t0, 48                ; '0' + remainder
        addiu t2, t2, -1
        bne a0, zero, (digit-.-4)/4
        sb t0, 0(t2)                    ; (delay slot: store the digit either way)
        lui t1, CONSOLE
putd:   lbu t0, 0(t2)
        beq t0, zero, (putnend-.-4)/4
        addiu t2, t2, 1
        sb t0, 0(t1)
        beq zero, zero, (putd-.-4)/4
        sll zero, zero, 0
putnend: jr ra
        sll zero, zero, 0

save:   .space 24
digits: .space 10
digend: .byte 0
hello:  .asciz "R3000 kernel: entering user mode\n"
mcpu:   .asciz "kernel: user CP0 use refused (CpU)\n"
madel:  .asciz "kernel: address error at "
mrefused: .asciz " refused (AdEL)\n"
other:  .asciz "kernel: unexpected exception\n"
mtlb:   .asciz "kernel: TLB refill, no such page\n"
bye:    .asciz "kernel: exit\n"
newline: .asciz "\n"

; --- the user program: one page, kuseg 0x00400000 ------------------------------------------
        .org 0x10000, 0x00400000
ustart: lui a0, msg >> 16
        ori a0, a0, msg & 0xffff
        addiu v0, zero, 1
        syscall 0                       ; print msg
        addiu s0, zero, 0               ; s0 = 1 + 2 + … + 10
        addiu s1, zero, 1
        addiu s2, zero, 11
sum:    addu s0, s0, s1
        addiu s1, s1, 1
        bne s1, s2, (sum-.-4)/4
        sll zero, zero, 0
        or a0, s0, zero
        addiu v0, zero, 2
        syscall 0                       ; print 55
        mfc0 s3, Status                 ; CP0 in user mode: Coprocessor Unusable, skipped
        lui t0, 0x8000
        lw s4, 0(t0)                    ; kseg0 from user mode: address error, skipped
        addiu s0, zero, 1               ; s0 = 6!
        addiu s1, zero, 6
fact:   mult s0, s1
        mflo s0
        addiu s1, s1, -1
        bne s1, zero, (fact-.-4)/4
        sll zero, zero, 0
        or a0, s0, zero
        addiu v0, zero, 2
        syscall 0                       ; print 720
        addiu v0, zero, 10
        syscall 0                       ; exit: does not return
msg:    .asciz "hello from user mode\n"

; --- the boot PROM: physical 0x1fc00000, the reset vector ----------------------------------
        .org 0x100000, 0xbfc00000
reset:  lui t0, kinit >> 16
        ori t0, t0, kinit & 0xffff
        jr t0
        sll zero, zero, 0
