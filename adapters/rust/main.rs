// sockcheck adapter for Rust's standard library (std::net), built with
// plain rustc and no crates:
//   inet_pton(AF_INET, s)  -> s.parse::<Ipv4Addr>()   .octets()
//   inet_pton(AF_INET6, s) -> s.parse::<Ipv6Addr>()   .octets()
//   inet_ntop / inet_ntoa  -> Ipv4Addr::from(bytes) / Ipv6Addr::from(bytes), Display
//   htons/ntohs/htonl/ntohl -> u16::to_be / u16::from_be / u32::to_be / u32::from_be
// Rust has no inet_aton: not offered. Arguments std's API cannot take (a
// number outside u16/u32, bytes of another length) are "unsupported"
// (docs/adapter-protocol.md).
//
// The standard library has no JSON, and the adapter must build offline
// without crates, so a small reader for what the protocol sends (objects,
// arrays, strings, integers, literals) is written here, nesting bounded.
use std::fmt::Write as _;
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr};

// Bool's payload is parsed but no operation takes a bool.
#[allow(dead_code)]
#[derive(Debug)]
enum J {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    fn get(&self, key: &str) -> Option<&J> {
        match self {
            J::Obj(items) => items.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn tag(&self, tag: &str) -> Option<&str> {
        match self {
            J::Obj(items) if items.len() == 1 && items[0].0 == tag => match &items[0].1 {
                J::Str(s) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\r') {
            self.i += 1;
        }
    }
    fn hex4(&mut self) -> Result<u32, &'static str> {
        let h = self.s.get(self.i..self.i + 4).ok_or("bad \\u escape")?;
        self.i += 4;
        u32::from_str_radix(std::str::from_utf8(h).map_err(|_| "bad \\u escape")?, 16).map_err(|_| "bad \\u escape")
    }
    fn string(&mut self) -> Result<String, &'static str> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let start = self.i;
            while self.i < self.s.len() && self.s[self.i] != b'"' && self.s[self.i] != b'\\' && self.s[self.i] >= 0x20 {
                self.i += 1;
            }
            out.push_str(std::str::from_utf8(&self.s[start..self.i]).map_err(|_| "invalid UTF-8")?);
            match self.s.get(self.i) {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let e = *self.s.get(self.i + 1).ok_or("bad escape")?;
                    self.i += 2;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xD800..0xDC00).contains(&cp) {
                                if self.s.get(self.i..self.i + 2) != Some(b"\\u") {
                                    return Err("lone surrogate");
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err("lone surrogate");
                                }
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            }
                            out.push(char::from_u32(cp).ok_or("lone surrogate")?);
                        }
                        _ => return Err("bad escape"),
                    }
                }
                _ => return Err("unterminated string"),
            }
        }
    }
    fn value(&mut self, depth: u32) -> Result<J, &'static str> {
        if depth > 32 {
            return Err("nested too deeply");
        }
        self.ws();
        let c = *self.s.get(self.i).ok_or("unexpected end")?;
        let rest = &self.s[self.i..];
        if c == b'{' || c == b'[' {
            let object = c == b'{';
            let close = if object { b'}' } else { b']' };
            self.i += 1;
            let mut arr = Vec::new();
            let mut obj = Vec::new();
            self.ws();
            if self.s.get(self.i) == Some(&close) {
                self.i += 1;
            } else {
                loop {
                    self.ws();
                    if object {
                        if self.s.get(self.i) != Some(&b'"') {
                            return Err("expected a key");
                        }
                        let k = self.string()?;
                        self.ws();
                        if self.s.get(self.i) != Some(&b':') {
                            return Err("expected ':'");
                        }
                        self.i += 1;
                        obj.push((k, self.value(depth + 1)?));
                    } else {
                        arr.push(self.value(depth + 1)?);
                    }
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(x) if *x == close => {
                            self.i += 1;
                            break;
                        }
                        _ => return Err("expected ',' or the end of a container"),
                    }
                }
            }
            return Ok(if object { J::Obj(obj) } else { J::Arr(arr) });
        }
        if c == b'"' {
            return self.string().map(J::Str);
        }
        for (lit, v) in [(&b"null"[..], J::Null), (b"true", J::Bool(true)), (b"false", J::Bool(false))] {
            if rest.starts_with(lit) {
                self.i += lit.len();
                return Ok(v);
            }
        }
        let end = rest.iter().position(|b| !(b.is_ascii_digit() || *b == b'-')).unwrap_or(rest.len());
        if matches!(rest.get(end), Some(b'.') | Some(b'e') | Some(b'E')) {
            return Err("bare floats are not values");
        }
        let n = std::str::from_utf8(&rest[..end]).ok().and_then(|t| t.parse::<i64>().ok()).ok_or("not JSON")?;
        self.i += end;
        Ok(J::Int(n))
    }
}

