#ifndef CBASE64_H
#define CBASE64_H

#include <stddef.h>
#include <stdint.h>

/// The sextets of an unfinished base64 quantum: `count` (0-3) sextets, the last one in the low 6 bits of `bits`.
typedef struct {
    uint32_t bits;
    uint32_t count;
} cbase64_quantum;

/// The best vector decoder this CPU runs: 0 none, 1 AVX2, 2 AVX-512 VBMI2.
int cbase64_vector_level(void);

/// Decodes from `src` while the bytes are base64 alphabet characters or whitespace (space, HT, LF, VT, FF, CR),
/// skipping the whitespace, and stops before the first other byte (`=`, junk, a byte >= 0x80) or at `n`.
/// `quantum` carries the unfinished quantum in and out. Writes the decoded bytes to `dst`, which has room for
/// `room` bytes (at least 3/4 of the consumed input plus 3). Returns the bytes consumed; `*produced` gets the
/// bytes written. `level` (1 or 2) must not exceed `cbase64_vector_level()`.
size_t cbase64_decode_run(
    int level, const uint8_t *src, size_t n, uint8_t *dst, size_t room, cbase64_quantum *quantum, size_t *produced);

#endif
