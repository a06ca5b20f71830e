// The FTP recorder's pure pieces: 227/229 rewriting, command splitting, and the scenario and
// mock files emitted from recorded sessions (loaded by the real loaders; no network).
#include <boost/test/unit_test.hpp>

#include <cstdlib>

#include "harness/record/ftp_recording.hpp"
#include "protocol/utf8.hpp"
#include "protocol/wire/ftp_telnet.hpp"
#include "harness/scenario_loader.hpp"
#include "harness/variable_check.hpp"
#include "mock_http/support.hpp"
#include "mockserver/mock_set.hpp"
#include "mockserver/mock_set_config.hpp"
#include "protocol/toml_reader.hpp"
#include "protocol/wire/ftp_address.hpp"

using namespace replycheck;
using record::recorded_ftp_command;

namespace {

constexpr const char* secret = "Pw-record-unit-3";

protocol::ftp_reply_record reply(int code, std::vector<std::string> lines) {
    protocol::ftp_reply_record r;
    r.code = code;
    r.multiline = lines.size() > 1;
    r.lines = std::move(lines);
    return r;
}

recorded_ftp_command cmd(std::string verb, std::string argument, std::vector<protocol::ftp_reply_record> replies) {
    recorded_ftp_command c;
    c.verb = std::move(verb);
    c.argument = std::move(argument);
    c.replies = std::move(replies);
    return c;
}

recorded_ftp_command transfer(std::string verb, std::string argument, std::string data) {
    auto c = cmd(std::move(verb), std::move(argument),
                 {reply(150, {"150 Here it comes."}), reply(226, {"226 Transfer complete."})});
    c.transfer = true;
    c.data_bytes = data.size();
    c.data = std::move(data);
    return c;
}

// alice logs in with a password, lists, downloads, misses a file; then an anonymous session
// with a failed login first.
std::vector<record::recorded_ftp_session> sample() {
    record::recorded_ftp_session alice;
    alice.client = "127.0.0.1";
    alice.commands = {
        cmd("", "", {reply(220, {"220-Welcome", "220 ready"})}),
        cmd("USER", "alice", {reply(331, {"331 Password please."})}),
        cmd("PASS", "", {reply(230, {"230 Logged in."})}),
        cmd("FEAT", "", {reply(211, {"211-Features:", " SIZE", " EPSV", "211 End"})}),
        cmd("EPSV", "", {reply(229, {"229 Entering Extended Passive Mode (|||40001|)"})}),
        transfer("LIST", "", "-rw-r--r-- 1 0 0 5 Nov 26 a.txt\r\n"),
        cmd("PASV", "", {reply(227, {"227 Entering Passive Mode (127,0,0,1,156,65)."})}),
        transfer("RETR", "a.txt", "hello"),
        cmd("EPSV", "", {reply(229, {"229 Entering Extended Passive Mode (|||40002|)"})}),
        transfer("RETR", "bin.dat", std::string("\xff\xfe\x00\x01", 4)),
        cmd("RETR", "missing ${x}.txt", {reply(550, {"550 Failed to open file."})}),
        cmd("SIZE", "a.txt", {reply(213, {"213 5"})}),
        cmd("CWD", "pub/sub", {reply(250, {"250 Okay."})}),
        cmd("CDUP", "", {reply(250, {"250 Okay."})}),
        cmd("CWD", "../other", {reply(250, {"250 Okay."})}),
        cmd("CWD", "nowhere", {reply(550, {"550 No such folder."})}),
        cmd("QUIT", "", {reply(221, {"221 Goodbye."})}),
    };
    record::recorded_ftp_session anon;
    anon.client = "127.0.0.1";
    anon.commands = {
        cmd("", "", {reply(220, {"220 ready"})}),
        cmd("USER", "bob", {reply(331, {"331 Password please."})}),
        cmd("PASS", "", {reply(530, {"530 Login incorrect."})}),
        cmd("USER", "anonymous", {reply(331, {"331 Any address."})}),
        cmd("PASS", "", {reply(230, {"230 Welcome."})}),
        cmd("PWD", "", {reply(257, {"257 \"/\" is the current directory"})}),
    };
    anon.notes.push_back("AUTH refused by the recorder (not replayed)");
    return {alice, anon};
}

}  // namespace

