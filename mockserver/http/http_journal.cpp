#include "mockserver/http/http_journal.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include <boost/json.hpp>

#include "protocol/iso8601.hpp"
#include "protocol/redactor.hpp"
#include "protocol/wire/ascii.hpp"

namespace replycheck::mock {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// JSON strings must be valid UTF-8; raw request bytes may not be, so other bytes are
// written as \u00XX code points (Latin-1 view of the octets).
std::string json_safe(std::string_view bytes) {
    bool ascii = std::all_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) return std::string(bytes);
    std::string out;
    out.reserve(bytes.size() + 16);
    for (char c : bytes) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x80) {
            out.push_back(c);
        } else {
            out.push_back(static_cast<char>(0xC0 | (u >> 6)));
            out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
        }
    }
    return out;
}

// Masks what reports mask (protocol::mask_credentials); true when `text` changed.
bool mask(std::string& text) {
    auto masked = protocol::mask_credentials(text);
    if (masked == text) return false;
    text = std::move(masked);
    return true;
}

// A field is masked as the line it was sent as, so the redactor sees its name.
bool mask(std::pair<std::string, std::string>& field) {
    const std::string prefix = field.first + ": ";
    auto masked = protocol::mask_credentials(prefix + field.second);
    if (masked.compare(prefix.size(), std::string::npos, field.second) == 0) return false;
    field.second = masked.compare(0, prefix.size(), prefix) == 0 ? masked.substr(prefix.size())
                                                                   : std::string(protocol::redactor::mask);
    return true;
}

// Chunked content (RFC 9112 §7.1) can cut a form field in the raw bytes where the decoded
// content shows it whole, and masked: raw content other than (a start of) the masked content is
// then masked whole.
void mask_framed_content(std::string& raw, std::string_view masked_body) {
    const auto crlf = raw.find("\n\r\n"), lf = raw.find("\n\n");
    const auto blank = std::min(crlf, lf);
    if (blank == std::string::npos) return;
    const auto content = blank + (blank == crlf ? 3 : 2);
    if (masked_body.starts_with(std::string_view(raw).substr(content))) return;
    raw.resize(content);
    raw += protocol::redactor::mask;
}

// `e` with its credentials and secrets masked (Authorization and Proxy-Authorization values, URL
// userinfo, Cookie values, secret-named fields, query parameters and form fields), or nullopt
// when it holds none.
std::optional<http_journal_entry> masked_copy(const http_journal_entry& e) {
    std::string raw = protocol::mask_credentials(e.raw);
    std::string body = protocol::mask_credentials(e.body);
    // The raw bytes hold the request line and every field: when they hold no credentials,
    // neither do the parsed parts (the common case: one pass, nothing copied). The content is
    // checked apart: decoded from chunks, a form field may have been cut in the raw bytes.
    if (raw == e.raw && body == e.body && !e.raw_truncated && !e.raw.empty()) return std::nullopt;
    if (body != e.body) mask_framed_content(raw, body);
    http_journal_entry m = e;
    bool changed = raw != e.raw || body != e.body;
    m.raw = std::move(raw);
    m.body = std::move(body);
    changed = mask(m.target) || changed;
    for (auto& field : m.headers) changed = mask(field) || changed;
    if (!changed) return std::nullopt;
    return m;
}

}  // namespace

std::string_view http_journal_entry::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return {};
}

boost::json::object to_json(const http_journal_entry& e) {
    boost::json::array headers;
    for (const auto& [k, v] : e.headers) headers.push_back(boost::json::array{json_safe(k), json_safe(v)});
    boost::json::object o;
    o["connection"] = e.connection_id;
    o["client"] = e.client;
    o["time"] = protocol::iso8601_utc_millis(e.time);
    o["method"] = json_safe(e.method);
    o["target"] = json_safe(e.target);
    o["version"] = json_safe(e.version);
    o["headers"] = std::move(headers);
    o["body"] = json_safe(e.body);
    if (e.body_truncated) o["body_truncated"] = true;
    o["raw"] = json_safe(e.raw);
    if (e.raw_truncated) o["raw_truncated"] = true;
    o["status"] = e.status;
    o["rule"] = e.script;  // the documented key, kept from before scripts had their name
    if (e.tls) {
        boost::json::object t;
        t["version"] = e.tls->version;
        t["cipher"] = e.tls->cipher;
        t["alpn"] = e.tls->alpn;
        t["sni"] = json_safe(e.tls->server_name);
        t["client_subject"] = json_safe(e.tls->client_subject);
        t["client_verdict"] = tls::to_string(e.tls->client_verdict);
        o["tls"] = std::move(t);
    }
    if (!e.tls_error.empty()) o["tls_error"] = json_safe(e.tls_error);
    return o;
}

