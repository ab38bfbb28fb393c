//! The query parameter parsers: any text is a valid value or a 400, never a panic; a cursor that
//! decodes encodes back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tributary_query_api::params;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let _ = params::limit(Some(raw));
    let _ = params::depth(Some(raw), 2);
    let _ = params::time("since", Some(raw));
    let _ = params::text("q", Some(raw));
    let _ = params::repository(Some(raw));
    let _ = params::is_repository(raw);
    let _ = params::sha(raw);
    if let Ok(cursor) = params::Cursor::decode(raw) {
        let again = params::Cursor::decode(&cursor.encode()).expect("an encoded cursor decodes");
        assert_eq!(again.encode(), cursor.encode());
    }
});
