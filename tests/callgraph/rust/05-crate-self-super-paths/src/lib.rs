pub mod engine;

pub fn log(message: &str) {
    eprintln!("[engine] {}", message);
}

pub fn run() -> bool {
    engine::start()
}
