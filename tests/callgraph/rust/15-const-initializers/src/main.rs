mod units;

use units::kib;

const LIMIT: u64 = compute_limit(4);
static BUFFER_BYTES: u64 = kib(64);

const fn compute_limit(cores: u64) -> u64 {
    cores * per_core()
}

const fn per_core() -> u64 {
    25
}

fn main() {
    println!("{} requests, {} bytes", LIMIT, BUFFER_BYTES);
    println!("{}", units::describe(LIMIT));
}
