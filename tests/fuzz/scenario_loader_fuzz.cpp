// Fuzzes the scenario loader: the input is a scenario file's text. Loading either gives a
// suite or throws protocol::config_error with a position inside the file; nothing else may
// escape (no other exception, no crash, no hang).

#include <cstdint>
#include <string>
#include <string_view>

#include "harness/scenario_loader.hpp"
#include "protocol/config_error.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    // A folder that does not exist: relative body files must fail as config errors, not read
    // whatever happens to be in the current directory.
    try {
        auto suite = replycheck::harness::load_suite_text(text, "fuzz.toml", "/nonexistent-fuzz-dir");
        (void)suite;
    } catch (const replycheck::protocol::config_error& e) {
        FUZZ_CHECK(e.where().file == "fuzz.toml", e.what());
        FUZZ_CHECK(e.where().line >= 0 && e.where().column >= 0, e.what());
        // The line must exist in the file (0 = unknown); one past the last line is where
        // toml++ reports an error at end of input.
        std::size_t lines = 1;
        for (char c : text) lines += c == '\n';
        FUZZ_CHECK(static_cast<std::size_t>(e.where().line) <= lines + 1, e.what());
        FUZZ_CHECK(!e.message().empty(), e.what());
    }
    return 0;
}
