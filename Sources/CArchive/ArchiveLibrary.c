// libarchive is opened with dlopen the first time a tarball is read, not linked into the binary:
// linked, it brings libxml2 (and with it ICU), liblzma, libzstd, liblz4, libbz2, libnettle and
// libacl, whose loading costs about 2 ms of CPU in every `pkg` run, including the ones (a no-op
// install, `pkg run`) that read no tarball.
#include "CArchive.h"
#include "CLibraryLoader.h"

#if defined(__APPLE__)
static const char *const library_names[] = {"libarchive.13.dylib", "libarchive.dylib", NULL};
#else
static const char *const library_names[] = {"libarchive.so.13", "libarchive.so", NULL};
#endif

static struct {
    const char *(*version_details)(void);
    struct archive *(*read_new)(void);
    int (*read_support_format_tar)(struct archive *);
    int (*read_open)(struct archive *, void *, archive_open_callback *, archive_read_callback *, archive_close_callback *);
    int (*read_next_header)(struct archive *, struct archive_entry **);
    int (*read_data_block)(struct archive *, const void **, size_t *, la_int64_t *);
    int (*read_data_skip)(struct archive *);
    la_int64_t (*filter_bytes)(struct archive *, int);
    const char *(*error_string)(struct archive *);
    int (*read_free)(struct archive *);
    const char *(*entry_pathname)(struct archive_entry *);
    const char *(*entry_pathname_utf8)(struct archive_entry *);
    const char *(*entry_hardlink)(struct archive_entry *);
    const char *(*entry_hardlink_utf8)(struct archive_entry *);
    const char *(*entry_symlink)(struct archive_entry *);
    const char *(*entry_symlink_utf8)(struct archive_entry *);
    __LA_MODE_T (*entry_filetype)(struct archive_entry *);
    __LA_MODE_T (*entry_perm)(struct archive_entry *);
    la_int64_t (*entry_size)(struct archive_entry *);
    int (*entry_size_is_set)(struct archive_entry *);
    int (*entry_sparse_count)(struct archive_entry *);
} api;

static const struct pkg_library_symbol symbols[] = {
    {"archive_version_details", (void **)&api.version_details},
    {"archive_read_new", (void **)&api.read_new},
    {"archive_read_support_format_tar", (void **)&api.read_support_format_tar},
    {"archive_read_open", (void **)&api.read_open},
    {"archive_read_next_header", (void **)&api.read_next_header},
    {"archive_read_data_block", (void **)&api.read_data_block},
    {"archive_read_data_skip", (void **)&api.read_data_skip},
    {"archive_filter_bytes", (void **)&api.filter_bytes},
    {"archive_error_string", (void **)&api.error_string},
    {"archive_read_free", (void **)&api.read_free},
    {"archive_entry_pathname", (void **)&api.entry_pathname},
    {"archive_entry_pathname_utf8", (void **)&api.entry_pathname_utf8},
    {"archive_entry_hardlink", (void **)&api.entry_hardlink},
    {"archive_entry_hardlink_utf8", (void **)&api.entry_hardlink_utf8},
    {"archive_entry_symlink", (void **)&api.entry_symlink},
    {"archive_entry_symlink_utf8", (void **)&api.entry_symlink_utf8},
    {"archive_entry_filetype", (void **)&api.entry_filetype},
    {"archive_entry_perm", (void **)&api.entry_perm},
    {"archive_entry_size", (void **)&api.entry_size},
    {"archive_entry_size_is_set", (void **)&api.entry_size_is_set},
    {"archive_entry_sparse_count", (void **)&api.entry_sparse_count},
};

static struct pkg_library library = {
    library_names, symbols, sizeof symbols / sizeof symbols[0], "libarchive 3.4 or later is needed", NULL, PKG_LIBRARY_STATE,
};

const char *pkg_archive_load(void) { return pkg_library_load(&library); }

const char *pkg_archive_version_details(void) { return api.version_details(); }
struct archive *pkg_archive_read_new(void) { return api.read_new(); }
int pkg_archive_read_support_format_tar(struct archive *archive) { return api.read_support_format_tar(archive); }
int pkg_archive_read_open(
    struct archive *archive, void *client_data, archive_open_callback *open, archive_read_callback *read,
    archive_close_callback *close) {
    return api.read_open(archive, client_data, open, read, close);
}
int pkg_archive_read_next_header(struct archive *archive, struct archive_entry **entry) {
    return api.read_next_header(archive, entry);
}
int pkg_archive_read_data_block(struct archive *archive, const void **buffer, size_t *size, la_int64_t *offset) {
    return api.read_data_block(archive, buffer, size, offset);
}
int pkg_archive_read_data_skip(struct archive *archive) { return api.read_data_skip(archive); }
la_int64_t pkg_archive_filter_bytes(struct archive *archive, int filter) { return api.filter_bytes(archive, filter); }
const char *pkg_archive_error_string(struct archive *archive) { return api.error_string(archive); }
int pkg_archive_read_free(struct archive *archive) { return api.read_free(archive); }

const char *pkg_archive_entry_pathname(struct archive_entry *entry) { return api.entry_pathname(entry); }
const char *pkg_archive_entry_pathname_utf8(struct archive_entry *entry) { return api.entry_pathname_utf8(entry); }
const char *pkg_archive_entry_hardlink(struct archive_entry *entry) { return api.entry_hardlink(entry); }
const char *pkg_archive_entry_hardlink_utf8(struct archive_entry *entry) { return api.entry_hardlink_utf8(entry); }
const char *pkg_archive_entry_symlink(struct archive_entry *entry) { return api.entry_symlink(entry); }
const char *pkg_archive_entry_symlink_utf8(struct archive_entry *entry) { return api.entry_symlink_utf8(entry); }
unsigned int pkg_archive_entry_filetype(struct archive_entry *entry) { return (unsigned int)api.entry_filetype(entry); }
unsigned int pkg_archive_entry_perm(struct archive_entry *entry) { return (unsigned int)api.entry_perm(entry); }
la_int64_t pkg_archive_entry_size(struct archive_entry *entry) { return api.entry_size(entry); }
int pkg_archive_entry_size_is_set(struct archive_entry *entry) { return api.entry_size_is_set(entry); }
int pkg_archive_entry_sparse_count(struct archive_entry *entry) { return api.entry_sparse_count(entry); }
