// SPDX-License-Identifier: GPL-3.0-or-later
// HttpStore: one easy handle per request (requests run on the chunk loaders' threads).
#include "exporters/chunked/http_store.h"

#include <curl/curl.h>

#include <chrono>
#include <mutex>
#include <thread>

namespace bufferscope {

namespace {

struct Response
{
    long status = 0;
    std::vector<std::byte> body;
    std::size_t limit = 0; // stop reading past this many bytes (a server ignoring Range)
};

std::size_t onData(char *data, std::size_t size, std::size_t count, void *user)
{
    auto *response = static_cast<Response *>(user);
    const std::size_t n = size * count;
    const auto *bytes = reinterpret_cast<const std::byte *>(data);
    response->body.insert(response->body.end(), bytes, bytes + n);
    if (response->limit && response->body.size() > response->limit)
        return 0; // abort: more than any answer we can use
    return n;
}

class HttpStore : public ChunkStore
{
public:
    HttpStore(std::string root, HttpOptions options) : m_root(std::move(root)), m_options(options) {}

    std::string root() const override { return m_root; }

    Result<StoreBytes> get(const std::string &key) const override { return fetch(key, "", 0, 0); }

    Result<StoreBytes> getRange(const std::string &key, std::uint64_t offset,
                                std::uint64_t size) const override
    {
        if (size == 0)
            return StoreBytes{std::vector<std::byte>{}};
        auto got = fetch(key, std::to_string(offset) + "-" + std::to_string(offset + size - 1), offset, size);
        if (!got || !*got)
            return got;
        if ((*got)->size() != size)
            return shortValueError(key, offset + (*got)->size(), offset, size);
        return got;
    }

    Result<StoreBytes> getSuffix(const std::string &key, std::uint64_t size) const override
    {
        auto whole = get(key); // suffix ranges are not served by every server; values are small
        if (!whole || !*whole)
            return whole;
        const auto &bytes = **whole;
        if (bytes.size() < size)
            return shortValueError(key, bytes.size(), 0, size);
        return StoreBytes{std::vector<std::byte>(bytes.end() - std::ptrdiff_t(size), bytes.end())};
    }

    Result<std::vector<std::string>> list(const std::string &) const override
    {
        return makeError(ErrorCategory::Value, "zarr: '" + m_root + "' cannot be listed");
    }

private:
    // GET of url/key, optionally a byte range; a 200 answer to a range request is cut here.
    Result<StoreBytes> fetch(const std::string &key, const std::string &range, std::uint64_t offset,
                             std::uint64_t size) const
    {
        const std::string url = m_root + "/" + key;
        std::string cause;
        long backoff = m_options.backoffMs;
        for (int attempt = 1; attempt <= m_options.attempts; ++attempt) {
            std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
            if (!curl)
                return makeError(ErrorCategory::Io, "zarr: cannot start an HTTP request");
            Response response;
            char errors[CURL_ERROR_SIZE] = {};
            curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
            curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, onData);
            curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &response);
            curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, errors);
            curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
            curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
            curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, m_options.connectTimeoutMs);
            curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);
            curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_TIME, 30L);
            if (!range.empty()) {
                curl_easy_setopt(curl.get(), CURLOPT_RANGE, range.c_str());
                response.limit = static_cast<std::size_t>(offset + size) + 1;
            }
            const CURLcode code = curl_easy_perform(curl.get());
            curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &response.status);
            if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && response.limit)) {
                if (response.status == 404 || response.status == 403 || response.status == 410)
                    return StoreBytes{};
                if (response.status == 206 || (response.status == 200 && range.empty()))
                    return StoreBytes{std::move(response.body)};
                if (response.status == 200) { // Range ignored: the whole value (or its start)
                    if (response.body.size() < offset + size)
                        return shortValueError(key, response.body.size(), offset, size);
                    return StoreBytes{std::vector<std::byte>(response.body.begin() + std::ptrdiff_t(offset),
                                                             response.body.begin() + std::ptrdiff_t(offset + size))};
                }
                if (response.status == 416)
                    return shortValueError(key, 0, offset, size);
                cause = "HTTP status " + std::to_string(response.status);
                if (response.status < 500 && response.status != 429)
                    break; // the server will say the same again
            } else {
                cause = errors[0] ? errors : curl_easy_strerror(code);
            }
            if (attempt < m_options.attempts) {
                std::this_thread::sleep_for(std::chrono::milliseconds(backoff));
                backoff *= 2;
            }
        }
        return makeError(ErrorCategory::Io, "zarr: GET '" + url + "' failed after " +
                                                std::to_string(m_options.attempts) +
                                                (m_options.attempts == 1 ? " attempt: " : " attempts: ") + cause);
    }

    std::string m_root;
    HttpOptions m_options;
};

} // namespace

bool isHttpUrl(const std::string &path)
{
    return path.rfind("http://", 0) == 0 || path.rfind("https://", 0) == 0;
}

Result<std::shared_ptr<ChunkStore>> openHttpStore(const std::string &url, HttpOptions options)
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    std::string root = url;
    while (root.size() > 1 && root.back() == '/')
        root.pop_back();
    return std::shared_ptr<ChunkStore>(std::make_shared<HttpStore>(root, options));
}

} // namespace bufferscope
