// The self-contained HTML report: one file, inline CSS, JS and SVG, nothing fetched from the
// network (a Content-Security-Policy forbids it). Everything a server sent is escaped text.
#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>
#include <map>

#include <fmt/format.h>

#include "protocol/html_escape.hpp"
#include "reports/text.hpp"
#include "reports/writers.hpp"

namespace replycheck::reports {

namespace {

std::string esc(std::string_view already_clean) {
    std::string out;
    protocol::append_html_escaped(out, already_clean);
    return out;
}

std::string_view word(outcome o) {
    switch (o) {
        case outcome::passed: return "PASS";
        case outcome::failed: return "FAIL";
        case outcome::error: return "ERROR";
        case outcome::skipped: return "SKIP";
    }
    return "ERROR";
}

// A short label for SVG text: at most `n` characters (UTF-8 aware), with an ellipsis.
std::string shorten(std::string_view text, std::size_t n) {
    std::size_t chars = 0, i = 0;
    while (i < text.size()) {
        if (chars == n) return std::string(text.substr(0, i)) + "\u2026";
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
        ++chars;
    }
    return std::string(text);
}

// Milliseconds with as many decimals as make sense at that size: "0.42", "12.5", "1250".
std::string format_ms(double seconds) {
    double ms = std::isfinite(seconds) && seconds > 0 ? seconds * 1000.0 : 0.0;
    if (ms >= 100) return fmt::format("{:.0f}", ms);
    if (ms >= 10) return fmt::format("{:.1f}", ms);
    return fmt::format("{:.2f}", ms);
}

constexpr const char* report_style = R"css(
:root{--pass:#1f883d;--fail:#cf222e;--error:#8250df;--skip:#9a6700;--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:#fff}
header{padding:20px 32px 12px;border-bottom:1px solid var(--line);background:var(--bg)}
h1{margin:0 0 4px;font-size:22px}
h1 .verdict{font-size:14px;font-weight:600;padding:2px 10px;border-radius:12px;color:#fff;vertical-align:middle;margin-left:8px}
.meta{color:var(--muted);margin:0}
.meta span+span:before{content:" \00b7  "}
main{padding:16px 32px 40px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:4px 0 16px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:120px;background:#fff;color:inherit;text-decoration:none}
a.card:hover{border-color:var(--fail)}
.card b{display:block;font-size:26px;line-height:1.1}
.card.passed b{color:var(--pass)}.card.failed b{color:var(--fail)}.card.error b{color:var(--error)}.card.skipped b{color:var(--skip)}
.card small{color:var(--muted);text-transform:uppercase;letter-spacing:.04em;font-size:11px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(420px,100%),1fr));gap:16px;margin-bottom:16px}
figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:12px 16px;background:#fff;min-width:0}
svg{display:block;height:auto}
#failures{border:1px solid #f5c2c7;border-left:4px solid var(--fail);border-radius:8px;background:#fff5f5;padding:10px 16px;margin:0 0 16px}
#failures h2{font-size:16px;margin:0 0 6px}
#failures ol{margin:0;padding-left:22px}
#failures li{margin:3px 0;overflow-wrap:anywhere}
#failures a{color:inherit;font-weight:600}
#failures .where{color:var(--muted)}
figcaption{font-weight:600;margin-bottom:6px}
figure.wide{grid-column:1/-1}
svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;fill:var(--ink)}
svg .axis{stroke:var(--line)}
svg .muted{fill:var(--muted)}
.controls{position:sticky;top:0;z-index:2;display:flex;gap:12px;align-items:center;flex-wrap:wrap;padding:10px 0;background:#fff;border-bottom:1px solid var(--line);margin-bottom:12px}
.controls input[type=search]{padding:5px 8px;border:1px solid var(--line);border-radius:6px;min-width:240px;font:inherit}
.controls button{font:inherit;padding:4px 10px;border:1px solid var(--line);border-radius:6px;background:var(--bg);cursor:pointer}
#shown{color:var(--muted);margin-left:auto}
.suite{margin:18px 0 6px}
.suite h2{font-size:16px;margin:0 0 6px;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.suite h2 small{color:var(--muted);font-weight:400}
details.scenario{border:1px solid var(--line);border-left:4px solid var(--pass);border-radius:6px;margin:6px 0;background:#fff}
details.scenario.failed{border-left-color:var(--fail)}details.scenario.error{border-left-color:var(--error)}details.scenario.skipped{border-left-color:var(--skip)}
details.scenario>summary{cursor:pointer;padding:7px 10px;display:flex;gap:10px;align-items:baseline;list-style:none}
details.scenario>summary::-webkit-details-marker{display:none}
details.scenario>summary:before{content:"\25b8";color:var(--muted);width:10px}
details.scenario[open]>summary:before{content:"\25be"}
.badge{font:600 11px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:0 6px;border-radius:4px;color:#fff;background:var(--pass)}
.badge.failed{background:var(--fail)}.badge.error{background:var(--error)}.badge.skipped{background:var(--skip)}
.name{font-weight:600;overflow-wrap:anywhere}
.time{color:var(--muted);margin-left:auto;white-space:nowrap;font-variant-numeric:tabular-nums}
.msg{color:var(--fail);overflow-wrap:anywhere}
.scenario.skipped .msg{color:var(--skip)}
.body{padding:4px 14px 12px;border-top:1px solid var(--line)}
.body h3{font-size:13px;margin:12px 0 4px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
pre{margin:0;padding:8px 10px;background:var(--bg);border:1px solid var(--line);border-radius:6px;font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere;max-height:420px;overflow:auto}
pre.failure{background:#fff5f5;border-color:#f5c2c7}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600}
td.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.lvl{font:600 11px ui-monospace,monospace;padding:0 5px;border-radius:4px;color:#fff}
.lvl.MUST{background:var(--fail)}.lvl.SHOULD{background:var(--skip)}.lvl.INFO{background:var(--muted)}
.hidden{display:none!important}
footer{color:var(--muted);padding:0 32px 24px}
)css";

constexpr const char* script = R"js(
(function () {
  'use strict';
  var scenarios = Array.prototype.slice.call(document.querySelectorAll('details.scenario'));
  var onlyFailures = document.getElementById('only-failures');
  var filter = document.getElementById('filter');
  var shown = document.getElementById('shown');
  function apply() {
    var needle = filter.value.trim().toLowerCase();
    var count = 0;
    scenarios.forEach(function (d) {
      var bad = d.dataset.result === 'failed' || d.dataset.result === 'error';
      var match = needle === '' || d.dataset.search.indexOf(needle) !== -1;
      var visible = match && (!onlyFailures.checked || bad);
      d.classList.toggle('hidden', !visible);
      if (visible) count++;
    });
    document.querySelectorAll('section.suite').forEach(function (s) {
      s.classList.toggle('hidden', s.querySelector('details.scenario:not(.hidden)') === null && scenarios.length > 0);
    });
    shown.textContent = count + ' of ' + scenarios.length + ' scenarios shown';
  }
  onlyFailures.addEventListener('change', apply);
  filter.addEventListener('input', apply);
  document.getElementById('expand-all').addEventListener('click', function () {
    scenarios.forEach(function (d) { if (!d.classList.contains('hidden')) d.open = true; });
  });
  document.getElementById('collapse-all').addEventListener('click', function () {
    scenarios.forEach(function (d) { d.open = false; });
  });
  // "report.html?failures" opens the page with only failures shown, for links from CI.
  if (/[?&]failures(=|&|$)/.test(location.search)) onlyFailures.checked = true;
  // The FAILED and ERRORS cards show only failures; a failure's link opens its scenario.
  document.querySelectorAll('a.card').forEach(function (card) {
    card.addEventListener('click', function () { onlyFailures.checked = true; apply(); });
  });
  function openTarget() {
    if (location.hash.length < 2) return;
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.tagName === 'DETAILS') {
      target.classList.remove('hidden');
      target.open = true;
    }
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
  apply();
  document.getElementById('report-ready').dataset.ready = 'yes';
})();
)js";

// A chart drawn in a `width` x `height` box that scales down with its card (never wider than
// the card, so nothing overflows or scrolls) and never up beyond its drawn size.
std::string svg_size(int width, int height) {
    return fmt::format("viewBox=\"0 0 {} {}\" width=\"100%\" style=\"max-width:{}px\"", width, height, width);
}

struct class_counts {
    int passed = 0, failed = 0;
};

// Bars per reply-code class (RFC 9110 §15 for HTTP, RFC 959 §4.2.1 for FTP), split into steps
// that passed and steps that did not.
std::string code_class_chart(const run_result& run) {
    std::map<std::string, class_counts> counts;
    bool http = false, ftp = false;
    for (const auto& suite : run.suites) {
        for (const auto& s : suite.scenarios) {
            for (const auto& step : s.steps) {
                if (step.result == outcome::skipped) continue;
                std::string cls = detail::code_class(step);
                if (cls == "none") cls = "no reply";
                else if (detail::step_protocol(step) == "ftp") ftp = true;
                else http = true;
                auto& c = counts[cls];
                (step.result == outcome::passed ? c.passed : c.failed)++;
            }
        }
    }
    std::vector<std::string> classes;
    if (http || !ftp) {
        for (const char* c : {"1xx", "2xx", "3xx", "4xx", "5xx"}) classes.emplace_back(c);
    }
    if (ftp) {
        for (const char* c : {"1yz", "2yz", "3yz", "4yz", "5yz"}) classes.emplace_back(c);
    }
    if (counts.count("no reply")) classes.emplace_back("no reply");
    int max = 1;
    for (const auto& cls : classes) max = std::max(max, counts[cls].passed + counts[cls].failed);
    // 5xx has its own colour (not the red of "failed"): a 500 can be the expected reply.
    const std::array<const char*, 6> colours = {"#6e7781", "#1f883d", "#0969da", "#bc4c00", "#bf3989", "#8250df"};
    const int bar = 34, gap = 14, left = 34, top = 18, height = 150;
    int width = left + static_cast<int>(classes.size()) * (bar + gap) + 10;
    std::string out = fmt::format(
        "<svg id=\"chart-codes\" role=\"img\" aria-label=\"Steps per reply code class\" {}>",
        svg_size(width, top + height + 40));
    // Hatching marks the part of a bar whose steps did not pass, whatever the class colour.
    out += "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
           "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"rgba(255,255,255,.25)\"/>"
           "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#24292f\" stroke-width=\"3\" "
           "stroke-opacity=\".55\"/></pattern></defs>";
    out += fmt::format("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", left - 4, top + height,
                       width - 4, top + height);
    out += fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", left - 8, top + 4, max);
    out += fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>", left - 8, top + height);
    for (std::size_t i = 0; i < classes.size(); ++i) {
        const auto& cls = classes[i];
        const auto& c = counts[cls];
        int x = left + static_cast<int>(i) * (bar + gap);
        int total = c.passed + c.failed;
        int h_total = total * height / max;
        int h_failed = c.failed * height / max;
        int digit = cls[0] - '1';
        const char* colour = cls == "no reply" ? colours[5] : colours[static_cast<std::size_t>(std::clamp(digit, 0, 4))];
        out += fmt::format("<g class=\"bar\" data-class=\"{}\"><title>{}: {} steps, {} not passed</title>", esc(cls),
                           esc(cls), total, c.failed);
        if (total > 0) {
            out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"{}\"/>", x,
                               top + height - h_total, bar, std::max(h_total, 1), colour);
            if (c.failed > 0) {
                out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"url(#hatch)\"/>", x,
                                   top + height - h_failed, bar, std::max(h_failed, 1));
            }
        }
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", x + bar / 2,
                           top + height - h_total - 4, total);
        out += fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>", x + bar / 2,
                           top + height + 16, esc(cls == "no reply" ? "none" : cls));
    }
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"#6e7781\"/><rect x=\"{}\" "
                       "y=\"{}\" width=\"10\" height=\"10\" fill=\"url(#hatch)\"/><text class=\"muted\" x=\"{}\" "
                       "y=\"{}\">hatched: steps that failed or errored</text>",
                       left, top + height + 25, left, top + height + 25, left + 14, top + height + 34);
    out += "</svg>";
    return out;
}

std::string suite_chart(const run_result& run, const writer_options& o) {
    const int row = 22, label = 200, bar_width = 300, top = 6;
    int height = top + static_cast<int>(run.suites.size()) * row + 26;
    std::string out = fmt::format(
        "<svg id=\"chart-suites\" role=\"img\" aria-label=\"Results per suite\" {}>",
        svg_size(label + bar_width + 70, height));
    int max = 1;
    for (const auto& suite : run.suites) max = std::max(max, count(suite).tests);
    for (std::size_t i = 0; i < run.suites.size(); ++i) {
        const auto& suite = run.suites[i];
        totals t = count(suite);
        int y = top + static_cast<int>(i) * row;
        std::string name = detail::clean_name(suite.name.empty() ? suite.file : suite.name, o, true);
        out += fmt::format("<g class=\"suite-bar\"><title>{}: {} passed, {} failed, {} errors, {} skipped</title>",
                           esc(name), t.passed, t.failed, t.errors, t.skipped);
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", label - 8, y + 14,
                           esc(shorten(name, 28)));
        int x = label;
        auto segment = [&](int n, const char* colour) {
            if (n <= 0) return;
            int w = std::max(2, n * bar_width / max);
            out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>", x, y + 3, w, row - 8,
                               colour);
            x += w;
        };
        segment(t.passed, "#1f883d");
        segment(t.failed, "#cf222e");
        segment(t.errors, "#8250df");
        segment(t.skipped, "#d4a72c");
        out += fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\">{}/{}</text></g>", x + 6, y + 14, t.passed, t.tests);
    }
    int ly = height - 8;
    int lx = label;
    for (auto [name, colour] : std::array<std::pair<const char*, const char*>, 4>{
             {{"passed", "#1f883d"}, {"failed", "#cf222e"}, {"error", "#8250df"}, {"skipped", "#d4a72c"}}}) {
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/>", lx, ly - 9, colour);
        out += fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\">{}</text>", lx + 14, ly, name);
        lx += 76;
    }
    out += "</svg>";
    return out;
}