fn quote(s: &str, out: &mut String) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

enum Outcome {
    Bytes(Vec<u8>),
    Str(String),
    Int(i64),
    Raises(&'static str, String),
    Unsupported(String),
}

fn family(v: &J) -> Option<u8> {
    match (v.tag("const"), v) {
        (Some("AF_INET"), _) | (None, J::Int(2)) => Some(4),
        (Some("AF_INET6"), _) | (None, J::Int(10)) => Some(6),
        _ => None,
    }
}

fn bytes_arg(v: &J) -> Option<Vec<u8>> {
    let h = v.tag("bytes")?;
    if h.len() % 2 != 0 {
        return None;
    }
    (0..h.len()).step_by(2).map(|i| u8::from_str_radix(h.get(i..i + 2)?, 16).ok()).collect()
}

fn call(op: &str, args: &[J]) -> Outcome {
    use Outcome::*;
    let unsupported = |why: &str| Unsupported(why.to_string());
    match (op, args) {
        ("inet_pton", [af, J::Str(s)]) => match family(af) {
            Some(4) => match s.parse::<Ipv4Addr>() {
                Ok(a) => Bytes(a.octets().to_vec()),
                Err(_) => Raises("OSError", "illegal IP address string passed to inet_pton".into()),
            },
            Some(_) => match s.parse::<Ipv6Addr>() {
                Ok(a) => Bytes(a.octets().to_vec()),
                Err(_) => Raises("OSError", "illegal IP address string passed to inet_pton".into()),
            },
            None => unsupported("no such address family in std::net"),
        },
        ("inet_pton", _) => unsupported("str::parse::<IpvNAddr> takes a family and a string"),
        ("inet_ntop", [af, b]) => ntop(family(af), b),
        ("inet_ntoa", [b]) => ntop(Some(4), b),
        ("htons" | "ntohs", [J::Int(x)]) => match u16::try_from(*x) {
            Ok(v) => Int(if op == "htons" { v.to_be() } else { u16::from_be(v) } as i64),
            Err(_) => unsupported("u16::to_be takes a u16"),
        },
        ("htonl" | "ntohl", [J::Int(x)]) => match u32::try_from(*x) {
            Ok(v) => Int(if op == "htonl" { v.to_be() } else { u32::from_be(v) } as i64),
            Err(_) => unsupported("u32::to_be takes a u32"),
        },
        _ => unsupported("std::net has no counterpart for these arguments"),
    }
}

fn ntop(family: Option<u8>, b: &J) -> Outcome {
    match (family, bytes_arg(b)) {
        (Some(4), Some(v)) if v.len() == 4 => Outcome::Str(Ipv4Addr::from([v[0], v[1], v[2], v[3]]).to_string()),
        (Some(6), Some(v)) if v.len() == 16 => {
            let mut a = [0u8; 16];
            a.copy_from_slice(&v);
            Outcome::Str(Ipv6Addr::from(a).to_string())
        }
        _ => Outcome::Unsupported("Ipv4Addr/Ipv6Addr::from take exactly 4/16 bytes of a known family".into()),
    }
}

fn answer(line: &[u8], started: &mut bool, out: &mut String) -> bool {
    let mut r = Reader { s: line, i: 0 };
    let req = match r.value(0) {
        Ok(v) => v,
        Err(e) => {
            out.push_str(&format!("{{\"id\":null,\"errored\":\"request is not JSON: {}\"}}\n", e));
            return true;
        }
    };
    let cmd = match req.get("cmd") {
        Some(J::Str(s)) => s.as_str(),
        _ => "",
    };
    if !*started {
        if cmd != "start" {
            eprintln!("sockcheck rust adapter: expected start");
            std::process::exit(2);
        }
        *started = true;
        out.push_str("{\"protocol\":1,\"implementation\":{\"name\":\"rust\",\"version\":");
        quote(option_env!("SOCKCHECK_RUSTC_VERSION").unwrap_or("unknown"), out);
        out.push_str(",\"language\":\"rust\",\"description\":\"Rust std::net Ipv4Addr/Ipv6Addr FromStr and Display\"},\"profile\":\"3.12\",\"ops\":[\"htonl\",\"htons\",\"inet_ntoa\",\"inet_ntop\",\"inet_pton\",\"ntohl\",\"ntohs\"],\"families\":[\"AF_INET\",\"AF_INET6\"]}\n");
        return true;
    }
    if cmd == "stop" {
        return false;
    }
    let id = match req.get("id") {
        Some(J::Int(n)) if *n >= 0 => *n,
        _ => {
            out.push_str("{\"id\":null,\"errored\":\"request without an integer id\"}\n");
            return true;
        }
    };
    // Straight into the output (write! on the String): a format! per reply,
    // and one per byte of a bytes value, were about a fifth of a call's cost.
    let _ = write!(out, "{{\"id\":{},", id);
    let outcome = match (cmd, req.get("op"), req.get("args")) {
        ("call", Some(J::Str(op)), Some(J::Arr(args))) => call(op, args),
        ("drop", _, _) => {
            out.push_str("\"value\":null}\n");
            return true;
        }
        _ => {
            out.push_str("\"errored\":\"bad request\"}\n");
            return true;
        }
    };
    match outcome {
        Outcome::Bytes(b) => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\"value\":{\"bytes\":\"");
            for x in b {
                out.push(HEX[(x >> 4) as usize] as char);
                out.push(HEX[(x & 15) as usize] as char);
            }
            out.push_str("\"}");
        }
        Outcome::Str(s) => {
            out.push_str("\"value\":");
            quote(&s, out);
        }
        Outcome::Int(n) => {
            let _ = write!(out, "\"value\":{}", n);
        }
        Outcome::Raises(c, m) => {
            let _ = write!(out, "\"raises\":\"{}\",\"message\":", c);
            quote(&m, out);
        }
        Outcome::Unsupported(why) => {
            out.push_str("\"unsupported\":");
            quote(&why, out);
        }
    }
    out.push_str("}\n");
    true
}

fn main() {
    let stdin = io::stdin();
    let mut input = io::BufReader::with_capacity(1 << 20, stdin.lock());
    let mut output = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    let mut started = false;
    let mut line = Vec::new();
    let mut out = String::new();
    loop {
        // Write the answers before waiting for more input.
        if input.buffer().is_empty() {
            if output.write_all(out.as_bytes()).and_then(|_| output.flush()).is_err() {
                return;
            }
            out.clear();
        }
        line.clear();
        match input.by_ref().take(16 << 20).read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        while line.last() == Some(&b'\n') {
            line.pop();
        }
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        if !answer(&line, &mut started, &mut out) {
            break;
        }
    }
    let _ = output.write_all(out.as_bytes());
    let _ = output.flush();
}