BOOST_AUTO_TEST_CASE(passive_replies_name_the_proxy_port) {
    auto pasv = record::rewrite_passive_reply(227, "127.0.0.1", 50123);
    BOOST_REQUIRE(pasv);
    BOOST_TEST(pasv->ends_with("\r\n"));
    auto parsed = protocol::parse_pasv_227(pasv->substr(0, pasv->size() - 2));
    BOOST_REQUIRE(parsed);
    BOOST_TEST(parsed->host == "127.0.0.1");
    BOOST_TEST(parsed->port == 50123);

    auto epsv = record::rewrite_passive_reply(229, "::1", 40000);
    BOOST_REQUIRE(epsv);
    BOOST_TEST(*epsv == "229 Entering Extended Passive Mode (|||40000|)\r\n");
    BOOST_TEST(protocol::parse_epsv_229(*epsv)->port == 40000);

    BOOST_TEST(!record::rewrite_passive_reply(227, "::1", 40000));   // 227 names IPv4 only
    BOOST_TEST(!record::rewrite_passive_reply(200, "127.0.0.1", 40000));
}

BOOST_AUTO_TEST_CASE(command_lines_split_into_verb_and_argument) {
    auto [verb, argument] = record::split_ftp_command("retr my file.txt");
    BOOST_TEST(verb == "RETR");
    BOOST_TEST(argument == "my file.txt");
    BOOST_TEST(record::split_ftp_command("PWD").second.empty());
    // A password is known as one whatever separates it (servers take HT) and keeps its case.
    auto tab = record::split_ftp_command("PASS\tTabPassw0rd");
    BOOST_TEST(tab.first == "PASS");
    BOOST_TEST(tab.second == "TabPassw0rd");
    auto lower = record::split_ftp_command("pass Lower Case");
    BOOST_TEST(lower.first == "PASS");
    BOOST_TEST(lower.second == "Lower Case");
    BOOST_TEST(record::split_ftp_command(" acct\tX").first == "ACCT");
    // Telnet before ABOR (RFC 959 §4.1.3: IAC IP, IAC DM) and option talk are not the command.
    BOOST_TEST(protocol::strip_telnet("\xff\xf4\xff\xf2" "ABOR") == "ABOR");
    BOOST_TEST(protocol::strip_telnet("\xff\xfb\x01NOOP\xff") == "NOOP");
    BOOST_TEST(protocol::strip_telnet("RETR a\xff\xff" "b") == "RETR a\xff" "b");
    // A server may echo what it did not understand, upper-cased.
    std::vector<protocol::ftp_reply_record> echoed{reply(500, {"500 Command \"PASS\tTABPASSW0RD\" not understood."})};
    echoed[0].raw = echoed[0].lines[0] + "\r\n";
    record::mask_ftp_secret(echoed, "TabPassw0rd ");
    BOOST_TEST(echoed[0].lines[0] == "500 Command \"PASS\t****\" not understood.");
    BOOST_TEST(echoed[0].raw == "500 Command \"PASS\t****\" not understood.\r\n");
    auto bare = record::split_ftp_command("PASS");
    BOOST_TEST(bare.first == "PASS");
    BOOST_TEST(bare.second.empty());
    BOOST_TEST(record::is_ftp_transfer_verb("MLSD"));
    BOOST_TEST(!record::is_ftp_transfer_verb("SIZE"));
}

