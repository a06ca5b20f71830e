// Lookup over the probes' expectations of both protocols.

#include "harness/smoke/smoke.hpp"

namespace replycheck::harness {

std::vector<smoke_expectation> all_smoke_expectations() {
    std::vector<smoke_expectation> out;
    for (const auto& e : http_smoke_expectations()) out.push_back(e);
    for (const auto& e : ftp_smoke_expectations()) out.push_back(e);
    return out;
}

const smoke_expectation* find_smoke_expectation(std::string_view id) noexcept {
    for (const auto list : {http_smoke_expectations(), ftp_smoke_expectations()})
        for (const auto& e : list)
            if (e.id == id) return &e;
    return nullptr;
}

}  // namespace replycheck::harness
