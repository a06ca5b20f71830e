#include "protocol/json_toml.hpp"

#include <cstdint>
#include <limits>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

namespace replycheck::protocol {

namespace {

namespace json = boost::json;

[[noreturn]] void fail_at(const std::string& path, const std::string& message) {
    throw config_error({{}, 0, 0, path}, message);
}

toml::table json_object_to_table(const json::object& object, const std::string& path);
toml::array json_array_to_array(const json::array& array, const std::string& path);

// Inserts the TOML form of `value` through `put` (a table's insert or an array's push_back).
template <class Put>
void convert_json(const json::value& value, const std::string& path, Put&& put) {
    switch (value.kind()) {
        case json::kind::object: put(json_object_to_table(value.get_object(), path)); return;
        case json::kind::array: put(json_array_to_array(value.get_array(), path)); return;
        case json::kind::string: put(std::string(value.get_string())); return;
        case json::kind::int64: put(value.get_int64()); return;
        case json::kind::uint64: {
            const auto n = value.get_uint64();
            if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                fail_at(path, "integer " + std::to_string(n) + " is out of range (at most 9223372036854775807)");
            put(static_cast<std::int64_t>(n));
            return;
        }
        case json::kind::double_: put(value.get_double()); return;
        case json::kind::bool_: put(value.get_bool()); return;
        case json::kind::null: fail_at(path, "null is not a value here (leave the field out instead)");
    }
}

toml::table json_object_to_table(const json::object& object, const std::string& path) {
    toml::table table;
    for (const auto& member : object) {
        const std::string key(member.key());
        const std::string child = path.empty() ? key : path + "." + key;
        convert_json(member.value(), child, [&](auto&& v) { table.insert(key, std::forward<decltype(v)>(v)); });
    }
    return table;
}

toml::array json_array_to_array(const json::array& array, const std::string& path) {
    toml::array out;
    for (std::size_t i = 0; i < array.size(); ++i)
        convert_json(array[i], path + "[" + std::to_string(i) + "]",
                [&](auto&& v) { out.push_back(std::forward<decltype(v)>(v)); });
    return out;
}

}  // namespace

toml::table json_to_toml(const json::object& object) { return json_object_to_table(object, {}); }

}  // namespace replycheck::protocol