BOOST_AUTO_TEST_CASE(scenario_file_replays_codes_with_placeholders) {
    record::ftp_emit_options options;
    options.upstream = "ftp://127.0.0.1:2121/";
    const auto text = record::ftp_scenario_file(sample(), options);
    BOOST_TEST(text.find("--secret password_1=...") != std::string::npos, text);
    BOOST_TEST(text.find("# ${password_1} is the password of alice") != std::string::npos);
    BOOST_TEST(text.find("ftp = 'PASS ${password_1}'") != std::string::npos);
    BOOST_TEST(text.find("ftp = 'PASS replycheck@'") != std::string::npos);                       // anonymous
    BOOST_TEST(text.find("ftp = 'PASS replycheck-deliberately-wrong'") != std::string::npos);      // bob's 530
    BOOST_TEST(text.find("PASV") == std::string::npos);   // transfer steps open their own data connection
    BOOST_TEST(text.find("EPSV") == std::string::npos);
    BOOST_TEST(text.find("missing $${x}.txt") != std::string::npos);   // recorded text is never a variable
    BOOST_TEST(text.find("note: session 2: AUTH refused") != std::string::npos);
    BOOST_TEST(text.find("expect = { body = { size = 5 }, code = 226 }") != std::string::npos, text);
    BOOST_TEST(text.find("expect = { body = { size = 4 }, code = 226 }") != std::string::npos);
    BOOST_TEST(text.find("preliminary") == std::string::npos);   // 125 or 150: the server's choice
    BOOST_TEST(text.find("expect = { code = 550 }") != std::string::npos);

    harness::suite su;
    BOOST_REQUIRE_NO_THROW(su = harness::load_suite_text(text, "recorded.toml"));
    BOOST_REQUIRE_EQUAL(su.scenarios.size(), 2u);
    BOOST_TEST(su.scenarios[0].steps.size() == 14u);   // 17 commands, less EPSV, PASV, EPSV
    BOOST_TEST(su.scenarios[1].steps.size() == 6u);
}

BOOST_AUTO_TEST_CASE(uploads_are_never_variables_and_a_restarted_download_has_no_size) {
    record::recorded_ftp_session s;
    s.client = "127.0.0.1";
    auto upload = transfer("STOR", "up.txt", "uploaded ${x} data");
    upload.replies.front() = reply(125, {"125 Data connection already open."});
    auto partial = transfer("RETR", "big.txt", std::string(642, 'a'));
    s.commands = {
        cmd("", "", {reply(220, {"220 ready"})}),
        upload,
        cmd("REST", "50", {reply(350, {"350 Restarting at 50."})}),
        cmd("EPSV", "", {reply(229, {"229 Entering Extended Passive Mode (|||40001|)"})}),
        partial,
        transfer("RETR", "small.txt", "whole"),
        cmd("REST", "9999", {reply(501, {"501 Bad offset."})}),
        transfer("RETR", "other.txt", "all of it"),
        transfer("RETR", "huge.bin", std::string(100, 'z')),
        cmd("ABOR", "", {reply(226, {"226 Aborted."})}),
    };
    s.commands[s.commands.size() - 2].replies.back() = reply(426, {"426 Transfer aborted."});
    const auto text = record::ftp_scenario_file({s}, {});
    BOOST_TEST(text.find("upload = 'uploaded $${x} data'") != std::string::npos, text);
    BOOST_TEST(text.find("size = 642") == std::string::npos);   // after REST 50 the replay moves the whole file
    BOOST_TEST(text.find("size = 5 }") != std::string::npos);   // the REST applied to one transfer only
    BOOST_TEST(text.find("size = 9 }") != std::string::npos);   // a refused REST restarts nothing
    BOOST_TEST(text.find("preliminary") == std::string::npos);
    BOOST_TEST(text.find("huge.bin' }") == std::string::npos);   // aborted: a replay would read it whole
    BOOST_TEST(text.find("note: session 1: RETR huge.bin was aborted (ABOR) when recorded; left out") != std::string::npos);

    harness::suite su;
    BOOST_REQUIRE_NO_THROW(su = harness::load_suite_text(text, "recorded.toml"));
    harness::variable_context context;
    context.defined = {"ftp"};
    std::vector<protocol::config_error> errors;
    harness::check_variable_references(su, context, errors);
    BOOST_TEST(errors.empty());   // "${x}" was recorded text, not a variable to define
}

