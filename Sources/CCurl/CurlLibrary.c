// libcurl is opened with dlopen the first time a request is sent, not linked into the binary.
// Linked, libcurl brings ~40 shared libraries (OpenSSL, GnuTLS, Kerberos, LDAP, libssh2, libpsl,
// ICU...) whose loading and constructors cost about 5 ms of CPU in every `pkg` run, a tenth of a
// no-op install on a large project, which sends no request at all.
#include "CCurl.h"
#include "CLibraryLoader.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>

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

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int loaded = 0;
static char load_error[512];

#define SYMBOL(field, symbol) {symbol, (void **)&api.field}

static void load_library(void) {
    const struct pkg_library_symbol symbols[] = {
        SYMBOL(global_init, "curl_global_init"),
        SYMBOL(version, "curl_version"),
        SYMBOL(easy_strerror, "curl_easy_strerror"),
        SYMBOL(easy_init, "curl_easy_init"),
        SYMBOL(easy_cleanup, "curl_easy_cleanup"),
        SYMBOL(easy_setopt, "curl_easy_setopt"),
        SYMBOL(easy_getinfo, "curl_easy_getinfo"),
        SYMBOL(slist_append, "curl_slist_append"),
        SYMBOL(slist_free_all, "curl_slist_free_all"),
        SYMBOL(multi_init, "curl_multi_init"),
        SYMBOL(multi_setopt, "curl_multi_setopt"),
        SYMBOL(multi_add_handle, "curl_multi_add_handle"),
        SYMBOL(multi_remove_handle, "curl_multi_remove_handle"),
        SYMBOL(multi_perform, "curl_multi_perform"),
        SYMBOL(multi_poll, "curl_multi_poll"),
        SYMBOL(multi_wakeup, "curl_multi_wakeup"),
        SYMBOL(multi_info_read, "curl_multi_info_read"),
        SYMBOL(multi_cleanup, "curl_multi_cleanup"),
    };
    if (!pkg_library_open(library_names, symbols, sizeof symbols / sizeof symbols[0], "libcurl 7.77 or later is needed", load_error, sizeof load_error)) {
        return;
    }
    CURLcode code = api.global_init(CURL_GLOBAL_ALL);
    if (code != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed: %s", api.easy_strerror(code));
        return;
    }
    loaded = 1;
}

int pkg_curl_load(char *error, size_t capacity) {
    pthread_once(&load_once, load_library);
    if (!loaded && error != NULL && capacity > 0) snprintf(error, capacity, "%s", load_error);
    return loaded;
}

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
