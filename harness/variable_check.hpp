#pragma once
// Before anything runs: every ${name} a step uses must be defined by then (file [suite] vars,
// the target, --vars-file, --var/--secret, a mock's exported ${http}/${ftp}/..., or a capture
// of an earlier step). An undefined name is a located load error that says how to define it,
// not a step that sends a blank request.

#include <set>
#include <string>
#include <vector>

#include "harness/scenario.hpp"
#include "protocol/config_error.hpp"

namespace replycheck::harness {

/// The names a mock set exports to the scenarios it serves (see runner.cpp).
inline const std::vector<std::string>& mock_variable_names() {
    static const std::vector<std::string> names{"http", "http_host", "http_port", "https", "https_port",
                                                "ftp", "ftp_host", "ftp_port", "ftpes", "ftps",
                                                "ftps_port", "tls_ca"};
    return names;
}

/// What a run knows when it checks one suite.
struct variable_context {
    std::set<std::string> defined;   ///< every name each scenario of the suite starts with
    std::string target;              ///< active target (its expect_on applies)
    std::string project_note;        ///< "no replycheck.toml found" or "targets in F: a, b"
};

/// Appends one located error per undefined name of `su` (at its first use in the file).
void check_variable_references(const suite& su, const variable_context& context,
                               std::vector<protocol::config_error>& errors);

}  // namespace replycheck::harness