// The slowest exchanges of the whole run, longest first: where the time went.
std::string slowest_chart(const run_result& run, const writer_options& o) {
    struct entry {
        double seconds;
        const scenario_result* scenario;
        const step_result* step;
    };
    std::vector<entry> all;
    for (const auto& suite : run.suites) {
        for (const auto& s : suite.scenarios) {
            for (const auto& step : s.steps) {
                double d = std::isfinite(step.seconds) ? std::max(0.0, step.seconds) : 0.0;
                all.push_back({d, &s, &step});
            }
        }
    }
    std::stable_sort(all.begin(), all.end(), [](const entry& a, const entry& b) { return a.seconds > b.seconds; });
    if (all.size() > 10) all.resize(10);
    const int row = 20, label = 440, track = 360;  // label room for ~60 characters
    int height = static_cast<int>(all.size()) * row + 8;
    std::string out = fmt::format(
        "<svg id=\"chart-slowest\" role=\"img\" aria-label=\"Slowest exchanges\" {}>",
        svg_size(label + track + 130, height));
    // One exchange that waited (a keep-alive connection held open until the server closed it, a
    // slow timeout) would flatten every other bar: the scale stops at three times the next
    // slowest exchange, and a bar past it is drawn cut (its label keeps the real time).
    double max = all.empty() ? 0.0 : all.front().seconds;
    if (all.size() > 1 && all[1].seconds > 0) max = std::min(max, 3 * all[1].seconds);
    if (max <= 0) max = 0.001;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const auto& e = all[i];
        int y = static_cast<int>(i) * row;
        bool cut = e.seconds > max;
        int w = std::max(2, static_cast<int>(std::min(e.seconds, max) / max * track));
        const char* colour = e.step->result == outcome::passed   ? "#1f883d"
                             : e.step->result == outcome::failed ? "#cf222e"
                             : e.step->result == outcome::error  ? "#8250df"
                                                                 : "#d4a72c";
        std::string name = detail::clean_name(e.scenario->name, o, true);
        std::string step = detail::clean_line(e.step->label, o);
        out += fmt::format("<g><title>{} / step {}: {} ({} ms)</title>", esc(name), e.step->index, esc(step),
                           format_ms(e.seconds));
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{} \u00b7 {}</text>", label - 8, y + 14,
                           esc(shorten(name, 32)), esc(shorten(step, 22)));
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"12\" rx=\"2\" fill=\"{}\"/>", label,
                           y + 4, w, colour);
        if (cut) {
            out += fmt::format("<path class=\"cut\" d=\"M{} {}l6 -14M{} {}l6 -14\" stroke=\"#fff\" stroke-width=\"2\"/>",
                               label + w - 24, y + 17, label + w - 18, y + 17);
        }
        out += fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\">{} ms{}</text></g>", label + w + 4, y + 14,
                           format_ms(e.seconds), cut ? " (bar cut)" : "");
    }
    if (all.empty()) out += "<text class=\"muted\" x=\"0\" y=\"14\">no exchanges</text>";
    out += "</svg>";
    return out;
}

