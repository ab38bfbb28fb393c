//! PackStream, the value encoding of Bolt: just enough to read any value and write it back.
//!
//! Integers are written in their smallest form and sizes in theirs, so a value that is decoded
//! and encoded unchanged comes out byte for byte as a conforming driver would write it.

/// One PackStream value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A 64-bit integer.
    Int(i64),
    /// A 64-bit float.
    Float(f64),
    /// A byte array.
    Bytes(Vec<u8>),
    /// A UTF-8 string.
    String(String),
    /// A list.
    List(Vec<Value>),
    /// A map with string keys, in wire order.
    Map(Vec<(String, Value)>),
    /// A structure: a tag byte and its fields (nodes, relationships, temporal values, messages).
    Struct {
        /// The structure's signature.
        tag: u8,
        /// Its fields.
        fields: Vec<Value>,
    },
}

impl Value {
    /// The value of `key` when this is a map.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Why bytes are not valid PackStream.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DecodeError {
    /// The bytes end inside a value.
    #[error("truncated PackStream value")]
    Truncated,
    /// A marker byte that PackStream does not define.
    #[error("unknown PackStream marker 0x{0:02X}")]
    UnknownMarker(u8),
    /// A string that is not UTF-8.
    #[error("PackStream string is not UTF-8")]
    InvalidUtf8,
    /// A map key that is not a string.
    #[error("PackStream map key is not a string")]
    NonStringKey,
    /// Bytes left over after the value.
    #[error("{0} bytes after the PackStream value")]
    Trailing(usize),
    /// Deeper nesting than any real message has.
    #[error("PackStream value nested too deeply")]
    TooDeep,
}

const MAX_DEPTH: usize = 64;

/// Decodes exactly one value from `bytes`.
pub fn decode(bytes: &[u8]) -> Result<Value, DecodeError> {
    let mut reader = Reader { bytes, pos: 0 };
    let value = reader.value(0)?;
    match bytes.len() - reader.pos {
        0 => Ok(value),
        n => Err(DecodeError::Trailing(n)),
    }
}

/// Encodes one value.
pub fn encode(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    write(value, &mut out);
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], DecodeError> {
        let end = self.pos.checked_add(n).ok_or(DecodeError::Truncated)?;
        let slice = self
            .bytes
            .get(self.pos..end)
            .ok_or(DecodeError::Truncated)?;
        self.pos = end;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }

    fn be<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut buf = [0u8; N];
        buf.copy_from_slice(self.take(N)?);
        Ok(buf)
    }

    fn size(&mut self, width: usize) -> Result<usize, DecodeError> {
        Ok(match width {
            1 => self.byte()? as usize,
            2 => u16::from_be_bytes(self.be()?) as usize,
            _ => u32::from_be_bytes(self.be()?) as usize,
        })
    }

    fn string(&mut self, len: usize) -> Result<String, DecodeError> {
        let raw = self.take(len)?;
        String::from_utf8(raw.to_vec()).map_err(|_| DecodeError::InvalidUtf8)
    }

    fn list(&mut self, len: usize, depth: usize) -> Result<Vec<Value>, DecodeError> {
        // Each item takes at least one byte: never pre-allocate more than the input can hold.
        let mut items = Vec::with_capacity(len.min(self.bytes.len() - self.pos));
        for _ in 0..len {
            items.push(self.value(depth + 1)?);
        }
        Ok(items)
    }

    fn map(&mut self, len: usize, depth: usize) -> Result<Value, DecodeError> {
        let mut entries = Vec::with_capacity(len.min(self.bytes.len() - self.pos));
        for _ in 0..len {
            let Value::String(key) = self.value(depth + 1)? else {
                return Err(DecodeError::NonStringKey);
            };
            entries.push((key, self.value(depth + 1)?));
        }
        Ok(Value::Map(entries))
    }

    fn structure(&mut self, len: usize, depth: usize) -> Result<Value, DecodeError> {
        let tag = self.byte()?;
        Ok(Value::Struct {
            tag,
            fields: self.list(len, depth)?,
        })
    }

    fn value(&mut self, depth: usize) -> Result<Value, DecodeError> {
        if depth > MAX_DEPTH {
            return Err(DecodeError::TooDeep);
        }
        let marker = self.byte()?;
        Ok(match marker {
            0x00..=0x7F => Value::Int(marker as i64),
            0xF0..=0xFF => Value::Int(marker as i8 as i64),
            0x80..=0x8F => Value::String(self.string((marker & 0x0F) as usize)?),
            0x90..=0x9F => Value::List(self.list((marker & 0x0F) as usize, depth)?),
            0xA0..=0xAF => self.map((marker & 0x0F) as usize, depth)?,
            0xB0..=0xBF => self.structure((marker & 0x0F) as usize, depth)?,
            0xC0 => Value::Null,
            0xC1 => Value::Float(f64::from_be_bytes(self.be()?)),
            0xC2 => Value::Bool(false),
            0xC3 => Value::Bool(true),
            0xC8 => Value::Int(i8::from_be_bytes(self.be()?) as i64),
            0xC9 => Value::Int(i16::from_be_bytes(self.be()?) as i64),
            0xCA => Value::Int(i32::from_be_bytes(self.be()?) as i64),
            0xCB => Value::Int(i64::from_be_bytes(self.be()?)),
            0xCC..=0xCE => {
                let len = self.size(1 << (marker - 0xCC))?;
                Value::Bytes(self.take(len)?.to_vec())
            }
            0xD0..=0xD2 => {
                let len = self.size(1 << (marker - 0xD0))?;
                Value::String(self.string(len)?)
            }
            0xD4..=0xD6 => {
                let len = self.size(1 << (marker - 0xD4))?;
                Value::List(self.list(len, depth)?)
            }
            0xD8..=0xDA => {
                let len = self.size(1 << (marker - 0xD8))?;
                self.map(len, depth)?
            }
            0xDC | 0xDD => {
                let len = self.size(1 << (marker - 0xDC))?;
                self.structure(len, depth)?
            }
            other => return Err(DecodeError::UnknownMarker(other)),
        })
    }
}

