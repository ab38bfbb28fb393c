pub mod storage;
pub mod sync;

pub fn run() -> usize {
    sync::save_all(&["a", "b"])
}
