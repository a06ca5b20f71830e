#pragma once
// The mock's default behaviour, when no script answers: an HTTP/1.1 origin over the root folder
// with the configured redirects and Basic auth prefixes (OPTIONS, GET/HEAD of files with
// validators and ranges, PUT/DELETE when writable). Builds the reply; sends nothing.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/http/http_files.hpp"
#include "mockserver/http/http_reply.hpp"
#include "mockserver/http/incoming_request.hpp"
#include "mockserver/http/http_server_state.hpp"

namespace replycheck::mock::detail {

/// The default answers of one connection (its storage is reused from request to request).
class origin {
public:
    /// Answers for connection `connection_id` (it names PUT's temporary file) from `cache`.
    origin(const server_state& state, file_cache& cache, std::uint64_t connection_id)
        : state_(state), cache_(cache), connection_id_(connection_id) {}

    /// Builds into `r` the answer to `request`, whose target's path part is `raw_path` and
    /// query `query` (both as sent).
    void answer(const http_request& request, std::string_view raw_path, std::string_view query, reply& r);

private:
    bool redirected(reply& r);
    bool authorized(reply& r);
    void get_file(reply& r);
    void serve_file(const file_entry& file, reply& r);
    void put_file(reply& r);
    void delete_file(reply& r);
    void error(reply& r, int status, int substatus = 0, std::string_view extra_fields = {});
    std::string allow_field() const { return "Allow: " + state_.allow_static + "\r\n"; }

    const server_state& state_;
    file_cache& cache_;
    std::uint64_t connection_id_;
    const http_request* request_ = nullptr;
    std::string_view query_;
    std::string path_;                  // normalized request path
    std::vector<byte_range> ranges_;
};

}  // namespace replycheck::mock::detail
