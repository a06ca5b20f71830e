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

#include "harness/reproduce/ftp_session_plan.hpp"
#include "harness/reproduce/plan_support.hpp"
#include "protocol/glob_match.hpp"
#include "protocol/logs/log_summary.hpp"

namespace replycheck::reproduce {

using namespace detail;

namespace {

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
    default: c.how = provocation::plain; break;
    }
    // A request the log shows authenticated is replayed with that user's credential, whatever
    // the provocation (without it a protected path answers 401, RFC 9110 §11.6.1, not the
    // logged code); a bare 401 is the challenge to a request without one.
    if (credential && !(c.status == 401 && sub == 0)) {
        c.password_var = passwords.variable(c.user);
        if (c.how == provocation::plain) c.how = provocation::with_credential;
    }
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
    reproduce_plan plan;
    skip_book skips{plan.skipped};   // after `plan`: it refers to plan.skipped

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
            skips.add(
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
    auto& skips = x.skips;
    auto& sessions = x.sessions;
    auto& order = x.order;
    auto& http = x.http;
    // FTP sessions: selected when one of their commands has a selected code / argument.
    std::vector<std::optional<ftp_session_case>> ftp(sessions.size());
    auto selected = [&x](int status, std::optional<int> substatus) { return x.code_selected(status, substatus); };
    for (std::size_t s = 0; s < sessions.size(); ++s)
        ftp[s] = plan_ftp_session(sessions[s], options, selected, passwords, skips, plan.entries_selected);

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
