/* The compute-heavy program for the instructions-per-second benchmark: CRC-32 (the reflected
 * polynomial 0xedb88320 of zlib and Ethernet), a bit at a time, over 4 KiB of pseudo-random bytes
 * taken PASSES times: about 80.3 million instructions (counted with QEMU -icount), nearly all
 * ALU work, loads and branches in one small loop. It checks itself: the CRC of "123456789" is the standard 0xcbf43926,
 * a table-driven CRC agrees on one pass, and the total is the value zlib.crc32 gives for the same
 * bytes. Prints nothing; the signature holds the three CRCs. Returns 0 (pass) or 1..3. */

#define BYTES 4096
#ifndef PASSES /* crc32_long.c takes ten times as many */
#define PASSES 320
#define TOTAL_CRC 0xc052651eu /* zlib.crc32(data * PASSES), data as generated below */
#endif

static unsigned char data[BYTES];
static unsigned table[256];
/* volatile: the stores must reach memory, where a harness reads them */
volatile unsigned signature[3] __attribute__((section(".signature")));

/* xorshift32: a fixed, portable byte stream */
static void fill(unsigned char *p, int n) {
  unsigned x = 2463534242u;
  for (int i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    p[i] = (unsigned char)(x >> 24);
  }
}

static unsigned crc_bitwise(unsigned crc, const unsigned char *p, int n) {
  crc = ~crc;
  for (int i = 0; i < n; i++) {
    crc ^= p[i];
    for (int bit = 0; bit < 8; bit++) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

static void make_table(void) {
  for (unsigned i = 0; i < 256; i++) {
    unsigned c = i;
    for (int bit = 0; bit < 8; bit++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    table[i] = c;
  }
}

static unsigned crc_table(unsigned crc, const unsigned char *p, int n) {
  crc = ~crc;
  for (int i = 0; i < n; i++) crc = (crc >> 8) ^ table[(crc ^ p[i]) & 0xff];
  return ~crc;
}

int main(void) {
  static const unsigned char check[9] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  make_table();
  fill(data, BYTES);

  signature[0] = crc_bitwise(0, check, 9);
  signature[1] = crc_table(0, data, BYTES);
  unsigned crc = 0;
  for (int pass = 0; pass < PASSES; pass++) crc = crc_bitwise(crc, data, BYTES);
  signature[2] = crc;

  if (signature[0] != 0xcbf43926u) return 1;
  if (signature[1] != crc_bitwise(0, data, BYTES)) return 2;
  if (signature[2] != TOTAL_CRC) return 3;
  return 0;
}
