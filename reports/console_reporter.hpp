#pragma once
// The console reporter: one compact line per scenario, details of what failed, a summary.

#include <ostream>
#include <string>
#include <string_view>

#include "protocol/redactor.hpp"
#include "reports/run_result.hpp"

namespace replycheck::reports {

/// Prints results as they come; coloured when asked and NO_COLOR is not set.
class console_reporter {
public:
    /// `color` is honoured only when the NO_COLOR environment variable is unset or empty.
    console_reporter(std::ostream& out, bool color, const protocol::redactor* redact);

    /// One line for the scenario; on failure the step, expected against actual and a transcript excerpt.
    void scenario_finished(const scenario_result& scenario);
    /// The closing line: "N passed, N failed, N errors, N skipped".
    void summary(const run_result& run);

    /// True when output to file descriptor `fd` should be coloured (a TTY, NO_COLOR unset).
    static bool want_color(int fd);

private:
    std::string clean(std::string_view text) const;
    std::string paint(std::string_view code, std::string_view text) const;

    std::ostream& out_;
    bool color_;
    const protocol::redactor* redact_;
};

}  // namespace replycheck::reports
