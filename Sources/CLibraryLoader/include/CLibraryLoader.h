#ifndef PKG_CLIBRARYLOADER_H
#define PKG_CLIBRARYLOADER_H
// Opening a shared library on first use (CCurl, CArchive): the loop over candidate file names,
// the resolution of every needed function with a message that says what is missing, and doing it
// once per process.
#include <pthread.h>
#include <stddef.h>

/// One function to resolve: its symbol name and the function-pointer variable to store it in.
struct pkg_library_symbol {
    const char *name;
    void **slot;
};

/// A library to load: a static description, then the loader's own state (`PKG_LIBRARY_STATE`).
struct pkg_library {
    /// Candidate file names, the one a correct installation has first; NULL-terminated.
    const char *const *names;
    const struct pkg_library_symbol *symbols;
    size_t count;
    /// What a missing symbol means, such as "libcurl 7.77 or later is needed".
    const char *requirement;
    /// Runs once after every symbol is resolved (libcurl's global setup); NULL, or why it failed.
    const char *(*initialize)(void);
    pthread_mutex_t lock;
    int attempted;
    const char *failure;
    char message[512];
};

#define PKG_LIBRARY_STATE PTHREAD_MUTEX_INITIALIZER, 0, NULL, {0}

/// Loads `library` once per process (thread-safe; later calls return the first answer): NULL
/// when every function is resolved and initialized, otherwise why not (the loader's message for
/// the first file name, the missing symbol with the requirement, or `initialize`'s message).
const char *pkg_library_load(struct pkg_library *library);
#endif