std::string summary(const http_journal_entry& e) {
    using protocol::printable_excerpt;
    std::string line = "http #" + std::to_string(e.seq) + ' ' + (e.client.empty() ? "-" : e.client) + ' ';
    if (!e.tls_error.empty()) return line + "TLS failed: " + printable_excerpt(e.tls_error);
    if (e.method.empty()) line += "(unusable request)";
    else line += '"' + printable_excerpt(e.method) + ' ' + printable_excerpt(e.target) + ' ' + e.version + '"';
    line += e.status != 0 ? ' ' + std::to_string(e.status) : std::string(" (no status)");
    if (!e.script.empty()) line += " (script \"" + printable_excerpt(e.script) + "\")";
    return line;
}

http_journal::http_journal(std::size_t cap) : cap_(cap == 0 ? 1 : cap) {}

void http_journal::record(http_journal_entry entry) {
    // Credentials never reach what the journal shows (it ends up in reports and CI logs).
    stored s;
    if (auto masked = masked_copy(entry)) {
        s.entry = std::move(*masked);
        s.received = std::make_unique<http_journal_entry>(std::move(entry));
    } else {
        s.entry = std::move(entry);
    }
    std::shared_ptr<const observer> notify;
    std::optional<stored> seen;   // what the observer gets, copied only when there is one
    {
        std::lock_guard lock(mutex_);
        ++total_;
        s.entry.seq = total_;
        if (s.received) s.received->seq = total_;
        ++changes_;
        if (entries_.size() >= cap_) entries_.pop_front();
        if ((notify = observer_))
            seen.emplace(stored{s.entry, s.received ? std::make_unique<http_journal_entry>(*s.received) : nullptr});
        entries_.push_back(std::move(s));
    }
    changed_.notify_all();
    if (notify) (*notify)(seen->entry, seen->received ? *seen->received : seen->entry);
}

void http_journal::set_observer(observer o) {
    auto next = o ? std::make_shared<const observer>(std::move(o)) : nullptr;
    std::lock_guard lock(mutex_);
    observer_ = std::move(next);
}

std::vector<http_journal_entry> http_journal::snapshot(bool with_credentials) const {
    std::lock_guard lock(mutex_);
    std::vector<http_journal_entry> out;
    out.reserve(entries_.size());
    for (const auto& s : entries_) out.push_back(with_credentials && s.received ? *s.received : s.entry);
    return out;
}

std::vector<http_journal_entry> http_journal::connection(std::uint64_t connection_id) const {
    std::lock_guard lock(mutex_);
    std::vector<http_journal_entry> out;
    for (const auto& s : entries_)
        if (s.entry.connection_id == connection_id) out.push_back(s.entry);
    return out;
}

std::size_t http_journal::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

std::uint64_t http_journal::total() const {
    std::lock_guard lock(mutex_);
    return total_;
}

boost::json::value http_journal::to_json(bool with_credentials) const {
    std::vector<http_journal_entry> entries;
    {
        std::lock_guard lock(mutex_);
        entries.reserve(entries_.size());
        for (const auto& s : entries_) entries.push_back(with_credentials && s.received ? *s.received : s.entry);
    }
    boost::json::array out;
    out.reserve(entries.size());
    for (const auto& e : entries) out.push_back(mock::to_json(e));
    return out;
}

void http_journal::clear() {
    {
        std::lock_guard lock(mutex_);
        entries_.clear();
        ++changes_;
    }
    changed_.notify_all();
}

void http_journal::set_cap(std::size_t cap) {
    std::lock_guard lock(mutex_);
    cap_ = cap == 0 ? 1 : cap;
    while (entries_.size() > cap_) entries_.pop_front();
}

std::uint64_t http_journal::changes() const {
    std::lock_guard lock(mutex_);
    return changes_;
}

void http_journal::wait_for_change(std::uint64_t seen, std::chrono::steady_clock::time_point deadline) const {
    std::unique_lock lock(mutex_);
    changed_.wait_until(lock, deadline, [&] { return changes_ != seen; });
}

}  // namespace replycheck::mock
