/* A program larger than 1 MiB: a 2 MiB array in .bss, so its image ends past 0x80200000. With
 * rv32's default RAM (1 MiB) it does not load; with `--ram 4M` it runs. It fills the array with a
 * pattern, sums it back, and checks the first and last words. Returns 0 (pass) when all is right,
 * else the number of the first wrong check. */
#include "console.h"

#define WORDS (2u << 20) / 4

static unsigned big[WORDS];

int main(void) {
  for (unsigned i = 0; i < WORDS; i++) big[i] = i * 2654435761u;
  unsigned sum = 0;
  for (unsigned i = 0; i < WORDS; i++) sum += big[i] ^ i;
  console_puts("big: 2 MiB of .bss summed\n");
  if (big[0] != 0) return 1;
  if (big[WORDS - 1] != (WORDS - 1) * 2654435761u) return 2;
  /* The sum of i * 2654435761 ^ i over the array, as computed on the host. */
  return sum == 0x1a200000u ? 0 : 3;
}
