#pragma once
// FTP TYPE A (RFC 959 §3.1.1.1): text crosses the data connection as NVT-ASCII, each line
// ending with CRLF (RFC 854), while a Unix file ends its lines with LF. Streaming converters
// for both directions; a chunk boundary may fall anywhere, even between CR and LF.

#include <string>
#include <string_view>

namespace replycheck::protocol {

/// Stored text → wire: an LF not preceded by CR becomes CRLF; a CRLF already in the file
/// stays as it is.
class ftp_ascii_encoder {
public:
    /// Appends the wire form of `chunk` to `out`.
    void encode(std::string_view chunk, std::string& out);

private:
    bool previous_cr_ = false;
};

/// Wire → stored text: CRLF becomes LF; a CR not followed by LF is kept.
class ftp_ascii_decoder {
public:
    /// Appends the stored form of `chunk` to `out` (a CR at its end waits for the next chunk).
    void decode(std::string_view chunk, std::string& out);
    /// Appends what is still held back (a final CR) at the end of the data.
    void finish(std::string& out);

private:
    bool pending_cr_ = false;
};

}  // namespace replycheck::protocol
