pub fn start() {
    println!("starting");
}

pub fn stop(force: bool) {
    println!("stopping (force: {})", force);
}
