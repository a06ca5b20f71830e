// Builds the reproduction plan from log records: selection (--status, --path, --limit),
// one case per distinct HTTP (method, target, code) and per FTP session, the provocation
// each logged code needs, and the safety rules (unsafe methods and commands are skipped).

#include "harness/reproduce/reproduce_plan.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "protocol/logs/log_summary.hpp"
#include "protocol/glob_match.hpp"

namespace replycheck::reproduce {

namespace {

std::string upper(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && upper(a) == upper(b);
}

std::string code_of(int status, std::optional<int> substatus) {
    if (substatus && *substatus != 0) return fmt::format("{}.{}", status, *substatus);
    return std::to_string(status);
}

/// An HTTP method is a token (RFC 9110 §9.1); a garbled request line is not replayable.
bool is_token(std::string_view text) {
    if (text.empty() || text.size() > 32) return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '_' || c == '.' || c == '!' || c == '~' || c == '*' || c == '+' || c == '\'' ||
               c == '#' || c == '$' || c == '%' || c == '&' || c == '^' || c == '`' || c == '|';
    });
}

std::string_view path_of(std::string_view target) {
    return target.substr(0, target.find('?'));
}

/// Codes no request can bring back: they record what the client or the connection did.
const char* unprovokable_reason(int status) {
    switch (status) {
    case 101: return "101 is a protocol switch (Upgrade), not replayed";
    case 408: return "408 depends on how slowly the client sent its request";
    case 444: return "444 is nginx closing the connection without a reply";
    case 499: return "499 is nginx noting that the client closed the connection";
    default: return nullptr;
    }
}

bool is_anonymous_user(std::string_view user) {
    return iequals(user, "anonymous") || iequals(user, "ftp");
}

bool login_accepted(int code) { return code == 230 || code == 202 || code == 332; }

/// Hands out ${password_N} names per logged user, in order of first use.
class password_book {
public:
    explicit password_book(const plan_options& options) : options_(options) {}

    bool have(const std::string& user) const {
        if (options_.any_password) return true;
        return std::find(options_.users_with_password.begin(), options_.users_with_password.end(), user) !=
               options_.users_with_password.end();
    }
    std::string variable(const std::string& user) {
        auto it = names_.find(user);
        if (it != names_.end()) return it->second;
        auto name = fmt::format("password_{}", names_.size() + 1);
        names_.emplace(user, name);
        vars_.push_back({name, user});
        return name;
    }
    std::vector<password_var> take() { return std::move(vars_); }

private:
    const plan_options& options_;
    std::map<std::string, std::string> names_;
    std::vector<password_var> vars_;
};

/// Chooses how the logged code is provoked (the registry's "provoke with").
void choose_provocation(http_case& c, password_book& passwords) {
    int sub = c.substatus.value_or(0);
    bool credential = !c.user.empty() && passwords.have(c.user);
    switch (c.status) {
    case 304: c.how = provocation::conditional; break;
    case 206: {
        // The logged size bounds the range; any range from 0 is satisfiable on a non-empty file.
        std::uint64_t size = c.bytes.value_or(0);
        if (size == 0) size = 1;
        size = std::min<std::uint64_t>(size, 1 << 20);
        c.how = provocation::range;
        c.range_header = fmt::format("bytes=0-{}", size - 1);
        break;
    }
    case 416:
        c.how = provocation::range_past_end;
        c.range_header = "bytes=1099511627776-";
        break;
    case 401:
        c.how = sub != 0 && credential ? provocation::with_credential : provocation::no_credentials;
        break;
    case 405: c.how = provocation::method_not_allowed; break;
    case 412: c.how = provocation::if_match_mismatch; break;
    default:
        // A success logged for a user came with that user's credential: without it a protected
        // path answers 401 (RFC 9110 §11.6.1), not the logged code.
        c.how = credential && c.status < 300 ? provocation::with_credential : provocation::plain;
        break;
    }
    // A request the log shows authenticated is replayed with that user's credential, whatever
    // the provocation; a bare 401 is the challenge to a request without one.
    if (credential && !(c.status == 401 && sub == 0)) {
        c.password_var = passwords.variable(c.user);
        if (c.how == provocation::plain) c.how = provocation::with_credential;
    }
}

