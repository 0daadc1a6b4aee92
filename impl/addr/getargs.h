// getargs.h: the Python argument formats the socket module's address
// parsing uses, as the binding applies them in each profile.
//
// CPython parses an address tuple with PyArg_ParseTuple, so what a field
// accepts is the format unit's rule, not the document's: "i" (a C int:
// TypeError for a non-int, OverflowError beyond the C int range), "I", "k",
// "K", "H" and "B" (unsigned C types "without overflow checking": any int
// is reduced modulo 2**bits, so -1 is the all-ones value), "s" (a str
// without NUL, UTF-8 encoded), "y*" (a bytes-like object), and the
// converters for host names and file system paths. Where the documents
// say "unsigned 32bit" or "non-negative" and the binding masks instead of
// checking, the spec marks the case implementation-defined; these helpers
// model the binding.
//
// Python 2 (profiles 1.x to 2.6) differs: its str is a byte string, so a
// Bytes value is text there too; a float passed for "i" was truncated (with
// a DeprecationWarning) rather than refused.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "impl/core/outcome.h"
#include "impl/core/profile.h"
#include "impl/core/value.h"

namespace sock::addr {

// Either the converted argument or the exception to raise instead.
template <typename T>
using Parsed = std::variant<T, Outcome>;

template <typename T>
[[nodiscard]] bool failed(const Parsed<T>& p) {
  return std::holds_alternative<Outcome>(p);
}

// The class the module raises for socket and address errors: socket.error
// before 3.3, OSError (of which socket.error is an alias) from 3.3 on.
[[nodiscard]] std::string socket_error(Profile profile);

// "i": a C int. bool is an int.
[[nodiscard]] Parsed<std::int32_t> format_i(const Value& arg, Profile profile);

// "I" (32 bits), "k" and "K" (64 bits on LP64), "H" (16) and "B" (8): any
// int, reduced modulo 2**bits; a non-int is a TypeError.
[[nodiscard]] Parsed<std::uint64_t> format_masked(const Value& arg, unsigned bits, Profile profile);

// "s": a str without NUL characters, as UTF-8 (3.x ValueError "embedded
// null character"; 2.x TypeError).
[[nodiscard]] Parsed<std::string> format_s(const Value& arg, Profile profile);

// "y*": a bytes-like object (3.x; 2.x accepts its str as well).
[[nodiscard]] Parsed<std::string> format_buffer(const Value& arg, Profile profile);

// PyUnicode_FSConverter: a str (encoded with the file system encoding,
// UTF-8 with surrogateescape on Linux) or bytes, without NUL bytes.
[[nodiscard]] Parsed<std::string> format_fs_path(const Value& arg, Profile profile);

// The host converter of AF_INET/AF_INET6 addresses: a str (3.x: non-ASCII
// text is encoded with the IDNA codec, which the reference does not model:
// such a host can only be a name, and names are never resolved) or bytes;
// a NUL is a TypeError "host name must not contain null character".
[[nodiscard]] Parsed<std::string> format_host(const Value& arg, Profile profile);

// The bytes a str stands for under the file system encoding: UTF-8, except
// that the lone surrogates U+DC80..U+DCFF (which surrogateescape made of
// undecodable bytes, and which a Value str carries as their 3-byte
// generalised UTF-8 form) become the bytes 0x80..0xFF again.
[[nodiscard]] std::string fs_encode(std::string_view text);

// The inverse, PyUnicode_DecodeFSDefault: valid UTF-8 is kept, every byte
// of an invalid sequence becomes its lone surrogate U+DC80 + (byte - 0x80).
[[nodiscard]] std::string fs_decode(std::string_view bytes);

}  // namespace sock::addr
