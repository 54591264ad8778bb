#!/usr/bin/env bash
# Runs one test program on QEMU's virt machine (qemu-system-riscv32, Debian's qemu-system-misc)
# and prints PASS or FAIL. The program's console output comes first; its signature, which the
# environment prints on the console before it writes tohost, is kept out of the way unless asked.
#   ./run-qemu.sh [--signature FILE] [--console] prog.elf
#     --signature FILE  write the signature, one 8-hex-digit word a line (riscv-arch-test style)
#     --console         print the whole console transcript instead of only the program's output
# Exit status: 0 pass, 1 fail, 2 no verdict (timeout, QEMU missing or crashed).
set -uo pipefail

sig_file=
console=0
while [ $# -gt 1 ]; do
  case $1 in
    --signature) sig_file=$2; shift 2 ;;
    --console) console=1; shift ;;
    *) break ;;
  esac
done
if [ $# -ne 1 ]; then
  echo "usage: $0 [--signature FILE] [--console] prog.elf" >&2
  exit 2
fi
elf=$1
QEMU=${QEMU:-qemu-system-riscv32}

# The CPU is cut down to the ISA the programs assume, rv32ima_zicsr_zifencei with S and U modes
# (QEMU 7.2 adds C, F, D, H, Zba/Zbb/Zbc/Zbs, Sstc and Zihintpause by default): without C,
# jumps to 2-byte boundaries raise misaligned-fetch exceptions; without H, medeleg, mideleg and
# mstatus have no hypervisor bits; without Zbb, andn and friends are illegal instructions.
CPU=rv32,c=off,f=off,d=off,h=off,zba=off,zbb=off,zbc=off,zbs=off,sstc=off,Zihintpause=off
# The environment stops QEMU through the SiFive test finisher that virt has at 0x100000.
out=$(timeout "${TIMEOUT:-30}" "$QEMU" -machine virt -cpu "$CPU" \
        -bios none -nographic -monitor none -kernel "$elf" </dev/null | tr -d '\r')
status=$?

if [ "$console" = 1 ]; then
  printf '%s\n' "$out"
else
  printf '%s\n' "$out" | sed '/^signature begin$/,$d'
fi
if [ -n "$sig_file" ]; then
  printf '%s\n' "$out" | sed -n '/^signature begin$/,/^signature end$/{/^signature /d;p}' > "$sig_file"
fi

tohost=$(printf '%s\n' "$out" | sed -n 's/^tohost \([0-9a-f]\{8\}\)$/\1/p' | tail -n 1)
if [ -z "$tohost" ]; then
  echo "NO VERDICT $elf (QEMU exit status $status, no tohost line on the console)"
  exit 2
fi
value=$((16#$tohost))
if [ "$value" -eq 1 ]; then
  echo "PASS $elf"
  exit 0
fi
n=$((value >> 1))
if [ "$n" -ge 1000 ]; then
  echo "FAIL $elf: unexpected trap during test case $((n - 1000))"
else
  echo "FAIL $elf: test case $n"
fi
exit 1
