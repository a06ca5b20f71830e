// Fuzzes the mock HTTP server's request reader (Beast's request parser with the mock's
// callbacks filling http_request), fed in random segments as a client would send them, with
// pipelined requests read one after another as the server does.
//
// Layout: [limits selector][split seed lo][split seed hi][request bytes...]

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "mockserver/http/incoming_request.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using replycheck::fuzz::byte_reader;
using replycheck::fuzz::split_rng;
using replycheck::mock::detail::http_request;
using replycheck::mock::detail::http_request_reader;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    byte_reader in(data, size);
    const std::uint8_t limits = in.byte();
    split_rng rng(in.u16());
    std::string_view bytes = in.rest();

    http_request request;
    std::string buffer;
    std::size_t pos = 0;
    for (int requests = 0; requests < 16; ++requests) {
        request.reset();
        http_request_reader reader(request);
        reader.header_limit((limits & 1) ? 64 : 8192);
        reader.body_limit((limits & 2) ? 16 : 1024 * 1024);
        reader.eager(true);
        boost::beast::error_code ec;
        bool finished = false;
        while (!finished) {
            if (!buffer.empty()) {
                std::size_t used = reader.put(boost::asio::buffer(buffer), ec);
                FUZZ_CHECK(used <= buffer.size(), buffer);
                buffer.erase(0, used);
                if (ec == boost::beast::http::error::need_more) {
                    ec = {};
                } else if (ec) {
                    return 0;   // the server answers 400/413/431 and closes
                }
                if (reader.is_done()) {
                    finished = true;
                    break;
                }
            }
            if (pos >= bytes.size()) {
                if (!reader.got_some()) return 0;
                reader.put_eof(ec);
                return 0;
            }
            std::size_t n = rng.chunk(48);
            buffer.append(bytes.substr(pos, n));
            pos += n;
        }
        // A complete request: the recorded parts must agree with what the parser saw.
        FUZZ_CHECK(request.field_count <= request.fields.size(), request.method);
        for (int index : {request.if_match, request.if_none_match, request.if_modified_since,
                          request.if_unmodified_since, request.if_range, request.range, request.expect,
                          request.authorization, request.host, request.content_length})
            FUZZ_CHECK(index < 0 || static_cast<std::size_t>(index) < request.field_count, request.method);
        FUZZ_CHECK(request.version == 10 || request.version == 11, request.method);
        FUZZ_CHECK(!request.method.empty(), request.target);
        if ((limits & 2) != 0) FUZZ_CHECK(request.body.size() <= 16, request.body);
        (void)request.find("host");
        (void)request.value(request.range);
    }
    return 0;
}
