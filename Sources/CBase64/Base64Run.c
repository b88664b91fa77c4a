// A vector fast path for runs of base64 alphabet and whitespace (the bulk of a mail attachment body).
//
// Per 64 input bytes: one table lookup turns characters into sextets and classifies them (alphabet, whitespace,
// other); whitespace is squeezed out with a byte compress; the sextets gather in a register until 64 of them
// decode into 48 bytes with two multiply-adds and a byte permute. Everything that is not alphabet or whitespace
// ends the run, and the Swift decoder (which owns padding, junk and end rules) takes over at that byte.

#include "CBase64.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define VECTOR_TARGET __attribute__((target("avx512f,avx512bw,avx512vbmi,avx512vbmi2,bmi,bmi2,popcnt")))

/// ASCII → sextet (0-63); 0x80 whitespace; 0xC0 anything else. Bytes >= 0x80 are classified apart.
static const uint8_t sextets[128] __attribute__((aligned(64))) = {
    0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0x80, 0x80, 0x80, 0x80, 0x80, 0xC0, 0xC0,
    0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0,
    0x80, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 62,   0xC0, 0xC0, 0xC0, 63,
    52,   53,   54,   55,   56,   57,   58,   59,   60,   61,   0xC0, 0xC0, 0xC0, 0xC0, 0xC0, 0xC0,
    0xC0, 0,    1,    2,    3,    4,    5,    6,    7,    8,    9,    10,   11,   12,   13,   14,
    15,   16,   17,   18,   19,   20,   21,   22,   23,   24,   25,   0xC0, 0xC0, 0xC0, 0xC0, 0xC0,
    0xC0, 26,   27,   28,   29,   30,   31,   32,   33,   34,   35,   36,   37,   38,   39,   40,
    41,   42,   43,   44,   45,   46,   47,   48,   49,   50,   51,   0xC0, 0xC0, 0xC0, 0xC0, 0xC0,
};

/// 0, 1, …, 63.
static const uint8_t iota[64] __attribute__((aligned(64))) = {
    0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
    22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
    44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63,
};

/// For output byte j of 48: byte (j / 3) * 4 + 2 - j % 3 of the packed little-endian 24-bit words.
static const uint8_t order[64] __attribute__((aligned(64))) = {
    2,  1,  0,  6,  5,  4,  10, 9,  8,  14, 13, 12, 18, 17, 16, 22, 21, 20, 26, 25, 24, 30,
    29, 28, 34, 33, 32, 38, 37, 36, 42, 41, 40, 46, 45, 44, 50, 49, 48, 54, 53, 52, 58, 57,
    56, 62, 61, 60, 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
};

int cbase64_vector_level(void) {
    __builtin_cpu_init();
    // The compiler runtime reports AVX-512 features only when the OS saves the ZMM state.
    if (__builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vbmi")
        && __builtin_cpu_supports("avx512vbmi2") && __builtin_cpu_supports("bmi2")) {
        return 1;
    }
    return 0;
}

/// 64 sextets (4 per quantum) → 48 bytes in the low 48 lanes.
VECTOR_TARGET static inline __m512i pack(__m512i s) {
    // s0 * 64 + s1 per 16-bit lane, then (s0s1) * 4096 + s2s3 per 32-bit lane: one 24-bit group each.
    __m512i pairs = _mm512_maddubs_epi16(s, _mm512_set1_epi32(0x01400140));
    __m512i words = _mm512_madd_epi16(pairs, _mm512_set1_epi32(0x00011000));
    return _mm512_permutexvar_epi8(_mm512_load_si512((const void *)order), words);
}

