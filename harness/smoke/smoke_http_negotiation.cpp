// The HTTP content-negotiation probes (RFC 9110 §12).

#include "harness/smoke/http_prober.hpp"

namespace replycheck::harness::detail {

void http_prober::run_negotiation() {}

}  // namespace replycheck::harness::detail
