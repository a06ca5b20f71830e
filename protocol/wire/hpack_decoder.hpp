#pragma once
// HPACK (RFC 7541): the decoder of HTTP/2 header blocks, and the plain encoding a client needs
// to send a request. No I/O: a block in, fields out. Used to read what an HTTP/2 server sent
// when a client library refused it, so a malformed field can be named.

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/exchange.hpp"

namespace replycheck::protocol {

/// The decoder's state across the header blocks of one connection (the dynamic table).
class hpack_decoder {
public:
    /// `max_table_size`: SETTINGS_HEADER_TABLE_SIZE the client announced (default 4096).
    explicit hpack_decoder(std::size_t max_table_size = 4096) : max_size_(max_table_size), limit_(max_table_size) {}

    /// Decodes one complete header block (HEADERS + CONTINUATION fragments joined). Pseudo-header
    /// fields (":status") are returned like the others, in order. nullopt with `error` set when
    /// the block is not valid HPACK (the dynamic table is then unusable, RFC 7541 §2.3.3).
    std::optional<header_list> decode(std::string_view block, std::string& error);

private:
    struct entry {
        std::string name, value;
    };
    bool lookup(std::uint64_t index, entry& out, std::string& error) const;
    void insert(entry e);
    void evict(std::size_t room);  // drops the oldest entries until `room` more fits

    std::deque<entry> dynamic_;  // newest first (index 62)
    std::size_t size_ = 0;       // sum of name + value + 32 per entry (RFC 7541 §4.1)
    std::size_t max_size_;
    std::size_t limit_;          // the current maximum, lowered by size updates (RFC 7541 §4.2)
};

/// A header block of literal fields without indexing and without Huffman coding (RFC 7541
/// §6.2.2): valid for every decoder, whatever its table. Names are sent as given (HTTP/2 wants
/// them in lower case, RFC 9113 §8.2.1).
std::string hpack_encode_plain(const header_list& fields);

/// Huffman decoding of a string literal (RFC 7541 §5.2, Appendix B); nullopt when invalid.
std::optional<std::string> hpack_huffman_decode(std::string_view bytes);

namespace detail {

struct hpack_static_entry {
    std::string_view name, value;
};
struct hpack_huffman_code {
    std::uint32_t code;
    std::uint8_t bits;
};
extern const std::array<hpack_static_entry, 61> hpack_static_table;
extern const std::array<hpack_huffman_code, 257> hpack_huffman_codes;

}  // namespace detail
}  // namespace replycheck::protocol
