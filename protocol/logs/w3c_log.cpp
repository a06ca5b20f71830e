// W3C extended log file format (W3C Working Draft WD-logfile-960323) as IIS writes it:
// space-separated values, '+' for a space inside a value, '-' for an empty value, times in UTC.

#include "protocol/logs/w3c_log.hpp"

#include <string>
#include <utility>

#include "protocol/logs/log_text.hpp"
#include "protocol/redactor.hpp"

namespace replycheck::logs {

namespace {

std::string lower_copy(std::string_view s) {
    std::string r(s);
    for (char& c : r)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return r;
}

template <class T>
bool number_field(std::string_view name, std::string_view value, std::uint64_t max,
                  std::optional<T>& out, std::string& why) {
    if (value.empty() || value == "-") return true;
    std::uint64_t n = 0;
    if (!text::parse_uint(value, n, max)) {
        why = text::number_problem(name, value);
        return false;
    }
    out = static_cast<T>(n);
    return true;
}

}  // namespace

void w3c_parser::set_fields(std::string_view fields, std::uint64_t line_number) {
    column_.fill(absent);
    field_count_ = 0;
    fields_line_ = line_number;
    ftp_ = software_ftp_;
    decided_ = false;
    static const std::pair<std::string_view, role> names[] = {
        {"date", date}, {"time", time}, {"c-ip", c_ip}, {"cs-username", username},
        {"cs-method", method}, {"cs-uri-stem", uri_stem}, {"cs-uri-query", uri_query},
        {"cs-uri", uri}, {"sc-status", status}, {"sc-substatus", substatus},
        {"sc-win32-status", win32}, {"time-taken", time_taken}, {"sc-bytes", sc_bytes},
        {"cs-host", host}, {"cs(host)", host}, {"cs-version", version},
        {"cs(user-agent)", user_agent}, {"cs(referer)", referer}, {"x-session", session}, {"s-port", server_port},
    };
    std::string_view rest = fields;
    for (;;) {
        auto name = text::next_token(rest);
        if (name.empty()) break;
        auto key = lower_copy(name);
        for (const auto& [known, r] : names)
            if (key == known && column_[r] == absent) column_[r] = static_cast<int>(field_count_);
        if (key == "x-session" || key == "x-fullpath") ftp_ = true;
        ++field_count_;
    }
    values_.reserve(field_count_ + 1);
}

std::string_view w3c_parser::default_fields_for(std::string_view line) {
    std::array<std::string_view, 16> values;
    std::size_t n = 0;
    std::string_view rest = text::trim(line);
    for (auto t = text::next_token(rest); !t.empty(); t = text::next_token(rest)) {
        if (n == values.size()) return {};
        values[n++] = t;
    }
    if (n < 2 || !text::parse_w3c_time(values[0], values[1])) return {};
    if (n == 13 && (text::is_ftp_verb(values[6]) || text::is_iis_ftp_pseudo_command(values[6]))) return iis_ftp_fields;
    if (n == 15) return iis_http_fields;
    return {};
}

std::string w3c_parser::field_count_message(std::size_t found) const {
    std::string why = "expected " + std::to_string(field_count_) + " fields";
    why += fields_line_ != 0 ? " (#Fields: on line " + std::to_string(fields_line_) + ")" : " (IIS default fields)";
    return why + ", found " + std::to_string(found);
}

line_result w3c_parser::feed(std::string_view line, std::uint64_t line_number, log_entry& out,
                             std::string& why) {
    line = text::trim_right(line);
    if (line.empty()) return line_result::none;
    if (line.front() == '#') {
        if (text::starts_with_nocase(line, "#Fields:")) {
            set_fields(line.substr(8), line_number);
        } else if (text::starts_with_nocase(line, "#Software:")) {
            auto software = line.substr(10);
            software_ftp_ = software.find("FTP") != std::string_view::npos ||
                            software.find("ftp") != std::string_view::npos;
            ftp_ = ftp_ || software_ftp_;
        }
        return line_result::none;
    }
    if (field_count_ == 0) {
        // Lines cut out of a log lose their header: the IIS defaults, when the count fits.
        auto defaults = default_fields_for(line);
        if (defaults.empty()) {
            why = "no #Fields: directive before this line, and not the IIS default fields "
                  "(15 for HTTP sites, 13 for FTP sites)";
            return line_result::malformed;
        }
        set_fields(defaults, 0);
    }
    values_.clear();
    std::string_view rest = line;
    while (!rest.empty()) {
        auto space = rest.find(' ');
        values_.push_back(rest.substr(0, space));
        if (space == std::string_view::npos) break;
        rest.remove_prefix(space + 1);
        if (values_.size() == field_count_) {
            // Too many: count the rest without keeping them (memory stays bounded).
            std::size_t found = values_.size() + 1;
            for (char c : rest) found += c == ' ' ? 1 : 0;
            why = field_count_message(found);
            return line_result::malformed;
        }
    }
    if (values_.size() != field_count_) {
        why = field_count_message(values_.size());
        return line_result::malformed;
    }
    auto get = [&](role r) -> std::string_view {
        return column_[r] == absent ? std::string_view{} : values_[static_cast<std::size_t>(column_[r])];
    };

    if (column_[date] != absent || column_[time] != absent) {
        auto d = get(date), t = get(time);
        out.time = text::parse_w3c_time(d, t);
        if (!out.time) {
            why = "date and time '" + std::string(d) + " " + std::string(t) + "' are not like 2026-01-05 10:12:01";
            return line_result::malformed;
        }
    }
    std::optional<std::uint64_t> code;
    if (!number_field("sc-status", get(status), 999, code, why)) return line_result::malformed;
    out.status = code ? static_cast<int>(*code) : 0;
    if (!number_field("sc-substatus", get(substatus), 9999, out.substatus, why) ||
        !number_field("sc-win32-status", get(win32), UINT32_MAX, out.win32, why) ||
        !number_field("time-taken", get(time_taken), UINT32_MAX, out.time_taken_ms, why) ||
        !number_field("sc-bytes", get(sc_bytes), UINT64_MAX, out.bytes, why))
        return line_result::malformed;

    out.client = text::dash_empty(get(c_ip));
    out.user = text::dash_empty(get(username));
    out.host = text::dash_empty(get(host));
    out.version = text::dash_empty(get(version));
    out.session = text::dash_empty(get(session));
    out.referer = text::dash_empty(get(referer));
    out.user_agent = text::dash_empty(text::plus_to_space(get(user_agent), agent_buf_));

    auto verb = text::dash_empty(get(method));
    // pure-ftpd's w3c output logs transfers as "[]sent" / "[]created".
    bool ftp = ftp_;
    if (verb == "[]sent" || verb == "[]created") {
        ftp = true;
        verb = verb == "[]sent" ? std::string_view{"RETR"} : std::string_view{"STOR"};
    } else if (!decided_) {
        // The block's first line settles it: an FTP site logs ControlChannelOpened or a command
        // first. Later lines do not (an HTTP request whose method happens to be "HELP" stays HTTP).
        auto port = get(server_port);
        ftp_ = ftp_ || text::is_iis_ftp_pseudo_command(verb) || port == "21" || port == "990" ||
               (text::is_ftp_verb(verb) && out.version.empty());
        ftp = ftp_;
    } else if (text::is_iis_ftp_pseudo_command(verb)) {
        ftp = true;
    }
    decided_ = true;
    auto stem = text::dash_empty(get(uri_stem));
    if (ftp) {
        out.protocol = log_protocol::ftp;
        out.method = text::is_iis_ftp_pseudo_command(verb) ? verb : text::upper(verb, method_buf_);
        out.target = (out.method == "PASS" || out.method == "ACCT") && !stem.empty()
                         ? protocol::redactor::mask
                         : stem;
        return line_result::entry;
    }
    out.protocol = log_protocol::http;
    out.method = verb;
    auto query = text::dash_empty(get(uri_query));
    if (stem.empty() && column_[uri] != absent) {
        out.target = text::dash_empty(get(uri));
    } else if (!query.empty()) {
        target_buf_.assign(stem);
        target_buf_ += '?';
        target_buf_ += query;
        out.target = target_buf_;
    } else {
        out.target = stem;
    }
    // Never hand out what could be a password, even where it makes no sense (an HTTP "PASS").
    if (text::is_password_command(verb) && !out.target.empty()) out.target = protocol::redactor::mask;
    return line_result::entry;
}

}  // namespace replycheck::logs
