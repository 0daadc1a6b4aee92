// errors.h: the exceptions socket objects raise, spelled as each profile
// spells them.
//
// The documents name three families. A timeout raises `socket.timeout`
// whose value "is currently always "timed out"" (2.6, 3.3); from 3.10 that
// class is an alias of TimeoutError, which the 3.12 profile reports. An
// operation that cannot complete at once in non-blocking mode fails "with an
// error that is unfortunately system-dependent": socket.error with errno
// EAGAIN before 3.3, BlockingIOError (an OSError subclass chosen by errno,
// PEP 3151) from 3.3. Argument errors are the builtin ValueError, TypeError
// and OverflowError.
#pragma once

#include <string>
#include <string_view>

#include "impl/core/profile.h"
#include "result.h"

namespace sock::timeout {

// socket.timeout("timed out"); TimeoutError in the 3.12 profile.
[[nodiscard]] Error timed_out(Profile profile);

// The class an OS error with this errno raises in the profile: socket.error
// up to 2.6; from 3.3 the OSError subclass CPython picks by errno
// (EAGAIN/EWOULDBLOCK/EINPROGRESS/EALREADY -> BlockingIOError,
// ECONNREFUSED -> ConnectionRefusedError, EINTR -> InterruptedError, ...).
[[nodiscard]] std::string_view os_error_class(Profile profile, int errnum);

// The error with str(exception) as Python prints it: "[Errno 11] Resource
// temporarily unavailable" (2.x, 3.x) or "(11, 'Resource temporarily
// unavailable')" (1.x, whose exceptions printed their argument tuple).
[[nodiscard]] Error os_error(Profile profile, int errnum);

// What every operation on a closed socket raises: "All future operations on
// the socket object will fail" (EBADF, as CPython reports it).
[[nodiscard]] Error closed_socket(Profile profile);

[[nodiscard]] Error value_error(std::string message);
[[nodiscard]] Error type_error(std::string message);
[[nodiscard]] Error overflow_error(std::string message);

// An operation the profile's document does not define.
[[nodiscard]] Error not_in_profile(std::string_view operation, Profile profile);

}  // namespace sock::timeout
