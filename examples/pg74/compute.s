; A compute-heavy pg74 program for benchmarks: a user program counts the primes below 30000
; with the sieve of Eratosthenes, 100 times over (about 37 million instructions), then exits
; with the count (3245) in r1. Its supervisor does nothing but enter user mode and halt on the
; first trap, so nearly every instruction runs in user mode.

        .equ USER, 0x1000
        .equ USIZE, 0x8000
        .equ N, 30000
        .equ ROUNDS, 100

        .org 8
        .word 1, done, 0, 0xffffffff     ; new PSW: supervisor, P = done, R = (0, max)

        .org 16
start:  lpsw upsw(r0)
done:   halt                    ; the user's svc 0 ends the run; E[4] holds the trap code
upsw:   .word 0, 0, USER, USIZE

        .org USER, 0
main:   ldi r0, 0
        ldi r1, 1
        ldi r2, N
        ldi r10, ROUNDS
round:  ldi r4, 0               ; flags[0..N) = 1
clear:  st r1, flags(r4)
        addi r4, r4, 1
        blt r4, r2, clear
        ldi r4, 2               ; for i = 2; i*i < N; i++
outer:  mul r6, r4, r4
        bge r6, r2, count
        ld r7, flags(r4)
        beq r7, r0, next        ; i is composite: nothing to strike
inner:  st r0, flags(r6)        ; for j = i*i; j < N; j += i: flags[j] = 0
        add r6, r6, r4
        blt r6, r2, inner
next:   addi r4, r4, 1
        jmp outer
count:  ldi r4, 2               ; r8 = number of flags[2..N) still set
        ldi r8, 0
tally:  ld r7, flags(r4)
        add r8, r8, r7
        addi r4, r4, 1
        blt r4, r2, tally
        addi r10, r10, -1
        bne r10, r0, round
        mov r1, r8
        svc 0

flags:  .space N
