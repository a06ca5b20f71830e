#pragma once
// The mock FTP server: a correct RFC 959 server (with the 2389/2428/3659 extensions) over a
// root folder by default, scripted replies and data-connection faults on demand, and a journal.
// (Interface agreed across the project; members may be added, not removed.)

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <toml++/toml.h>

namespace replycheck::mock {

struct ftp_mock_config;    // defined in ftp_mock_config.hpp
class ftp_journal;         // defined in ftp_journal.hpp
namespace tls {
class tls_server;          // defined in mockserver/tls/tls_server.hpp
}

/// Reads a [mock.ftp] table. Relative paths resolve against `base_dir`;
/// errors throw protocol::config_error located in `file`.
ftp_mock_config load_ftp_mock_config(const toml::table& table,
                                     const std::filesystem::path& base_dir,
                                     const std::string& file);

struct ftp_script;          // defined in ftp_mock_config.hpp

/// Reads one script table (a [[mock.ftp.script]] item); `context` names it in messages.
/// Leaves `name` empty when the table gives none.
ftp_script load_ftp_script(const toml::table& table, const std::filesystem::path& base_dir,
                           const std::string& file, std::string context);

/// Reads one script written as JSON in the TOML schema (the admin API's body). Errors throw
/// protocol::config_error whose where().field is the JSON path ("match.command"; "" for the
/// body itself). `root` is the mock's root folder.
ftp_script ftp_script_from_json(const boost::json::value& definition, const std::filesystem::path& root);

/// A running (or ready to run) mock FTP server.
class ftp_mock {
public:
    /// `tls` serves AUTH TLS, the implicit FTPS listener and PROT P data connections; when the
    /// configuration needs TLS and none is given, start() makes one from default settings.
    explicit ftp_mock(ftp_mock_config config, std::shared_ptr<tls::tls_server> tls = {});
    ~ftp_mock();
    ftp_mock(const ftp_mock&) = delete;
    ftp_mock& operator=(const ftp_mock&) = delete;

    /// Binds and starts serving on background threads; throws std::system_error if it cannot bind.
    void start();
    /// Stops accepting, closes sessions, joins threads. Idempotent.
    void stop();

    /// The bound control port (after start()).
    std::uint16_t port() const;
    /// "ftp://127.0.0.1:PORT"
    std::string base_url() const;
    /// The bound implicit FTPS port (after start()); 0 when there is no such listener.
    std::uint16_t ftps_port() const;
    /// The TLS server in use (after start()); null when the mock offers no TLS.
    std::shared_ptr<tls::tls_server> tls_server() const;
    /// Every command received so far, per session (PASS masked); safe to read while serving.
    const ftp_journal& journal() const;
    /// The journal, to clear it between test steps.
    ftp_journal& journal();

    /// The scripts' current state name (see ftp_script::state).
    std::string state() const;
    /// Enters state `name` (any name: a state no script names matches only state-less scripts).
    void set_state(std::string name);
    /// The initial state, then every state and next_state a script names, once each.
    std::vector<std::string> known_states() const;
    /// Adds a script at run time, tried before every other (newest first); its `times` counts
    /// from now. `definition` is kept to be listed by scripts_json(). Returns its id (1, 2, ...,
    /// never reused by this mock).
    std::uint64_t add_script(ftp_script script, boost::json::value definition);
    /// Removes runtime script `id`; false when there is none. A command already using it completes.
    bool remove_script(std::uint64_t id);
    /// Removes every runtime script.
    void clear_runtime_scripts();
    /// Every script in match order (runtime newest first, then the file's): {"id", "source",
    /// "name", "uses", "times", "state", "next_state", and "definition" (runtime) or "where" (file)}.
    boost::json::array scripts_json() const;
    /// Back to the start: runtime scripts removed, use counters zeroed, initial state, journal cleared.
    void reset();
    /// The configuration the mock runs with.
    const ftp_mock_config& config() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace replycheck::mock
