// sockcheck adapter for Go's net/netip: netip.ParseAddr for inet_pton,
// netip.AddrFromSlice(...).String() for inet_ntop, netip.AddrFrom4 for
// inet_ntoa. Go has no inet_aton (its parsers accept only dotted decimal)
// and no byte-order functions on ints: those operations are not offered.
//
// Binding rules (docs/adapter-protocol.md): arguments the Go API cannot
// take are "unsupported"; a parse failure raises the class the documents
// name for the operation.
package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/netip"
	"os"
	"runtime"
	"sort"
	"strconv"
)

type request struct {
	ID   *int64            `json:"id"`
	Cmd  string            `json:"cmd"`
	Op   string            `json:"op"`
	Args []json.RawMessage `json:"args"`
}

type reply map[string]any

func unsupported(why string) reply { return reply{"unsupported": why} }
func raises(cls, msg string) reply { return reply{"raises": cls, "message": msg} }

// The encodings the harness writes for the two families, compared as bytes
// before anything is unmarshalled: most calls carry one of them.
var (
	constInet  = []byte(`{"const":"AF_INET"}`)
	constInet6 = []byte(`{"const":"AF_INET6"}`)
)

// family reads {"const":"AF_INET"} or an int.
func family(raw json.RawMessage) (string, bool) {
	if bytes.Equal(raw, constInet) {
		return "AF_INET", true
	}
	if bytes.Equal(raw, constInet6) {
		return "AF_INET6", true
	}
	var c struct{ Const string }
	if json.Unmarshal(raw, &c) == nil && c.Const != "" {
		return c.Const, c.Const == "AF_INET" || c.Const == "AF_INET6"
	}
	var n int
	if json.Unmarshal(raw, &n) == nil {
		switch n {
		case 2:
			return "AF_INET", true
		case 10:
			return "AF_INET6", true
		}
	}
	return "", false
}

func str(raw json.RawMessage) (string, bool) {
	if plain(raw) {
		return string(raw[1 : len(raw)-1]), true
	}
	var s string
	return s, json.Unmarshal(raw, &s) == nil
}

func bytesArg(raw json.RawMessage) ([]byte, bool) {
	var b struct{ Bytes *string }
	if json.Unmarshal(raw, &b) != nil || b.Bytes == nil {
		return nil, false
	}
	d, err := hex.DecodeString(*b.Bytes)
	return d, err == nil
}

func call(op string, args []json.RawMessage) reply {
	switch op {
	case "inet_pton":
		if len(args) != 2 {
			return unsupported("netip.ParseAddr takes a family and a string")
		}
		af, ok := family(args[0])
		if !ok {
			return unsupported("no address family " + af + " in Go's netip")
		}
		s, ok := str(args[1])
		if !ok {
			return unsupported("netip.ParseAddr takes a string")
		}
		addr, err := netip.ParseAddr(s)
		if err != nil || (af == "AF_INET" && !addr.Is4()) || (af == "AF_INET6" && !addr.Is6()) {
			return raises("OSError", "illegal IP address string passed to inet_pton")
		}
		b := addr.AsSlice()
		return reply{"value": map[string]string{"bytes": hex.EncodeToString(b)}}
	case "inet_ntop", "inet_ntoa":
		want := 2
		if op == "inet_ntoa" {
			want = 1
		}
		if len(args) != want {
			return unsupported("takes " + map[int]string{1: "one argument", 2: "two arguments"}[want])
		}
		b, ok := bytesArg(args[want-1])
		if !ok {
			return unsupported("netip.AddrFromSlice takes bytes")
		}
		if op == "inet_ntoa" {
			if len(b) != 4 {
				return unsupported("netip.AddrFrom4 takes exactly 4 bytes")
			}
			return reply{"value": netip.AddrFrom4(*(*[4]byte)(b)).String()}
		}
		af, ok := family(args[0])
		if !ok {
			return unsupported("no address family " + af + " in Go's netip")
		}
		addr, ok := netip.AddrFromSlice(b)
		if !ok || (af == "AF_INET" && len(b) != 4) || (af == "AF_INET6" && len(b) != 16) {
			return raises("ValueError", "invalid length of packed IP address string")
		}
		return reply{"value": addr.String()}
	}
	return unsupported("Go has no " + op)
}

// The form the harness writes every call in, read by fastRequest.
var (
	callHead = []byte(`{"id":`)
	callOp   = []byte(`,"cmd":"call","op":"`)
	callArgs = []byte(`","args":[`)
	callTail = []byte(`]}`)
)

