// SPDX-License-Identifier: GPL-3.0-or-later
// A Zarr store behind HTTP(S), read with libcurl: each key is the URL root + "/" + key, a
// missing key (404, 403 as object stores answer) is an absent key, byte ranges use Range
// requests (a server that ignores them and sends the whole value is handled too). Transfer
// failures (refused connections, 5xx, truncated bodies) are retried with a short back-off;
// after the last attempt the error names the URL and the cause:
//   Io "zarr: GET 'http://127.0.0.1:8000/a.zarr/0.0' failed after 3 attempts: Transferred a partial file"
#pragma once

#include "exporters/chunked/chunk_store.h"

namespace bufferscope {

bool isHttpUrl(const std::string &path);

struct HttpOptions
{
    int attempts = 3;
    long connectTimeoutMs = 10000;
    long backoffMs = 100; // doubled after each failed attempt
};

Result<std::shared_ptr<ChunkStore>> openHttpStore(const std::string &url, HttpOptions options = {});

} // namespace bufferscope
