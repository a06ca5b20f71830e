#pragma once
// The completion token every mock coroutine awaits with: errors come back as values (an
// (error_code, result) tuple), so a peer's reset or a timeout is a branch, never an exception.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace replycheck::mock {

inline constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

}  // namespace replycheck::mock
