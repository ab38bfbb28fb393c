mod ops;

use ops::{double, negate, Handler};

fn apply(f: fn(i64) -> i64, x: i64) -> i64 {
    f(x)
}

fn pick(flag: bool) -> fn(i64) -> i64 {
    if flag {
        double
    } else {
        negate
    }
}

fn main() {
    println!("{}", apply(double, 3));
    let op = pick(true);
    let shown = op(4);
    let handler = Handler::new(negate);
    println!("{} {}", shown, handler.call(5));
    println!("{}", double(negate(1)));
}
