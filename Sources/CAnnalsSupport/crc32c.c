// CRC-32C with a hardware path (SSE4.2) and a portable slicing-by-8 path.
// The two must agree bit for bit; Tests/AnnalsLogTests/ChecksumTests checks that,
// and the standard check value crc32c("123456789") == 0xE3069283.
#include "CAnnalsSupport.h"
#include <string.h>

#define POLY 0x82F63B78u /* reflected 0x1EDC6F41 */

static uint32_t table[8][256];
static int table_ready = 0;

static void build_table(void) {
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ POLY : c >> 1;
        table[0][n] = c;
    }
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = table[0][n];
        for (int s = 1; s < 8; s++) {
            c = table[0][c & 0xFF] ^ (c >> 8);
            table[s][n] = c;
        }
    }
    __atomic_store_n(&table_ready, 1, __ATOMIC_RELEASE);
}

uint32_t annals_crc32c_portable(uint32_t crc, const void *data, size_t length) {
    if (!__atomic_load_n(&table_ready, __ATOMIC_ACQUIRE)) build_table();
    const unsigned char *p = (const unsigned char *)data;
    uint32_t c = ~crc;
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        uint32_t lo = (uint32_t)word ^ c;
        uint32_t hi = (uint32_t)(word >> 32);
        c = table[7][lo & 0xFF] ^ table[6][(lo >> 8) & 0xFF] ^
            table[5][(lo >> 16) & 0xFF] ^ table[4][lo >> 24] ^
            table[3][hi & 0xFF] ^ table[2][(hi >> 8) & 0xFF] ^
            table[1][(hi >> 16) & 0xFF] ^ table[0][hi >> 24];
        p += 8;
        length -= 8;
    }
    while (length--) c = table[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
    return ~c;
}

#if defined(__x86_64__)
#include <nmmintrin.h>

/* Three streams at once. The crc32 instruction takes three cycles but can start
   every cycle, so a long buffer is cut into three lanes of LANE bytes, each
   checksummed on its own register, and the lanes are joined by "shifting" a
   register over LANE zero bytes: a linear map on the 32 bits, applied with four
   256-entry tables. The tables are built once, from the one-zero-byte map raised
   to the power LANE by squaring (GF(2) 32x32 matrices). */
#define LANE 8192

static uint32_t lane_shift[4][256];
static int lane_shift_ready = 0;

/* The matrix (32 columns) times the vector v. */
static uint32_t gf2_times(const uint32_t *matrix, uint32_t v) {
    uint32_t sum = 0;
    for (int i = 0; v; i++, v >>= 1)
        if (v & 1) sum ^= matrix[i];
    return sum;
}

/* square = matrix x matrix */
static void gf2_square(uint32_t *square, const uint32_t *matrix) {
    for (int i = 0; i < 32; i++) square[i] = gf2_times(matrix, matrix[i]);
}

static void build_lane_shift(void) {
    uint32_t a[32], b[32];
    /* One zero bit: shift right, folding in the polynomial. */
    a[0] = POLY;
    for (int i = 1; i < 32; i++) a[i] = 1u << (i - 1);
    /* 2, 4, 8 zero bits: one zero byte in a; then double up to LANE bytes. */
    gf2_square(b, a);
    gf2_square(a, b);
    gf2_square(b, a);
    for (int n = 1; n < LANE; n <<= 1) {
        gf2_square(a, b);
        for (int i = 0; i < 32; i++) b[i] = a[i];
    }
    for (int k = 0; k < 4; k++)
        for (uint32_t v = 0; v < 256; v++) lane_shift[k][v] = gf2_times(b, v << (8 * k));
    __atomic_store_n(&lane_shift_ready, 1, __ATOMIC_RELEASE);
}

static inline uint32_t shift_lane(uint32_t c) {
    return lane_shift[0][c & 0xFF] ^ lane_shift[1][(c >> 8) & 0xFF] ^ lane_shift[2][(c >> 16) & 0xFF] ^
           lane_shift[3][c >> 24];
}

__attribute__((target("sse4.2")))
static uint32_t crc32c_sse42(uint32_t crc, const void *data, size_t length) {
    const unsigned char *p = (const unsigned char *)data;
    uint64_t c = ~crc;
    if (length >= 3 * LANE) {
        if (!__atomic_load_n(&lane_shift_ready, __ATOMIC_ACQUIRE)) build_lane_shift();
        while (length >= 3 * LANE) {
            uint64_t c1 = 0, c2 = 0;
            for (size_t i = 0; i < LANE; i += 8) {
                uint64_t w0, w1, w2;
                memcpy(&w0, p + i, 8);
                memcpy(&w1, p + LANE + i, 8);
                memcpy(&w2, p + 2 * LANE + i, 8);
                c = _mm_crc32_u64(c, w0);
                c1 = _mm_crc32_u64(c1, w1);
                c2 = _mm_crc32_u64(c2, w2);
            }
            c = shift_lane((uint32_t)c) ^ (uint32_t)c1;
            c = shift_lane((uint32_t)c) ^ (uint32_t)c2;
            p += 3 * LANE;
            length -= 3 * LANE;
        }
    }
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        c = _mm_crc32_u64(c, word);
        p += 8;
        length -= 8;
    }
    uint32_t c32 = (uint32_t)c;
    while (length--) c32 = _mm_crc32_u8(c32, *p++);
    return ~c32;
}

static int has_sse42(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2");
}
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#include <arm_acle.h>
static uint32_t crc32c_arm(uint32_t crc, const void *data, size_t length) {
    const unsigned char *p = (const unsigned char *)data;
    uint32_t c = ~crc;
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        c = __crc32cd(c, word);
        p += 8;
        length -= 8;
    }
    while (length--) c = __crc32cb(c, *p++);
    return ~c;
}
#endif

int annals_crc32c_is_hardware(void) {
#if defined(__x86_64__)
    return has_sse42();
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
    return 1;
#else
    return 0;
#endif
}

uint32_t annals_crc32c(uint32_t crc, const void *data, size_t length) {
#if defined(__x86_64__)
    static int hw = -1;
    int h = __atomic_load_n(&hw, __ATOMIC_RELAXED);
    if (h < 0) {
        h = has_sse42();
        __atomic_store_n(&hw, h, __ATOMIC_RELAXED);
    }
    if (h) return crc32c_sse42(crc, data, length);
    return annals_crc32c_portable(crc, data, length);
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
    return crc32c_arm(crc, data, length);
#else
    return annals_crc32c_portable(crc, data, length);
#endif
}
