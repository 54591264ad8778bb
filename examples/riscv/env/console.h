/* The console of the test programs: one write-only byte register (README: memory map). */
#ifndef CONSOLE_H
#define CONSOLE_H

#define CONSOLE_ADDR 0x10000000u

void console_putc(char c);
void console_puts(const char *s);
/* v as 8 lowercase hex digits */
void console_puthex(unsigned v);
/* v in decimal, with a minus sign when negative */
void console_putdec(int v);

#endif