VECTOR_TARGET static size_t run512(
    const uint8_t *src, size_t n, uint8_t *dst, size_t room, cbase64_quantum *quantum, size_t *produced) {
    const __m512i low = _mm512_load_si512((const void *)sextets);
    const __m512i high = _mm512_load_si512((const void *)(sextets + 64));
    const __m512i index = _mm512_load_si512((const void *)iota);
    const __m512i bit6 = _mm512_set1_epi8(0x40);
    // `held` keeps `k` sextets (k < 64) not yet decoded, starting with the unfinished quantum.
    __m512i held = _mm512_setzero_si512();
    size_t k = quantum->count;
    if (k > 0) {
        uint8_t start[64] __attribute__((aligned(64))) = {0};
        for (size_t j = 0; j < k; j++) start[j] = (uint8_t)((quantum->bits >> (6 * (k - 1 - j))) & 63);
        held = _mm512_load_si512((const void *)start);
    }
    size_t i = 0, o = 0;
    int stopped = 0;
    while (i < n && !stopped) {
        size_t left = n - i;
        __mmask64 loaded = left >= 64 ? ~(__mmask64)0 : _bzhi_u64(~0ULL, (unsigned)left);
        __m512i v = _mm512_maskz_loadu_epi8(loaded, src + i);
        __m512i t = _mm512_permutex2var_epi8(low, v, high);
        __mmask64 other = (_mm512_test_epi8_mask(t, bit6) | _mm512_movepi8_mask(v)) & loaded;
        __mmask64 taken = loaded;
        size_t step = left >= 64 ? 64 : left;
        if (other) {
            step = _tzcnt_u64(other);
            taken = _bzhi_u64(~0ULL, (unsigned)step);
            stopped = 1;
        }
        __mmask64 alphabet = ~_mm512_movepi8_mask(t) & taken;
        i += step;
        if (alphabet == ~(__mmask64)0 && k == 0) {
            // A block of 64 alphabet characters, quantum-aligned: decode it as it is.
            __m512i bytes = pack(t);
            if (room - o >= 64) _mm512_storeu_si512((void *)(dst + o), bytes);
            else _mm512_mask_storeu_epi8(dst + o, _bzhi_u64(~0ULL, 48), bytes);
            o += 48;
            continue;
        }
        size_t m = (size_t)_mm_popcnt_u64(alphabet);
        if (m == 0) continue;
        __m512i squeezed = _mm512_maskz_compress_epi8(alphabet, t);
        // Lanes j < k keep `held`; lanes j >= k take squeezed[j - k] (index 64 + j - k selects the second table).
        __m512i shift = _mm512_add_epi8(index, _mm512_set1_epi8((char)(64 - k)));
        __m512i lanes = _mm512_mask_mov_epi8(shift, _bzhi_u64(~0ULL, (unsigned)k), index);
        __m512i joined = _mm512_permutex2var_epi8(held, lanes, squeezed);
        if (k + m < 64) {
            held = joined;
            k += m;
            continue;
        }
        __m512i bytes = pack(joined);
        if (room - o >= 64) _mm512_storeu_si512((void *)(dst + o), bytes);
        else _mm512_mask_storeu_epi8(dst + o, _bzhi_u64(~0ULL, 48), bytes);
        o += 48;
        // The rest of `squeezed`: its lanes from 64 - k on.
        held = _mm512_permutexvar_epi8(shift, squeezed);
        k = k + m - 64;
    }
    // Decode the whole quanta held; hand the last 0-3 sextets back.
    size_t whole = k / 4;
    if (whole > 0) {
        _mm512_mask_storeu_epi8(dst + o, _bzhi_u64(~0ULL, (unsigned)(whole * 3)), pack(held));
        o += whole * 3;
    }
    uint8_t rest[64] __attribute__((aligned(64)));
    _mm512_store_si512((void *)rest, held);
    uint32_t bits = 0;
    for (size_t j = whole * 4; j < k; j++) bits = bits << 6 | rest[j];
    quantum->bits = bits;
    quantum->count = (uint32_t)(k % 4);
    *produced = o;
    return i;
}

size_t cbase64_decode_run(
    const uint8_t *src, size_t n, uint8_t *dst, size_t room, cbase64_quantum *quantum, size_t *produced) {
    return run512(src, n, dst, room, quantum, produced);
}

#else

int cbase64_vector_level(void) { return 0; }

size_t cbase64_decode_run(
    const uint8_t *src, size_t n, uint8_t *dst, size_t room, cbase64_quantum *quantum, size_t *produced) {
    (void)src; (void)n; (void)dst; (void)room; (void)quantum;
    *produced = 0;
    return 0;
}

#endif
