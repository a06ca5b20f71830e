// The recorders write each file on its own, so one that cannot be written costs only itself.

#include <exception>
#include <string>

#include "harness/record/recorder.hpp"

namespace replycheck::record {

bool write_output(const std::filesystem::path& file, const std::function<void()>& write, record_outputs& out) {
    try {
        write();
        return true;
    } catch (const std::exception& e) {
        // The shared writer names the file as a report; here the reason alone is kept.
        std::string reason = e.what();
        const auto prefix = "cannot write report '" + file.string() + "': ";
        if (reason.rfind(prefix, 0) == 0) reason.erase(0, prefix.size());
        out.failures.push_back("cannot write " + file.string() + ": " + reason);
        return false;
    }
}

}  // namespace replycheck::record
