// The self-contained HTML report.
#include <fmt/format.h>

#include "reports/text.hpp"
#include "reports/writers.hpp"

namespace replycheck::reports {

std::string render_html(const run_result&, const writer_options&) {
    throw report_error("the HTML report is not available in this build yet");
}

}  // namespace replycheck::reports
