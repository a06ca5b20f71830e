// The reader: a line source, the format's parser, and the bookkeeping of malformed lines.

#include "protocol/logs/log_reader.hpp"

#include <stdexcept>

#include "protocol/logs/ftp_clf_log.hpp"
#include "protocol/logs/line_parser.hpp"
#include "protocol/logs/line_source.hpp"
#include "protocol/logs/log_detect.hpp"
#include "protocol/logs/ncsa_log.hpp"
#include "protocol/logs/vsftpd_log.hpp"
#include "protocol/logs/w3c_log.hpp"
#include "protocol/logs/xferlog_log.hpp"

namespace replycheck::logs {

std::unique_ptr<line_parser> make_line_parser(log_format format) {
    switch (format) {
        case log_format::w3c: return std::make_unique<w3c_parser>();
        case log_format::ncsa: return std::make_unique<ncsa_parser>();
        case log_format::vsftpd: return std::make_unique<vsftpd_parser>();
        case log_format::xferlog: return std::make_unique<xferlog_parser>();
        case log_format::ftp_clf: return std::make_unique<ftp_clf_parser>();
    }
    return std::make_unique<ncsa_parser>();
}

struct log_reader::impl {
    static constexpr std::size_t kept_malformed = 10;

    std::string file;
    line_source source;
    log_format format = log_format::ncsa;
    std::unique_ptr<line_parser> parser;
    read_stats stats;
    std::string why;
    bool done = false;

    explicit impl(const std::filesystem::path& path) : file(path.string()), source(path) {}

    void malformed(std::uint64_t line, std::string_view reason) {
        ++stats.malformed;
        if (stats.first_malformed.size() < kept_malformed)
            stats.first_malformed.push_back(file + ":" + std::to_string(line) + ": " + std::string(reason));
    }
};

log_reader::log_reader(const std::filesystem::path& file, std::optional<log_format> format)
    : impl_(std::make_unique<impl>(file)) {
    if (format) {
        impl_->format = *format;
    } else {
        auto head = impl_->source.peek();
        auto detected = detect_log_format(head, head.size() < line_source::buffer_size);
        if (!detected) {
            if (!impl_->source.error().empty())
                throw std::runtime_error(impl_->file + ": cannot read: " + impl_->source.error());
            if (head.empty())
                throw std::runtime_error(impl_->file + ": the file is empty; cannot tell the log format");
            throw std::runtime_error(impl_->file +
                                     ": cannot tell the log format from its first lines (use --format "
                                     "w3c|ncsa|vsftpd|xferlog|ftp-clf)");
        }
        impl_->format = *detected;
    }
    impl_->parser = make_line_parser(impl_->format);
}

log_reader::~log_reader() = default;

bool log_reader::next(log_entry& out) {
    auto& s = *impl_;
    for (;;) {
        if (s.parser->pop(out)) {
            ++s.stats.entries;
            return true;
        }
        if (s.done) return false;
        std::string_view line;
        bool too_long = false;
        if (!s.source.next(line, too_long)) {
            s.done = true;
            if (!s.source.error().empty()) s.malformed(s.stats.lines + 1, "reading stopped: " + s.source.error());
            s.parser->finish();
            continue;
        }
        const auto number = ++s.stats.lines;
        if (too_long) {
            s.malformed(number, "line longer than " + std::to_string(line_source::max_line) + " bytes");
            continue;
        }
        out = log_entry{};
        out.line = number;
        switch (s.parser->feed(line, number, out, s.why)) {
            case line_result::entry:
                ++s.stats.entries;
                return true;
            case line_result::none:
                break;
            case line_result::malformed:
                s.malformed(number, s.why);
                break;
        }
    }
}

log_format log_reader::format() const noexcept { return impl_->format; }
const read_stats& log_reader::stats() const noexcept { return impl_->stats; }
const std::string& log_reader::file() const noexcept { return impl_->file; }

}  // namespace replycheck::logs
