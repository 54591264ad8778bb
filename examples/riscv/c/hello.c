/* Prints through the console: a greeting, then a few lines of numbers computed on the way
 * (Fibonacci, primes, signed division and remainder), each also kept in the signature.
 * Returns 0 (pass) when every computed value is the expected one, else the number of the first
 * wrong line. */
#include "console.h"

#define LINES 4
/* volatile: the stores must reach memory, where a harness reads them */
volatile unsigned signature[LINES] __attribute__((section(".signature")));

static int fib(int n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static int is_prime(int n) {
  if (n < 2) return 0;
  for (int d = 2; d * d <= n; d++)
    if (n % d == 0) return 0;
  return 1;
}

static void put_line(const char *label, const int *values, int count) {
  console_puts(label);
  for (int i = 0; i < count; i++) {
    console_putc(' ');
    console_putdec(values[i]);
  }
  console_putc('\n');
}

/* A sum that changes when any value or its position changes. */
static unsigned checksum(const int *values, int count) {
  unsigned sum = 0;
  for (int i = 0; i < count; i++) sum = sum * 31u + (unsigned)values[i];
  return sum;
}

int main(void) {
  int fibs[12], primes[25], quotients[8], remainders[8];
  static const int dividends[8] = {7, -7, 7, -7, 100, -2147483647 - 1, 5, 0};
  static const int divisors[8] = {2, 2, -2, -2, 7, -1, 0, 3};
  static const unsigned expected[LINES] = {0x07f57dd8u, 0xa661f5b4u, 0x1402ee93u, 0x34a29c15u};

  console_puts("hello from rv32im, machine mode\n");

  for (int i = 0; i < 12; i++) fibs[i] = fib(i + 1);
  put_line("fibonacci:", fibs, 12);

  int found = 0;
  for (int n = 2; found < 25; n++)
    if (is_prime(n)) primes[found++] = n;
  put_line("primes:", primes, 25);

  /* The divide and remainder corner cases: division by zero and -2^31 / -1 do not trap. */
  for (int i = 0; i < 8; i++) {
    volatile int a = dividends[i], b = divisors[i];
    quotients[i] = a / b;
    remainders[i] = a % b;
  }
  put_line("quotients:", quotients, 8);
  put_line("remainders:", remainders, 8);

  signature[0] = checksum(fibs, 12);
  signature[1] = checksum(primes, 25);
  signature[2] = checksum(quotients, 8);
  signature[3] = checksum(remainders, 8);
  for (int i = 0; i < LINES; i++)
    if (signature[i] != expected[i]) return i + 1;
  console_puts("all lines as expected\n");
  return 0;
}
