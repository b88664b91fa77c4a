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
    // The compiler runtime reports AVX and AVX-512 features only when the OS saves the YMM/ZMM state.
    if (__builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vbmi")
        && __builtin_cpu_supports("avx512vbmi2") && __builtin_cpu_supports("bmi2")
        && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("popcnt")) {
        return 2;
    }
    if (__builtin_cpu_supports("avx2")) return 1;
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

#define AVX2_TARGET __attribute__((target("avx2")))

/// 32 bytes → the 24 bytes their 8 quanta decode to (low 24 lanes); returns the mask of alphabet characters. A
/// quantum holding another byte decodes to garbage, which only its own 3 output bytes see.
AVX2_TARGET static inline uint32_t block256(const uint8_t *src, __m256i *bytes) {
    __m256i v = _mm256_loadu_si256((const __m256i *)src);
    // Signed compares: bytes >= 0x80 are negative and fall in no range.
    __m256i upper = _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8('A' - 1)),
                                     _mm256_cmpgt_epi8(_mm256_set1_epi8('Z' + 1), v));
    __m256i lower = _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8('a' - 1)),
                                     _mm256_cmpgt_epi8(_mm256_set1_epi8('z' + 1), v));
    __m256i digit = _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8('0' - 1)),
                                     _mm256_cmpgt_epi8(_mm256_set1_epi8('9' + 1), v));
    __m256i plus = _mm256_cmpeq_epi8(v, _mm256_set1_epi8('+'));
    __m256i slash = _mm256_cmpeq_epi8(v, _mm256_set1_epi8('/'));
    __m256i symbol = _mm256_or_si256(plus, slash);
    __m256i valid = _mm256_or_si256(_mm256_or_si256(upper, lower), _mm256_or_si256(digit, symbol));
    // The ranges are disjoint: add each one's distance to its sextets.
    __m256i letters = _mm256_or_si256(_mm256_and_si256(upper, _mm256_set1_epi8(-'A')),
                                      _mm256_and_si256(lower, _mm256_set1_epi8(26 - 'a')));
    __m256i others = _mm256_or_si256(_mm256_and_si256(digit, _mm256_set1_epi8(52 - '0')),
                                     _mm256_or_si256(_mm256_and_si256(plus, _mm256_set1_epi8(62 - '+')),
                                                     _mm256_and_si256(slash, _mm256_set1_epi8(63 - '/'))));
    __m256i offset = _mm256_or_si256(letters, others);
    __m256i s = _mm256_add_epi8(v, offset);
    __m256i pairs = _mm256_maddubs_epi16(s, _mm256_set1_epi32(0x01400140));
    __m256i words = _mm256_madd_epi16(pairs, _mm256_set1_epi32(0x00011000));
    // 12 bytes per 128-bit lane, then the two lanes' 12 bytes side by side.
    __m256i lanes = _mm256_shuffle_epi8(
        words, _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1,
                                2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1));
    *bytes = _mm256_permutevar8x32_epi32(lanes, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7));
    return (uint32_t)_mm256_movemask_epi8(valid);
}

/// AVX2: at a quantum boundary, the whole quanta of the next 32 bytes up to the first byte outside the alphabet;
/// that byte (whitespace) and the 0-3 characters before it one at a time, by the same rules.
AVX2_TARGET static size_t run256(
    const uint8_t *src, size_t n, uint8_t *dst, size_t room, cbase64_quantum *quantum, size_t *produced) {
    uint32_t bits = quantum->bits, count = quantum->count;
    size_t i = 0, o = 0;
    while (i < n) {
        while (count == 0 && n - i >= 32 && room - o >= 32) {
            __m256i bytes;
            uint32_t valid = block256(src + i, &bytes);
            size_t quanta = (valid == 0xFFFFFFFFu ? 32 : (size_t)__builtin_ctz(~valid)) / 4;
            if (quanta == 0) break;
            _mm256_storeu_si256((__m256i *)(dst + o), bytes);
            i += quanta * 4;
            o += quanta * 3;
            if (quanta < 8) break;
        }
        if (i >= n) break;
        uint8_t c = src[i] < 128 ? sextets[src[i]] : 0xC0;
        if (c & 0x40) break;  // `=`, junk or an 8-bit byte: the Swift decoder takes over
        i++;
        if (c & 0x80) continue;  // whitespace
        bits = bits << 6 | c;
        if (++count == 4) {
            dst[o] = (uint8_t)(bits >> 16);
            dst[o + 1] = (uint8_t)(bits >> 8);
            dst[o + 2] = (uint8_t)bits;
            o += 3;
            bits = 0;
            count = 0;
        }
    }
    quantum->bits = bits;
    quantum->count = count;
    *produced = o;
    return i;
}

size_t cbase64_decode_run(
    int level, const uint8_t *src, size_t n, uint8_t *dst, size_t room, cbase64_quantum *quantum, size_t *produced) {
    if (level >= 2) return run512(src, n, dst, room, quantum, produced);
    return run256(src, n, dst, room, quantum, produced);
}

#else

int cbase64_vector_level(void) { return 0; }

size_t cbase64_decode_run(
    int level, const uint8_t *src, size_t n, uint8_t *dst, size_t room, cbase64_quantum *quantum, size_t *produced) {
    (void)level;
    (void)src; (void)n; (void)dst; (void)room; (void)quantum;
    *produced = 0;
    return 0;
}

#endif
