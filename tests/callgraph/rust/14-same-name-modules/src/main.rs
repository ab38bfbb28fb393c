mod config;
mod json;
mod toml;

use crate::json::parse;

fn main() {
    let value = parse("{\"retries\": 3}");
    let settings = config::load("retries = 5\nname = \"svc\"");
    println!("{:?} {:?}", value, settings);
}
