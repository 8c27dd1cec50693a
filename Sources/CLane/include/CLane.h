#ifndef CLANE_H
#define CLANE_H
/* Lane operations Swift's SIMD types do not compile to one instruction. SIMD16<Double>.squareRoot() takes
   each lane's root alone, through the C library's errno-setting path (a compare and a branch per lane);
   clang's elementwise square root is vector instructions (vsqrtpd). Both are IEEE-754's correctly rounded
   root, so each lane's bits are the scalar root's. Swift imports the vector types as SIMD16<Double> and
   SIMD8<Double>. */
typedef double hwe_double8 __attribute__((ext_vector_type(8)));
typedef double hwe_double16 __attribute__((ext_vector_type(16)));

static inline __attribute__((always_inline)) hwe_double16 hwe_sqrt16(hwe_double16 x) {
    return __builtin_elementwise_sqrt(x);
}
/* A uniform number in [0, 1) in each lane from a 64-bit hash: its top 53 bits times 2^-53 (exact, as Swift's
   Double(UInt64) of a 53-bit integer is). Swift converts SIMD16<UInt64> to doubles lane by lane. */
typedef unsigned long long hwe_u64x16 __attribute__((ext_vector_type(16)));

static inline __attribute__((always_inline)) hwe_double16 hwe_unit16(hwe_u64x16 x) {
    return __builtin_convertvector(x >> 11, hwe_double16) * 0x1.0p-53;
}
/* Equal-width buckets of eight values at once: trunc(min(max(x, 0), top)) in each lane, where x is a value's
   offset from the lowest in bucket widths. Swift's SIMD conversion to integers checks each lane alone. */
typedef int hwe_int8 __attribute__((ext_vector_type(8)));

static inline __attribute__((always_inline)) hwe_int8 hwe_bucket8(hwe_double8 x, double top) {
    hwe_double8 clamped = __builtin_elementwise_min(__builtin_elementwise_max(x, (hwe_double8)0.0), (hwe_double8)top);
    return __builtin_convertvector(clamped, hwe_int8);
}
#endif