void note_time(log_origin& origin, const std::optional<std::chrono::sys_seconds>& time) {
    if (!time) return;
    if (!origin.first_time || *time < *origin.first_time) origin.first_time = time;
    if (!origin.last_time || *time > *origin.last_time) origin.last_time = time;
}

log_origin origin_of(const logs::log_record& r) {
    log_origin o;
    o.file = r.file;
    o.line = r.line;
    o.first_time = r.time;
    o.last_time = r.time;
    return o;
}

/// Merges skips with the same what/code/reason into one line with a count.
void add_skip(std::vector<skipped_entry>& skipped, std::map<std::string, std::size_t>& index,
              skipped_entry entry) {
    auto key = entry.what + '\n' + entry.code + '\n' + entry.reason;
    if (auto it = index.find(key); it != index.end()) {
        ++skipped[it->second].count;
        return;
    }
    index.emplace(key, skipped.size());
    skipped.push_back(std::move(entry));
}

bool is_transfer(std::string_view verb) {
    return verb == "RETR" || verb == "LIST" || verb == "NLST" || verb == "MLSD" || verb == "STOR" ||
           verb == "STOU" || verb == "APPE";
}

bool is_data_setup(std::string_view verb) {
    return verb == "PASV" || verb == "EPSV" || verb == "PORT" || verb == "EPRT" || verb == "LPSV" ||
           verb == "LPRT";
}

}  // namespace

std::string_view to_string(provocation kind) noexcept {
    switch (kind) {
    case provocation::plain: return "plain";
    case provocation::conditional: return "conditional";
    case provocation::range: return "range";
    case provocation::range_past_end: return "range_past_end";
    case provocation::no_credentials: return "no_credentials";
    case provocation::with_credential: return "with_credential";
    case provocation::method_not_allowed: return "method_not_allowed";
    case provocation::if_match_mismatch: return "if_match_mismatch";
    }
    return "plain";
}

std::string http_case::code() const { return code_of(status, substatus); }

