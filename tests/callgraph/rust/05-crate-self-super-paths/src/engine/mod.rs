pub mod parts;

pub fn start() -> bool {
    crate::log("start");
    self::parts::ignite()
}

pub fn check() -> bool {
    crate::log("check");
    true
}
