#pragma once
// The console reporter: one compact line per scenario, details of what failed, a summary.

#include <ostream>
#include <string>
#include <string_view>

#include "protocol/redactor.hpp"
#include "reports/run_result.hpp"

namespace replycheck::reports {

/// How much of each exchange the console shows besides the verdicts.
enum class console_detail {
    verdicts,  ///< one line per scenario, details of failures
    heads,     ///< also each step's request and reply heads (-v)
    bodies,    ///< also the bodies, capped (--very-verbose)
};

/// Prints results as they come; coloured when asked and NO_COLOR is not set.
class console_reporter {
public:
    /// `color` is honoured only when the NO_COLOR environment variable is unset or empty.
    console_reporter(std::ostream& out, bool color, const protocol::redactor* redact,
                     console_detail detail = console_detail::verdicts);

    /// One line for the scenario; on failure the step, expected against actual and a transcript excerpt.
    void scenario_finished(const scenario_result& scenario);
    /// The closing line: "N passed, N failed, N errors, N skipped".
    void summary(const run_result& run);

    /// True when output to file descriptor `fd` should be coloured (a TTY, NO_COLOR unset).
    static bool want_color(int fd);
    /// The same for a --color choice: "always", "never", or "auto" (want_color(fd)).
    static bool want_color(std::string_view mode, int fd);

    /// Bytes of body shown per step with console_detail::bodies.
    static constexpr std::size_t body_cap = 2048;

private:
    std::string clean(std::string_view text) const;
    std::string paint(std::string_view code, std::string_view text) const;
    void print_exchanges(const scenario_result& scenario);

    std::ostream& out_;
    bool color_;
    const protocol::redactor* redact_;
    console_detail detail_;
};

}  // namespace replycheck::reports
