// Debian's zlib (zlib1g-dev), for reading the DEFLATE entries of .xlsx packages that Excel and LibreOffice
// write. One call inflates a raw DEFLATE stream into a buffer of the size the ZIP directory declares.
#include <zlib.h>
#include <string.h>

// Inflates `src` (raw DEFLATE, no zlib header) into `dst`; returns the bytes written, or -1 when the data is
// corrupt or does not fill `dst` exactly.
static inline long czlib_inflate_raw(const unsigned char *src, unsigned long srcLen, unsigned char *dst, unsigned long dstLen) {
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit2(&s, -MAX_WBITS) != Z_OK) return -1;
    s.next_in = (unsigned char *)src;
    s.avail_in = (uInt)srcLen;
    s.next_out = dst;
    s.avail_out = (uInt)dstLen;
    int rc = inflate(&s, Z_FINISH);
    long written = (long)(dstLen - s.avail_out);
    inflateEnd(&s);
    return rc == Z_STREAM_END && (unsigned long)written == dstLen ? written : -1;
}

static inline unsigned long czlib_crc32(const unsigned char *bytes, unsigned long length) {
    return crc32(0L, bytes, (uInt)length);
}
