#include "protocol/wire/hpack_decoder.hpp"

#include <fmt/format.h>

namespace replycheck::protocol {

namespace {

// RFC 7541 §5.1: an integer with an N-bit prefix; advances `pos`.
std::optional<std::uint64_t> read_integer(std::string_view in, std::size_t& pos, int prefix_bits) {
    if (pos >= in.size()) return std::nullopt;
    const std::uint64_t max_prefix = (1u << prefix_bits) - 1;
    std::uint64_t value = static_cast<unsigned char>(in[pos++]) & max_prefix;
    if (value < max_prefix) return value;
    for (int shift = 0; shift <= 56; shift += 7) {
        if (pos >= in.size()) return std::nullopt;
        const auto byte = static_cast<unsigned char>(in[pos++]);
        value += static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) return value;
    }
    return std::nullopt;  // longer than any real length
}

// RFC 7541 §5.2: H bit, length (7-bit prefix), octets.
std::optional<std::string> read_string(std::string_view in, std::size_t& pos) {
    if (pos >= in.size()) return std::nullopt;
    const bool huffman = (static_cast<unsigned char>(in[pos]) & 0x80) != 0;
    const auto length = read_integer(in, pos, 7);
    if (!length || *length > in.size() - pos) return std::nullopt;
    const auto bytes = in.substr(pos, *length);
    pos += *length;
    if (huffman) return hpack_huffman_decode(bytes);
    return std::string(bytes);
}

void append_integer(std::string& out, std::uint64_t value, int prefix_bits, unsigned char first) {
    const std::uint64_t max_prefix = (1u << prefix_bits) - 1;
    if (value < max_prefix) {
        out += static_cast<char>(first | value);
        return;
    }
    out += static_cast<char>(first | max_prefix);
    value -= max_prefix;
    while (value >= 128) {
        out += static_cast<char>((value & 0x7f) | 0x80);
        value >>= 7;
    }
    out += static_cast<char>(value);
}

}  // namespace

std::optional<std::string> hpack_huffman_decode(std::string_view bytes) {
    std::string out;
    std::uint32_t code = 0;
    int bits = 0;
    for (char c : bytes) {
        for (int i = 7; i >= 0; --i) {
            code = (code << 1) | ((static_cast<unsigned char>(c) >> i) & 1u);
            if (++bits > 30) return std::nullopt;
            if (bits < 5) continue;  // the shortest code has 5 bits
            for (std::size_t symbol = 0; symbol < detail::hpack_huffman_codes.size(); ++symbol) {
                const auto& entry = detail::hpack_huffman_codes[symbol];
                if (entry.bits != bits || entry.code != code) continue;
                if (symbol == 256) return std::nullopt;  // EOS inside a string is an error
                out += static_cast<char>(symbol);
                code = 0;
                bits = 0;
                break;
            }
        }
    }
    // The padding is the most significant bits of EOS (all ones), fewer than 8 (RFC 7541 §5.2).
    if (bits > 7 || code != (1u << bits) - 1) return std::nullopt;
    return out;
}

bool hpack_decoder::lookup(std::uint64_t index, entry& out, std::string& error) const {
    const auto& statics = detail::hpack_static_table;
    if (index >= 1 && index <= statics.size()) {
        out = {std::string(statics[index - 1].name), std::string(statics[index - 1].value)};
        return true;
    }
    const auto dynamic_index = index - statics.size() - 1;
    if (index > statics.size() && dynamic_index < dynamic_.size()) {
        out = dynamic_[dynamic_index];
        return true;
    }
    error = fmt::format("index {} is in neither table (RFC 7541 §2.3.3)", index);
    return false;
}

void hpack_decoder::evict(std::size_t room) {
    while (!dynamic_.empty() && size_ + room > limit_) {
        size_ -= dynamic_.back().name.size() + dynamic_.back().value.size() + 32;
        dynamic_.pop_back();
    }
}

void hpack_decoder::insert(entry e) {
    const std::size_t size = e.name.size() + e.value.size() + 32;
    evict(size);
    // An entry larger than the table empties it and is not added (RFC 7541 §4.4).
    if (size > limit_) return;
    size_ += size;
    dynamic_.push_front(std::move(e));
}

std::optional<header_list> hpack_decoder::decode(std::string_view block, std::string& error) {
    header_list fields;
    std::size_t pos = 0;
    auto bad = [&](std::string what) {
        error = std::move(what);
        return std::nullopt;
    };
    while (pos < block.size()) {
        const auto first = static_cast<unsigned char>(block[pos]);
        if (first & 0x80) {  // §6.1 indexed field
            entry e;
            const auto index = read_integer(block, pos, 7);
            if (!index || *index == 0) return bad("bad indexed field (RFC 7541 §6.1)");
            if (!lookup(*index, e, error)) return std::nullopt;
            fields.push_back({e.name, e.value});
            continue;
        }
        if ((first & 0xe0) == 0x20) {  // §6.3 dynamic table size update
            const auto size = read_integer(block, pos, 5);
            if (!size || *size > max_size_) return bad("table size update above the announced limit (RFC 7541 §6.3)");
            limit_ = *size;
            evict(0);
            continue;
        }
        // §6.2.1 with incremental indexing (6-bit prefix), §6.2.2 without, §6.2.3 never indexed (4-bit).
        const bool indexing = (first & 0xc0) == 0x40;
        const auto name_index = read_integer(block, pos, indexing ? 6 : 4);
        if (!name_index) return bad("truncated literal field (RFC 7541 §6.2)");
        entry e;
        if (*name_index == 0) {
            auto name = read_string(block, pos);
            if (!name) return bad("bad field name string (RFC 7541 §5.2)");
            e.name = std::move(*name);
        } else {
            entry named;
            if (!lookup(*name_index, named, error)) return std::nullopt;
            e.name = std::move(named.name);
        }
        auto value = read_string(block, pos);
        if (!value) return bad("bad field value string (RFC 7541 §5.2)");
        e.value = std::move(*value);
        fields.push_back({e.name, e.value});
        if (indexing) insert(std::move(e));
    }
    return fields;
}

std::string hpack_encode_plain(const header_list& fields) {
    std::string out;
    for (const auto& f : fields) {
        out += '\0';  // literal without indexing, new name (RFC 7541 §6.2.2)
        append_integer(out, f.name.size(), 7, 0);
        out += f.name;
        append_integer(out, f.value.size(), 7, 0);
        out += f.value;
    }
    return out;
}

}  // namespace replycheck::protocol