bool is_safe_http_method(std::string_view method) noexcept {
    // RFC 9110 §9.2.1: safe methods; TRACE is left out (it echoes credentials back).
    return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

bool is_read_only_ftp_command(std::string_view verb) noexcept {
    static constexpr std::array<std::string_view, 27> read_only{
        "USER", "PASS", "ACCT", "CWD",  "XCWD", "CDUP", "XCUP", "PWD",  "XPWD", "TYPE",
        "MODE", "STRU", "SYST", "FEAT", "SIZE", "MDTM", "LIST", "NLST", "MLSD", "MLST",
        "RETR", "STAT", "NOOP", "HELP", "QUIT", "OPTS", "REST"};
    return std::find(read_only.begin(), read_only.end(), verb) != read_only.end();
}

bool is_ftp_pseudo_command(std::string_view verb) noexcept {
    // IIS FTP logs channel events as commands: ControlChannelOpened, DataChannelClosed, ...
    return verb.find("Channel") != std::string_view::npos || verb == "-";
}

struct plan_builder::impl {
    plan_options options;
    std::optional<logs::status_filter> filter;   // none: every code
    password_book passwords{options};
    std::map<std::string, std::size_t> skip_index;
    reproduce_plan plan;

    // Cases in order of first occurrence, HTTP and FTP interleaved, so --limit keeps the earliest.
    struct pending { bool ftp; std::size_t index; };
    std::vector<pending> order;
    std::vector<http_case> http;
    std::map<std::tuple<std::string, std::string, int, int>, std::size_t> http_index;

    // FTP: records grouped by (file, session); a record without session stands alone (xferlog).
    std::vector<std::vector<logs::log_record>> sessions;
    std::map<std::pair<std::string, std::string>, std::size_t> session_index;

    explicit impl(plan_options o) : options(std::move(o)) {
        std::string joined, ignored;
        for (const auto& s : options.statuses) joined += (joined.empty() ? "" : ",") + s;
        if (!joined.empty()) filter = logs::status_filter::parse(joined, ignored);
    }

    bool code_selected(int status, std::optional<int> substatus) const {
        return !filter || filter->matches(status, substatus);
    }

    void add_ftp(logs::log_record r) {
        if (r.session.empty()) {
            order.push_back({true, sessions.size()});
            sessions.emplace_back().push_back(std::move(r));
            return;
        }
        auto key = std::make_pair(r.file, r.session);
        auto [it, fresh] = session_index.emplace(std::move(key), sessions.size());
        if (fresh) {
            order.push_back({true, sessions.size()});
            sessions.emplace_back();
        }
        sessions[it->second].push_back(std::move(r));
    }

    /// R is a log_entry (views) or a log_record (owned): HTTP entries are filtered, checked for
    /// safety and merged before anything is copied.
    template <class R>
    void add_http(const R& r, std::string_view file) {
        if (!code_selected(r.status, r.substatus)) return;
        std::string_view target = r.target;
        if (!options.path_glob.empty() && !protocol::glob_match(options.path_glob, path_of(target)) &&
            !protocol::glob_match(options.path_glob, target))
            return;
        ++plan.entries_selected;
        std::string method = upper(r.method);
        auto skip = [&](std::string reason) {
            add_skip(plan.skipped, skip_index,
                     {fmt::format("{} {}", r.method, target), code_of(r.status, r.substatus), std::move(reason),
                      std::string(file), r.line, 1});
        };
        if (r.status == 0) return skip("no status logged");
        if (!is_token(r.method)) return skip("the request line is not a replayable request");
        if (target.empty() || target.front() != '/')
            return skip(target == "*" ? "OPTIONS * has no URL to replay"
                                      : "only origin-form targets (/path) are replayed, not proxy requests");
        if (auto why = unprovokable_reason(r.status)) return skip(why);
        if (!is_safe_http_method(method) && !options.unsafe)
            return skip(fmt::format("unsafe method {} (replayed only with --unsafe)", method));
        // A success the log shows authenticated needs that user's password (never guessed).
        std::string_view user = r.user;
        if (!user.empty() && r.status >= 200 && r.status < 400 && !passwords.have(std::string(user)))
            return skip(fmt::format("the request was authenticated as {} (give --credential {}:PASSWORD or "
                                    "REPLYCHECK_PASSWORD)", user, user));
        auto key = std::make_tuple(method, std::string(target), r.status, r.substatus.value_or(0));
        auto [it, fresh] = http_index.emplace(std::move(key), http.size());
        if (!fresh) {
            auto& c = http[it->second];
            ++c.origin.count;
            note_time(c.origin, r.time);
            if (c.user.empty()) c.user = r.user;
            return;
        }
        http_case c;
        c.method = method;
        c.target = target;
        c.host = r.host;
        c.status = r.status;
        if (r.substatus && *r.substatus != 0) c.substatus = r.substatus;
        c.win32 = r.win32;
        c.bytes = r.bytes;
        c.user = r.user;
        c.origin.file = file;
        c.origin.line = r.line;
        c.origin.first_time = r.time;
        c.origin.last_time = r.time;
        order.push_back({false, http.size()});
        http.push_back(std::move(c));
    }
};

plan_builder::plan_builder(plan_options options) : impl_(std::make_unique<impl>(std::move(options))) {}
plan_builder::~plan_builder() = default;

void plan_builder::add(const logs::log_record& record) {
    ++impl_->plan.entries_read;
    if (record.protocol == logs::log_protocol::ftp) impl_->add_ftp(record);
    else impl_->add_http(record, record.file);
}

void plan_builder::add(const logs::log_entry& entry, std::string_view file) {
    ++impl_->plan.entries_read;
    if (entry.protocol == logs::log_protocol::ftp) impl_->add_ftp(logs::log_record::from(entry, file));
    else impl_->add_http(entry, file);
}

reproduce_plan build_plan(const std::vector<logs::log_record>& records, const plan_options& options) {
    plan_builder builder(options);
    for (const auto& r : records) builder.add(r);
    return builder.finish();
}

reproduce_plan plan_builder::finish() {
    auto& x = *impl_;
    auto& plan = x.plan;
    auto& options = x.options;
    auto& passwords = x.passwords;
    auto& skip_index = x.skip_index;
    auto& sessions = x.sessions;
    auto& order = x.order;
    auto& http = x.http;
    // FTP sessions: selected when one of their commands has a selected code / argument.
    std::vector<std::optional<ftp_session_case>> ftp(sessions.size());
    for (std::size_t s = 0; s < sessions.size(); ++s) {
        const auto& records_of = sessions[s];
        bool code_hit = false, path_hit = options.path_glob.empty();
        for (const auto& rec : records_of) {
            const auto* r = &rec;
            if (is_ftp_pseudo_command(r->method) || r->status == 0) continue;
            if (x.code_selected(r->status, r->substatus)) code_hit = true;
            if (!path_hit && !r->target.empty() && protocol::glob_match(options.path_glob, r->target))
                path_hit = true;
        }
        if (!code_hit || !path_hit) continue;
        plan.entries_selected += records_of.size();

        const auto& first = records_of.front();
        ftp_session_case fc;
        fc.session = first.session;
        fc.client = first.client;
        fc.origin = origin_of(first);
        fc.origin.count = records_of.size();
        for (const auto& r : records_of) note_time(fc.origin, r.time);
        std::string session_label = first.session.empty()
                                        ? fmt::format("FTP transfer {}:{}", first.file, first.line)
                                        : fmt::format("FTP session {}", first.session);
        std::string current_user;
        std::optional<std::string> refusal;   // why the whole session cannot be replayed
        bool logged_login = std::any_of(records_of.begin(), records_of.end(), [](const auto& r) {
            auto verb = upper(r.method);
            return verb == "USER" || verb == "PASS";
        });
        if (!logged_login && !first.user.empty()) {
            // xferlog and the like log a transfer with its user, not the login: add one.
            ftp_command user{"USER", first.user, 0, {}, 0, false, false, {}, true, {}};
            ftp_command pass{"PASS", "***", 0, {}, 0, false, false, {}, true, {}};
            current_user = first.user;
            fc.user = first.user;
            fc.login_succeeded = true;
            if (is_anonymous_user(first.user)) {
                fc.anonymous = true;
            } else if (passwords.have(first.user)) {
                pass.password_var = passwords.variable(first.user);
                fc.password_var = pass.password_var;
            } else {
                refusal = fmt::format("the transfer needs {}'s password (give --credential {}:PASSWORD "
                                      "or REPLYCHECK_PASSWORD)", first.user, first.user);
            }
            fc.commands.push_back(std::move(user));
            fc.commands.push_back(std::move(pass));
        }
        for (const auto& rec : records_of) {
            const auto* r = &rec;
            if (is_ftp_pseudo_command(r->method)) continue;
            std::string verb = upper(r->method);
            if (is_data_setup(verb)) continue;   // each transfer opens its own data connection
            ftp_command cmd;
            cmd.verb = verb;
            cmd.argument = verb == "PASS" || verb == "ACCT" ? "***" : r->target;
            cmd.code = r->status;
            cmd.reply_text = r->reply_text;
            cmd.line = r->line;
            cmd.transfer = is_transfer(verb);
            if (cmd.transfer) cmd.bytes = r->bytes;
            if (verb == "CONNECT") {
                fc.commands.push_back(std::move(cmd));
                continue;
            }
            if (!is_read_only_ftp_command(verb) && !options.unsafe) {
                bool writes = is_transfer(verb) || verb == "DELE" || verb == "RMD" || verb == "MKD" ||
                              verb == "RNFR" || verb == "RNTO" || verb == "SITE" || verb == "XMKD" ||
                              verb == "XRMD";
                std::string what = r->target.empty() ? verb : verb + " " + r->target;
                add_skip(plan.skipped, skip_index,
                         {what + " in " + session_label, code_of(r->status, {}),
                          writes ? fmt::format("{} changes the server (replayed only with --unsafe)", verb)
                                 : fmt::format("{} is not a known read-only command (replayed only with --unsafe)",
                                               verb),
                          r->file, r->line, 1});
                continue;
            }
            if (verb == "USER") {
                current_user = r->target;
                if (fc.user.empty()) fc.user = current_user;
                if (login_accepted(r->status)) fc.login_succeeded = true;
            } else if (verb == "PASS") {
                if (login_accepted(r->status)) {
                    fc.login_succeeded = true;
                    if (is_anonymous_user(current_user)) {
                        fc.anonymous = true;
                    } else if (!current_user.empty() && passwords.have(current_user)) {
                        cmd.password_var = passwords.variable(current_user);
                        if (fc.password_var.empty()) fc.password_var = cmd.password_var;
                    } else if (!refusal) {
                        refusal = current_user.empty()
                                      ? std::string("a login succeeded for a user the log does not name")
                                      : fmt::format("the login of {} succeeded and needs the password (give "
                                                    "--credential {}:PASSWORD or REPLYCHECK_PASSWORD)",
                                                    current_user, current_user);
                    }
                } else if (r->status != 0) {
                    // 530 (or another refusal): a deliberately wrong password gives it back.
                    cmd.wrong_password = true;
                    if (!fc.wrong_password_at) fc.wrong_password_at = fc.commands.size();
                }
            }
            fc.commands.push_back(std::move(cmd));
        }
        if (refusal) {
            add_skip(plan.skipped, skip_index,
                     {session_label + (fc.user.empty() ? "" : " (" + fc.user + ")"), "", *refusal, first.file,
                      first.line, 1});
            continue;
        }
        bool replayable = std::any_of(fc.commands.begin(), fc.commands.end(),
                                      [](const ftp_command& c) { return c.code != 0; });
        if (!replayable) {
            add_skip(plan.skipped, skip_index,
                     {session_label, "", "no command with a logged reply is left to replay", first.file,
                      first.line, 1});
            continue;
        }
        ftp[s] = std::move(fc);
    }

    // Keep the earliest cases up to --limit; name them; choose provocations.
    std::size_t kept = 0;
    for (const auto& p : order) {
        if (options.limit != 0 && kept >= options.limit) break;
        if (p.ftp) {
            if (!ftp[p.index]) continue;
            auto& fc = *ftp[p.index];
            fc.name = fmt::format("ftp-{} {}{}", plan.ftp.size() + 1,
                                  fc.session.empty() ? "transfer" : "session " + fc.session,
                                  fc.user.empty() ? "" : " (" + fc.user + ")");
            plan.ftp.push_back(std::move(fc));
        } else {
            auto& c = http[p.index];
            choose_provocation(c, passwords);
            std::string target = c.target.size() > 100 ? c.target.substr(0, 97) + "..." : c.target;
            c.name = fmt::format("http-{} {} {} (logged {})", plan.http.size() + 1, c.method, target, c.code());
            plan.http.push_back(std::move(c));
        }
        ++kept;
    }
    // Only the variables the kept cases use.
    std::set<std::string> used;
    for (const auto& c : plan.http)
        if (!c.password_var.empty()) used.insert(c.password_var);
    for (const auto& fc : plan.ftp)
        for (const auto& cmd : fc.commands)
            if (!cmd.password_var.empty()) used.insert(cmd.password_var);
    for (auto& v : passwords.take())
        if (used.count(v.name)) plan.passwords.push_back(std::move(v));
    return std::move(plan);
}

}  // namespace replycheck::reproduce
