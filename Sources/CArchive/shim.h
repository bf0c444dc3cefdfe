#ifndef PKG_CARCHIVE_SHIM_H
#define PKG_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>
#endif
