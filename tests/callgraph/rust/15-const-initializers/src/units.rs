pub const fn kib(n: u64) -> u64 {
    n * 1024
}

pub fn describe(n: u64) -> String {
    format!("{} ({} KiB)", n, n / kib(1))
}
