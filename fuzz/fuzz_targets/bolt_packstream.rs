//! The Bolt bridge's PackStream codec and translations: any bytes decode or fail with an error;
//! a decoded value translates both ways and re-encodes to bytes that decode again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tributary_bolt_bridge::{packstream, translate};

fuzz_target!(|data: &[u8]| {
    let Ok(value) = packstream::decode(data) else {
        return;
    };
    let encoded = packstream::encode(&value);
    assert!(
        packstream::decode(&encoded).is_ok(),
        "re-encoded value decodes"
    );
    let v5 = translate::map_fields(value.clone(), translate::to_v5);
    let _ = packstream::encode(&v5);
    let v4 = translate::map_fields(value, translate::to_v4);
    let _ = packstream::encode(&v4);
});
