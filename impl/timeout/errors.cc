#include "errors.h"

#include <cerrno>
#include <cstring>
#include <string>

namespace sock::timeout {

namespace {

// strerror's text without its thread-safety caveat (GNU strerror_r returns
// a pointer to a static string for every known errno).
std::string describe_errno(int errnum) {
  char buf[128];
  const char* text = strerror_r(errnum, buf, sizeof buf);
  return text;
}

}  // namespace

Error timed_out(Profile profile) {
  return {profile == Profile::v3_12 ? "TimeoutError" : "socket.timeout", "timed out", 0};
}

std::string_view os_error_class(Profile profile, int errnum) {
  if (profile < Profile::v3_3) return "socket.error";
  // PEP 3151's errno -> class table, as CPython 3.3+ applies it to every
  // OSError it raises.
  switch (errnum) {
    case EAGAIN:  // == EWOULDBLOCK on Linux
    case EALREADY:
    case EINPROGRESS: return "BlockingIOError";
    case EPIPE:
    case ESHUTDOWN: return "BrokenPipeError";
    case ECONNABORTED: return "ConnectionAbortedError";
    case ECONNREFUSED: return "ConnectionRefusedError";
    case ECONNRESET: return "ConnectionResetError";
    case EINTR: return "InterruptedError";
    case ETIMEDOUT: return "TimeoutError";
    case ENOENT: return "FileNotFoundError";
    case EACCES:
    case EPERM: return "PermissionError";
    default: return "OSError";
  }
}

Error os_error(Profile profile, int errnum) {
  const std::string text = describe_errno(errnum);
  std::string message = profile == Profile::v1
                            ? "(" + std::to_string(errnum) + ", '" + text + "')"
                            : "[Errno " + std::to_string(errnum) + "] " + text;
  return {std::string(os_error_class(profile, errnum)), std::move(message), errnum};
}

Error closed_socket(Profile profile) { return os_error(profile, EBADF); }

Error value_error(std::string message) { return {"ValueError", std::move(message), 0}; }
Error type_error(std::string message) { return {"TypeError", std::move(message), 0}; }
Error overflow_error(std::string message) { return {"OverflowError", std::move(message), 0}; }

Error not_in_profile(std::string_view operation, Profile profile) {
  return {"", std::string(operation) + " is not in the " + std::string(name(profile)) + " document", 0};
}

}  // namespace sock::timeout
