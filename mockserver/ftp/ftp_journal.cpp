#include "mockserver/ftp/ftp_journal.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <utility>

#include <boost/json.hpp>

#include "protocol/exchange.hpp"
#include "protocol/iso8601.hpp"
#include "protocol/redactor.hpp"
#include "protocol/utf8.hpp"
#include "protocol/wire/ascii.hpp"

namespace replycheck::mock {

namespace {

// A PASS or ACCT however it was sent still carries a password (RFC 959 §4.1.1): with bytes
// before the verb (a tab, a NUL), or the verb run into its argument by a tab, a NUL or even a
// letter ("PASSsecret" is read as the verb "PASSSECRET"; no FTP verb but PASS and ACCT starts
// with those four letters). The verb is split off so that the argument is masked like any other.
void split_glued_secret(ftp_journal_entry& entry) {
    std::string_view command = entry.command;
    const auto letter = std::find_if(command.begin(), command.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    const auto lead = static_cast<std::size_t>(letter - command.begin());
    command.remove_prefix(lead);
    if (command.size() < 4 || (command.size() == 4 && lead == 0)) return;
    const auto verb = command.substr(0, 4);
    if (!protocol::iequals(verb, "PASS") && !protocol::iequals(verb, "ACCT")) return;
    entry.argument = std::string(command.substr(4)) + (entry.argument.empty() ? "" : " " + entry.argument);
    entry.command = std::string(verb);
}

// The argument as the journal shows it, or nullopt when it holds no credentials. PASS carries
// a password and ACCT often one (RFC 959 §4.1.1): masked whole, whatever their form. A USER
// argument may carry one too, as the logins of FTP proxies and some clients do ("USER
// name:password", "USER name password"): what follows the first ':' or space is masked. Other
// arguments are masked as reports mask text (URL userinfo).
std::optional<std::string> masked_argument(const ftp_journal_entry& entry) {
    if (entry.argument.empty()) return std::nullopt;
    if (protocol::iequals(entry.command, "PASS") || protocol::iequals(entry.command, "ACCT")) return "****";
    if (protocol::iequals(entry.command, "USER")) {
        const auto cut = entry.argument.find_first_of(": \t");
        if (cut != std::string::npos && cut + 1 < entry.argument.size()) return entry.argument.substr(0, cut + 1) + "****";
    }
    auto masked = protocol::mask_credentials(entry.argument);
    if (masked == entry.argument) return std::nullopt;
    return masked;
}

}  // namespace

boost::json::object to_json(const ftp_journal_entry& entry) {
    boost::json::object object;
    object["session"] = entry.session_id;
    object["time"] = protocol::iso8601_utc_millis(entry.time);
    object["command"] = protocol::utf8_or_latin1(entry.command);
    object["argument"] = protocol::utf8_or_latin1(entry.argument);
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
    return object;
}

std::string summary(const ftp_journal_entry& e) {
    std::string line = "ftp #" + std::to_string(e.seq) + " session " + std::to_string(e.session_id) + ' ' +
                       protocol::printable_excerpt(e.command);
    if (!e.argument.empty()) line += (e.command.empty() ? "" : " ") + protocol::printable_excerpt(e.argument);
    return line + (e.reply_code != 0 ? " -> " + std::to_string(e.reply_code) : std::string(" -> (no reply)"));
}

ftp_journal::ftp_journal(std::size_t cap) : cap_(cap == 0 ? 1 : cap) {}

// An FTP entry is complete when its final reply code is set (RFC 959 §4.2: 2yz to 5yz; after a
// 1yz another reply follows), and is observed then, before the client reads that reply. One
// that never gets a final code (the client closed, a failed TLS handshake, a 150 and no more) is
// complete when its session ends: the session calls end_session when it is destroyed, at its
// end or when stop() destroys it. Entries dropped (cap, clear) before that are observed as they are.
std::uint64_t ftp_journal::record(ftp_journal_entry entry) {
    // Passwords never reach what the journal shows (it ends up in reports and CI logs).
    stored s{std::move(entry), std::nullopt};
    split_glued_secret(s.entry);
    if (auto masked = masked_argument(s.entry))
        s.received_argument = std::exchange(s.entry.argument, std::move(*masked));
    std::uint64_t sequence = 0;
    std::shared_ptr<const observer> notify;
    std::vector<observed> dropped;
    {
        std::lock_guard lock(mutex_);
        notify = observer_;
        if (entries_.size() >= cap_) {
            if (notify) take_unreported(first_sequence_, dropped);
            entries_.pop_front();
            ++first_sequence_;
        }
        sequence = first_sequence_ + entries_.size();
        s.entry.seq = sequence + 1;
        entries_.push_back(std::move(s));
        if (notify) unreported_.push_back(sequence);
        ++changes_;
    }
    changed_.notify_all();
    deliver(notify, dropped);
    return sequence;
}

void ftp_journal::set_reply_code(std::uint64_t sequence, int code) {
    std::shared_ptr<const observer> notify;
    std::vector<observed> complete;
    {
        std::lock_guard lock(mutex_);
        if (sequence < first_sequence_ || sequence - first_sequence_ >= entries_.size()) return;
        entries_[static_cast<std::size_t>(sequence - first_sequence_)].entry.reply_code = code;
        ++changes_;
        notify = observer_;
        if (notify && code >= 200) take_unreported(sequence, complete);
    }
    changed_.notify_all();
    deliver(notify, complete);
}

void ftp_journal::end_session(std::uint64_t session_id) {
    std::shared_ptr<const observer> notify;
    std::vector<observed> ended;
    {
        std::lock_guard lock(mutex_);
        if (!(notify = observer_)) return;
        // Unreported entries are always held: the cap and clear() take them before dropping them.
        for (std::size_t i = 0; i < unreported_.size();) {
            const auto sequence = unreported_[i];
            if (entries_[static_cast<std::size_t>(sequence - first_sequence_)].entry.session_id == session_id)
                take_unreported(sequence, ended);
            else
                ++i;
        }
    }
    deliver(notify, ended);
}

void ftp_journal::set_observer(observer o) {
    auto next = o ? std::make_shared<const observer>(std::move(o)) : nullptr;
    std::lock_guard lock(mutex_);
    observer_ = std::move(next);
    unreported_.clear();
}

void ftp_journal::take_unreported(std::uint64_t sequence, std::vector<observed>& out) {
    auto it = std::find(unreported_.begin(), unreported_.end(), sequence);
    if (it == unreported_.end()) return;
    unreported_.erase(it);
    const auto& s = entries_[static_cast<std::size_t>(sequence - first_sequence_)];
    auto& [shown, received] = out.emplace_back(s.entry, std::nullopt);
    if (s.received_argument) (received = s.entry)->argument = *s.received_argument;
}

void ftp_journal::deliver(const std::shared_ptr<const observer>& to, const std::vector<observed>& out) {
    if (!to) return;
    for (const auto& [shown, received] : out) (*to)(shown, received ? *received : shown);
}

std::vector<ftp_journal_entry> ftp_journal::snapshot(bool with_credentials) const {
    std::lock_guard lock(mutex_);
    std::vector<ftp_journal_entry> result;
    result.reserve(entries_.size());
    for (const auto& s : entries_) {
        result.push_back(s.entry);
        if (with_credentials && s.received_argument) result.back().argument = *s.received_argument;
    }
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
    array.reserve(entries.size());
    for (const auto& entry : entries) array.push_back(mock::to_json(entry));
    return array;
}

void ftp_journal::clear() {
    std::shared_ptr<const observer> notify;
    std::vector<observed> dropped;
    {
        std::lock_guard lock(mutex_);
        if ((notify = observer_))
            while (!unreported_.empty()) take_unreported(unreported_.front(), dropped);
        first_sequence_ += entries_.size();
        entries_.clear();
        ++changes_;
    }
    changed_.notify_all();
    deliver(notify, dropped);
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
