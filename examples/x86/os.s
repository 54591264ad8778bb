; A small x86 protected-mode kernel and the ring-3 program it runs (no paging).
;
; The kernel starts as the model's reset leaves it (protected mode, CPL 0, flat segments, EIP
; 0x1000), loads its own GDT and IDT, reloads every segment register from them, loads the task
; register (the TSS holds the ring-0 stack for traps from ring 3), checks with MOV from CS that it
; runs in ring 0, and enters the user program with IRET. The user program runs in its own
; segments (base 0x4000, limit 0x1FFF), asks for services with INT 0x80, tries CLI (refused: IOPL
; is 0, so #GP; the kernel skips it) and exits. Every character goes out through OUT to port E9h.
;
; Physical layout:
;   0x0000  the GDT: null, kernel code 0x08, kernel data 0x10, user code 0x1B, user data 0x23, TSS 0x28
;   0x0100  the TSS (ESP0, SS0)
;   0x0800  the IDT: #UD 6, #NP 11, #SS 12, #GP 13, and the system-call gate 0x80 (DPL 3)
;   0x1000  the kernel; its stack below 0x3000
;   0x4000  the user segment (code, data, and the stack below its top, offset 0x2000)
;
; System calls (INT 0x80, EAX the call number):
;   0   exit
;   1   print the zero-terminated string at the user's DS:EBX
;
; Under the plain trap-and-emulate monitor the kernel runs in real ring 3; LGDT, LTR, HLT and
; the segment loads trap and are emulated, but MOV from CS — sensitive and unprivileged (Robin &
; Irvine 2000) — reads the real CS, whose RPL is 3: the kernel finds itself outside ring 0, and
; `vmm --compare` shows that step. The hybrid monitor interprets ring 0 and runs the user program
; directly: it ends as the bare run, because the user program uses none of the instructions that
; are sensitive in ring 3 (it does not load a segment register itself: the kernel loads DS and ES
; before its IRET; a MOV to DS in ring 3 reads the real GDTR and GDT, and would diverge).

        .equ KSTACK, 0x3000
        .equ USER, 0x4000               ; the user segment's base
        .equ USTACK, 0x2000             ; the user stack's top (an offset in the user segment)
        .equ CONSOLE, 0xe9

; --- the descriptor tables -------------------------------------------------------------------
        .org 0
gdt:    .long 0, 0                      ; 0x00 null
        .long 0x0000ffff, 0x00cf9a00    ; 0x08 kernel code: base 0, 4 GiB, DPL 0, execute/read
        .long 0x0000ffff, 0x00cf9200    ; 0x10 kernel data: base 0, 4 GiB, DPL 0, read/write
        .long 0x40001fff, 0x0040fa00    ; 0x18 user code: base 0x4000, limit 0x1FFF, DPL 3
        .long 0x40001fff, 0x0040f200    ; 0x20 user data: base 0x4000, limit 0x1FFF, DPL 3
        .half 0x67, tss                 ; 0x28 TSS: base tss, limit 0x67,
        .byte 0, 0x89, 0, 0             ;      present, DPL 0, available 32-bit TSS
gdt_end:

gdtr:   .half gdt_end - gdt - 1
        .long gdt
idtr:   .half 0x80 * 8 + 7
        .long idt

        .org 0x100
tss:    .long 0                         ; back link
        .long KSTACK                    ; ESP0
        .long 0x10                      ; SS0
        .space 0x68 - 12

; An IDT entry: offset 15:0, the selector, 0, P DPL 0 type (8E interrupt gate, DPL 0; EE DPL 3), offset 31:16.
        .org 0x800
idt:
        .org 0x800 + 6 * 8
        .half undefined, 0x08
        .byte 0, 0x8e
        .half 0
        .org 0x800 + 11 * 8
        .half fault, 0x08
        .byte 0, 0x8e
        .half 0
        .half fault, 0x08               ; 12 #SS
        .byte 0, 0x8e
        .half 0
        .half protection, 0x08          ; 13 #GP
        .byte 0, 0x8e
        .half 0
        .org 0x800 + 0x80 * 8
        .half syscall, 0x08             ; 0x80: an interrupt gate ring 3 may use
        .byte 0, 0xee
        .half 0

; --- the kernel ------------------------------------------------------------------------------
        .org 0x1000
start:  xor eax, eax
        lgdt [eax+gdtr]
        lidt [eax+idtr]
        ljmp 0x08, reload               ; CS from the new GDT
reload: mov ebx, #0x10
        mov ds, ebx
        mov es, ebx
        mov ss, ebx
        mov esp, #KSTACK
        mov ebx, #0x28
        ltr ebx
        mov eax, cs                     ; the CPL is CS's RPL
        and eax, #3
        jne lost
        mov esi, #hello
        call print
        mov ebx, #0x23                  ; DS and ES: user data (DPL 3, so IRET keeps them)
        mov ds, ebx
        mov es, ebx
        push #0x23                      ; SS: user data
        push #USTACK                    ; ESP
        push #0x2                       ; EFLAGS: IF 0, IOPL 0
        push #0x1b                      ; CS: user code, RPL 3
        push #0                         ; EIP: the user program's first instruction
        iret

lost:   mov esi, #notring0
        call print
        hlt

; print: the zero-terminated string at DS:ESI (kernel data: linear addresses). Changes EAX, ESI.
print:  movzx eax, byte [esi+0]
        test eax, eax
        je printed
        out CONSOLE
        inc esi
        jmp print
printed: ret

; INT 0x80: EAX the call, EBX its argument (an offset in the user's data segment). A trap
; leaves DS as the interrupted program had it: the handlers load the kernel's and restore it.
syscall: push ds
        mov ecx, #0x10
        mov ds, ecx
        cmp eax, #1
        je sys_print
        mov esi, #bye
        call print
        hlt
sys_print:
        lea esi, [ebx+USER]
        call print
        pop ds
        iret

; #GP: the error code, then EIP, CS, EFLAGS, ESP, SS. Skip the (one-byte) faulting instruction.
protection:
        push ds
        mov ecx, #0x10
        mov ds, ecx
        mov esi, #refused
        call print
        mov ebx, [esp+8]                ; the saved EIP (above DS and the error code)
        inc ebx
        mov [esp+8], ebx
        pop ds
        pop ecx                         ; the error code
        iret

undefined:
fault:  mov ecx, #0x10
        mov ds, ecx
        mov esi, #unexpected
        call print
        hlt

hello:  .asciz "x86 kernel: running in ring 0\n"
notring0: .asciz "x86 kernel: not in ring 0!\n"
refused: .asciz "[kernel: #GP, instruction skipped]\n"
bye:    .asciz "kernel: user program exited\n"
unexpected: .asciz "kernel: unexpected exception\n"

; --- the user program (ring 3; its segments start at 0x4000) --------------------------------
        .org USER, 0
user:   mov ebx, #greeting              ; (DS is the user data segment: the kernel loaded it)
        mov eax, #1
        int 0x80
        mov eax, #0x30                  ; '0' + 3 + 4 into the message
        add eax, #3
        add eax, #4
        mov byte [ebx+digit-greeting], eax
        mov ebx, #sum
        mov eax, #1
        int 0x80
        cli                             ; IOPL 0 < CPL 3: #GP
        mov ebx, #still
        mov eax, #1
        int 0x80
        mov eax, #0
        int 0x80

greeting: .asciz "user: hello from ring 3\n"
sum:    .ascii "user: 3 + 4 = "
digit:  .asciz "?\n"
still:  .asciz "user: still here\n"
