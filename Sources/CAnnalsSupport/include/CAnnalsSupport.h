#ifndef CANNALS_SUPPORT_H
#define CANNALS_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

/// CRC-32C (Castagnoli, polynomial 0x1EDC6F41, reflected), as used by iSCSI, ext4
/// and Kafka. `crc` is the running value: start with 0, feed the result of one call
/// into the next to checksum data in pieces. Uses the SSE4.2 `crc32` instruction
/// when the CPU has it, else a slicing-by-8 table.
uint32_t annals_crc32c(uint32_t crc, const void *data, size_t length);

/// The same CRC computed with the portable table only (for tests that check both
/// paths agree).
uint32_t annals_crc32c_portable(uint32_t crc, const void *data, size_t length);

/// Whether `annals_crc32c` uses the hardware instruction on this CPU.
int annals_crc32c_is_hardware(void);

/// XXH32 (Yann Collet's xxHash, 32-bit), needed for the header checksum byte of an
/// LZ4 frame descriptor. liblz4 does not export its copy.
uint32_t annals_xxh32(const void *data, size_t length, uint32_t seed);

/// Fills `buffer` with `length` bytes from the kernel's CSPRNG (getrandom(2)),
/// retrying on EINTR and short reads. Returns 0, or -1 with errno set.
int annals_random_bytes(void *buffer, size_t length);

#endif
