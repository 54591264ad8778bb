/* crc32.c with ten times the work (about 800 million instructions), for timing QEMU: it runs
 * crc32.elf in about the time it takes to start, so a rate measured on it would be noise. */
#define PASSES 3200
#define TOTAL_CRC 0xde6cecc6u /* zlib.crc32(data * 3200) */
#include "crc32.c"
