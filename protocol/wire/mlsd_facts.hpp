#pragma once
// MLSD / MLST entries (RFC 3659 §7): "fact=value;fact=value; name".

#include "protocol/wire/parse_result.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace replycheck::protocol {

/// One machine-listing entry.
struct mlsd_entry {
    std::map<std::string, std::string> facts;   ///< fact names lower-cased ("type", "size", "modify")
    std::string name;                           ///< the pathname after the single space

    /// The fact's value, or "" when absent (name case-insensitive).
    std::string fact(std::string_view fact_name) const;
};

/// Parses one entry line (without line ending; a leading space as in MLST replies is allowed).
parse_result<mlsd_entry> parse_mlsd_facts(std::string_view line);

/// Parses MLSD data-connection content: one result per non-empty line (CRLF or LF).
std::vector<parse_result<mlsd_entry>> parse_mlsd_listing(std::string_view data);

}  // namespace replycheck::protocol
