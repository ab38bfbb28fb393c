pub fn ignite() -> bool {
    super::check() && crate::engine::parts::spark(3)
}

fn spark(times: u32) -> bool {
    for _ in 0..times {
        crate::log("spark");
    }
    times > 0
}
