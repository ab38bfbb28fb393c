mod geometry;

use geometry::*;

fn origin() -> Point {
    Point::new(1.0, 1.0)
}

fn main() {
    let a = origin();
    let b = Point::new(4.0, 5.0);
    println!("{:.2}", distance(&a, &b));
    println!("{:.2}", distance(&geometry::origin(), &b));
}
