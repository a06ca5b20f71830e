#include "mockserver/ftp/ftp_journal.hpp"

#include <utility>

#include <boost/json.hpp>

#include "protocol/exchange.hpp"
#include "protocol/iso8601.hpp"
#include "protocol/redactor.hpp"

namespace replycheck::mock {

namespace {

// The argument as the journal shows it, or nullopt when it holds no credentials. PASS carries
// a password and ACCT often one (RFC 959 §4.1.1): masked whole, whatever their form; other
// arguments as reports mask text (URL userinfo).
std::optional<std::string> masked_argument(const ftp_journal_entry& entry) {
    if (entry.argument.empty()) return std::nullopt;
    if (protocol::iequals(entry.command, "PASS") || protocol::iequals(entry.command, "ACCT")) return "****";
    auto masked = protocol::mask_credentials(entry.argument);
    if (masked == entry.argument) return std::nullopt;
    return masked;
}

}  // namespace

ftp_journal::ftp_journal(std::size_t cap) : cap_(cap == 0 ? 1 : cap) {}

std::uint64_t ftp_journal::record(ftp_journal_entry entry) {
    // Passwords never reach what the journal shows (it ends up in reports and CI logs).
    stored s{std::move(entry), std::nullopt};
    if (auto masked = masked_argument(s.entry))
        s.received_argument = std::exchange(s.entry.argument, std::move(*masked));
    std::uint64_t sequence = 0;
    {
        std::lock_guard lock(mutex_);
        if (entries_.size() >= cap_) {
            entries_.pop_front();
            ++first_sequence_;
        }
        sequence = first_sequence_ + entries_.size();
        s.entry.seq = sequence + 1;
        entries_.push_back(std::move(s));
        ++changes_;
    }
    changed_.notify_all();
    return sequence;
}

void ftp_journal::set_reply_code(std::uint64_t sequence, int code) {
    {
        std::lock_guard lock(mutex_);
        if (sequence < first_sequence_ || sequence - first_sequence_ >= entries_.size()) return;
        entries_[static_cast<std::size_t>(sequence - first_sequence_)].entry.reply_code = code;
        ++changes_;
    }
    changed_.notify_all();
}

std::vector<ftp_journal_entry> ftp_journal::snapshot() const {
    std::lock_guard lock(mutex_);
    std::vector<ftp_journal_entry> result;
    result.reserve(entries_.size());
    for (const auto& s : entries_) result.push_back(s.entry);
    return result;
}

std::vector<ftp_journal_entry> ftp_journal::session(std::uint64_t session_id) const {
    std::lock_guard lock(mutex_);
    std::vector<ftp_journal_entry> result;
    for (const auto& s : entries_)
        if (s.entry.session_id == session_id) result.push_back(s.entry);
    return result;
}

std::size_t ftp_journal::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

boost::json::value ftp_journal::to_json(bool with_credentials) const {
    std::vector<ftp_journal_entry> entries;
    {
        std::lock_guard lock(mutex_);
        entries.reserve(entries_.size());
        for (const auto& s : entries_) {
            entries.push_back(s.entry);
            if (with_credentials && s.received_argument) entries.back().argument = *s.received_argument;
        }
    }
    boost::json::array array;
    for (const auto& entry : entries) {
        boost::json::object object;
        object["session"] = entry.session_id;
        object["time"] = protocol::iso8601_utc_millis(entry.time);
        object["command"] = entry.command;
        object["argument"] = entry.argument;
        object["code"] = entry.reply_code;
        if (entry.tls) {
            boost::json::object tls;
            tls["version"] = entry.tls->version;
            tls["cipher"] = entry.tls->cipher;
            tls["implicit"] = entry.tls->implicit;
            if (!entry.tls->client_subject.empty()) tls["client_subject"] = entry.tls->client_subject;
            if (entry.tls->client_verdict != "none") tls["client_verdict"] = entry.tls->client_verdict;
            object["tls"] = std::move(tls);
        }
        array.push_back(std::move(object));
    }
    return array;
}

void ftp_journal::clear() {
    {
        std::lock_guard lock(mutex_);
        first_sequence_ += entries_.size();
        entries_.clear();
        ++changes_;
    }
    changed_.notify_all();
}

std::uint64_t ftp_journal::changes() const {
    std::lock_guard lock(mutex_);
    return changes_;
}

void ftp_journal::wait_for_change(std::uint64_t seen, std::chrono::steady_clock::time_point deadline) const {
    std::unique_lock lock(mutex_);
    changed_.wait_until(lock, deadline, [&] { return changes_ != seen; });
}

}  // namespace replycheck::mock
