#ifndef PKG_CARCHIVE_SHIM_H
#define PKG_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>
// zlib, which libarchive itself links: PkgArchive inflates gzip itself to see member boundaries
// (libarchive reads concatenated gzip members as one stream) and deflates npm-identical tarballs.
#include <zlib.h>

// zlib's init functions are macros, which Swift does not import.
static inline int pkg_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 16); // 16: expect a gzip wrapper, nothing else
}
static inline int pkg_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
#endif
