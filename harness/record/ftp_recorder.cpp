#include "harness/record/recorder.hpp"

#include <stdexcept>

namespace replycheck::record {

// Placeholder until the FTP recorder lands (replaced in this change; never shipped).
std::unique_ptr<recorder> make_ftp_recorder(record_options) {
    throw std::runtime_error("FTP recording is not built yet");
}

}  // namespace replycheck::record
