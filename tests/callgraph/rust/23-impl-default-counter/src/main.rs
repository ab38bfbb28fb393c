mod counter;

use counter::Counter;

fn main() {
    let mut visits = Counter::new();
    visits.incr();
    visits.incr();
    let mut errors = Counter::default();
    errors.incr();
    let total = visits.get() + errors.get();
    println!("{}", total);
}
