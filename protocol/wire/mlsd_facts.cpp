#include "protocol/wire/mlsd_facts.hpp"

#include "protocol/wire/ascii.hpp"

namespace replycheck::protocol {

std::string mlsd_entry::fact(std::string_view fact_name) const {
    auto it = facts.find(ascii_lower(fact_name));
    return it == facts.end() ? std::string() : it->second;
}

parse_result<mlsd_entry> parse_mlsd_facts(std::string_view line) {
    // RFC 3659 §7.2: entry = [facts] SP pathname; facts = 1*(factname "=" value ";").
    std::vector<std::string> warnings;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.starts_with(' ')) line.remove_prefix(1);  // MLST replies indent the entry by one space
    auto sp = line.find(' ');
    if (sp == std::string_view::npos) return parse_result<mlsd_entry>::failure("no space before the pathname");
    mlsd_entry entry;
    entry.name = std::string(line.substr(sp + 1));
    if (entry.name.empty()) return parse_result<mlsd_entry>::failure("empty pathname");
    auto facts = line.substr(0, sp);
    if (!facts.empty() && !facts.ends_with(';'))
        return parse_result<mlsd_entry>::failure("facts do not end with ';'");
    while (!facts.empty()) {
        auto semi = facts.find(';');
        auto fact = facts.substr(0, semi);
        facts.remove_prefix(semi + 1);
        auto eq = fact.find('=');
        if (eq == std::string_view::npos || eq == 0)
            return parse_result<mlsd_entry>::failure("fact without name=value: '" + std::string(fact) + "'");
        auto name = ascii_lower(fact.substr(0, eq));
        if (entry.facts.count(name)) warnings.push_back("fact '" + name + "' repeated");
        entry.facts[name] = std::string(fact.substr(eq + 1));
    }
    auto type = entry.fact("type");
    if (!type.empty()) {
        auto t = ascii_lower(type);
        if (t != "file" && t != "dir" && t != "cdir" && t != "pdir" && !t.starts_with("os."))
            warnings.push_back("unknown type fact '" + type + "'");
    }
    auto size = entry.fact("size");
    if (!size.empty() && size.find_first_not_of("0123456789") != std::string::npos)
        warnings.push_back("size fact is not a number: '" + size + "'");
    return parse_result<mlsd_entry>::success(std::move(entry), warnings);
}

std::vector<parse_result<mlsd_entry>> parse_mlsd_listing(std::string_view data) {
    std::vector<parse_result<mlsd_entry>> entries;
    while (!data.empty()) {
        auto lf = data.find('\n');
        auto line = data.substr(0, lf);
        data.remove_prefix(lf == std::string_view::npos ? data.size() : lf + 1);
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (line.empty()) continue;
        entries.push_back(parse_mlsd_facts(line));
    }
    return entries;
}

}  // namespace replycheck::protocol
