mod pets;

use pets::{Cat, Dog, Named};

fn main() {
    let dog = Dog;
    println!("{}", Dog::type_name());
    println!("{}", <Cat as Named>::type_name());
    let greeting = Named::greet(&dog);
    println!("{}", greeting);
    println!("{}", loudest(&Cat));
}

fn loudest<T: Named>(pet: &T) -> String {
    pet.greet().to_uppercase()
}
