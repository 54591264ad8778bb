/* Console output: every byte is one store to the console register. */
#include "console.h"

void console_putc(char c) {
  *(volatile unsigned char *)CONSOLE_ADDR = (unsigned char)c;
}

void console_puts(const char *s) {
  while (*s) console_putc(*s++);
}

void console_puthex(unsigned v) {
  for (int shift = 28; shift >= 0; shift -= 4) console_putc("0123456789abcdef"[(v >> shift) & 15]);
}

void console_putdec(int v) {
  char digits[12];
  int n = 0;
  /* unsigned, so that the most negative int has a magnitude */
  unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
  do {
    digits[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (v < 0) console_putc('-');
  while (n > 0) console_putc(digits[--n]);
}