BOOST_AUTO_TEST_CASE(mock_file_answers_as_recorded_and_holds_no_password) {
    ::setenv("REPLYCHECK_PASSWORD_1", secret, 1);
    record::ftp_emit_options options;
    options.upstream = "ftp://127.0.0.1:2121/";
    options.root = "m-root";
    const auto text = record::ftp_mock_file(sample(), options);
    BOOST_TEST(text.find(secret) == std::string::npos);
    BOOST_TEST(text.find("password = '${env:REPLYCHECK_PASSWORD_1}'") != std::string::npos, text);
    BOOST_TEST(text.find("#   REPLYCHECK_PASSWORD_1=... replycheck mock mock.toml") != std::string::npos);
    BOOST_TEST(text.find("name = 'bob'") == std::string::npos);   // a failed login is no user
    BOOST_TEST(text.find("command = 'PASV'") == std::string::npos);
    BOOST_TEST(text.find("command = 'USER'") == std::string::npos);

    test_support::temp_dir dir;
    std::filesystem::create_directories(dir.path / "m-root");
    auto doc = protocol::parse_toml(text, "m.toml");
    auto config = mock::load_mock_set_config(*doc["mock"].as_table(), dir.path, "m.toml");
    ::unsetenv("REPLYCHECK_PASSWORD_1");
    BOOST_REQUIRE(config.ftp);
    const auto& ftp = *config.ftp;
    BOOST_TEST(ftp.anonymous);
    BOOST_REQUIRE_EQUAL(ftp.users.size(), 1u);
    BOOST_TEST(ftp.users[0].name == "alice");
    BOOST_TEST(ftp.users[0].password == secret);
    BOOST_TEST((ftp.greeting == std::vector<std::string>{"220-Welcome", "220 ready"}));
    auto script = [&](const std::string& verb, const std::string& argument) -> const mock::ftp_script* {
        for (const auto& s : ftp.scripts)
            if (s.match.command == verb && s.match.argument == argument) return &s;
        return nullptr;
    };
    const auto* feat = script("FEAT", "");
    BOOST_REQUIRE(feat);
    BOOST_TEST(feat->reply.size() == 4u);   // multi-line kept
    const auto* retr = script("RETR", "a.txt");
    BOOST_REQUIRE(retr);
    BOOST_TEST(retr->data_bytes.value_or("") == "hello");
    const auto* binary = script("RETR", "bin.dat");
    BOOST_REQUIRE(binary);
    BOOST_TEST(binary->data_bytes.value_or("").size() == 4u);   // not UTF-8: a payload of the size
    BOOST_TEST(script("SIZE", "a.txt")->reply.at(0) == "213 5");
    // Folder changes are the mock's own (the folders exist in its root); a refused one is scripted.
    BOOST_TEST(!script("CWD", "pub/sub"));
    BOOST_TEST(!script("PWD", ""));
    BOOST_TEST(script("CWD", "nowhere")->reply.at(0) == "550 No such folder.");
}

BOOST_AUTO_TEST_CASE(mock_folders_follow_the_successful_cwds) {
    BOOST_TEST((record::ftp_mock_folders(sample()) == std::vector<std::string>{"other", "pub", "pub/sub"}));
}

BOOST_AUTO_TEST_CASE(replies_before_a_login_are_the_mocks_own) {
    // Session A logs in and runs PWD; session B does not and gets 530 for PWD and LIST.
    record::recorded_ftp_session a, b;
    a.commands = {
        cmd("", "", {reply(220, {"220 ready"})}),
        cmd("USER", "u1", {reply(331, {"331 Password please."})}),
        cmd("PASS", "", {reply(230, {"230 Logged in."})}),
        cmd("PWD", "", {reply(257, {"257 \"/\" is the current directory"})}),
        cmd("SYST", "", {reply(215, {"215 UNIX Type: L8"})}),
    };
    b.commands = {
        cmd("", "", {reply(220, {"220 ready"})}),
        cmd("SYST", "", {reply(215, {"215 UNIX Type: L8"})}),
        cmd("FEAT", "", {reply(211, {"211-Features:", " SIZE", "211 End"})}),
        cmd("PWD", "", {reply(530, {"530 Log in with USER and PASS first."})}),
        cmd("LIST", "", {reply(530, {"530 Log in with USER and PASS first."})}),
        cmd("USER", "u1", {reply(331, {"331 Password please."})}),
        cmd("PASS", "", {reply(530, {"530 Authentication failed."})}),
        cmd("NLST", "", {reply(530, {"530 Log in with USER and PASS first."})}),
    };
    const auto mock = record::ftp_mock_file({b, a}, {});
    BOOST_TEST(mock.find("530") == std::string::npos, mock);
    BOOST_TEST(mock.find("command = 'FEAT'") == std::string::npos);   // sent before a login only
    BOOST_TEST(mock.find("command = 'SYST'") != std::string::npos);   // sent after one too
    BOOST_TEST(mock.find("command = 'PWD'") == std::string::npos);

    // LIST was refused without a data connection: a transfer step would set one up first.
    const auto scenarios = record::ftp_scenario_file({b}, {});
    BOOST_TEST(scenarios.find("transfer") == std::string::npos, scenarios);
    BOOST_TEST(scenarios.find("ftp = 'LIST'") != std::string::npos);
    BOOST_TEST(scenarios.find("ftp = 'NLST'") != std::string::npos);
    BOOST_REQUIRE_NO_THROW(harness::load_suite_text(scenarios, "recorded.toml"));
}

