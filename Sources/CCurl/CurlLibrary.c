// libcurl is opened with dlopen the first time a request is sent, not linked into the binary.
// Linked, libcurl brings ~40 shared libraries (OpenSSL, GnuTLS, Kerberos, LDAP, libssh2, libpsl,
// ICU...) whose loading and constructors cost about 5 ms of CPU in every `pkg` run, a tenth of a
// no-op install on a large project, which sends no request at all.
#include "CCurl.h"
#include "CLibraryLoader.h"
#include <stdio.h>

#if defined(__APPLE__)
static const char *const library_names[] = {"libcurl.4.dylib", "libcurl.dylib", NULL};
#else
static const char *const library_names[] = {"libcurl.so.4", "libcurl.so", NULL};
#endif

static struct {
    CURLcode (*global_init)(long);
    char *(*version)(void);
    const char *(*easy_strerror)(CURLcode);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd[], unsigned int, int, int *);
    CURLMcode (*multi_wakeup)(CURLM *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    CURLMcode (*multi_cleanup)(CURLM *);
} api;

/// libcurl's process-wide setup, once its functions are resolved.
static const char *initialize(void) {
    static char message[256];
    CURLcode code = api.global_init(CURL_GLOBAL_ALL);
    if (code == CURLE_OK) return NULL;
    snprintf(message, sizeof message, "curl_global_init failed: %s", api.easy_strerror(code));
    return message;
}

static const struct pkg_library_symbol symbols[] = {
    {"curl_global_init", (void **)&api.global_init},
    {"curl_version", (void **)&api.version},
    {"curl_easy_strerror", (void **)&api.easy_strerror},
    {"curl_easy_init", (void **)&api.easy_init},
    {"curl_easy_cleanup", (void **)&api.easy_cleanup},
    {"curl_easy_setopt", (void **)&api.easy_setopt},
    {"curl_easy_getinfo", (void **)&api.easy_getinfo},
    {"curl_slist_append", (void **)&api.slist_append},
    {"curl_slist_free_all", (void **)&api.slist_free_all},
    {"curl_multi_init", (void **)&api.multi_init},
    {"curl_multi_setopt", (void **)&api.multi_setopt},
    {"curl_multi_add_handle", (void **)&api.multi_add_handle},
    {"curl_multi_remove_handle", (void **)&api.multi_remove_handle},
    {"curl_multi_perform", (void **)&api.multi_perform},
    {"curl_multi_poll", (void **)&api.multi_poll},
    {"curl_multi_wakeup", (void **)&api.multi_wakeup},
    {"curl_multi_info_read", (void **)&api.multi_info_read},
    {"curl_multi_cleanup", (void **)&api.multi_cleanup},
};

static struct pkg_library library = {
    library_names, symbols, sizeof symbols / sizeof symbols[0], "libcurl 7.77 or later is needed", initialize, PKG_LIBRARY_STATE,
};

const char *pkg_curl_load(void) { return pkg_library_load(&library); }

const char *pkg_curl_version(void) { return api.version(); }
const char *pkg_curl_easy_strerror(CURLcode code) { return api.easy_strerror(code); }
CURL *pkg_curl_easy_init(void) { return api.easy_init(); }
void pkg_curl_easy_cleanup(CURL *handle) { api.easy_cleanup(handle); }

CURLcode pkg_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode pkg_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode pkg_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode pkg_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode pkg_curl_easy_setopt_write_function(CURL *handle, CURLoption option, pkg_curl_write_callback value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode pkg_curl_easy_setopt_blob(CURL *handle, CURLoption option, const void *data, size_t length) {
    struct curl_blob blob;
    blob.data = (void *)data;
    blob.len = length;
    blob.flags = CURL_BLOB_COPY;
    return api.easy_setopt(handle, option, &blob);
}
CURLcode pkg_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return api.easy_getinfo(handle, info, value);
}
CURLcode pkg_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return api.easy_getinfo(handle, info, value);
}
CURLcode pkg_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return api.easy_getinfo(handle, info, value);
}

struct curl_slist *pkg_curl_slist_append(struct curl_slist *list, const char *string) {
    return api.slist_append(list, string);
}
void pkg_curl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }

CURLM *pkg_curl_multi_init(void) { return api.multi_init(); }
CURLMcode pkg_curl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return api.multi_setopt(handle, option, value);
}
CURLMcode pkg_curl_multi_add_handle(CURLM *multi, CURL *handle) { return api.multi_add_handle(multi, handle); }
CURLMcode pkg_curl_multi_remove_handle(CURLM *multi, CURL *handle) { return api.multi_remove_handle(multi, handle); }
CURLMcode pkg_curl_multi_perform(CURLM *multi, int *running) { return api.multi_perform(multi, running); }
CURLMcode pkg_curl_multi_poll(CURLM *multi, struct curl_waitfd extra_fds[], unsigned int extra_nfds, int timeout_ms, int *numfds) {
    return api.multi_poll(multi, extra_fds, extra_nfds, timeout_ms, numfds);
}
CURLMcode pkg_curl_multi_wakeup(CURLM *multi) { return api.multi_wakeup(multi); }
CURLMsg *pkg_curl_multi_info_read(CURLM *multi, int *messages_in_queue) { return api.multi_info_read(multi, messages_in_queue); }
CURLMcode pkg_curl_multi_cleanup(CURLM *multi) { return api.multi_cleanup(multi); }
