#ifndef PKG_CCURL_H
#define PKG_CCURL_H
// libcurl for PkgHTTP, loaded with dlopen on first use instead of linked (CurlLibrary.c says why).
// Call pkg_curl_load first and use only these pkg_curl_* functions: libcurl's own are not linked.
#include <curl/curl.h>
#include <stddef.h>

/// Loads libcurl and runs curl_global_init, once per process (thread-safe): NULL when libcurl is
/// ready, otherwise why not (the same message on every call).
const char *pkg_curl_load(void);

const char *pkg_curl_version(void);
const char *pkg_curl_easy_strerror(CURLcode code);

CURL *pkg_curl_easy_init(void);
void pkg_curl_easy_cleanup(CURL *handle);
// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call; these typed
// wrappers are the only way the Swift side sets options and reads results.
CURLcode pkg_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode pkg_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode pkg_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode pkg_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
typedef size_t (*pkg_curl_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
CURLcode pkg_curl_easy_setopt_write_function(CURL *handle, CURLoption option, pkg_curl_write_callback value);
// CURLOPT_CAINFO_BLOB takes a struct curl_blob; this wrapper builds one that libcurl copies, so the
// Swift side never keeps PEM bytes alive for the transfer's lifetime.
CURLcode pkg_curl_easy_setopt_blob(CURL *handle, CURLoption option, const void *data, size_t length);
CURLcode pkg_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode pkg_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value);
CURLcode pkg_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

struct curl_slist *pkg_curl_slist_append(struct curl_slist *list, const char *string);
void pkg_curl_slist_free_all(struct curl_slist *list);

CURLM *pkg_curl_multi_init(void);
CURLMcode pkg_curl_multi_setopt_long(CURLM *handle, CURLMoption option, long value);
CURLMcode pkg_curl_multi_add_handle(CURLM *multi, CURL *handle);
CURLMcode pkg_curl_multi_remove_handle(CURLM *multi, CURL *handle);
CURLMcode pkg_curl_multi_perform(CURLM *multi, int *running);
CURLMcode pkg_curl_multi_poll(CURLM *multi, struct curl_waitfd extra_fds[], unsigned int extra_nfds, int timeout_ms, int *numfds);
CURLMcode pkg_curl_multi_wakeup(CURLM *multi);
CURLMsg *pkg_curl_multi_info_read(CURLM *multi, int *messages_in_queue);
CURLMcode pkg_curl_multi_cleanup(CURLM *multi);

// CURLMsg.data is a union; reading the finished transfer's result through C avoids relying on how
// Swift imports anonymous unions.
static inline CURLcode pkg_curl_message_result(const CURLMsg *message) {
    return message->data.result;
}
#endif
