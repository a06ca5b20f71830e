#include "protocol/json_lines.hpp"

#include <boost/json/serialize.hpp>

namespace replycheck::protocol {

std::string json_array_lines(const boost::json::array& elements) {
    if (elements.empty()) return "[]\n";
    std::string out = "[";
    for (const auto& element : elements) {
        out += out.size() == 1 ? "\n" : ",\n";
        out += boost::json::serialize(element);
    }
    return out + "\n]\n";
}

}  // namespace replycheck::protocol
