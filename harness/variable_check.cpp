#include "harness/variable_check.hpp"

#include <algorithm>
#include <functional>
#include <variant>

#include <fmt/format.h>

#include "harness/variables.hpp"
#include "protocol/toml_reader.hpp"

namespace replycheck::harness {

namespace {

using visit_text = std::function<void(std::string_view field, const std::string& text)>;

void visit_tls(const auto& spec, const visit_text& visit) {
    visit("ca_file", spec.ca_file);
    visit("cert", spec.cert_file);
    visit("key", spec.key_file);
}

// Every text of a step's action that is expanded when the step runs (step_*.cpp), with the
// defaults those files write: a raw step talks to ${http} (or ${ftp}), an ftp step to ${ftp}
// (read only by the step that opens the scenario's FTP session: `ftp_open` is false).
void visit_action(const step& st, bool ftp_open, const visit_text& visit) {
    if (const auto* h = std::get_if<http_step>(&st.action)) {
        visit("method", h->method);
        visit("url", h->url);
        for (const auto& [name, value] : h->headers) visit("header " + name, value);
        for (const auto& [name, value] : h->query) visit("query " + name, value);
        if (h->body) visit("body", *h->body);
        if (h->body_file) visit("body_file", *h->body_file);
        visit("auth user", h->auth_user);
        visit("auth password", h->auth_password);
        visit_tls(*h, visit);
    } else if (const auto* r = std::get_if<raw_step>(&st.action)) {
        visit("send", r->send);
        if (r->to.empty()) visit("to (default)", r->read == raw_read_mode::ftp ? "${ftp}" : "${http}");
        else visit("to", r->to);
        visit("method", r->method);
        visit_tls(*r, visit);
    } else if (const auto* f = std::get_if<ftp_step>(&st.action)) {
        if (!ftp_open) visit(f->to.empty() ? "to (default)" : "to", f->to.empty() ? std::string("${ftp}") : f->to);
        visit("command", f->command);
        visit("login user", f->user);
        visit("login password", f->password);
        if (f->upload) visit("upload", *f->upload);
        visit_tls(*f, visit);
    } else if (const auto* u = std::get_if<ftp_url_step>(&st.action)) {
        visit("url", u->url);
        if (u->upload) visit("upload", *u->upload);
        visit("user", u->user);
        visit("password", u->password);
        visit_tls(*u, visit);
    }
}

// The expectation texts that are expanded before comparing (expectations.cpp, check_journal).
void visit_expectation(const expectation& e, const visit_text& visit) {
    if (e.reason) visit("expect reason", *e.reason);
    if (e.text) visit("expect text", *e.text);
    for (const auto& h : e.headers) {
        if (h.equals) visit("expect header " + h.name, *h.equals);
        if (h.contains) visit("expect header " + h.name, *h.contains);
        if (h.matches) visit("expect header " + h.name, *h.matches);
    }
    if (e.body) {
        if (e.body->equals) visit("expect body", *e.body->equals);
        for (const auto& c : e.body->contains) visit("expect body", c);
        if (e.body->matches) visit("expect body", *e.body->matches);
        for (const auto& j : e.body->json)
            if (j.equals && j.equals->is_string()) visit("expect json " + j.pointer, std::string(j.equals->as_string()));
    }
    if (const auto& r = e.received) {
        if (r->target) visit("expect received", *r->target);
        if (r->path) visit("expect received", *r->path);
        for (const auto& [name, value] : r->headers) visit("expect received", value);
        if (r->body_contains) visit("expect received", *r->body_contains);
        if (r->argument) visit("expect received", *r->argument);
    }
}

std::string how_to_define(const std::string& name, const variable_context& context) {
    const auto& mock_names = mock_variable_names();
    if (std::find(mock_names.begin(), mock_names.end(), name) != mock_names.end())
        return fmt::format("give the server with --var {}={}, choose a target with --target NAME ({}), "
                           "or add a [mock] section to this file",
                           name, name.ends_with("_port") ? "PORT" : name.ends_with("_host") ? "HOST"
                                                                     : name == "tls_ca" ? "FILE" : "URL",
                           context.project_note);
    return fmt::format("define it with --var {0}=VALUE (--secret {0}=VALUE for a password or token, never printed), "
                       "--vars-file, [suite] vars, a target's vars ({1}) or a capture of an earlier step",
                       name, context.project_note);
}

}  // namespace

void check_variable_references(const suite& su, const variable_context& context,
                               std::vector<protocol::config_error>& errors) {
    std::set<std::string> reported;
    for (const auto& sc : su.scenarios) {
        std::set<std::string> defined = context.defined;
        bool ftp_open = false;
        for (std::size_t i = 0; i < sc.steps.size(); ++i) {
            const auto& st = sc.steps[i];
            auto check = [&](std::string_view field, const std::string& text) {
                for (const auto& ref : references_in(text)) {
                    if (ref.unterminated) {
                        if (reported.insert("${" + ref.name).second)
                            errors.emplace_back(st.where, fmt::format("step {}, {}: unterminated ${{ in '{}' "
                                                                      "(write $${{ for a literal ${{)",
                                                                      i + 1, field, text));
                        continue;
                    }
                    // ${env.NAME} is read when the step runs, where the machine that runs it is.
                    if (ref.name.starts_with("env.") || defined.count(ref.name)) continue;
                    if (!reported.insert(ref.name).second) continue;
                    std::string message = fmt::format("step {}, {}: undefined variable ${{{}}}", i + 1, field, ref.name);
                    const auto& mock_names = mock_variable_names();
                    if (std::find(mock_names.begin(), mock_names.end(), ref.name) == mock_names.end()) {
                        std::vector<std::string_view> known(mock_names.begin(), mock_names.end());
                        for (const auto& n : defined) known.push_back(n);
                        auto hint = protocol::suggest(ref.name, known);
                        if (!hint.empty()) message += fmt::format(" (did you mean ${{{}}}?)", hint);
                    }
                    message += "; " + how_to_define(ref.name, context);
                    errors.emplace_back(st.where, message);
                }
            };
            visit_action(st, ftp_open, check);
            ftp_open = ftp_open || std::holds_alternative<ftp_step>(st.action);
            auto on = st.expect_on.find(context.target);
            visit_expectation(on != st.expect_on.end() ? on->second : st.expect, check);
            for (const auto& c : st.captures) defined.insert(c.name);
        }
    }
}

}  // namespace replycheck::harness