BOOST_AUTO_TEST_CASE(a_refusal_after_a_passive_set_up_stays_a_transfer) {
    record::recorded_ftp_session s;
    s.commands = {
        cmd("", "", {reply(220, {"220 ready"})}),
        cmd("USER", "anonymous", {reply(331, {"331 Any address."})}),
        cmd("PASS", "", {reply(230, {"230 Welcome."})}),
        cmd("EPSV", "", {reply(229, {"229 Entering Extended Passive Mode (|||40001|)"})}),
        cmd("RETR", "gone.txt", {reply(550, {"550 No such file."})}),
        cmd("RETR", "gone.txt", {reply(425, {"425 Use PORT or PASV first."})}),
    };
    const auto text = record::ftp_scenario_file({s}, {});
    BOOST_TEST(text.find("ftp = { transfer = 'RETR gone.txt' }") != std::string::npos, text);
    BOOST_TEST(text.find("ftp = 'RETR gone.txt'") != std::string::npos);   // the set-up was used
}

BOOST_AUTO_TEST_CASE(a_login_on_user_alone_is_answered_as_recorded) {
    // pure-ftpd logs `anonymous` in on USER (230) without asking for a password.
    record::recorded_ftp_session s;
    s.commands = {
        cmd("", "", {reply(220, {"220 ready"})}),
        cmd("USER", "anonymous", {reply(230, {"230 Anonymous user logged in"})}),
        cmd("QUIT", "", {reply(221, {"221 Goodbye."})}),
    };
    const auto text = record::ftp_mock_file({s}, {});
    test_support::temp_dir dir;
    std::filesystem::create_directories(dir.path / "record-root");
    auto doc = protocol::parse_toml(text, "m.toml");
    auto config = mock::load_mock_set_config(*doc["mock"].as_table(), dir.path, "m.toml");
    BOOST_REQUIRE(config.ftp);
    BOOST_TEST(config.ftp->anonymous);
    const mock::ftp_script* user = nullptr;
    for (const auto& script : config.ftp->scripts)
        if (script.match.command == "USER" && script.match.argument == "anonymous") user = &script;
    BOOST_REQUIRE(user);
    BOOST_TEST((user->reply == std::vector<std::string>{"230 Anonymous user logged in"}));
    BOOST_TEST(text.find("note: USER anonymous logged in without a password") != std::string::npos, text);
}

