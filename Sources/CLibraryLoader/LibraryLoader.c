#include "CLibraryLoader.h"
#include <dlfcn.h>
#include <stdio.h>

static const char *open_and_resolve(struct pkg_library *library) {
    void *handle = NULL;
    const char *name = NULL;
    for (const char *const *candidate = library->names; *candidate != NULL && handle == NULL; candidate++) {
        name = *candidate;
        handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
        // The first name is the one a correct installation has: its failure is the one to report.
        if (handle == NULL && candidate == library->names) {
            const char *reason = dlerror();
            snprintf(library->message, sizeof library->message, "%s", reason != NULL ? reason : "dlopen failed");
        }
    }
    if (handle == NULL) return library->message;
    for (size_t index = 0; index < library->count; index++) {
        void *address = dlsym(handle, library->symbols[index].name);
        if (address == NULL) {
            snprintf(library->message, sizeof library->message, "%s has no `%s` (%s)", name, library->symbols[index].name,
                     library->requirement);
            return library->message;
        }
        *library->symbols[index].slot = address;
    }
    return library->initialize != NULL ? library->initialize() : NULL;
}

const char *pkg_library_load(struct pkg_library *library) {
    pthread_mutex_lock(&library->lock);
    if (!library->attempted) {
        library->failure = open_and_resolve(library);
        library->attempted = 1;
    }
    const char *failure = library->failure;
    pthread_mutex_unlock(&library->lock);
    return failure;
}
