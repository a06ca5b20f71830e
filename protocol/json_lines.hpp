#pragma once
// A JSON array written one element per line: valid JSON that stays readable and greppable
// (`replycheck codes --json`, `replycheck rules --json`).

#include <string>

#include <boost/json/array.hpp>

namespace replycheck::protocol {

/// "[\n" + each element serialized, separated by ",\n" + "\n]\n"; "[]\n" when empty.
std::string json_array_lines(const boost::json::array& elements);

}  // namespace replycheck::protocol
