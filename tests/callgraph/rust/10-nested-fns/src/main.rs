fn helper() -> i32 {
    1
}

fn run() -> i32 {
    fn helper() -> i32 {
        2
    }

    fn twice() -> i32 {
        helper() * 2
    }

    helper() + twice()
}

fn compute() -> i32 {
    helper() * 10
}

fn main() {
    let total = run() + compute();
    println!("{}", total);
}
