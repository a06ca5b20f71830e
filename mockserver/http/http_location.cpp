#include "mockserver/http/http_location.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/rfc/pchars.hpp>

namespace replycheck::mock::detail {

namespace urls = boost::urls;

std::string location_value(std::string_view base, std::string_view decoded_path, std::string_view raw_query) {
    // RFC 3986 §3.3: a path holds pchars and '/'; '%' itself is encoded, the path being decoded.
    static constexpr auto path_chars = urls::pchars + '/';
    static constexpr auto query_chars = urls::pchars + '/' + '?';
    std::string out(base);
    out += urls::encode(decoded_path, path_chars);
    if (!raw_query.empty()) {
        out += '?';
        if (urls::parse_query(raw_query)) out += raw_query;
        else out += urls::encode(raw_query, query_chars);
    }
    return out;
}

}  // namespace replycheck::mock::detail