namespace {

record::recorded_ftp_session login_session(std::string user, std::vector<recorded_ftp_command> more) {
    record::recorded_ftp_session s;
    s.client = "127.0.0.1";
    s.commands = {
        cmd("", "", {reply(220, {"220 ready"})}),
        cmd("USER", user, {reply(331, {"331 Password please."})}),
        cmd("PASS", "", {reply(230, {"230 Logged in."})}),
    };
    for (auto& c : more) s.commands.push_back(std::move(c));
    return s;
}

// The emitted mock loaded as `replycheck mock` loads it, its one user's password set.
mock::mock_set_config loaded_with_one_password(const std::string& text) {
    ::setenv("REPLYCHECK_PASSWORD_1", "pw", 1);
    test_support::temp_dir dir;
    std::filesystem::create_directories(dir.path / "record-root");
    auto doc = protocol::parse_toml(text, "m.toml");
    auto config = mock::load_mock_set_config(*doc["mock"].as_table(), dir.path, "m.toml");
    ::unsetenv("REPLYCHECK_PASSWORD_1");
    BOOST_REQUIRE(config.ftp);
    return config;
}

std::vector<mock::ftp_script> scripts_for(const mock::mock_set_config& config, std::string_view command) {
    std::vector<mock::ftp_script> out;
    for (const auto& script : config.ftp->scripts)
        if (script.match.command == command) out.push_back(script);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_user_has_a_password_variable_of_its_own) {
    const std::vector sessions{login_session("alice", {}), login_session("carol", {}), login_session("alice", {})};
    const auto scenarios = record::ftp_scenario_file(sessions, {});
    BOOST_TEST(scenarios.find("# ${password_1} is the password of alice") != std::string::npos, scenarios);
    BOOST_TEST(scenarios.find("# ${password_2} is the password of carol") != std::string::npos);
    BOOST_TEST(scenarios.find("password_3") == std::string::npos);   // alice's second login: the same secret
    const auto text = record::ftp_mock_file(sessions, {});
    BOOST_TEST(text.find("#   REPLYCHECK_PASSWORD_1=... REPLYCHECK_PASSWORD_2=... replycheck mock mock.toml") != std::string::npos, text);
    BOOST_TEST(text.find("#   REPLYCHECK_PASSWORD_2 is the password of carol (the scenarios' password_2)") != std::string::npos);
    BOOST_TEST(text.find("--secret password_1=... --secret password_2=...") != std::string::npos);

    ::setenv("REPLYCHECK_PASSWORD_1", "alice-pw", 1);
    ::setenv("REPLYCHECK_PASSWORD_2", "carol-pw", 1);
    test_support::temp_dir dir;
    std::filesystem::create_directories(dir.path / "record-root");
    auto doc = protocol::parse_toml(text, "m.toml");
    auto config = mock::load_mock_set_config(*doc["mock"].as_table(), dir.path, "m.toml");
    ::unsetenv("REPLYCHECK_PASSWORD_1");
    ::unsetenv("REPLYCHECK_PASSWORD_2");
    BOOST_REQUIRE(config.ftp);
    BOOST_REQUIRE_EQUAL(config.ftp->users.size(), 2u);
    BOOST_TEST(config.ftp->users[0].name == "alice");
    BOOST_TEST(config.ftp->users[0].password == "alice-pw");
    BOOST_TEST(config.ftp->users[1].name == "carol");
    BOOST_TEST(config.ftp->users[1].password == "carol-pw");
}

BOOST_AUTO_TEST_CASE(a_download_answered_differently_is_replayed_in_order) {
    // TYPE A then TYPE I: the same file moved as text (CRLF) and as stored.
    auto s = login_session("alice", {
        cmd("TYPE", "A", {reply(200, {"200 Type set to A."})}),
        transfer("RETR", "t.txt", "one\r\ntwo\r\n"),
        transfer("RETR", "t.txt", "one\r\ntwo\r\n"),
        cmd("TYPE", "I", {reply(200, {"200 Type set to I."})}),
        transfer("RETR", "t.txt", "one\ntwo\n"),
        cmd("SIZE", "t.txt", {reply(213, {"213 8"})}),
    });
    const auto text = record::ftp_mock_file({s}, {});
    BOOST_TEST(text.find("note: RETR t.txt was answered differently when repeated") != std::string::npos, text);
    BOOST_TEST(text.find("command = 'SIZE'") != std::string::npos);
    const auto config = loaded_with_one_password(text);
    const auto retr = scripts_for(config, "RETR");
    BOOST_REQUIRE_EQUAL(retr.size(), 2u);
    BOOST_TEST(retr[0].data_bytes.value_or("") == "one\r\ntwo\r\n");
    BOOST_TEST(retr[0].times.value_or(0) == 2);   // both text downloads, then the binary one
    BOOST_TEST(retr[1].data_bytes.value_or("") == "one\ntwo\n");
    BOOST_TEST(!retr[1].times);

    // The scenario keeps the TYPE steps, so each transfer asks for the type it had.
    const auto scenarios = record::ftp_scenario_file({s}, {});
    BOOST_TEST(scenarios.find("ftp = 'TYPE A'") != std::string::npos, scenarios);
    BOOST_TEST(scenarios.find("ftp = 'TYPE I'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_cwd_refused_before_its_folder_was_made_is_refused_only_that_often) {
    // curl --ftp-create-dirs: CWD nd fails, MKD nd, CWD nd succeeds; a later session goes in at once.
    auto first = login_session("alice", {
        cmd("CWD", "nd", {reply(550, {"550 No such directory."})}),
        cmd("MKD", "nd", {reply(257, {"257 \"/nd\" created."})}),
        cmd("CWD", "nd", {reply(250, {"250 OK."})}),
    });
    auto second = login_session("alice", {
        cmd("CWD", "nd", {reply(250, {"250 OK."})}),
        cmd("RMD", "/nd", {reply(250, {"250 Removed."})}),
        cmd("CWD", "nd", {reply(550, {"550 No such directory."})}),
    });
    const auto text = record::ftp_mock_file({first, second}, {});
    BOOST_TEST(text.find("note: CWD nd was refused before it succeeded; the mock refuses it as often, then answers it "
                         "itself") != std::string::npos, text);
    BOOST_TEST(text.find("note: CWD nd was refused after it had succeeded") != std::string::npos);
    const auto config = loaded_with_one_password(text);
    const auto cwd = scripts_for(config, "CWD");
    BOOST_REQUIRE_EQUAL(cwd.size(), 1u);   // the refusal before MKD; the successes are the mock's
    BOOST_TEST(cwd[0].times.value_or(0) == 1);
    BOOST_TEST(record::ftp_mock_folders({first, second}) == std::vector<std::string>{"nd"});

    // The sessions depend on each other: they replay one after another.
    BOOST_TEST(record::ftp_scenario_file({first, second}, {}).find("sequential = true") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_argument_that_is_not_utf8_is_left_out_with_a_note) {
    auto s = login_session("alice", {
        cmd("SIZE", "caf\xe9.txt", {reply(213, {"213 5"})}),
        cmd("SIZE", "ok.txt", {reply(213, {"213 2"})}),
    });
    const auto scenarios = record::ftp_scenario_file({s}, {});
    BOOST_TEST(protocol::valid_utf8(scenarios));
    BOOST_TEST(scenarios.find("SIZE caf%E9.txt: its argument is not UTF-8") != std::string::npos, scenarios);
    BOOST_TEST(scenarios.find("ftp = 'SIZE ok.txt'") != std::string::npos);
    const auto mock = record::ftp_mock_file({s}, {});
    BOOST_TEST(protocol::valid_utf8(mock));
    BOOST_TEST(mock.find("SIZE caf%E9.txt: its argument is not UTF-8, which a mock config cannot hold") != std::string::npos, mock);
    BOOST_TEST(mock.find("argument = 'ok.txt'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_account_is_a_secret_and_pass_332_accepted_the_password) {
    // RFC 959 §5.4: PASS answered 332 took the password and asks for ACCT.
    record::recorded_ftp_session s;
    s.commands = {
        cmd("", "", {reply(220, {"220 ready"})}),
        cmd("USER", "dave", {reply(331, {"331 Password please."})}),
        cmd("PASS", "", {reply(332, {"332 Account needed."})}),
        cmd("ACCT", "", {reply(230, {"230 Logged in."})}),
        cmd("PWD", "", {reply(257, {"257 \"/\""})}),
    };
    const auto scenarios = record::ftp_scenario_file({s}, {});
    BOOST_TEST(scenarios.find("ftp = 'PASS ${password_1}'") != std::string::npos, scenarios);
    BOOST_TEST(scenarios.find("ftp = 'ACCT ${account_1}'") != std::string::npos);
    BOOST_TEST(scenarios.find("deliberately-wrong") == std::string::npos);
    BOOST_TEST(scenarios.find("--secret password_1=... --secret account_1=...") != std::string::npos);
    BOOST_TEST(scenarios.find("# ${account_1} is the account (ACCT) of dave") != std::string::npos);
    harness::suite su;
    BOOST_REQUIRE_NO_THROW(su = harness::load_suite_text(scenarios, "recorded.toml"));
    BOOST_REQUIRE_EQUAL(su.scenarios.size(), 1u);
    BOOST_TEST(su.scenarios[0].steps.size() == 5u);

    // A refused account is sent wrong on purpose, as a refused password is.
    s.commands[3] = cmd("ACCT", "", {reply(530, {"530 Not logged in."})});
    const auto refused = record::ftp_scenario_file({s}, {});
    BOOST_TEST(refused.find("ftp = 'ACCT replycheck-deliberately-wrong'") != std::string::npos, refused);
    BOOST_TEST(refused.find("account_1") == std::string::npos);

    s.commands[3] = cmd("ACCT", "", {reply(230, {"230 Logged in."})});
    const auto mock = record::ftp_mock_file({s}, {});
    BOOST_TEST(mock.find("name = 'dave'") != std::string::npos, mock);
    BOOST_TEST(mock.find("note: dave logged in with an account") != std::string::npos);
}
