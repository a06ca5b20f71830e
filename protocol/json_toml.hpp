#pragma once
// JSON written in the schema of a TOML table (a mock script sent to the admin API, say) turned
// into that table, so one loader validates both. Pair with json_field_scope (config_error.hpp)
// to have the loader's errors name the JSON field path ("replies[0].status").

#include <boost/json/object.hpp>
#include <toml++/toml.h>

#include "protocol/config_error.hpp"

namespace replycheck::protocol {

/// Objects become tables, arrays arrays, strings strings, integers (int64, or uint64 up to
/// INT64_MAX) integers, doubles floats, booleans booleans. A null, or an unsigned integer
/// beyond int64, throws config_error with where().field set to its path.
toml::table json_to_toml(const boost::json::object& object);

}  // namespace replycheck::protocol
