#include "CLibraryLoader.h"
#include <dlfcn.h>
#include <stdio.h>

int pkg_library_open(
    const char *const *names, const struct pkg_library_symbol *symbols, size_t count, const char *requirement,
    char *error, size_t capacity) {
    void *library = NULL;
    const char *name = NULL;
    for (const char *const *candidate = names; *candidate != NULL && library == NULL; candidate++) {
        name = *candidate;
        library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
        // The first name is the one a correct installation has: its failure is the one to report.
        if (library == NULL && candidate == names) {
            const char *reason = dlerror();
            snprintf(error, capacity, "%s", reason != NULL ? reason : "dlopen failed");
        }
    }
    if (library == NULL) return 0;
    for (size_t index = 0; index < count; index++) {
        void *address = dlsym(library, symbols[index].name);
        if (address == NULL) {
            snprintf(error, capacity, "%s has no `%s` (%s)", name, symbols[index].name, requirement);
            return 0;
        }
        *symbols[index].slot = address;
    }
    return 1;
}
