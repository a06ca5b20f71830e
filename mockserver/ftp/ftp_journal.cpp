#include "mockserver/ftp/ftp_journal.hpp"

#include <boost/json.hpp>

#include "protocol/iso8601.hpp"

namespace replycheck::mock {

namespace {

bool is_pass(const std::string& command) {
    return command.size() == 4 && (command[0] | 0x20) == 'p' && (command[1] | 0x20) == 'a' &&
           (command[2] | 0x20) == 's' && (command[3] | 0x20) == 's';
}

}  // namespace

ftp_journal::ftp_journal(std::size_t cap) : cap_(cap == 0 ? 1 : cap) {}

std::uint64_t ftp_journal::record(ftp_journal_entry entry) {
    // Passwords never reach the journal (it ends up in reports and CI logs).
    if (is_pass(entry.command) && !entry.argument.empty()) entry.argument = "****";
    std::lock_guard lock(mutex_);
    if (entries_.size() >= cap_) {
        entries_.pop_front();
        ++first_sequence_;
    }
    entries_.push_back(std::move(entry));
    return first_sequence_ + entries_.size() - 1;
}

void ftp_journal::set_reply_code(std::uint64_t sequence, int code) {
    std::lock_guard lock(mutex_);
    if (sequence < first_sequence_ || sequence - first_sequence_ >= entries_.size()) return;
    entries_[static_cast<std::size_t>(sequence - first_sequence_)].reply_code = code;
}

std::vector<ftp_journal_entry> ftp_journal::snapshot() const {
    std::lock_guard lock(mutex_);
    return {entries_.begin(), entries_.end()};
}

std::vector<ftp_journal_entry> ftp_journal::session(std::uint64_t session_id) const {
    std::lock_guard lock(mutex_);
    std::vector<ftp_journal_entry> result;
    for (const auto& entry : entries_)
        if (entry.session_id == session_id) result.push_back(entry);
    return result;
}

std::size_t ftp_journal::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

boost::json::value ftp_journal::to_json() const {
    boost::json::array array;
    for (const auto& entry : snapshot()) {
        boost::json::object object;
        object["session"] = entry.session_id;
        object["time"] = protocol::iso8601_utc_millis(entry.time);
        object["command"] = entry.command;
        object["argument"] = entry.argument;
        object["code"] = entry.reply_code;
        array.push_back(std::move(object));
    }
    return array;
}

void ftp_journal::clear() {
    std::lock_guard lock(mutex_);
    first_sequence_ += entries_.size();
    entries_.clear();
}

}  // namespace replycheck::mock
