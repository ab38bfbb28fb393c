from formats.csv_format import parse


def load(text):
    rows = parse(text)
    return rows[1:]
