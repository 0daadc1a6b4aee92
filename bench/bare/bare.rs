// bench/bare/bare.rs: the plain pipelined JSON-lines loop in Rust that
// bench/adapter-throughput measures the Rust adapter against.
//
// Rust's standard library has no JSON and the adapter is built with plain
// rustc and no crates, so the adapter carries its own small reader; this
// loop does the same amount of honest parsing with a hand parser of its
// own: every line becomes a tree (strings decoded, escapes and surrogate
// pairs checked, UTF-8 validated, integers range-checked, bare floats
// rejected, nesting bounded), as Python's json.loads or Node's JSON.parse
// would build it. It then takes "id" and "cmd" from the tree and writes a
// one-line reply of the protocol's shape, with the same buffered I/O as the
// adapter (a write whenever the input buffer is drained). No socket work.
use std::io::{BufRead, Read, Write};

// The tree is built for honesty's sake; only id and cmd are read back.
#[allow(dead_code)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r')) {
            self.i += 1;
        }
    }
    fn expect(&mut self, b: u8) -> Result<(), &'static str> {
        if self.peek() != Some(b) {
            return Err("unexpected character");
        }
        self.i += 1;
        Ok(())
    }
    fn hex4(&mut self) -> Result<u32, &'static str> {
        let mut v = 0;
        for _ in 0..4 {
            let d = (self.peek().ok_or("short \\u escape")? as char).to_digit(16).ok_or("bad \\u escape")?;
            v = v * 16 + d;
            self.i += 1;
        }
        Ok(v)
    }
    fn string(&mut self) -> Result<String, &'static str> {
        self.expect(b'"')?;
        let mut out = String::new();
        loop {
            let run = self.i;
            while matches!(self.peek(), Some(c) if c != b'"' && c != b'\\' && c >= 0x20) {
                self.i += 1;
            }
            out.push_str(std::str::from_utf8(&self.s[run..self.i]).map_err(|_| "invalid UTF-8")?);
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let e = self.peek().ok_or("unterminated escape")?;
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let cp = if (0xD800..0xDC00).contains(&hi) {
                                self.expect(b'\\')?;
                                self.expect(b'u')?;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err("lone surrogate");
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(cp).ok_or("lone surrogate")?
                        }
                        _ => return Err("bad escape"),
                    };
                    out.push(c);
                }
                _ => return Err("unterminated string or control character"),
            }
        }
    }
    fn number(&mut self) -> Result<i64, &'static str> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        if matches!(self.peek(), Some(b'.' | b'e' | b'E')) {
            return Err("bare floats are not values");
        }
        // The digits are ASCII, so this cannot fail; parse checks the range.
        std::str::from_utf8(&self.s[start..self.i]).unwrap().parse::<i64>().map_err(|_| "not an int64")
    }
    fn value(&mut self, depth: u32) -> Result<Json, &'static str> {
        if depth > 32 {
            return Err("nested too deeply");
        }
        self.skip_ws();
        let rest = &self.s[self.i..];
        match self.peek().ok_or("unexpected end of line")? {
            b'"' => self.string().map(Json::Str),
            b'-' | b'0'..=b'9' => self.number().map(Json::Int),
            b'{' | b'[' => {
                let object = rest[0] == b'{';
                let close = if object { b'}' } else { b']' };
                self.i += 1;
                let (mut items, mut members) = (Vec::new(), Vec::new());
                self.skip_ws();
                if self.peek() == Some(close) {
                    self.i += 1;
                } else {
                    loop {
                        self.skip_ws();
                        if object {
                            let key = self.string()?;
                            self.skip_ws();
                            self.expect(b':')?;
                            members.push((key, self.value(depth + 1)?));
                        } else {
                            items.push(self.value(depth + 1)?);
                        }
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => self.i += 1,
                            Some(c) if c == close => {
                                self.i += 1;
                                break;
                            }
                            _ => return Err("expected ',' or the end of a container"),
                        }
                    }
                }
                Ok(if object { Json::Obj(members) } else { Json::Arr(items) })
            }
            _ if rest.starts_with(b"null") => {
                self.i += 4;
                Ok(Json::Null)
            }
            _ if rest.starts_with(b"true") => {
                self.i += 4;
                Ok(Json::Bool(true))
            }
            _ if rest.starts_with(b"false") => {
                self.i += 5;
                Ok(Json::Bool(false))
            }
            _ => Err("not JSON"),
        }
    }
}

fn parse(line: &[u8]) -> Result<Json, &'static str> {
    let mut p = Parser { s: line, i: 0 };
    let v = p.value(0)?;
    p.skip_ws();
    if p.i != line.len() {
        return Err("trailing text");
    }
    Ok(v)
}

fn member<'a>(v: &'a Json, key: &str) -> Option<&'a Json> {
    match v {
        Json::Obj(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

fn main() {
    let stdin = std::io::stdin();
    let mut input = std::io::BufReader::with_capacity(1 << 20, stdin.lock());
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let mut started = false;
    let mut line = Vec::new();
    loop {
        if input.buffer().is_empty() {
            out.flush().unwrap();
        }
        line.clear();
        if input.by_ref().take(16 << 20).read_until(b'\n', &mut line).unwrap_or(0) == 0 {
            break;
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue; // as the adapter does
        }
        let req = match parse(&line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("bare: {e}");
                std::process::exit(2);
            }
        };
        let cmd = match member(&req, "cmd") {
            Some(Json::Str(s)) => s.as_str(),
            _ => "",
        };
        if !started {
            out.write_all(br#"{"protocol":1,"implementation":{"name":"bare","version":"0","language":"bare"},"profile":"3.12","ops":["htons","inet_aton","inet_pton"],"families":["AF_INET"]}"#).unwrap();
            out.write_all(b"\n").unwrap();
            started = true;
        } else if cmd == "stop" {
            break;
        } else {
            let id = match member(&req, "id") {
                Some(Json::Int(n)) => *n,
                _ => -1,
            };
            write!(out, "{{\"id\":{id},\"value\":{{\"bytes\":\"7f000001\"}}}}\n").unwrap();
        }
    }
    out.flush().unwrap();
}
