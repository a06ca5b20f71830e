// The journal: PASS masking, per-session queries, JSON, cap, clear, concurrent writers.
#include "mockserver/ftp/ftp_journal.hpp"

#include <boost/test/unit_test.hpp>

#include <thread>

#include <boost/json.hpp>

using namespace replycheck::mock;

BOOST_AUTO_TEST_CASE(pass_is_masked_and_json_lists_entries) {
    ftp_journal journal;
    journal.record({1, std::chrono::system_clock::time_point{}, "USER", "alice", 331, nullptr});
    journal.record({1, std::chrono::system_clock::time_point{}, "PASS", "secret", 230, nullptr});
    journal.record({2, std::chrono::system_clock::time_point{}, "pass", "hunter2", 530, nullptr});
    auto entries = journal.snapshot();
    BOOST_REQUIRE_EQUAL(entries.size(), 3u);
    BOOST_TEST(entries[1].argument == "****");
    BOOST_TEST(entries[2].argument == "****");
    BOOST_TEST(journal.session(1).size() == 2u);
    auto json = boost::json::serialize(journal.to_json());
    BOOST_TEST(json.find("secret") == std::string::npos);
    BOOST_TEST(json.find("hunter2") == std::string::npos);
    BOOST_TEST(json.find(R"({"session":1,"time":"1970-01-01T00:00:00.000Z","command":"USER","argument":"alice","code":331})") !=
               std::string::npos, json);
    journal.clear();
    BOOST_TEST(journal.size() == 0u);
}

BOOST_AUTO_TEST_CASE(cap_drops_oldest_and_writers_may_be_concurrent) {
    ftp_journal journal(100);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&journal, t] {
            for (int i = 0; i < 1000; ++i)
                journal.record({static_cast<std::uint64_t>(t), std::chrono::system_clock::now(), "NOOP", "", 200, nullptr});
        });
    for (auto& thread : threads) thread.join();
    BOOST_TEST(journal.size() == 100u);
}

BOOST_AUTO_TEST_CASE(a_password_glued_to_its_verb_is_masked) {
    // A client that puts a tab where RFC 959 §5.3 puts SP: the verb read is "PASS\tSECRET".
    replycheck::mock::ftp_journal journal;
    replycheck::mock::ftp_journal_entry e;
    e.session_id = 1;
    e.command = "PASS\tGLUEDSECRET";
    journal.record(e);
    const auto shown = journal.snapshot().front();
    BOOST_TEST(shown.command == "PASS");
    BOOST_TEST(shown.argument == "****");
    BOOST_TEST(boost::json::serialize(journal.to_json()).find("GLUEDSECRET") == std::string::npos);
    BOOST_TEST(boost::json::serialize(journal.to_json(true)).find("GLUEDSECRET") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_way_a_client_sends_a_password_is_masked) {
    // Bytes before the verb, a letter where SP belongs, and USER arguments holding a password
    // (proxy-style logins). PASV and a plain USER are left alone.
    replycheck::mock::ftp_journal journal;
    const std::vector<std::pair<std::string, std::string>> sent = {
        {"\tPASS", "tabsecretQ"}, {std::string("\0PASS", 5), "nulsecretP"}, {"PASSSECRETO", ""},
        {"ACCTACCOUNTZ", ""},     {"USER", "alice:s3cr3tuserpw16"},         {"USER", "alice s3cr3tuserpw17"},
        {"USER", "alice@host:s3cr3tuserpw18"}, {"PASV", ""},                {"USER", "bob"}};
    for (const auto& [command, argument] : sent) {
        replycheck::mock::ftp_journal_entry e;
        e.session_id = 1;
        e.command = command;
        e.argument = argument;
        journal.record(e);
    }
    const auto shown = journal.snapshot();
    const auto json = boost::json::serialize(journal.to_json());
    for (const char* secret : {"tabsecretQ", "nulsecretP", "SECRETO", "ACCOUNTZ", "s3cr3tuser"})
        BOOST_TEST(json.find(secret) == std::string::npos, secret);
    BOOST_TEST(shown[0].command == "PASS");
    BOOST_TEST(shown[2].command == "PASS");
    BOOST_TEST(shown[2].argument == "****");
    BOOST_TEST(shown[3].command == "ACCT");
    BOOST_TEST(shown[4].argument == "alice:****");
    BOOST_TEST(shown[5].argument == "alice ****");
    BOOST_TEST(shown[6].argument == "alice@host:****");
    BOOST_TEST(shown[7].command == "PASV");
    BOOST_TEST(shown[8].argument == "bob");
}
