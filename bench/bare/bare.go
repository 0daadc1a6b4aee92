// bench/bare/bare.go: the plain pipelined JSON-lines loop in Go that
// bench/adapter-throughput measures the Go adapter against: each line
// through encoding/json's Unmarshal into a request struct, a Marshal'd
// reply of the protocol's shape with the request's id, output flushed
// only when no more input is buffered, no socket work.
package main

import (
	"bufio"
	"encoding/json"
	"os"
)

type request struct {
	ID   *int64            `json:"id"`
	Cmd  string            `json:"cmd"`
	Op   string            `json:"op"`
	Args []json.RawMessage `json:"args"`
}

type bytesValue struct {
	Bytes string `json:"bytes"`
}

type reply struct {
	ID    int64      `json:"id"`
	Value bytesValue `json:"value"`
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer out.Flush()
	hello, _ := json.Marshal(map[string]any{"protocol": 1,
		"implementation": map[string]string{"name": "bare", "version": "0", "language": "bare"},
		"profile": "3.12", "ops": []string{"htons", "inet_aton", "inet_pton"}, "families": []string{"AF_INET"}})
	started := false
	for {
		if in.Buffered() == 0 {
			out.Flush()
		}
		line, err := in.ReadSlice('\n')
		if err != nil {
			return
		}
		var req request
		if json.Unmarshal(line, &req) != nil {
			return
		}
		switch {
		case !started:
			out.Write(hello)
			started = true
		case req.Cmd == "stop":
			return
		default:
			b, _ := json.Marshal(reply{*req.ID, bytesValue{"7f000001"}})
			out.Write(b)
		}
		out.WriteByte('\n')
	}
}
