mod stack;

use stack::Stack;

fn main() {
    let mut stack = Stack::new();
    stack.push(1);
    stack.push(2);
    while !stack.is_empty() {
        println!("popped {:?}, {} left", stack.pop(), stack.len());
    }
    println!("{}", scratch());
}

fn scratch() -> usize {
    let mut v = Vec::new();
    v.push("a");
    v.push("b");
    let _ = v.pop();
    v.len()
}