// Exchange timings of one scenario: one row per step, placed at its start offset.
std::string waterfall(const scenario_result& s, const writer_options& o) {
    double end = 0;
    for (const auto& step : s.steps) {
        double a = std::isfinite(step.start_seconds) ? std::max(0.0, step.start_seconds) : 0.0;
        double d = std::isfinite(step.seconds) ? std::max(0.0, step.seconds) : 0.0;
        end = std::max(end, a + d);
    }
    if (end <= 0) end = 0.001;
    const int label = 230, track = 460, row = 20;
    int height = static_cast<int>(s.steps.size()) * row + 22;
    std::string out = fmt::format(
        "<svg class=\"waterfall\" role=\"img\" aria-label=\"Exchange timings\" {}>",
        svg_size(label + track + 80, height));
    for (std::size_t i = 0; i < s.steps.size(); ++i) {
        const auto& step = s.steps[i];
        double a = std::isfinite(step.start_seconds) ? std::max(0.0, step.start_seconds) : 0.0;
        double d = std::isfinite(step.seconds) ? std::max(0.0, step.seconds) : 0.0;
        int y = static_cast<int>(i) * row;
        int x = label + static_cast<int>(a / end * track);
        int w = std::max(2, static_cast<int>(d / end * track));
        const char* colour = step.result == outcome::passed    ? "#1f883d"
                             : step.result == outcome::failed  ? "#cf222e"
                             : step.result == outcome::error   ? "#8250df"
                                                               : "#d4a72c";
        std::string name = detail::clean_line(step.label, o);
        out += fmt::format("<g><title>step {}: {} ({} from start, {})</title>", step.index, esc(name),
                           detail::format_duration(a), detail::format_duration(d));
        out += fmt::format("<text x=\"0\" y=\"{}\">{}. {}</text>", y + 14, step.index, esc(shorten(name, 32)));
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"12\" rx=\"2\" fill=\"{}\"/>", x, y + 4, w,
                           colour);
        out += fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\">{} ms</text></g>", x + w + 4, y + 14,
                           format_ms(d));
    }
    int axis = static_cast<int>(s.steps.size()) * row + 4;
    out += fmt::format("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", label, axis, label + track, axis);
    out += fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\">0</text>", label, axis + 14);
    out += fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{} ms</text>", label + track,
                       axis + 14, format_ms(end));
    out += "</svg>";
    return out;
}

