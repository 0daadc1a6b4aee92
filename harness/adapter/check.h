// check.h: `sockcheck adapter-check -- CMD...`, a conformance test of an
// adapter against the protocol itself (not against the spec).
//
// It starts the command, performs the handshake, pipelines a set of probe
// requests (the listed operations on typical arguments, an operation that
// is not listed, an unknown constant, a request with an extra key, a burst
// of a thousand calls), checks every line the adapter writes against the
// JSON Schemas of schemas/adapter/ and the protocol's rules (each id
// answered exactly once, unlisted operations unsupported, handles
// droppable, exit after stop and at end of input), and prints one line per
// check saying what is wrong.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace sockcheck::adapter {

// Returns 0 when every check passed, 1 when one failed, 2 when the command
// could not be started at all.
[[nodiscard]] int run_adapter_check(std::vector<std::string> argv, std::ostream& out);

}  // namespace sockcheck::adapter
