mod net;

fn main() {
    let conn = net::connect("example.com");
    println!("{}", net::client::get(&conn, "/index.html"));
}
