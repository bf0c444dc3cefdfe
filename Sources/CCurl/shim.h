#ifndef PKG_CCURL_SHIM_H
#define PKG_CCURL_SHIM_H
#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic macros-over-functions that Swift cannot call;
// these typed wrappers are the only way the Swift side sets options.
static inline CURLcode pkg_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode pkg_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode pkg_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode pkg_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}
typedef size_t (*pkg_curl_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode pkg_curl_easy_setopt_write_function(CURL *handle, CURLoption option, pkg_curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode pkg_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode pkg_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode pkg_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLMcode pkg_curl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}
// CURLOPT_CAINFO_BLOB takes a struct curl_blob; this wrapper builds one that libcurl copies, so the
// Swift side never keeps PEM bytes alive for the transfer's lifetime.
static inline CURLcode pkg_curl_easy_setopt_blob(CURL *handle, CURLoption option, const void *data, size_t length) {
    struct curl_blob blob;
    blob.data = (void *)data;
    blob.len = length;
    blob.flags = CURL_BLOB_COPY;
    return curl_easy_setopt(handle, option, &blob);
}
// CURLMsg.data is a union; reading the finished transfer's result through C avoids relying on how
// Swift imports anonymous unions.
static inline CURLcode pkg_curl_message_result(const CURLMsg *message) {
    return message->data.result;
}
#endif
