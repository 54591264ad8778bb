#!/usr/bin/env bash
# Rebuilds every test program from source: each <dir>/<name>.S or c/<name>.c becomes <name>.elf
# with a <name>.dump disassembly beside it. Needs Debian's gcc-riscv64-unknown-elf.
#   ./build.sh              everything
#   ./build.sh rv32ui/add.S one program
set -euo pipefail
cd "$(dirname "$0")"
export LC_ALL=C

CROSS=${CROSS:-riscv64-unknown-elf-}
ARCH=(-march=rv32im_zicsr_zifencei -mabi=ilp32)
# Small, reproducible files: no build id, segments aligned to 64 bytes in the file, not 4 KiB.
LINK=(-static -nostdlib -nostartfiles -Tenv/link.ld -Wl,--build-id=none
      -Wl,-z,max-page-size=0x40 -Wl,-z,common-page-size=0x40)
ASFLAGS=(-mcmodel=medany -Ienv)
CFLAGS=(-mcmodel=medany -Ienv -O2 -ffreestanding -fno-builtin -fno-common -fno-ident
        -fno-tree-loop-distribute-patterns -Wall -Wextra)

dump() {
  "${CROSS}objdump" -d "$1" > "${1%.elf}.dump"
}

build_asm() {
  local src=$1 elf=${1%.S}.elf
  "${CROSS}gcc" "${ARCH[@]}" "${ASFLAGS[@]}" "${LINK[@]}" -o "$elf" "$src"
  dump "$elf"
}

# C programs start in env/crt0.S (M-mode) and may print through env/console.c.
build_c() {
  local src=$1 elf=${1%.c}.elf
  "${CROSS}gcc" "${ARCH[@]}" "${CFLAGS[@]}" "${LINK[@]}" -o "$elf" env/crt0.S env/console.c "$src"
  dump "$elf"
}

build() {
  case $1 in
    *.S) build_asm "$1" ;;
    *.c) build_c "$1" ;;
    *) echo "build.sh: $1 is neither .S nor .c" >&2; exit 2 ;;
  esac
  echo "built ${1%.*}.elf"
}

if [ $# -gt 0 ]; then
  for src in "$@"; do build "$src"; done
else
  for src in rv32ui/*.S rv32um/*.S rv32mi/*.S rv32si/*.S c/*.c; do
    [ -e "$src" ] && build "$src"
  done
fi
