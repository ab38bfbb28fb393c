fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let total = run(&args);
    println!("{}", helper(total));
}

fn run(args: &[String]) -> usize {
    let mut total = 0;
    for a in args {
        total += parse(a);
    }
    total
}

fn parse(s: &str) -> usize {
    // str::parse from the standard library, not this function
    s.trim().parse().unwrap_or(0)
}

fn helper(n: usize) -> String {
    format!("total={}", n)
}