// The list a failed run leads with: each failed or errored scenario, its message and where it
// is, linked to its entry below (ids s1, s2, ... in page order, as write_scenario numbers them).
std::string failures_section(const run_result& run, const writer_options& o) {
    constexpr int shown_max = 25;
    std::string items;
    int id = 0, listed = 0, more = 0;
    for (const auto& suite : run.suites) {
        for (const auto& s : suite.scenarios) {
            ++id;
            if (s.result != outcome::failed && s.result != outcome::error) continue;
            if (listed == shown_max) {
                ++more;
                continue;
            }
            ++listed;
            std::string_view result = to_string(s.result);
            items += fmt::format(
                "<li><a href=\"#s{}\"><span class=\"badge {}\">{}</span> {}</a> <span class=\"msg\">{}</span> "
                "<span class=\"where\">{}</span></li>",
                id, result, word(s.result), esc(detail::clean_name(s.name, o, true)),
                esc(detail::clean_line(detail::failure_message(s, run.strict), o)),
                esc(detail::clean_name(suite.name.empty() ? suite.file : suite.name, o, true)));
        }
    }
    if (listed == 0) return "";
    std::string out = fmt::format("<section id=\"failures\"><h2>{} scenario{} did not pass</h2><ol>", listed + more,
                                  listed + more == 1 ? "" : "s");
    out += items + "</ol>";
    if (more > 0) out += fmt::format("<p>and {} more: tick \u201cOnly failures and errors\u201d below.</p>", more);
    return out + "</section>\n";
}

