pub mod client;

pub struct Connection {
    pub host: String,
}

pub fn connect(host: &str) -> Connection {
    Connection {
        host: host.to_string(),
    }
}

pub fn check(conn: &Connection) -> bool {
    !conn.host.is_empty()
}
