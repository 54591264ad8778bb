/* Sorting: 2000 pseudo-random signed integers, by a recursive quicksort (calls, a stack, signed
 * compares) and by insertion sort on a copy; the two must agree, the result must be in order,
 * and a hash of it must be the value computed independently (Python's sorted()). About 7
 * million instructions, most of them the insertion sort. The signature holds the hash and the
 * smallest and largest values.
 * Returns 0 (pass) or 1..4. */

#define N 2000
#define SORTED_HASH 0xadecf1e4u /* hash() of sorted(values), values as generated below */

static int a[N], b[N];
/* volatile: the stores must reach memory, where a harness reads them */
volatile unsigned signature[3] __attribute__((section(".signature")));

/* xorshift32, as signed numbers of both signs */
static void fill(int *p, int n) {
  unsigned x = 88172645u;
  for (int i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    p[i] = (int)x;
  }
}

static void swap(int *p, int *q) {
  int t = *p;
  *p = *q;
  *q = t;
}

/* Hoare-style quicksort with the middle element as pivot, recursing on the smaller part. */
static void quicksort(int *p, int lo, int hi) {
  while (lo < hi) {
    int pivot = p[lo + (hi - lo) / 2];
    int i = lo, j = hi;
    while (i <= j) {
      while (p[i] < pivot) i++;
      while (p[j] > pivot) j--;
      if (i <= j) swap(&p[i++], &p[j--]);
    }
    if (j - lo < hi - i) {
      quicksort(p, lo, j);
      lo = i;
    } else {
      quicksort(p, i, hi);
      hi = j;
    }
  }
}

static void insertion_sort(int *p, int n) {
  for (int i = 1; i < n; i++) {
    int v = p[i], j = i - 1;
    while (j >= 0 && p[j] > v) {
      p[j + 1] = p[j];
      j--;
    }
    p[j + 1] = v;
  }
}

/* FNV-1a over the values' little-endian bytes */
static unsigned hash(const int *p, int n) {
  unsigned h = 2166136261u;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < 32; k += 8) h = (h ^ (((unsigned)p[i] >> k) & 0xff)) * 16777619u;
  return h;
}

int main(void) {
  fill(a, N);
  for (int i = 0; i < N; i++) b[i] = a[i];
  quicksort(a, 0, N - 1);
  insertion_sort(b, N);

  signature[0] = hash(a, N);
  signature[1] = (unsigned)a[0];
  signature[2] = (unsigned)a[N - 1];

  for (int i = 1; i < N; i++)
    if (a[i - 1] > a[i]) return 1;
  for (int i = 0; i < N; i++)
    if (a[i] != b[i]) return 2;
  if (signature[0] != SORTED_HASH) return 3;
  if (a[0] >= 0 || a[N - 1] <= 0) return 4;
  return 0;
}