void write_scenario(std::string& out, const run_result& run, const scenario_result& s, int id, bool open,
                    const writer_options& o) {
    std::string name = detail::clean_name(s.name, o, true);
    std::string message;
    if (s.result == outcome::failed || s.result == outcome::error) {
        message = detail::clean_line(detail::failure_message(s, run.strict), o);
    } else if (s.result == outcome::skipped) {
        message = detail::clean_line(s.message, o);
    }
    std::string search = name + " " + detail::clean_line(s.file, o) + " " + message;
    for (const auto& t : s.tags) search += " " + detail::clean_name(t, o, true);
    std::transform(search.begin(), search.end(), search.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    std::string_view result = to_string(s.result);
    out += fmt::format("<details class=\"scenario {}\" id=\"s{}\" data-result=\"{}\" data-search=\"{}\"{}>", result, id,
                       result, esc(search), open ? " open" : "");
    out += fmt::format("<summary><span class=\"badge {}\">{}</span><span class=\"name\">{}</span>", result,
                       word(s.result), esc(name));
    if (!message.empty()) out += fmt::format("<span class=\"msg\">{}</span>", esc(message));
    out += fmt::format("<span class=\"time\">{}</span></summary><div class=\"body\">", detail::format_duration(s.seconds));
    if (s.result == outcome::failed || s.result == outcome::error) {
        out += "<h3>What failed</h3><pre class=\"failure\">";
        protocol::append_html_escaped(out, detail::cap_text(detail::clean(detail::failure_details(s, run.strict), o), o.transcript_cap));
        out += "</pre>";
    }
    std::string findings;
    for (const auto& step : s.steps) {
        for (const auto& f : step.findings) {
            std::string_view level = protocol::to_string(f.level);
            findings += fmt::format(
                "<tr><td>{}</td><td><span class=\"lvl {}\">{}</span></td><td class=\"code\">{}</td><td>{}</td>"
                "<td>{}</td></tr>",
                step.index, level, level, esc(detail::clean_line(f.rule_id, o)), esc(detail::clean_line(f.section, o)),
                esc(detail::clean_line(f.message, o)));
        }
    }
    if (!findings.empty()) {
        out += "<h3>Conformance findings</h3><table class=\"findings\"><thead><tr><th>Step</th><th>Level</th>"
               "<th>Rule</th><th>Section</th><th>What was seen</th></tr></thead><tbody>" +
               findings + "</tbody></table>";
    }
    if (!s.steps.empty()) {
        out += "<h3>Steps</h3><table class=\"steps\"><thead><tr><th>#</th><th>Kind</th><th>Request</th><th>Code</th>"
               "<th>Result</th><th>Expected</th><th>Actual</th><th>Time</th></tr></thead><tbody>";
        for (const auto& step : s.steps) {
            out += fmt::format(
                "<tr><td>{}</td><td>{}</td><td class=\"code\">{}</td><td class=\"code\">{}</td><td><span class=\"badge "
                "{}\">{}</span></td><td>{}</td><td>{}</td><td class=\"time\">{}</td></tr>",
                step.index, esc(detail::clean_line(step.kind, o)), esc(detail::clean_line(step.label, o)),
                esc(detail::clean_line(step.code, o)), to_string(step.result), word(step.result),
                esc(detail::clean_line(step.expected, o)), esc(detail::clean_line(step.actual, o)),
                detail::format_duration(step.seconds));
        }
        out += "</tbody></table><h3>Timings</h3>";
        out += waterfall(s, o);
        std::string transcript = detail::cap_text(detail::clean(detail::transcript_text(s), o), o.transcript_cap);
        out += "<h3>Transcript</h3><pre class=\"transcript\">";
        protocol::append_html_escaped(out, transcript);
        out += "</pre>";
    }
    if (s.steps.empty() && s.result == outcome::passed) out += "<p>No steps recorded.</p>";
    out += "</div></details>\n";
}

}  // namespace

