mod util;

fn main() {
    let sizes = [512_u64, 2048, 5_000_000];
    for s in sizes {
        println!("{}", util::format_size(s));
    }
    helper();
    util::helper();
}

fn helper() {
    println!("main's helper");
}
