// libarchive is opened with dlopen the first time a tarball is read, not linked into the binary:
// linked, it brings libxml2 (and with it ICU), liblzma, libzstd, liblz4, libbz2, libnettle and
// libacl, whose loading costs about 2 ms of CPU in every `pkg` run, including the ones (a no-op
// install, `pkg run`) that read no tarball.
#include "CArchive.h"
#include "CLibraryLoader.h"
#include <pthread.h>
#include <stdio.h>

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

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int loaded = 0;
static char load_error[512];

#define SYMBOL(field, symbol) {symbol, (void **)&api.field}

static void load_library(void) {
    const struct pkg_library_symbol symbols[] = {
        SYMBOL(version_details, "archive_version_details"),
        SYMBOL(read_new, "archive_read_new"),
        SYMBOL(read_support_format_tar, "archive_read_support_format_tar"),
        SYMBOL(read_open, "archive_read_open"),
        SYMBOL(read_next_header, "archive_read_next_header"),
        SYMBOL(read_data_block, "archive_read_data_block"),
        SYMBOL(read_data_skip, "archive_read_data_skip"),
        SYMBOL(filter_bytes, "archive_filter_bytes"),
        SYMBOL(error_string, "archive_error_string"),
        SYMBOL(read_free, "archive_read_free"),
        SYMBOL(entry_pathname, "archive_entry_pathname"),
        SYMBOL(entry_pathname_utf8, "archive_entry_pathname_utf8"),
        SYMBOL(entry_hardlink, "archive_entry_hardlink"),
        SYMBOL(entry_hardlink_utf8, "archive_entry_hardlink_utf8"),
        SYMBOL(entry_symlink, "archive_entry_symlink"),
        SYMBOL(entry_symlink_utf8, "archive_entry_symlink_utf8"),
        SYMBOL(entry_filetype, "archive_entry_filetype"),
        SYMBOL(entry_perm, "archive_entry_perm"),
        SYMBOL(entry_size, "archive_entry_size"),
        SYMBOL(entry_size_is_set, "archive_entry_size_is_set"),
        SYMBOL(entry_sparse_count, "archive_entry_sparse_count"),
    };
    if (!pkg_library_open(library_names, symbols, sizeof symbols / sizeof symbols[0], "libarchive 3.4 or later is needed", load_error, sizeof load_error)) {
        return;
    }
    loaded = 1;
}

int pkg_archive_load(char *error, size_t capacity) {
    pthread_once(&load_once, load_library);
    if (!loaded && error != NULL && capacity > 0) snprintf(error, capacity, "%s", load_error);
    return loaded;
}

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
