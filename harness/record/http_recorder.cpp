#include "harness/record/recorder.hpp"

#include <stdexcept>

namespace replycheck::record {

// Placeholder until the HTTP recorder lands (replaced in this change; never shipped).
std::unique_ptr<recorder> make_http_recorder(record_options) {
    throw std::runtime_error("HTTP recording is not built yet");
}

}  // namespace replycheck::record
