// HPACK decoding (RFC 7541): the examples of Appendix C, the dynamic table across blocks, size
// updates and eviction, and blocks that are not valid HPACK.
#include "protocol/wire/hpack_decoder.hpp"

#include <boost/test/unit_test.hpp>

using namespace replycheck::protocol;

namespace {

std::string from_hex(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
    return out;
}

std::string joined(const header_list& fields) {
    std::string out;
    for (const auto& f : fields) out += f.name + "=" + f.value + ";";
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(rfc7541_c4_requests_with_huffman_share_the_dynamic_table) {
    hpack_decoder decoder;
    std::string error;
    auto first = decoder.decode(from_hex("828684418cf1e3c2e5f23a6ba0ab90f4ff"), error);
    BOOST_REQUIRE_MESSAGE(first, error);
    BOOST_TEST(joined(*first) == ":method=GET;:scheme=http;:path=/;:authority=www.example.com;");
    // 0xbe is index 62: the :authority the first block added.
    auto second = decoder.decode(from_hex("828684be5886a8eb10649cbf"), error);
    BOOST_REQUIRE_MESSAGE(second, error);
    BOOST_TEST(joined(*second) == ":method=GET;:scheme=http;:path=/;:authority=www.example.com;cache-control=no-cache;");
}

BOOST_AUTO_TEST_CASE(rfc7541_c6_response_with_huffman) {
    hpack_decoder decoder(256);
    std::string error;
    auto fields = decoder.decode(
        from_hex("488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3"),
        error);
    BOOST_REQUIRE_MESSAGE(fields, error);
    BOOST_TEST(joined(*fields) ==
               ":status=302;cache-control=private;date=Mon, 21 Oct 2013 20:13:21 GMT;location=https:"
               "//www.example.com;");
}

BOOST_AUTO_TEST_CASE(size_update_and_an_entry_larger_than_the_table) {
    // Size update to 256, :status 200, connection: keep-alive added to the table.
    hpack_decoder decoder;
    std::string error;
    auto fields = decoder.decode(from_hex("3fe10188408721eaa8a4498f5788ea52d6b0e83772ff"), error);
    BOOST_REQUIRE_MESSAGE(fields, error);
    BOOST_TEST(joined(*fields) == ":status=200;connection=keep-alive;");
    auto again = decoder.decode(from_hex("be"), error);
    BOOST_REQUIRE_MESSAGE(again, error);
    BOOST_TEST(joined(*again) == "connection=keep-alive;");
    // x-long: 300 'a' (Huffman 00011 each) with indexing: larger than the 256-byte table, which
    // it empties without being added (RFC 7541 §4.4), so index 62 is gone.
    std::string large = from_hex("4085f2b507aa6fff3d18");
    for (int i = 0; i < 37; ++i) large += from_hex("c6318c6318");
    large += from_hex("c63f");
    auto big = decoder.decode(large, error);
    BOOST_REQUIRE_MESSAGE(big, error);
    BOOST_TEST(big->back().value == std::string(300, 'a'));
    BOOST_TEST(!decoder.decode(from_hex("be"), error));
}

BOOST_AUTO_TEST_CASE(invalid_blocks_are_named) {
    std::string error;
    BOOST_TEST(!hpack_decoder().decode(from_hex("be"), error));   // index 62, empty table
    BOOST_TEST(error.find("RFC 7541") != std::string::npos);
    BOOST_TEST(!hpack_decoder().decode(from_hex("80"), error));   // index 0
    BOOST_TEST(!hpack_decoder().decode(from_hex("0085"), error));  // string longer than the block
    BOOST_TEST(!hpack_decoder().decode(from_hex("3fe121"), error));  // size update above 4096
    BOOST_TEST(!hpack_huffman_decode(from_hex("00")));  // padding that is not all ones
}

BOOST_AUTO_TEST_CASE(plain_encoding_round_trips) {
    header_list fields{{":method", "GET"}, {":path", "/" + std::string(200, 'x')}, {"user-agent", "replycheck"}};
    std::string error;
    auto back = hpack_decoder().decode(hpack_encode_plain(fields), error);
    BOOST_REQUIRE_MESSAGE(back, error);
    BOOST_TEST(joined(*back) == joined(fields));
}
