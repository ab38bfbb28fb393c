def normalize(name):
    return name.strip().lower()


def create_tables(conn):
    conn.execute("CREATE TABLE users (name TEXT PRIMARY KEY)")


def seed(conn, name):
    conn.execute("INSERT INTO users VALUES (?)", (normalize(name),))
