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
# The A extension's programs only: the others stay byte for byte as they were built.
ARCH_A=(-march=rv32ima_zicsr_zifencei -mabi=ilp32)
# Small, reproducible files: no build id, segments aligned to 64 bytes in the file, not 4 KiB.
LINK=(-static -nostdlib -nostartfiles -Tenv/link.ld -Wl,--build-id=none
      -Wl,-z,max-page-size=0x40 -Wl,-z,common-page-size=0x40)
ASFLAGS=(-mcmodel=medany -Ienv)
CFLAGS=(-mcmodel=medany -Ienv -O2 -ffreestanding -fno-builtin -fno-common -fno-ident
        -fno-tree-loop-distribute-patterns -Wall -Wextra)

# Objects get fixed names in a scratch directory: the assembler names the symbol table's FILE
# entry after its output, and a compiler-chosen temporary name would differ from build to build.
obj_dir=$(mktemp -d)
trap 'rm -rf "$obj_dir"' EXIT

dump() {
  "${CROSS}objdump" -d "$1" > "${1%.elf}.dump"
}

build_asm() {
  local src=$1 elf=${1%.S}.elf obj=$obj_dir/$(basename "${1%.S}").o
  local arch=("${ARCH[@]}")
  case $src in rv32ua/*|strict/amo_*) arch=("${ARCH_A[@]}") ;; esac
  "${CROSS}gcc" "${arch[@]}" "${ASFLAGS[@]}" -c -o "$obj" "$src"
  "${CROSS}gcc" "${arch[@]}" "${LINK[@]}" -o "$elf" "$obj"
  dump "$elf"
}

# C programs start in env/crt0.S (M-mode) and may print through env/console.c.
build_c() {
  local src=$1 elf=${1%.c}.elf name
  name=$(basename "${1%.c}")
  "${CROSS}gcc" "${ARCH[@]}" "${ASFLAGS[@]}" -c -o "$obj_dir/crt0.o" env/crt0.S
  "${CROSS}gcc" "${ARCH[@]}" "${CFLAGS[@]}" -c -o "$obj_dir/console.o" env/console.c
  "${CROSS}gcc" "${ARCH[@]}" "${CFLAGS[@]}" -c -o "$obj_dir/$name.o" "$src"
  "${CROSS}gcc" "${ARCH[@]}" "${LINK[@]}" -o "$elf" "$obj_dir/crt0.o" "$obj_dir/console.o" "$obj_dir/$name.o"
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
  for src in rv32ui/*.S rv32um/*.S rv32ua/*.S rv32mi/*.S rv32si/*.S sv32/*.S strict/*.S c/*.c; do
    [ -e "$src" ] && build "$src"
  done
fi
