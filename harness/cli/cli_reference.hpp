#pragma once
// The command line's reference, generated from the CLI11 definitions themselves so it cannot
// drift from them: the man page, docs/cli.md's option tables, and bash, zsh and fish completions
// (`replycheck help --format`).

#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace replycheck::cli {

/// replycheck(1) in roff (man(7) macros).
std::string man_page(const CLI::App& app);

/// The Markdown reference of one command (its synopsis and options table), or of every
/// command when `path` is empty: the generated blocks of docs/cli.md.
std::string markdown_reference(const CLI::App& app, std::string_view path = {});

/// A bash completion script (the function `_replycheck`, registered with `complete`).
std::string bash_completion(const CLI::App& app);

/// A zsh completion function (`#compdef replycheck`, for a `_replycheck` file on $fpath).
std::string zsh_completion(const CLI::App& app);

/// fish completions (`complete -c replycheck …` lines).
std::string fish_completion(const CLI::App& app);

/// Adds `replycheck help [COMMAND [SUBCOMMAND]] [--format text|man|markdown|bash|zsh|fish]`.
void add_help_command(CLI::App& app, int& exit_code);

}  // namespace replycheck::cli
