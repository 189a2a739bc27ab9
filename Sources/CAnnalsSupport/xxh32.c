// XXH32, after the reference implementation (BSD-2-Clause, Yann Collet). Only the
// one-shot form: Annals needs it for the LZ4 frame descriptor's header checksum.
#include "CAnnalsSupport.h"
#include <string.h>

#define P1 2654435761u
#define P2 2246822519u
#define P3 3266489917u
#define P4 668265263u
#define P5 374761393u

static inline uint32_t rotl(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }
static inline uint32_t read32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint32_t round32(uint32_t acc, uint32_t input) {
    acc += input * P2;
    acc = rotl(acc, 13);
    return acc * P1;
}

uint32_t annals_xxh32(const void *data, size_t length, uint32_t seed) {
    const unsigned char *p = (const unsigned char *)data;
    const unsigned char *end = p + length;
    uint32_t h;
    if (length >= 16) {
        const unsigned char *limit = end - 16;
        uint32_t v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;
        do {
            v1 = round32(v1, read32(p)); p += 4;
            v2 = round32(v2, read32(p)); p += 4;
            v3 = round32(v3, read32(p)); p += 4;
            v4 = round32(v4, read32(p)); p += 4;
        } while (p <= limit);
        h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
    } else {
        h = seed + P5;
    }
    h += (uint32_t)length;
    while (p + 4 <= end) { h += read32(p) * P3; h = rotl(h, 17) * P4; p += 4; }
    while (p < end) { h += (*p) * P5; h = rotl(h, 11) * P1; p++; }
    h ^= h >> 15; h *= P2; h ^= h >> 13; h *= P3; h ^= h >> 16;
    return h;
}
