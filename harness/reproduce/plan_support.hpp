#pragma once
// Internal to the plan builder (reproduce_plan.cpp, ftp_session_plan.cpp): small shared helpers.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "harness/reproduce/reproduce_plan.hpp"

namespace replycheck::reproduce::detail {

inline std::string upper(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

inline bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && upper(a) == upper(b);
}

inline std::string code_of(int status, std::optional<int> substatus) {
    if (substatus && *substatus != 0) return fmt::format("{}.{}", status, *substatus);
    return std::to_string(status);
}

/// An HTTP method is a token (RFC 9110 §9.1); a garbled request line is not replayable.
inline bool is_anonymous_user(std::string_view user) {
    return iequals(user, "anonymous") || iequals(user, "ftp");
}

inline bool login_accepted(int code) { return code == 230 || code == 202 || code == 332; }

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

inline void note_time(log_origin& origin, const std::optional<std::chrono::sys_seconds>& time) {
    if (!time) return;
    if (!origin.first_time || *time < *origin.first_time) origin.first_time = time;
    if (!origin.last_time || *time > *origin.last_time) origin.last_time = time;
}

inline log_origin origin_of(const logs::log_record& r) {
    log_origin o;
    o.file = r.file;
    o.line = r.line;
    o.first_time = r.time;
    o.last_time = r.time;
    return o;
}

/// The plan's skipped entries: the same what/code/reason merged into one line with a count.
class skip_book {
public:
    explicit skip_book(std::vector<skipped_entry>& skipped) : skipped_(skipped) {}
    void add(skipped_entry entry) {
        auto key = entry.what + '\n' + entry.code + '\n' + entry.reason;
        if (auto it = index_.find(key); it != index_.end()) {
            ++skipped_[it->second].count;
            return;
        }
        index_.emplace(key, skipped_.size());
        skipped_.push_back(std::move(entry));
    }

private:
    std::vector<skipped_entry>& skipped_;
    std::map<std::string, std::size_t> index_;
};

inline bool is_transfer(std::string_view verb) {
    return verb == "RETR" || verb == "LIST" || verb == "NLST" || verb == "MLSD" || verb == "STOR" ||
           verb == "STOU" || verb == "APPE";
}

inline bool is_data_setup(std::string_view verb) {
    return verb == "PASV" || verb == "EPSV" || verb == "PORT" || verb == "EPRT" || verb == "LPSV" ||
           verb == "LPRT";
}

}  // namespace replycheck::reproduce::detail
