pub fn format_size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{} B", bytes)
    } else {
        format!("{:.1} KiB", round(bytes as f64 / 1024.0))
    }
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

pub fn helper() {
    println!("util's helper: {}", format_size(1));
}