std::string render_html(const run_result& run, const writer_options& o) {
    totals t = count(run);
    bool bad = t.failed + t.errors > 0;
    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    // No network, ever: only inline style and script, and data: images.
    out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
           "script-src 'unsafe-inline'; img-src data:\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += fmt::format("<title>replycheck: {} passed, {} failed, {} errors, {} skipped</title>\n", t.passed, t.failed,
                       t.errors, t.skipped);
    out += fmt::format("<style>{}</style>\n</head>\n<body>\n", report_style);
    out += fmt::format(
        "<header><h1>replycheck report<span class=\"verdict\" style=\"background:{}\">{}</span></h1><p class=\"meta\">",
        bad ? "#cf222e" : (t.tests == 0 ? "#6e7781" : "#1f883d"), bad ? "FAILED" : (t.tests == 0 ? "EMPTY" : "PASSED"));
    auto meta = [&](std::string_view label, std::string_view value) {
        if (value.empty()) return;
        out += fmt::format("<span>{} {}</span>", label, esc(detail::clean_line(value, o)));
    };
    meta("command", run.command);
    meta("started", run.started_at);
    meta("host", run.hostname);
    meta("version", run.tool_version);
    out += fmt::format("<span>duration {}</span>", detail::format_duration(run.seconds));
    if (run.strict) out += "<span>strict: SHOULD findings fail</span>";
    out += "</p></header>\n<main>\n";
    out += "<section class=\"cards\" id=\"summary\">";
    for (auto [cls, label, n] : std::array<std::tuple<const char*, const char*, int>, 5>{
             {{"tests", "scenarios", t.tests},
              {"passed", "passed", t.passed},
              {"failed", "failed", t.failed},
              {"error", "errors", t.errors},
              {"skipped", "skipped", t.skipped}}}) {
        // The failed and errors cards lead to the failures list and filter the page to them.
        bool link = n > 0 && (std::string_view(cls) == "failed" || std::string_view(cls) == "error");
        out += fmt::format("<{} class=\"card {}\" data-count=\"{}\"{}><b>{}</b><small>{}</small></{}>",
                           link ? "a" : "div", cls, n, link ? " href=\"#failures\"" : "", n, label, link ? "a" : "div");
    }
    out += "</section>\n";
    out += failures_section(run, o);
    out += "<section class=\"charts\">";
    out += "<figure><figcaption>Steps per reply code class</figcaption>" + code_class_chart(run) + "</figure>";
    out += "<figure><figcaption>Scenarios per suite</figcaption>" + suite_chart(run, o) + "</figure>";
    out += "<figure class=\"wide\"><figcaption>Slowest exchanges</figcaption>" + slowest_chart(run, o) +
           "</figure>";
    out += "</section>\n";
    out += "<section class=\"controls\"><label><input type=\"checkbox\" id=\"only-failures\"> Only failures and "
           "errors</label><input type=\"search\" id=\"filter\" placeholder=\"Filter by name, file, tag or message\" "
           "aria-label=\"Filter scenarios\"><button type=\"button\" id=\"expand-all\">Expand all</button><button "
           "type=\"button\" id=\"collapse-all\">Collapse all</button><span id=\"shown\"></span></section>\n";
    int id = 0;
    int open_budget = 3;  // open the first few failures so the page shows them at once
    for (const auto& suite : run.suites) {
        totals st = count(suite);
        out += fmt::format("<section class=\"suite\"><h2>{} <small>{}</small><small>{} passed, {} failed, {} errors, {} "
                           "skipped, {}</small></h2>\n",
                           esc(detail::clean_name(suite.name.empty() ? suite.file : suite.name, o, true)),
                           esc(detail::clean_line(suite.file, o)), st.passed, st.failed, st.errors, st.skipped,
                           detail::format_duration(suite.seconds));
        for (const auto& s : suite.scenarios) {
            bool open = (s.result == outcome::failed || s.result == outcome::error) && open_budget > 0;
            if (open) --open_budget;
            write_scenario(out, run, s, ++id, open, o);
        }
        out += "</section>\n";
    }
    if (run.suites.empty()) out += "<p>No suites were run.</p>\n";
    out += "</main>\n";
    out += fmt::format("<footer>Generated by replycheck {}.</footer>\n", esc(detail::clean_line(run.tool_version, o)));
    out += "<div id=\"report-ready\" data-ready=\"no\" hidden></div>\n";
    out += fmt::format("<script>{}</script>\n</body>\n</html>\n", script);
    return out;
}

}  // namespace replycheck::reports
