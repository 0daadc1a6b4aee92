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
	"encoding/hex"
	"encoding/json"
	"io"
	"net/netip"
	"os"
	"runtime"
)

type request struct {
	ID   *int64            `json:"id"`
	Cmd  string            `json:"cmd"`
	Op   string            `json:"op"`
	Args []json.RawMessage `json:"args"`
}

type reply map[string]any

func unsupported(why string) reply { return reply{"unsupported": why} }
func raises(cls, msg string) reply  { return reply{"raises": cls, "message": msg} }

// family reads {"const":"AF_INET"} or an int.
func family(raw json.RawMessage) (string, bool) {
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
		if json.Unmarshal(line, &req) != nil {
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
		enc.Encode(r)
	}
}