// fastRequest reads a call written exactly as the harness writes it,
// {"id":N,"cmd":"call","op":"NAME","args":[...]}, into req as
// json.Unmarshal would, without reflection. It returns false, leaving req
// alone, for anything else (other keys, another order, escapes in the
// name, a negative id), which json.Unmarshal then reads.
func fastRequest(line []byte, req *request) bool {
	line = bytes.TrimSuffix(line, []byte("\n"))
	if !bytes.HasPrefix(line, callHead) || !bytes.HasSuffix(line, callTail) || !json.Valid(line) {
		return false
	}
	rest := line[len(callHead):]
	digits := 0
	for digits < len(rest) && rest[digits] >= '0' && rest[digits] <= '9' {
		digits++
	}
	id, err := strconv.ParseInt(string(rest[:digits]), 10, 64)
	if digits == 0 || err != nil {
		return false
	}
	rest = rest[digits:]
	if !bytes.HasPrefix(rest, callOp) {
		return false
	}
	rest = rest[len(callOp):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		return false
	}
	op := rest[:end]
	for _, c := range op {
		if c < 0x20 || c > 0x7e || c == '\\' {
			return false
		}
	}
	rest = rest[end:]
	if !bytes.HasPrefix(rest, callArgs) {
		return false
	}
	body := rest[len(callArgs) : len(rest)-len(callTail)]
	// The arguments: the body split at its top-level commas. A bracket that
	// closes below the top means the array ended before "]}" (more keys
	// followed): not this form.
	args := make([]json.RawMessage, 0, 2)
	depth, start, inString := 0, 0, false
	for i := 0; i < len(body); i++ {
		c := body[i]
		if inString {
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth < 0 {
				return false
			}
		case ',':
			if depth == 0 {
				args = append(args, bytes.TrimSpace(body[start:i]))
				start = i + 1
			}
		}
	}
	if depth != 0 || inString {
		return false
	}
	if last := bytes.TrimSpace(body[start:]); len(last) > 0 || len(args) > 0 {
		args = append(args, last)
	}
	req.ID, req.Cmd, req.Op, req.Args = &id, "call", string(op), args
	return true
}

// plain says whether raw is a JSON string of printable ASCII without
// escapes: its text between the quotes is its value.
func plain(raw []byte) bool {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return false
	}
	for _, c := range raw[1 : len(raw)-1] {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// writeString writes s as encoding/json does with SetEscapeHTML(false):
// directly when it is printable ASCII without quotes or backslashes, through
// the encoder otherwise (invalid UTF-8, U+2028, control characters).
func writeString(out *bufio.Writer, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			enc.Encode(s)
			out.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
			return
		}
	}
	out.WriteByte('"')
	out.WriteString(s)
	out.WriteByte('"')
}

// writeReply writes r as enc.Encode(r) would (keys sorted, no HTML
// escaping, a newline after), without reflection for the values replies
// hold: strings, nil, an id, {"bytes": hex}. Anything else goes through enc.
func writeReply(out *bufio.Writer, enc *json.Encoder, r reply) {
	keys := make([]string, 0, 4)
	for k, v := range r {
		switch v.(type) {
		case string, nil, int64, map[string]string:
		default:
			enc.Encode(r)
			return
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			out.WriteByte(',')
		}
		writeString(out, k)
		out.WriteByte(':')
		switch v := r[k].(type) {
		case string:
			writeString(out, v)
		case nil:
			out.WriteString("null")
		case int64:
			out.WriteString(strconv.FormatInt(v, 10))
		case map[string]string:
			inner := make([]string, 0, len(v))
			for ik := range v {
				inner = append(inner, ik)
			}
			sort.Strings(inner)
			out.WriteByte('{')
			for j, ik := range inner {
				if j > 0 {
					out.WriteByte(',')
				}
				writeString(out, ik)
				out.WriteByte(':')
				writeString(out, v[ik])
			}
			out.WriteByte('}')
		}
	}
	out.WriteString("}\n")
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	started := false
	for {
		// Write the answers before waiting for more input: a pipelined
		// batch costs one write per read, a lone call is answered at once.
		if in.Buffered() == 0 {
			out.Flush()
		}
		line, err := in.ReadBytes('\n')
		if err == io.EOF || (err != nil && len(line) == 0) {
			out.Flush()
			return
		}
		var req request
		if !fastRequest(line, &req) && json.Unmarshal(line, &req) != nil {
			enc.Encode(reply{"id": nil, "errored": "request is not JSON"})
			continue
		}
		if !started {
			if req.Cmd != "start" {
				os.Stderr.WriteString("sockcheck go adapter: expected start\n")
				os.Exit(2)
			}
			started = true
			enc.Encode(reply{
				"protocol":       1,
				"implementation": map[string]string{"name": "go", "version": runtime.Version(), "language": "go", "description": "Go net/netip ParseAddr, AddrFromSlice, Addr.String"},
				"profile":        "3.12",
				"ops":            []string{"inet_ntoa", "inet_ntop", "inet_pton"},
				"families":       []string{"AF_INET", "AF_INET6"},
			})
			continue
		}
		if req.Cmd == "stop" {
			out.Flush()
			return
		}
		if req.ID == nil {
			enc.Encode(reply{"id": nil, "errored": "request without an id"})
			continue
		}
		var r reply
		switch req.Cmd {
		case "call":
			r = call(req.Op, req.Args)
		case "drop":
			r = reply{"value": nil}
		default:
			r = reply{"errored": "unknown command " + req.Cmd}
		}
		r["id"] = *req.ID
		writeReply(out, enc, r)
	}
}