/// Writes a size header: the tiny form when it fits, else the 8/16/32-bit form at `base`.
fn header(len: usize, tiny: u8, base: u8, out: &mut Vec<u8>) {
    if len < 16 && tiny != 0 {
        out.push(tiny | len as u8);
    } else if len <= u8::MAX as usize {
        out.extend_from_slice(&[base, len as u8]);
    } else if len <= u16::MAX as usize {
        out.push(base + 1);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        out.push(base + 2);
        out.extend_from_slice(&(len as u32).to_be_bytes());
    }
}

fn write(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.push(0xC0),
        Value::Bool(b) => out.push(if *b { 0xC3 } else { 0xC2 }),
        Value::Int(i) => {
            let i = *i;
            if (-16..=127).contains(&i) {
                out.push(i as i8 as u8);
            } else if i8::try_from(i).is_ok() {
                out.extend_from_slice(&[0xC8, i as i8 as u8]);
            } else if let Ok(v) = i16::try_from(i) {
                out.push(0xC9);
                out.extend_from_slice(&v.to_be_bytes());
            } else if let Ok(v) = i32::try_from(i) {
                out.push(0xCA);
                out.extend_from_slice(&v.to_be_bytes());
            } else {
                out.push(0xCB);
                out.extend_from_slice(&i.to_be_bytes());
            }
        }
        Value::Float(f) => {
            out.push(0xC1);
            out.extend_from_slice(&f.to_be_bytes());
        }
        Value::Bytes(b) => {
            header(b.len(), 0, 0xCC, out);
            out.extend_from_slice(b);
        }
        Value::String(s) => {
            header(s.len(), 0x80, 0xD0, out);
            out.extend_from_slice(s.as_bytes());
        }
        Value::List(items) => {
            header(items.len(), 0x90, 0xD4, out);
            items.iter().for_each(|v| write(v, out));
        }
        Value::Map(entries) => {
            header(entries.len(), 0xA0, 0xD8, out);
            for (k, v) in entries {
                header(k.len(), 0x80, 0xD0, out);
                out.extend_from_slice(k.as_bytes());
                write(v, out);
            }
        }
        Value::Struct { tag, fields } => {
            // Bolt structures have at most 15 fields: the tiny form always applies.
            out.push(0xB0 | (fields.len().min(15) as u8));
            out.push(*tag);
            fields.iter().take(15).for_each(|v| write(v, out));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(v: Value) {
        let bytes = encode(&v);
        assert_eq!(decode(&bytes), Ok(v));
    }

    #[test]
    fn integers_take_their_smallest_form() {
        assert_eq!(encode(&Value::Int(1)), vec![0x01]);
        assert_eq!(encode(&Value::Int(-16)), vec![0xF0]);
        assert_eq!(encode(&Value::Int(-17)), vec![0xC8, 0xEF]);
        assert_eq!(encode(&Value::Int(200)), vec![0xC9, 0x00, 0xC8]);
        assert_eq!(encode(&Value::Int(70_000)), vec![0xCA, 0, 1, 0x11, 0x70]);
        for i in [
            0,
            127,
            128,
            -128,
            -129,
            32767,
            -32769,
            i64::MAX,
            i64::MIN,
            1 << 40,
        ] {
            round_trip(Value::Int(i));
        }
    }

    #[test]
    fn every_kind_round_trips() {
        round_trip(Value::Map(vec![
            ("null".into(), Value::Null),
            ("t".into(), Value::Bool(true)),
            ("f".into(), Value::Float(1.5)),
            ("b".into(), Value::Bytes(vec![1, 2, 3])),
            ("long".into(), Value::String("x".repeat(300))),
            (
                "list".into(),
                Value::List((0..20).map(Value::Int).collect()),
            ),
            (
                "node".into(),
                Value::Struct {
                    tag: 0x4E,
                    fields: vec![Value::Int(1), Value::List(vec![]), Value::Map(vec![])],
                },
            ),
        ]));
        round_trip(Value::String("é".repeat(40_000)));
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert_eq!(decode(&[0xD0]), Err(DecodeError::Truncated));
        assert_eq!(
            decode(&[0xD2, 0xFF, 0xFF, 0xFF, 0xFF]),
            Err(DecodeError::Truncated)
        );
        assert_eq!(decode(&[0xE0]), Err(DecodeError::UnknownMarker(0xE0)));
        assert_eq!(decode(&[0x81, 0xFF]), Err(DecodeError::InvalidUtf8));
        assert_eq!(decode(&[0xA1, 0x01, 0x01]), Err(DecodeError::NonStringKey));
        assert_eq!(decode(&[0x01, 0x02]), Err(DecodeError::Trailing(1)));
        assert_eq!(decode(&[0x91; 100]), Err(DecodeError::TooDeep));
        assert_eq!(
            decode(&[0xD6, 0xFF, 0xFF, 0xFF, 0xFF]),
            Err(DecodeError::Truncated)
        );
    }
}
