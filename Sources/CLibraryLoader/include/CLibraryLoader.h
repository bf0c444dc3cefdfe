#ifndef PKG_CLIBRARYLOADER_H
#define PKG_CLIBRARYLOADER_H
// Opening a shared library on first use (CCurl, CArchive): the loop over candidate file names and
// the resolution of every needed function, with a message that says what is missing.
#include <stddef.h>

/// One function to resolve: its symbol name and the function-pointer variable to store it in.
struct pkg_library_symbol {
    const char *name;
    void **slot;
};

/// Opens the first of `names` (a NULL-terminated list) that the dynamic loader accepts and stores
/// the address of every one of `symbols` in its slot. Returns 1 when all are resolved; otherwise 0,
/// with the reason in `error`: the loader's message for the first name, or the missing symbol and
/// `requirement` (such as "libcurl 7.77 or later is needed").
int pkg_library_open(
    const char *const *names, const struct pkg_library_symbol *symbols, size_t count, const char *requirement,
    char *error, size_t capacity);
#endif
