// `replycheck rules [http|ftp] [--json]`: every conformance rule with its level and RFC section.
// The hidden `--markdown` prints docs/conformance-rules.md.
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "harness/cli/commands.hpp"
#include "protocol/rules/rules.hpp"

namespace replycheck::cli {
namespace {

namespace p = replycheck::protocol;

struct rules_options {
    std::string protocol;  // "" = both
    bool json = false;
    bool markdown = false;
};

int run_rules(const rules_options& opts) {
    if (opts.markdown) {
        std::cout << p::rules_markdown();
        return exit_ok;
    }
    if (opts.json) {
        std::cout << p::rules_json();
        return exit_ok;
    }
    std::size_t id_width = 0;
    for (const auto& r : p::all_rules()) id_width = std::max(id_width, r.id.size());
    for (const auto& r : p::all_rules()) {
        if (!opts.protocol.empty() && r.protocol != opts.protocol) continue;
        std::cout << fmt::format("{:<{}}  {:<6}  {:<22}  {}\n", r.id, id_width, p::to_string(r.level), r.section,
                                 r.description);
    }
    return exit_ok;
}

}  // namespace

void add_rules_command(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<rules_options>();
    auto* cmd = app.add_subcommand("rules", "List the conformance rules (id, level, RFC section, description)");
    cmd->add_option("protocol", opts->protocol, "Only the rules of this protocol")
        ->check(CLI::IsMember({"http", "ftp"}));
    cmd->add_flag("--json", opts->json, "Print the rules as a JSON array");
    // Hidden: regenerates docs/conformance-rules.md.
    cmd->add_flag("--markdown", opts->markdown, "")->group("");
    cmd->callback([opts, &exit_code] { exit_code = run_rules(*opts); });
}

}  // namespace replycheck::cli
