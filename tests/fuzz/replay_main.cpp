// Replays inputs through a fuzz target without libFuzzer (the g++ build): every regular file of
// each directory (or file) named on the command line, each file also cut to its shorter
// prefixes; without arguments, built-in seeds (small patterns and pseudo-random bytes).
// A broken invariant or a crash aborts with the input's name on stderr.

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <signal.h>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

char current_input[1024] = "(built-in seeds)";

extern "C" void on_fatal_signal(int sig) {
    const char* prefix = "\nfuzz replay: fatal signal while running input: ";
    [[maybe_unused]] auto a = write(2, prefix, std::strlen(prefix));
    [[maybe_unused]] auto b = write(2, current_input, std::strlen(current_input));
    [[maybe_unused]] auto c = write(2, "\n", 1);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

std::size_t run_one(const std::string& bytes) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    return 1;
}

// The whole input, then prefixes: every length up to 512 bytes, beyond that 64 evenly spaced
// lengths, so cuts at every parser state are replayed without libFuzzer.
std::size_t run_with_prefixes(const std::string& bytes) {
    std::size_t runs = run_one(bytes);
    if (bytes.size() <= 512) {
        for (std::size_t n = 0; n < bytes.size(); ++n) runs += run_one(bytes.substr(0, n));
    } else {
        for (std::size_t k = 0; k < 64; ++k) runs += run_one(bytes.substr(0, bytes.size() * k / 64));
    }
    return runs;
}

std::size_t run_builtin() {
    std::size_t runs = 0;
    runs += run_one("");
    for (int b = 0; b < 256; ++b) runs += run_one(std::string(1, static_cast<char>(b)));
    std::uint32_t state = 0x9e3779b9u;
    auto next = [&] {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    };
    for (int i = 0; i < 2000; ++i) {
        std::string bytes(next() % 400, '\0');
        // Mostly printable protocol-ish bytes, some raw ones.
        static constexpr char alphabet[] = "0123456789 -,|()/:;=\r\n\r\nHTTP/1.1 200 OK Content-Length: chunked";
        for (auto& c : bytes)
            c = (next() % 8 == 0) ? static_cast<char>(next()) : alphabet[next() % (sizeof alphabet - 1)];
        runs += run_one(bytes);
    }
    return runs;
}

}  // namespace

int main(int argc, char** argv) {
    // An alternate stack, so that a stack overflow still names the input.
    static char alt_stack[64 * 1024];
    stack_t ss{};
    ss.ss_sp = alt_stack;
    ss.ss_size = sizeof alt_stack;
    sigaltstack(&ss, nullptr);
    for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE}) {
        struct sigaction sa {};
        sa.sa_handler = on_fatal_signal;
        sa.sa_flags = SA_ONSTACK;
        sigemptyset(&sa.sa_mask);
        sigaction(sig, &sa, nullptr);
    }

    std::size_t files = 0, runs = 0;
    if (argc < 2) {
        runs = run_builtin();
    }
    for (int i = 1; i < argc; ++i) {
        std::vector<std::filesystem::path> inputs;
        std::filesystem::path arg = argv[i];
        if (std::filesystem::is_directory(arg)) {
            for (const auto& entry : std::filesystem::directory_iterator(arg))
                if (entry.is_regular_file()) inputs.push_back(entry.path());
            std::sort(inputs.begin(), inputs.end());
        } else if (std::filesystem::is_regular_file(arg)) {
            inputs.push_back(arg);
        } else {
            std::fprintf(stderr, "fuzz replay: no such file or directory: %s\n", argv[i]);
            return 2;
        }
        for (const auto& path : inputs) {
            std::snprintf(current_input, sizeof current_input, "%s", path.c_str());
            std::ifstream in(path, std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            runs += run_with_prefixes(bytes);
            ++files;
        }
    }
    std::printf("fuzz replay: %zu runs over %zu files\n", runs, files);
    return files == 0 && argc >= 2 ? 1 : 0;
}
