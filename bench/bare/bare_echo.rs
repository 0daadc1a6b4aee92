// bench/bare/bare_echo.rs: the Rust baseline of bench/adapter-throughput.
// Rust's standard library has no JSON (the Rust adapter carries its own
// small reader), so this loop does not parse: it cuts the id out of each
// request line and writes a constant reply -- a higher ceiling than a
// parsing loop, which the bench marks with "(echo)".
use std::io::{BufRead, Write};
fn main() {
    let stdin = std::io::stdin();
    let mut input = std::io::BufReader::with_capacity(1 << 20, stdin.lock());
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let mut first = true;
    let mut line = Vec::new();
    loop {
        if input.buffer().is_empty() {
            out.flush().unwrap();
        }
        line.clear();
        if input.read_until(b'\n', &mut line).unwrap_or(0) == 0 {
            break;
        }
        if first {
            out.write_all(br#"{"protocol":1,"implementation":{"name":"bare","version":"0","language":"bare"},"profile":"3.12","ops":["htons","inet_aton","inet_pton"],"families":["AF_INET"]}"#).unwrap();
            out.write_all(b"\n").unwrap();
            first = false;
        } else if line.starts_with(br#"{"cmd":"stop""#) {
            break;
        } else {
            let comma = 6 + line[6..].iter().position(|&b| b == b',').unwrap();
            out.write_all(&line[..comma]).unwrap();
            out.write_all(br#","value":{"bytes":"7f000001"}}"#).unwrap();
            out.write_all(b"\n").unwrap();
        }
    }
    out.flush().unwrap();
}
