#pragma once
// The mock HTTP origin server: correct RFC 9110 semantics over a root folder by default,
// scripted replies and faults on demand, and a journal of every request received.
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

struct http_mock_config;   // defined in http_mock_config.hpp
class http_journal;        // defined in http_journal.hpp
namespace tls { class tls_server; }   // mockserver/tls/tls_server.hpp

/// Reads a [mock.http] table. Relative paths resolve against `base_dir`;
/// errors throw protocol::config_error located in `file`.
http_mock_config load_http_mock_config(const toml::table& table,
                                       const std::filesystem::path& base_dir,
                                       const std::string& file);

struct http_script;         // defined in http_mock_config.hpp

/// Reads one script table (a [[mock.http.script]] item); `context` names it in messages.
/// Leaves `name` empty when the table gives none.
http_script load_http_script(const toml::table& table, const std::filesystem::path& base_dir,
                             const std::string& file, std::string context);

/// Reads one script written as JSON in the TOML schema (the admin API's body). Errors throw
/// protocol::config_error whose where().field is the JSON path ("replies[0].status"; "" for
/// the body itself). `body_file` must lie inside `root` (the mock's root folder).
http_script http_script_from_json(const boost::json::value& definition, const std::filesystem::path& root);

/// A running (or ready to run) mock HTTP server.
class http_mock {
public:
    /// `tls` starts TLS on the HTTPS listener (shared with the FTP mock of the same set); when
    /// the config has an HTTPS listener and none is given, start() makes one from default
    /// settings (a certificate issued by an authority made for the run).
    explicit http_mock(http_mock_config config, std::shared_ptr<tls::tls_server> tls = {});
    ~http_mock();
    http_mock(const http_mock&) = delete;
    http_mock& operator=(const http_mock&) = delete;

    /// Binds and starts serving on background threads; throws std::system_error if it cannot bind.
    void start();
    /// Stops accepting, closes connections, joins threads. Idempotent.
    void stop();

    /// The bound port (after start()).
    std::uint16_t port() const;
    /// "http://127.0.0.1:PORT"
    std::string base_url() const;
    /// The bound port of the HTTPS listener (after start()); 0 when there is none.
    std::uint16_t https_port() const;
    /// "https://127.0.0.1:PORT"; "" when there is no HTTPS listener.
    std::string https_base_url() const;
    /// HTTPS connections whose TLS did not start (failed handshakes and TLS script faults).
    std::uint64_t tls_failures() const;
    /// Everything received so far; safe to read while serving.
    const http_journal& journal() const;
    /// The journal, to clear it between test steps.
    http_journal& journal();
    /// The script engine's current state name (see http_script::state).
    std::string state() const;
    /// Enters state `name` (any name: a state no script names matches only state-less scripts).
    void set_state(std::string name);
    /// The initial state, then every state and next_state a script names, once each.
    std::vector<std::string> known_states() const;
    /// Resets script use counters (runtime scripts' too) and the state to the initial one.
    void reset_scripts();
    /// Adds a script at run time, tried before every other (newest first); its `times` counts
    /// from now. `definition` is kept to be listed by scripts_json(). Returns its id (1, 2, ...,
    /// never reused by this mock).
    std::uint64_t add_script(http_script script, boost::json::value definition);
    /// Removes runtime script `id`; false when there is none. A reply already using it completes.
    bool remove_script(std::uint64_t id);
    /// Removes every runtime script.
    void clear_runtime_scripts();
    /// Every script in match order (runtime newest first, then the file's): {"id", "source",
    /// "name", "uses", "times", "state", "next_state", and "definition" (runtime) or "where" (file)}.
    boost::json::array scripts_json() const;
    /// Back to the start: runtime scripts removed, use counters zeroed, initial state, journal cleared.
    void reset();
    /// The configuration the mock runs with.
    const http_mock_config& config() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace replycheck::mock
