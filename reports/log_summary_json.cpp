// `replycheck logs --json`: one Boost.JSON document, described in docs/logs.md.
#include "reports/log_summary_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "protocol/iso8601.hpp"
#include "reports/text.hpp"

namespace replycheck::reports {

namespace json = boost::json;

std::string clean_log_text(std::string_view text) {
    return detail::clean_line(text, writer_options{});
}

std::string log_time_text(const std::optional<std::chrono::sys_seconds>& time) {
    return time ? protocol::iso8601_utc(std::chrono::system_clock::time_point(*time)) : std::string();
}

namespace {

json::value time_value(const std::optional<std::chrono::sys_seconds>& time) {
    if (!time) return nullptr;
    return json::value(log_time_text(time));
}

json::array hitters(const logs::heavy_hitters& table, std::size_t top, bool numeric) {
    json::array out;
    for (const auto& item : table.top(top)) {
        json::object o;
        if (numeric)
            o["code"] = std::stoll(item.value);
        else
            o["value"] = clean_log_text(item.value);
        o["count"] = item.count;
        o["overcount"] = item.overcount;
        out.push_back(std::move(o));
    }
    return out;
}

std::string_view protocol_name(logs::log_protocol p) { return p == logs::log_protocol::ftp ? "ftp" : "http"; }

}  // namespace

std::string render_log_summary_json(const logs::log_summary& summary, std::size_t top) {
    const auto& t = summary.totals();
    json::object doc;

    json::array files;
    for (const auto& f : summary.files()) {
        files.push_back(json::object{{"file", clean_log_text(f.file)}, {"format", f.format}, {"lines", f.lines},
                                     {"entries", f.entries}, {"malformed", f.malformed}});
    }
    doc["files"] = std::move(files);

    json::object totals{{"files", t.files},         {"lines", t.lines},         {"entries", t.entries},
                        {"malformed", t.malformed}, {"with_code", t.with_code}, {"matched", t.matched},
                        {"without_time", t.without_time}};
    totals["first"] = time_value(t.first);
    totals["last"] = time_value(t.last);
    totals["span_seconds"] = t.first && t.last ? json::value((*t.last - *t.first).count()) : json::value(nullptr);
    doc["totals"] = std::move(totals);

    json::array malformed;
    for (const auto& m : summary.malformed_examples()) malformed.push_back(json::value(clean_log_text(m)));
    doc["malformed_examples"] = std::move(malformed);
    const auto& filter = summary.options().filter;
    doc["filter"] = filter ? json::value(filter->text()) : json::value(nullptr);

    json::array codes;
    for (std::uint32_t index : summary.ranked()) {
        const logs::code_stats& row = summary.rows()[index];
        const logs::code_key& k = row.key;
        json::object o;
        o["protocol"] = k.other ? json::value(nullptr) : json::value(protocol_name(k.protocol));
        o["code"] = clean_log_text(k.text());
        o["status"] = k.other ? json::value(nullptr) : json::value(k.status);
        o["substatus"] = k.substatus && !k.other ? json::value(k.substatus) : json::value(nullptr);
        o["command"] = k.protocol == logs::log_protocol::ftp && !k.other ? json::value(clean_log_text(k.command))
                                                                         : json::value(nullptr);
        o["count"] = row.count;
        o["share"] = summary.share(row.count);
        o["first"] = time_value(row.first);
        o["last"] = time_value(row.last);
        o["meaning"] = k.meaning();
        o["top"] = hitters(row.targets, top, false);
        o["top_exact"] = row.targets.exact();
        o["win32_logged"] = row.win32_logged;
        o["win32"] = hitters(row.win32, top, true);
        codes.push_back(std::move(o));
    }
    doc["codes"] = std::move(codes);

    const auto& tl = summary.time_buckets();
    json::array buckets;
    for (const auto& [start, counts] : tl.buckets) {
        json::object c;
        for (const auto& [row, n] : counts) {
            const auto& k = summary.rows()[row].key;
            std::string name = k.other ? k.text() : std::string(protocol_name(k.protocol)) + " " + k.text();
            // Two rows whose cleaned names coincide (garbled FTP verbs) share one key.
            json::value& slot = c[clean_log_text(name)];
            slot = (slot.is_uint64() ? slot.get_uint64() : 0) + n;
        }
        buckets.push_back(json::object{{"start", log_time_text(std::chrono::sys_seconds{std::chrono::seconds{start}})},
                                       {"counts", std::move(c)}});
    }
    doc["timeline"] = json::object{{"bucket_seconds", tl.bucket_seconds}, {"buckets", std::move(buckets)}};
    return json::serialize(doc) + "\n";
}

}  // namespace replycheck::reports
