mod models;

use models::{Group, User};

fn main() {
    let ann = User::new("ann");
    let mut admins = Group::new("admins");
    println!("{}", ann.get());
    admins.add(ann);
    admins.add(User::new("bob"));
    if let Some(first) = admins.get(0) {
        println!("{} has {}", admins.name(), first.get());
    }
}
