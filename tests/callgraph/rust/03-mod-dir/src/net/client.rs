use super::Connection;

pub fn get(conn: &Connection, path: &str) -> String {
    if !super::check(conn) {
        return String::new();
    }
    self::build_request(&conn.host, path)
}

fn build_request(host: &str, path: &str) -> String {
    format!("GET {} HTTP/1.1\r\nHost: {}\r\n", path, host)
}
