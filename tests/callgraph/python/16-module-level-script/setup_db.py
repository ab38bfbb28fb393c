"""A script: everything below the definitions runs at import time."""
import sqlite3

from schema import create_tables, seed


def count_rows(conn):
    return conn.execute("SELECT COUNT(*) FROM users").fetchone()[0]


conn = sqlite3.connect(":memory:")
create_tables(conn)
for name in (" Alice", "BOB "):
    seed(conn, name)
print("rows:", count_rows(conn))
