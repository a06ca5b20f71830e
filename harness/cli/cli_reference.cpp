// The man page and shell completions, walked out of the CLI11 definitions: every command
// (and `report merge`-like subcommands), its options, their value names and descriptions.

#include "harness/cli/cli_reference.hpp"

#include <cctype>
#include <iostream>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "harness/cli/commands.hpp"

namespace replycheck::cli {

namespace {

// A command as the reference sees it: its words after "replycheck" and its definition.
struct command_entry {
    std::string path;  // "run", "report matrix"
    const CLI::App* app;
};

bool shown(const CLI::App* sub) { return !sub->get_group().empty(); }

void collect(const CLI::App& app, const std::string& prefix, std::vector<command_entry>& out) {
    for (const auto* sub : app.get_subcommands([](const CLI::App* s) { return shown(s); })) {
        const auto path = prefix.empty() ? sub->get_name() : prefix + " " + sub->get_name();
        out.push_back({path, sub});
        collect(*sub, path, out);
    }
}

std::vector<command_entry> commands(const CLI::App& app) {
    std::vector<command_entry> out;
    collect(app, "", out);
    return out;
}

bool has_subcommands(const CLI::App* app) {
    return !app->get_subcommands([](const CLI::App* s) { return shown(s); }).empty();
}

// Options worth listing: not the help flag, not hidden (empty group).
std::vector<const CLI::Option*> options_of(const CLI::App* app) {
    return app->get_options([app](const CLI::Option* o) {
        return o != app->get_help_ptr() && o != app->get_help_all_ptr() && !o->get_group().empty();
    });
}

// The value's name: the definition's type name, or (CLI11's generic TEXT) the option's name in
// capitals: --target TARGET, reports REPORTS.
std::string value_name(const CLI::Option* o) {
    auto type = o->get_type_name();
    // CLI11 joins the value type and its check: "INT:INT in [0 - 1024]", "TEXT:FILE",
    // "TEXT:{index,hash}". Show the part a reader needs: N, FILE, index|hash.
    if (const auto colon = type.find(':'); colon != std::string::npos) {
        auto check = type.substr(colon + 1);
        const auto kind = type.substr(0, colon);
        if (check.size() > 2 && check.front() == '{' && check.back() == '}') {
            check = check.substr(1, check.size() - 2);
            for (auto& c : check)
                if (c == ',') c = '|';
            return check;
        }
        if (kind == "INT" || kind == "UINT" || kind == "FLOAT") return "N";
        type = check == "FILE" || check == "DIR" || check == "PATH" ? check : std::string("TEXT");
    }
    if (type == "INT" || type == "UINT") return "N";
    if (!type.empty() && type != "TEXT") return type;
    std::string name = o->get_lnames().empty() ? o->get_name() : o->get_lnames().front();
    for (auto& c : name) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name;
}

// "-t, --target TARGET", "--strict", "PATHS..."
std::string option_words(const CLI::Option* o) {
    if (o->get_positional() && o->get_lnames().empty() && o->get_snames().empty())
        return o->get_expected_max() > 1 ? value_name(o) + "..." : value_name(o);
    std::string out;
    for (const auto& s : o->get_snames()) out += (out.empty() ? "-" : ", -") + s;
    for (const auto& l : o->get_lnames()) out += (out.empty() ? "--" : ", --") + l;
    if (o->get_expected_max() > 0) out += " " + value_name(o);
    return out;
}

bool takes_file(const CLI::Option* o) {
    const auto t = o->get_type_name();
    return t.find("FILE") != std::string::npos || t.find("PATH") != std::string::npos ||
           t.find("DIR") != std::string::npos || t == "CONFIG.toml";
}

std::string one_line(std::string text) {
    for (auto& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return text;
}

// roff: a backslash is \e, a minus \-, and a line may not start with . or '.
std::string roff(std::string_view text) {
    std::string out;
    bool line_start = true;
    for (char c : text) {
        if (line_start && (c == '.' || c == '\'')) out += "\\&";
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
        line_start = c == '\n';
    }
    return out;
}

// Single-quoted for a shell word.
std::string shell_quoted(std::string_view text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// The option names as the shell sees them: "-t --target".
std::vector<std::string> flag_names(const CLI::Option* o) {
    std::vector<std::string> out;
    for (const auto& s : o->get_snames()) out.push_back("-" + s);
    for (const auto& l : o->get_lnames()) out.push_back("--" + l);
    return out;
}

}  // namespace

std::string man_page(const CLI::App& app) {
    std::string out = fmt::format(".TH REPLYCHECK 1 \"\" \"replycheck {}\" \"User Commands\"\n", REPLYCHECK_VERSION);
    out += ".SH NAME\nreplycheck \\- protocol conformance test harness for HTTP and FTP\n";
    out += ".SH SYNOPSIS\n.B replycheck\n.I COMMAND\n[\\fIOPTIONS\\fR]\n.br\n.B replycheck help\n[\\fICOMMAND\\fR]\n";
    out += ".SH DESCRIPTION\n" +
           roff("replycheck drives HTTP and FTP servers, real or its own mocks, through scripted exchanges "
                "(scenarios), smoke probes derived from a URL, or requests replayed from server logs, and "
                "checks every reply against the documented meaning of its code (RFC 9110, RFC 959 and their "
                "companions). Results go to the console and to JUnit, JSON, HTML and TAP reports.") +
           "\n.SH COMMANDS\n";
    for (const auto& [path, sub] : commands(app)) {
        std::string synopsis = "replycheck " + path;
        for (const auto* o : options_of(sub))
            if (o->get_positional() && o->get_lnames().empty()) synopsis += " " + option_words(o);
        if (has_subcommands(sub)) synopsis += " SUBCOMMAND";
        else if (!options_of(sub).empty()) synopsis += " [OPTIONS]";
        out += ".SS \"" + roff(synopsis) + "\"\n" + roff(one_line(sub->get_description())) + "\n";
        for (const auto* o : options_of(sub)) {
            out += ".TP\n.B " + roff(option_words(o)) + "\n" + roff(one_line(o->get_description())) + "\n";
        }
    }
    out += ".SH EXIT STATUS\n.TP\n.B 0\neverything passed\n.TP\n.B 1\na scenario or probe failed, or met a transport error\n"
           ".TP\n.B 2\n" + roff("bad command line, or an invalid scenario, target, mock or log file (nothing was run)") +
           "\n.TP\n.B 3\n" + roff("runtime error: a mock could not start, a report could not be written") + "\n";
    out += ".SH ENVIRONMENT\n.TP\n.B NO_COLOR\nplain console output\n.TP\n.B CI_NODE_INDEX, CI_NODE_TOTAL\n" +
           roff("the shard of `run` when --shard is not given") + "\n.TP\n.B REPLYCHECK_PASSWORD\n" +
           roff("the password of `smoke` when --password is not given") + "\n";
    out += ".SH FILES\n.TP\n.I replycheck.toml\n" +
           roff("the project file: targets, variables and the embedded mock (the nearest one above the "
                "scenarios, or --config)") + "\n";
    out += ".SH EXAMPLES\n.nf\n" +
           roff("replycheck run scenarios/ --report-junit junit.xml\n"
                "replycheck smoke https://staging.example/index.html\n"
                "replycheck explain 403.14\n"
                "replycheck reproduce u_ex261120.log --var http=http://127.0.0.1:8080\n"
                "replycheck mock --http 127.0.0.1:0 --root www --ftp 127.0.0.1:0 --ftp-root ftp --anonymous\n") +
           ".fi\n";
    out += ".SH SEE ALSO\n.BR curl (1),\n.BR ftp (1)\n";
    return out;
}

std::string markdown_reference(const CLI::App& app, std::string_view path) {
    // A cell may not hold a pipe or a line break.
    auto cell = [](std::string text) {
        std::string out;
        for (char c : one_line(std::move(text))) out += c == '|' ? std::string("\\|") : std::string(1, c);
        return out;
    };
    std::string out;
    for (const auto& [command, sub] : commands(app)) {
        if (!path.empty() && command != path) continue;
        if (has_subcommands(sub)) continue;  // its subcommands have their own blocks
        std::string synopsis = "replycheck " + command;
        const auto options = options_of(sub);
        bool any_flag = false;
        for (const auto* o : options) {
            if (o->get_positional() && o->get_lnames().empty()) {
                const auto words = option_words(o);
                synopsis += o->get_required() ? " " + words : " [" + words + "]";
            } else {
                any_flag = true;
            }
        }
        if (any_flag) synopsis += " [OPTIONS]";
        if (path.empty()) out += "### replycheck " + command + "\n\n";
        out += "```\n" + synopsis + "\n```\n\n" + cell(sub->get_description()) + "\n\n";
        if (options.empty()) continue;
        out += "| option | meaning |\n|---|---|\n";
        for (const auto* o : options) out += "| `" + cell(option_words(o)) + "` | " + cell(o->get_description()) + " |\n";
        out += '\n';
    }
    return out;
}

std::string bash_completion(const CLI::App& app) {
    const auto all = commands(app);
    std::string top;
    for (const auto& c : all)
        if (c.path.find(' ') == std::string::npos) top += (top.empty() ? "" : " ") + c.path;
    std::string out = "# bash completion for replycheck (generated by `replycheck help --format bash`)\n";
    out += "_replycheck() {\n"
           "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} path=\"\" w i\n"
           "  # The command words typed so far: those before the cursor that are not options.\n"
           "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "    w=${COMP_WORDS[i]}\n"
           "    case \"$w\" in -*) continue ;; esac\n"
           "    case \" ${path:+$path }$w \" in\n";
    for (const auto& c : all) out += "      \" " + c.path + " \") path=\"" + c.path + "\" ;;\n";
    out += "    esac\n  done\n";
    // Options that take a file: complete file names after them.
    out += "  case \"$path:$prev\" in\n";
    for (const auto& [path, sub] : all)
        for (const auto* o : options_of(sub))
            if (takes_file(o) && o->get_expected_max() > 0)
                for (const auto& f : flag_names(o)) out += "    \"" + path + ":" + f + "\") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
    out += "  esac\n  case \"$path\" in\n";
    out += "    \"\") COMPREPLY=($(compgen -W \"" + top + " help --help --version\" -- \"$cur\")); return ;;\n";
    for (const auto& [path, sub] : all) {
        std::string words;
        for (const auto* o : options_of(sub))
            for (const auto& f : flag_names(o)) words += " " + f;
        std::string subs;
        for (const auto& c : all)
            if (c.path.starts_with(path + " ") && c.path.find(' ', path.size() + 1) == std::string::npos)
                subs += " " + c.path.substr(path.size() + 1);
        out += "    \"" + path + "\")\n";
        out += "      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \"--help" + words + "\" -- \"$cur\"))\n";
        if (!subs.empty()) out += "      else COMPREPLY=($(compgen -W \"" + subs.substr(1) + "\" -- \"$cur\"))\n";
        else out += "      else COMPREPLY=($(compgen -f -- \"$cur\"))\n";
        out += "      fi ;;\n";
    }
    out += "  esac\n}\ncomplete -o filenames -F _replycheck replycheck\n";
    return out;
}

std::string zsh_completion(const CLI::App& app) {
    const auto all = commands(app);
    std::string out = "#compdef replycheck\n# zsh completion for replycheck (generated by `replycheck help --format zsh`)\n\n";
    out += "_replycheck() {\n  local -a words_before\n  local path=\"\" w\n"
           "  for w in ${words[2,CURRENT-1]}; do\n    [[ $w == -* ]] && continue\n"
           "    case \" ${path:+$path }$w \" in\n";
    for (const auto& c : all) out += "      \" " + c.path + " \") path=\"" + c.path + "\" ;;\n";
    out += "    esac\n  done\n  case \"$path\" in\n";
    auto describe = [&](const std::string& prefix) {
        std::string list;
        for (const auto& c : all) {
            const bool child = prefix.empty() ? c.path.find(' ') == std::string::npos
                                              : c.path.starts_with(prefix + " ") &&
                                                    c.path.find(' ', prefix.size() + 1) == std::string::npos;
            if (!child) continue;
            const auto name = prefix.empty() ? c.path : c.path.substr(prefix.size() + 1);
            auto text = one_line(c.app->get_description()).substr(0, 70);
            for (auto& ch : text)
                if (ch == ':') ch = ',';
            list += "        " + shell_quoted(name + ":" + text) + "\n";
        }
        return list;
    };
    out += "    \"\")\n      local -a cmds=(\n" + describe("") + "        'help:show help for a command'\n      )\n"
           "      _describe command cmds ;;\n";
    for (const auto& [path, sub] : all) {
        out += "    \"" + path + "\")\n";
        if (has_subcommands(sub)) {
            out += "      local -a cmds=(\n" + describe(path) + "      )\n      _describe command cmds ;;\n";
            continue;
        }
        out += "      _arguments -s";
        for (const auto* o : options_of(sub)) {
            if (o->get_positional() && o->get_lnames().empty()) {
                out += " '*:" + std::string(takes_file(o) ? "file:_files" : "argument: ") + "'";
                continue;
            }
            auto desc = one_line(o->get_description()).substr(0, 80);
            for (auto& ch : desc)
                if (ch == '[' || ch == ']' || ch == '\'' || ch == ':') ch = ' ';
            const auto value = o->get_expected_max() > 0
                                   ? (takes_file(o) ? std::string(":file:_files") : ":" + value_name(o) + ": ")
                                   : std::string();
            for (const auto& f : flag_names(o)) out += " '" + f + "[" + desc + "]" + value + "'";
        }
        out += " ;;\n";
    }
    out += "  esac\n}\n\n_replycheck \"$@\"\n";
    return out;
}

std::string fish_completion(const CLI::App& app) {
    const auto all = commands(app);
    std::string out = "# fish completion for replycheck (generated by `replycheck help --format fish`)\n";
    out += "complete -c replycheck -f\n";
    std::string top;
    for (const auto& c : all)
        if (c.path.find(' ') == std::string::npos) top += " " + c.path;
    out += "complete -c replycheck -n 'not __fish_seen_subcommand_from" + top + " help' -a help -d 'show help for a command'\n";
    for (const auto& [path, sub] : all) {
        const auto space = path.rfind(' ');
        const auto name = space == std::string::npos ? path : path.substr(space + 1);
        const auto desc = shell_quoted(one_line(sub->get_description()).substr(0, 80));
        if (space == std::string::npos)
            out += "complete -c replycheck -n 'not __fish_seen_subcommand_from" + top + " help' -a " + name + " -d " + desc + "\n";
        else
            out += "complete -c replycheck -n '__fish_seen_subcommand_from " + path.substr(0, space) + "' -a " + name +
                   " -d " + desc + "\n";
        const auto when = "'__fish_seen_subcommand_from " + name + "'";
        for (const auto* o : options_of(sub)) {
            if (o->get_positional() && o->get_lnames().empty()) {
                if (takes_file(o)) out += "complete -c replycheck -n " + when + " -F\n";
                continue;
            }
            out += "complete -c replycheck -n " + when;
            for (const auto& s : o->get_snames()) out += " -s " + s;
            for (const auto& l : o->get_lnames()) out += " -l " + l;
            if (o->get_expected_max() > 0) out += takes_file(o) ? " -r -F" : " -r";
            out += " -d " + shell_quoted(one_line(o->get_description()).substr(0, 80)) + "\n";
        }
    }
    return out;
}

void add_help_command(CLI::App& app, int& exit_code) {
    struct help_options {
        std::vector<std::string> words;
        std::string format = "text";
    };
    auto o = std::make_shared<help_options>();
    auto* cmd = app.add_subcommand("help", "Show the help of a command, or the man page or a shell completion script");
    cmd->add_option("command", o->words, "The command (and subcommand) to explain: run, smoke, report matrix ...")
        ->type_name("COMMAND");
    cmd->add_option("--format", o->format,
                    "text (default), man (roff for replycheck(1)), markdown (docs/cli.md's option tables), bash, zsh or "
                    "fish (completion scripts)")
        ->check(CLI::IsMember({"text", "man", "markdown", "bash", "zsh", "fish"}))
        ->type_name("FORMAT");
    cmd->callback([o, &app, &exit_code] {
        exit_code = exit_ok;
        if (o->format == "man") { std::cout << man_page(app); return; }
        if (o->format == "markdown") {
            std::string path;
            for (const auto& w : o->words) path += (path.empty() ? "" : " ") + w;
            const auto text = markdown_reference(app, path);
            if (text.empty()) {
                std::cerr << "replycheck help: no command '" << path << "'\n";
                exit_code = exit_usage;
            }
            std::cout << text;
            return;
        }
        if (o->format == "bash") { std::cout << bash_completion(app); return; }
        if (o->format == "zsh") { std::cout << zsh_completion(app); return; }
        if (o->format == "fish") { std::cout << fish_completion(app); return; }
        const CLI::App* target = &app;
        std::string path;
        for (const auto& w : o->words) {
            const CLI::App* next = nullptr;
            for (const auto* sub : target->get_subcommands([](const CLI::App* s) { return shown(s); }))
                if (sub->get_name() == w) next = sub;
            if (!next) {
                std::string known;
                for (const auto* sub : target->get_subcommands([](const CLI::App* s) { return shown(s); }))
                    known += (known.empty() ? "" : ", ") + sub->get_name();
                std::cerr << "replycheck help: no command '" << (path.empty() ? w : path + " " + w) << "' (commands: "
                          << known << ")\n";
                exit_code = exit_usage;
                return;
            }
            path += (path.empty() ? "" : " ") + w;
            target = next;
        }
        std::cout << target->help();
    });
}

}  // namespace replycheck::cli
