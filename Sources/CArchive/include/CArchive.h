#ifndef PKG_CARCHIVE_H
#define PKG_CARCHIVE_H
// libarchive for PkgArchive, loaded with dlopen on first use instead of linked (ArchiveLibrary.c
// says why). Call pkg_archive_load first and use only these pkg_archive_* functions. zlib is linked.
#include <archive.h>
#include <archive_entry.h>
// zlib, which libarchive itself links: PkgArchive inflates gzip itself to see member boundaries
// (libarchive reads concatenated gzip members as one stream) and deflates npm-identical tarballs.
#include <zlib.h>
#include <stddef.h>

/// Loads libarchive once per process (thread-safe): NULL when it is ready, otherwise why not (the
/// same message on every call).
const char *pkg_archive_load(void);

const char *pkg_archive_version_details(void);
struct archive *pkg_archive_read_new(void);
int pkg_archive_read_support_format_tar(struct archive *archive);
int pkg_archive_read_open(
    struct archive *archive, void *client_data, archive_open_callback *open, archive_read_callback *read,
    archive_close_callback *close);
int pkg_archive_read_next_header(struct archive *archive, struct archive_entry **entry);
int pkg_archive_read_data_block(struct archive *archive, const void **buffer, size_t *size, la_int64_t *offset);
int pkg_archive_read_data_skip(struct archive *archive);
la_int64_t pkg_archive_filter_bytes(struct archive *archive, int filter);
const char *pkg_archive_error_string(struct archive *archive);
int pkg_archive_read_free(struct archive *archive);

const char *pkg_archive_entry_pathname(struct archive_entry *entry);
const char *pkg_archive_entry_pathname_utf8(struct archive_entry *entry);
const char *pkg_archive_entry_hardlink(struct archive_entry *entry);
const char *pkg_archive_entry_hardlink_utf8(struct archive_entry *entry);
const char *pkg_archive_entry_symlink(struct archive_entry *entry);
const char *pkg_archive_entry_symlink_utf8(struct archive_entry *entry);
unsigned int pkg_archive_entry_filetype(struct archive_entry *entry);
unsigned int pkg_archive_entry_perm(struct archive_entry *entry);
la_int64_t pkg_archive_entry_size(struct archive_entry *entry);
int pkg_archive_entry_size_is_set(struct archive_entry *entry);
int pkg_archive_entry_sparse_count(struct archive_entry *entry);

// zlib's init functions are macros, which Swift does not import.
static inline int pkg_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 16); // 16: expect a gzip wrapper, nothing else
}
static inline int pkg_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
#endif
