#pragma once
// Where a password given on the command line really is. Every local user can read a process's
// arguments (ps, /proc/PID/cmdline), so `--user`, `--auth` and `--credential` may name the place
// instead of holding the secret: "file:PATH" (the first line of PATH), "env:VAR", "pass:TEXT"
// (TEXT itself, for a password that starts with one of these prefixes), or the text itself.

#include <optional>
#include <string>

namespace replycheck::protocol {

/// The password `spec` names. nullopt with `error` set ("environment variable 'X' is not set",
/// "cannot read password file 'F'") when it cannot be had; the error never holds a secret.
std::optional<std::string> resolve_secret(const std::string& spec, std::string& error);

}  // namespace replycheck::protocol
