// The signals that end the long-running commands (`mock`, `record`).
#include <pthread.h>
#include <signal.h>

#include "harness/cli/commands.hpp"

namespace replycheck::cli {

sigset_t block_stop_signals() {
    // Blocked before any thread starts, every thread inherits the mask: no server thread can be
    // the one a signal interrupts, and the command's own wait takes it.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    return signals;
}

}  // namespace replycheck::cli
