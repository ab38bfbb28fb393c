mod shapes;

use shapes::{Circle, Shape, Square};

fn main() {
    let unit = Circle::new(1.0);
    println!("{} {}", unit.name(), unit.area());
    let shapes: Vec<Box<dyn Shape>> = vec![Box::new(Circle::new(2.0)), Box::new(Square::new(3.0))];
    println!("{}", total(&shapes));
}

fn total(shapes: &[Box<dyn Shape>]) -> f64 {
    shapes.iter().map(|s| s.area()).sum()
}
